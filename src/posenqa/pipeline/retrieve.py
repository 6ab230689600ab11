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


def sentence_scores(
    query_vector: np.ndarray, sentence_vectors: np.ndarray, rows: Sequence[tuple[int, int]]
) -> list[float]:
    """Each passage's best sentence cosine with the question (the sentence ranker).

    ``rows[i]`` is passage i's ``[start, end)`` in ``sentence_vectors`` (one
    unit-length row per sentence, embedded at build time); a passage without
    sentences scores -1, below any cosine. A paraphrase often matches one
    sentence well while the passage's single vector averages it away.
    """
    if sum(b - a for a, b in rows) < len(sentence_vectors) // 2:
        # A shortlist of a large library: only its sentences are multiplied.
        return [
            float((sentence_vectors[a:b] @ query_vector).max()) if b > a else -1.0 for a, b in rows
        ]
    cosines = sentence_vectors @ query_vector
    return [float(cosines[a:b].max()) if b > a else -1.0 for a, b in rows]


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


__all__ = ["RANKERS", "FirstStage", "retrieve", "sentence_scores"]
