"""Retrieval and abstention metrics over run records: pure functions, no engine.

A *run record* is what the runner writes per question: the engine's
``Answer.to_dict()`` (``question``, ``mode``, ``abstained``, ``results``) plus
``id``, ``confidence`` and ``latency_ms``. Everything here reads those dicts,
so a run saved to disk can be scored again without the model.

Ranking metrics score the results whether or not the engine abstained:
abstention is reported on its own (share of negatives abstained on, share of
answerable questions wrongly abstained on), so one number does not hide the other.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from posenqa.evaluation.gold import KINDS, UNANSWERABLE_KINDS, GoldQuestion
from posenqa.evaluation.matching import first_evidence_rank, first_note_rank

RECALL_KS: tuple[int, ...] = (1, 3, 5, 10)
NOTE_KS: tuple[int, ...] = (1, 3, 5)
MRR_K = 10
ANSWERABLE_KINDS: tuple[str, ...] = tuple(k for k in KINDS if k not in UNANSWERABLE_KINDS)


def recall_at(ranks: Sequence[int | None], k: int) -> float | None:
    """Share of questions whose first hit is at rank <= k; None when there are none."""
    if not ranks:
        return None
    return sum(1 for r in ranks if r is not None and r <= k) / len(ranks)


def mrr_at(ranks: Sequence[int | None], k: int) -> float | None:
    """Mean reciprocal rank of the first hit, counting hits below rank k as 0."""
    if not ranks:
        return None
    return sum(1 / r for r in ranks if r is not None and r <= k) / len(ranks)


def rate(flags: Sequence[bool]) -> float | None:
    """Share of True values; None for an empty sequence."""
    if not flags:
        return None
    return sum(1 for f in flags if f) / len(flags)


def percentile(values: Sequence[float], q: float) -> float | None:
    """The q-th percentile (0-100) with linear interpolation, as numpy's default."""
    if not values:
        return None
    ordered = sorted(values)
    position = (len(ordered) - 1) * q / 100
    low, high = math.floor(position), math.ceil(position)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def separation_auc(answerable: Sequence[float], negatives: Sequence[float]) -> float | None:
    """Chance that an answerable question gets a higher confidence than a negative one.

    The area under the ROC curve of confidence as an answerable-vs-negative
    classifier (ties count half): how well confidence *can* drive abstention,
    whatever threshold is set. 0.5 is no better than chance.
    """
    if not answerable or not negatives:
        return None
    wins = sum((a > n) + 0.5 * (a == n) for a in answerable for n in negatives)
    return wins / (len(answerable) * len(negatives))


def hit_rank(question: GoldQuestion, results: Sequence[Mapping[str, Any]]) -> int | None:
    """1-based rank of the first result that answers ``question``, or None.

    A result answers when it holds an evidence string. A citation question
    given only note numbers (no evidence) is answered by a result that is or
    cites one of its notes.
    """
    if question.evidence:
        return first_evidence_rank(question.evidence, results)
    if question.kind == "citation":
        return first_note_rank(question.footnotes, results)
    return None


@dataclass(frozen=True, slots=True)
class ModeScores:
    """The scores of one retrieval mode over one set of questions."""

    overall: dict[str, float | None]
    """R@1..R@10 and MRR@10 over answerable questions."""
    by_kind: dict[str, dict[str, float | None]]
    citation: dict[str, float | None]
    negatives_abstained: float | None
    """Share of the on-topic negatives (kind ``negative``) abstained on."""
    false_abstention: float | None
    confidence_auc: float | None
    """:func:`separation_auc` of the answers' confidence, answerable questions against
    on-topic negatives; None without confidences."""
    latency_ms: dict[str, float | None]
    counts: dict[str, int]
    offtopic_abstained: float | None = None
    """Share of off-topic questions (kind ``offtopic``) abstained on; None without any."""

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape ``posenqa eval --json`` prints per mode."""
        return {
            "overall": self.overall,
            "by_kind": self.by_kind,
            "citation": self.citation,
            "negatives_abstained": self.negatives_abstained,
            "offtopic_abstained": self.offtopic_abstained,
            "false_abstention": self.false_abstention,
            "confidence_auc": self.confidence_auc,
            "latency_ms": self.latency_ms,
            "counts": self.counts,
        }


def ranking_scores(ranks: Sequence[int | None]) -> dict[str, float | None]:
    """R@k for :data:`RECALL_KS` and MRR@10 for a list of first-hit ranks."""
    scores: dict[str, float | None] = {f"R@{k}": recall_at(ranks, k) for k in RECALL_KS}
    scores[f"MRR@{MRR_K}"] = mrr_at(ranks, MRR_K)
    return scores


def score_mode(
    questions: Iterable[GoldQuestion], records: Iterable[Mapping[str, Any]]
) -> ModeScores:
    """Score one mode's run records against the gold questions they answer (matched by id).

    Questions without a record count as misses (and not as abstentions), so a
    partial run cannot look better than it is.
    """
    by_id = {str(r.get("id")): r for r in records}
    ranks_by_kind: dict[str, list[int | None]] = {k: [] for k in ANSWERABLE_KINDS}
    note_ranks: list[int | None] = []
    negatives_abstained: list[bool] = []
    offtopic_abstained: list[bool] = []
    false_abstained: list[bool] = []
    latencies: list[float] = []
    confidences: dict[bool, list[float]] = {True: [], False: []}
    for question in questions:
        record = by_id.get(question.id, {})
        results = record.get("results") or []
        abstained = bool(record.get("abstained", False))
        latency = record.get("latency_ms")
        if isinstance(latency, int | float):
            latencies.append(float(latency))
        if question.kind == "offtopic":
            offtopic_abstained.append(abstained)
            continue
        confidence = record.get("confidence")
        if isinstance(confidence, int | float) and math.isfinite(confidence):
            confidences[question.answerable].append(float(confidence))
        if not question.answerable:
            negatives_abstained.append(abstained)
            continue
        false_abstained.append(abstained)
        ranks_by_kind[question.kind].append(hit_rank(question, results))
        if question.kind == "citation":
            note_ranks.append(first_note_rank(question.footnotes, results))
    all_ranks = [r for ranks in ranks_by_kind.values() for r in ranks]
    return ModeScores(
        overall=ranking_scores(all_ranks),
        by_kind={k: ranking_scores(v) for k, v in ranks_by_kind.items() if v},
        citation={f"note@{k}": recall_at(note_ranks, k) for k in NOTE_KS},
        negatives_abstained=rate(negatives_abstained),
        false_abstention=rate(false_abstained),
        offtopic_abstained=rate(offtopic_abstained),
        confidence_auc=separation_auc(confidences[True], confidences[False]),
        latency_ms={"p50": percentile(latencies, 50), "p95": percentile(latencies, 95)},
        counts={
            "answerable": len(all_ranks),
            "negative": len(negatives_abstained),
            **({"offtopic": len(offtopic_abstained)} if offtopic_abstained else {}),
            **{k: len(v) for k, v in ranks_by_kind.items() if v},
        },
    )


__all__ = [
    "ANSWERABLE_KINDS",
    "MRR_K",
    "NOTE_KS",
    "RECALL_KS",
    "ModeScores",
    "hit_rank",
    "mrr_at",
    "percentile",
    "ranking_scores",
    "rate",
    "recall_at",
    "score_mode",
    "separation_auc",
]
