"""Stage 1, retrieve: each first-stage ranker's scores for a question."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np

    from posenqa.search.dense import DenseIndex
    from posenqa.search.embedder import Embedder

#: The first-stage rankers each mode reads.
RANKERS: dict[str, tuple[str, ...]] = {
    "hybrid": ("bm25", "dense"),
    "bm25": ("bm25",),
    "dense": ("dense",),
}


@dataclass(frozen=True, slots=True)
class FirstStage:
    """What the first stage found: passage id -> score, per ranker that ran."""

    runs: dict[str, dict[str, float]] = field(default_factory=dict)
    """``"bm25"`` (positive BM25 scores only) and/or ``"dense"`` (cosines)."""
    query_vector: np.ndarray | None = None
    """The question's embedding, when the dense ranker ran."""

    @property
    def cosines(self) -> dict[str, float]:
        """The dense cosines (empty when the dense ranker did not run)."""
        return self.runs.get("dense", {})


def retrieve(
    question: str,
    rankers: Sequence[str],
    ids: Sequence[str],
    bm25_scores: Callable[[str], Sequence[float]],
    dense_parts: Callable[[], tuple[Embedder, DenseIndex]],
    nearest: int,
) -> FirstStage:
    """Run ``rankers`` over the passages ``ids``.

    ``dense_parts`` is only called when the dense ranker runs (it may load the
    model). An exact dense index ranks every passage; a graph index (large
    corpora) only its ``nearest``, which is all fusion and reranking read.
    """
    runs: dict[str, dict[str, float]] = {}
    query_vector = None
    if "bm25" in rankers:
        import numpy as np

        scores = np.asarray(bm25_scores(question), dtype=np.float64)
        if scores.shape != (len(ids),):
            raise ValueError(f"{len(scores)} BM25 scores for {len(ids)} passages")
        # Only the passages with a positive score are walked: a library holds tens of
        # thousands of passages, of which BM25 keeps a shortlist (same dict, same order).
        runs["bm25"] = {ids[i]: float(scores[i]) for i in np.flatnonzero(scores > 0).tolist()}
    if "dense" in rankers:
        embedder, dense = dense_parts()
        query_vector = embedder.encode([question])[0]
        values, positions = dense.search(query_vector, None if dense.exact else nearest)
        runs["dense"] = {ids[int(i)]: float(v) for v, i in zip(values, positions, strict=True)}
    return FirstStage(runs, query_vector)


__all__ = ["RANKERS", "FirstStage", "retrieve"]
