"""Stage 2, fuse: one first-stage ranking from the rankers' scores."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from posenqa.pipeline.retrieve import RANKERS, FirstStage
from posenqa.search.diversify import diversify
from posenqa.search.fusion import reciprocal_rank_fusion, top, weighted_fusion
from posenqa.settings import RetrievalSettings


def fuse(first: FirstStage, mode: str, settings: RetrievalSettings) -> dict[str, float]:
    """Passage id -> first-stage score in ``mode`` (hybrid fuses BM25 and dense)."""
    runs = [first.runs.get(name, {}) for name in RANKERS[mode]]
    if len(runs) == 1:
        return runs[0]
    if settings.fusion == "weighted":
        return weighted_fusion(runs, [1 - settings.dense_weight, settings.dense_weight])
    return reciprocal_rank_fusion(runs, k=settings.rrf_k)


def order(
    scores: Mapping[str, float],
    blocks_of: Mapping[str, Sequence[str]] | None,
    limit: int | None = None,
) -> list[str]:
    """Ids by descending score; with ``blocks_of``, one passage per block (the best)."""
    ranked = [doc for doc, _ in top(scores)]
    if blocks_of is None:
        return ranked[:limit] if limit is not None else ranked
    return diversify(ranked, blocks_of, limit)


__all__ = ["fuse", "order"]
