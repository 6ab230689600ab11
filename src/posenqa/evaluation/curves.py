"""The numbers behind the report's plots: recall@k curves, per-kind recall, the abstention
trade-off. Pure functions over gold questions and run records.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from posenqa.evaluation.gold import GoldQuestion
from posenqa.evaluation.metrics import ANSWERABLE_KINDS, hit_rank, recall_at


def first_hit_ranks(
    questions: Sequence[GoldQuestion], records: Sequence[Mapping[str, Any]]
) -> dict[str, list[int | None]]:
    """Kind -> the first-hit rank of each answerable question of that kind (None: no hit)."""
    by_id = {str(r.get("id")): r for r in records}
    ranks: dict[str, list[int | None]] = {}
    for q in questions:
        if q.answerable:
            results = by_id.get(q.id, {}).get("results") or []
            ranks.setdefault(q.kind, []).append(hit_rank(q, results))
    return ranks


def recall_curve(ranks: Sequence[int | None], k: int) -> list[float]:
    """Recall@1 .. Recall@k (0.0 for no questions)."""
    return [recall_at(ranks, i) or 0.0 for i in range(1, k + 1)]


def kind_recall(
    ranks_by_kind: Mapping[str, Sequence[int | None]], k: int
) -> dict[str, float | None]:
    """Kind -> Recall@k, in the gold set's kind order; None for a kind with no questions."""
    return {kind: recall_at(ranks_by_kind.get(kind, []), k) for kind in ANSWERABLE_KINDS}


def abstention_tradeoff(
    questions: Sequence[GoldQuestion], records: Sequence[Mapping[str, Any]]
) -> list[tuple[float, float, float]]:
    """``(threshold, answerable lost, negatives caught)`` for every distinct threshold.

    Abstaining below a threshold loses the answerable questions whose confidence
    is under it and catches the negatives under it; the list runs from
    abstaining on nothing to abstaining on everything. Empty without both kinds
    of question or without confidences.
    """
    by_id = {str(r.get("id")): r for r in records}
    answerable: list[float] = []
    negatives: list[float] = []
    for q in questions:
        confidence = by_id.get(q.id, {}).get("confidence")
        if isinstance(confidence, int | float) and not isinstance(confidence, bool):
            (answerable if q.answerable else negatives).append(float(confidence))
    if not answerable or not negatives:
        return []
    cuts = sorted({*answerable, *negatives})
    thresholds = [cuts[0], *cuts[1:], cuts[-1] + 1e-9]
    return [
        (
            t,
            sum(c < t for c in answerable) / len(answerable),
            sum(c < t for c in negatives) / len(negatives),
        )
        for t in thresholds
    ]


__all__ = ["abstention_tradeoff", "first_hit_ranks", "kind_recall", "recall_curve"]
