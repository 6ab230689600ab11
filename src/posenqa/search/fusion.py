"""Fusing rankings: reciprocal rank fusion and weighted min-max fusion.

Pure functions over ``{doc_id: score}`` runs (higher is better). The fused
run holds the union of the input runs' ids.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence


def ranks(run: Mapping[str, float]) -> dict[str, int]:
    """1-based ranks by descending score; ties broken by id so the result is deterministic."""
    ordered = sorted(run, key=lambda doc: (-run[doc], doc))
    return {doc: i for i, doc in enumerate(ordered, start=1)}


def reciprocal_rank_fusion(runs: Sequence[Mapping[str, float]], k: int = 60) -> dict[str, float]:
    """RRF (Cormack et al. 2009): sum over runs of ``1 / (k + rank)``."""
    fused: dict[str, float] = {}
    for run in runs:
        for doc, rank in ranks(run).items():
            fused[doc] = fused.get(doc, 0.0) + 1.0 / (k + rank)
    return fused


def min_max(run: Mapping[str, float]) -> dict[str, float]:
    """Scores scaled to [0, 1]; all-equal scores become 1 (each is the best)."""
    if not run:
        return {}
    low, high = min(run.values()), max(run.values())
    if high == low:
        return dict.fromkeys(run, 1.0)
    return {doc: (score - low) / (high - low) for doc, score in run.items()}


def weighted_fusion(
    runs: Sequence[Mapping[str, float]], weights: Sequence[float]
) -> dict[str, float]:
    """Weighted sum of min-max normalized scores; an id missing from a run scores 0 there."""
    if len(runs) != len(weights):
        raise ValueError(f"{len(runs)} runs but {len(weights)} weights")
    fused: dict[str, float] = {}
    for run, weight in zip(runs, weights, strict=True):
        for doc in run:
            fused.setdefault(doc, 0.0)
        for doc, score in min_max(run).items():
            fused[doc] += weight * score
    return fused


def top(run: Mapping[str, float], n: int | None = None) -> list[tuple[str, float]]:
    """The run's ``(id, score)`` pairs, best first (ties by id), at most ``n``."""
    ordered = sorted(run.items(), key=lambda item: (-item[1], item[0]))
    return ordered if n is None else ordered[:n]


__all__ = ["min_max", "ranks", "reciprocal_rank_fusion", "top", "weighted_fusion"]
