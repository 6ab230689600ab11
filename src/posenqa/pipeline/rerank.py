"""Stage 3, rerank: a cross-encoder rereads the first stage's best candidates.

Which candidates it reads (the pool) and how its scores reorder them are pure
functions; the scoring itself is :class:`posenqa.search.rerank.CrossEncoder`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from posenqa.pipeline.judge import sigmoid


class Scorer(Protocol):
    """What the stage needs from a cross-encoder: one logit per passage text."""

    def scores(self, question: str, passages: Sequence[str]) -> list[float]: ...


def candidate_pool(
    ranked: Sequence[str], extra: Sequence[str], depth: int, n_extra: int
) -> list[str]:
    """The first ``depth`` of ``ranked``, then the first ``n_extra`` of ``extra`` not yet in.

    ``extra`` is another ranker's order (dense): its best candidates reach the
    reranker even when fusion ranked them below ``depth``.
    """
    pool = list(dict.fromkeys(ranked[:depth]))
    added = 0
    for doc in extra:
        if added >= n_extra:
            break
        if doc not in pool:
            pool.append(doc)
            added += 1
    return pool


def reorder(pool: Sequence[str], logits: Sequence[float]) -> list[tuple[str, float]]:
    """``pool`` by descending logit; ties keep the first stage's order."""
    if len(pool) != len(logits):
        raise ValueError(f"{len(pool)} candidates but {len(logits)} scores")
    scored = sorted(enumerate(zip(pool, logits, strict=True)), key=lambda t: (-t[1][1], t[0]))
    return [pair for _, pair in scored]


def relevance(logit: float, scale: float, shift: float) -> float:
    """The calibrated probability (0..1) that a passage answers: Platt scaling of its logit."""
    return sigmoid(scale * logit + shift)


__all__ = ["Scorer", "candidate_pool", "relevance", "reorder"]
