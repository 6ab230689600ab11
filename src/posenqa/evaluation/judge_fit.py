"""Fit the judge on the dev half, and estimate how well the fit carries over.

The judge (:mod:`posenqa.pipeline.judge`) combines its features by a logistic
function. Its weights are fitted here on reranked run records, each held to the
direction it may push (a small gold set must not teach it that lacking the
question's terms makes an answer likelier), and its threshold is chosen like
every other abstention threshold (:func:`posenqa.evaluation.calibrate.choose_threshold`).
:func:`cross_validate_judge` judges every question by a fit that never saw it.

Two kinds of questions the paper does not answer are told apart. The logistic fit
and its threshold learn from the on-topic negatives (kind ``negative``: the paper's
words, a detail it never gives). The floor on the reranker score, below which no
passage is about the question at all, is set on the off-topic questions (kind
``offtopic``): the highest floor that loses no answerable dev question. A cross-encoder's
score is on the same scale whatever the paper, so the floor carries to other papers
and to a library, where the best of all papers' passages is the one judged.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from posenqa.errors import GoldError, InputError
from posenqa.evaluation.calibrate import Calibration, choose_threshold, fit_logistic, tradeoff
from posenqa.evaluation.gold import GoldQuestion
from posenqa.settings import JudgeSettings

#: The features ``eval --calibrate`` lets the fit weigh, and its L2 strength, chosen by
#: 5-fold cross-validation on dev (``python evals/judge_cv.py RUN --l2 0.1,1,10``): the
#: fewest features whose held-out catch and loss equal the best set's. The rules
#: were written while reading dev, so every larger set fits dev no better and only
#: adds weights that can carry dev's accidents to other questions.
JUDGE_FEATURES: tuple[str, ...] = ("logit", "type_missing", "year_missing")
JUDGE_L2 = 10.0

OFFTOPIC = "offtopic"
"""The gold kind of questions about something else than the paper (they set the floor)."""

#: The direction each judge feature may push, in ``FEATURE_NAMES`` order (logit, type
#: missing, terms missing, time, year missing, support): higher reranker scores may only
#: raise the confidence, the others only lower it.
JUDGE_SIGNS: tuple[int, ...] = (1, -1, -1, -1, -1, 1)


def fit_signed(
    rows: Sequence[Sequence[float]], labels: Sequence[bool], signs: Sequence[int], l2: float = 1.0
) -> tuple[list[float], float]:
    """:func:`fit_logistic` with each weight held to the sign given (0 when the data
    would push it the other way): a fit on a small gold set must not learn, say, that
    lacking the question's terms makes an answer likelier, an accident of how the
    questions were written that would mislead on real ones."""
    dropped: set[int] = set()
    while True:
        kept = [[0.0 if i in dropped else v for i, v in enumerate(r)] for r in rows]
        weights, bias = fit_logistic(kept, labels, l2)
        wrong = {i for i, (w, s) in enumerate(zip(weights, signs, strict=True)) if w * s < 0}
        if not wrong - dropped:
            return [0.0 if i in dropped else w for i, w in enumerate(weights)], bias
        dropped |= wrong


@dataclass(frozen=True, slots=True)
class JudgeFit:
    """The judge's weights fitted on dev, and the threshold chosen on its output."""

    weights: tuple[float, ...]
    """In :meth:`posenqa.pipeline.judge.Features.vector` order (``FEATURE_NAMES``)."""
    bias: float
    calibration: Calibration
    table: tuple[tuple[float, Calibration], ...] = ()
    """The trade-off on dev: for each cap on false abstention, the best threshold."""
    min_logit: float = -8.0
    """The floor on the reranker score below which nothing is about the question."""

    def settings(self) -> dict[str, float]:
        """The ``judge`` settings group for the calibration file."""
        from posenqa.pipeline.judge import FEATURE_NAMES, WEIGHT_SETTING

        return {
            **{
                WEIGHT_SETTING[name]: round(w, 6)
                for name, w in zip(FEATURE_NAMES, self.weights, strict=True)
            },
            "bias": round(self.bias, 6),
            "min_logit": round(self.min_logit, 6),
            "abstain_threshold": round(self.calibration.threshold, 6),
        }


def judge_rows(
    questions: Iterable[GoldQuestion], records: Iterable[Mapping[str, Any]]
) -> tuple[list[tuple[float, ...]], list[bool]]:
    """The judge's features of each reranked record, and whether its question is
    answerable (off-topic questions left out: see :func:`offtopic_logits`)."""
    from posenqa.pipeline.judge import Features

    judged = {str(r.get("id")): r.get("judge") for r in records if r.get("judge")}
    rows, labels = [], []
    for question in questions:
        if question.id in judged and question.kind != OFFTOPIC:
            rows.append(Features.from_dict(judged[question.id]).vector())
            labels.append(question.answerable)
    return rows, labels


def offtopic_logits(
    questions: Iterable[GoldQuestion], records: Iterable[Mapping[str, Any]]
) -> list[float]:
    """The best reranker score of each off-topic question's reranked record."""
    judged = {str(r.get("id")): r.get("judge") for r in records if r.get("judge")}
    return [
        float(judged[q.id]["logit"]) for q in questions if q.kind == OFFTOPIC and q.id in judged
    ]


def fit_judge(
    questions: Sequence[GoldQuestion],
    records: Sequence[Mapping[str, Any]],
    max_false_abstention: float | None = None,
    l2: float = JUDGE_L2,
    use: Sequence[str] | None = JUDGE_FEATURES,
) -> JudgeFit:
    """Fit the judge on reranked run records, then choose its abstention threshold.

    ``use`` names the features the fit may weigh (None: all of ``FEATURE_NAMES``);
    the others get weight 0. The floor is set on the off-topic questions among
    ``questions`` (on the negatives when there are none).
    """
    rows, labels = judge_rows(questions, records)
    if not rows:
        raise GoldError("no reranked records with the judge's features to calibrate on")
    offtopic = offtopic_logits(questions, records)
    return fit_judge_rows(rows, labels, max_false_abstention, l2, use, offtopic)


def _kept(rows: Sequence[Sequence[float]], use: Sequence[str] | None) -> list[list[float]]:
    """``rows`` with the features not in ``use`` set to 0 (a constant gets weight 0)."""
    from posenqa.pipeline.judge import FEATURE_NAMES

    unknown = set(use or ()) - set(FEATURE_NAMES)
    if unknown:
        raise InputError(f"unknown judge feature(s): {', '.join(sorted(unknown))}")
    keep = [use is None or name in use for name in FEATURE_NAMES]
    return [[v if k else 0.0 for v, k in zip(r, keep, strict=True)] for r in rows]


def _judged(
    rows: Sequence[Sequence[float]], weights: Sequence[float], bias: float, floor: float
) -> list[float]:
    """The judge's confidence for each row (0 below the reranker floor)."""
    from posenqa.pipeline.judge import sigmoid

    return [
        0.0 if r[0] < floor else sigmoid(bias + sum(w * x for w, x in zip(weights, r, strict=True)))
        for r in rows
    ]


def fit_judge_rows(
    rows: Sequence[Sequence[float]],
    labels: Sequence[bool],
    max_false_abstention: float | None = None,
    l2: float = 1.0,
    use: Sequence[str] | None = None,
    offtopic: Sequence[float] = (),
) -> JudgeFit:
    """:func:`fit_judge` on feature rows (``Features.vector``) and answerable labels, and
    the best reranker scores of the off-topic questions (``offtopic``)."""
    rows = _kept(rows, use)
    weights, bias = fit_signed(rows, labels, JUDGE_SIGNS, l2)
    floor = choose_floor(rows, labels, offtopic)
    scores = _judged(rows, weights, bias, floor)
    answerable = [c for c, a in zip(scores, labels, strict=True) if a]
    negatives = [c for c, a in zip(scores, labels, strict=True) if not a]
    calibration = choose_threshold(answerable, negatives, max_false_abstention)
    return JudgeFit(
        tuple(weights), bias, calibration, tuple(tradeoff(answerable, negatives)), floor
    )


def choose_floor(
    rows: Sequence[Sequence[float]], labels: Sequence[bool], offtopic: Sequence[float] = ()
) -> float:
    """The floor on the reranker score (``rows``' first column): the one that best
    separates answerable questions from off-topic ones (from the negatives when there
    are no off-topic scores) while losing no answerable question."""
    answerable = [r[0] for r, a in zip(rows, labels, strict=True) if a]
    below = list(offtopic) or [r[0] for r, a in zip(rows, labels, strict=True) if not a]
    return choose_threshold(answerable, below, 0.0).threshold


@dataclass(frozen=True, slots=True)
class CrossValidation:
    """The judge's held-out error rates: each question judged by a fit that never saw it."""

    caught: float
    """Share of negatives abstained on, pooled over folds and repeats."""
    lost: float
    """Share of answerable questions abstained on."""
    auc: float | None
    """Chance a held-out answerable question gets a higher confidence than a negative."""
    folds: int
    repeats: int
    offtopic_caught: float | None = None
    """Share of off-topic questions below the held-out fit's floor (None without any)."""


def cross_validate_judge(
    rows: Sequence[Sequence[float]],
    labels: Sequence[bool],
    max_false_abstention: float | None = 0.05,
    l2: float = 1.0,
    use: Sequence[str] | None = None,
    folds: int = 5,
    repeats: int = 10,
    offtopic: Sequence[float] = (),
) -> CrossValidation:
    """k-fold cross-validation of :func:`fit_judge_rows`: fit weights, floor and threshold
    on k-1 folds, judge the held-out fold, pool. Folds are stratified (answerable,
    negative and off-topic questions dealt out separately) and shuffled with fixed
    seeds, ``repeats`` times, so the estimate does not rest on one split of a small set."""
    import random

    from posenqa.evaluation.metrics import separation_auc

    caught = lost = n_neg = n_ans = off_caught = 0
    aucs = []
    for repeat in range(repeats):
        rng = random.Random(repeat)
        fold_of = [0] * len(rows)
        for label in (True, False):
            members = [i for i, a in enumerate(labels) if a is label]
            rng.shuffle(members)
            for j, i in enumerate(members):
                fold_of[i] = j % folds
        off_order = list(range(len(offtopic)))
        rng.shuffle(off_order)
        off_fold = {i: j % folds for j, i in enumerate(off_order)}
        held: list[tuple[float, bool]] = []
        for fold in range(folds):
            train = [i for i in range(len(rows)) if fold_of[i] != fold]
            test = [i for i in range(len(rows)) if fold_of[i] == fold]
            fit = fit_judge_rows(
                [rows[i] for i in train],
                [labels[i] for i in train],
                max_false_abstention,
                l2,
                use,
                [v for i, v in enumerate(offtopic) if off_fold[i] != fold],
            )
            off_caught += sum(
                1 for i, v in enumerate(offtopic) if off_fold[i] == fold and v < fit.min_logit
            )
            kept = _kept([rows[i] for i in test], use)
            scores = _judged(kept, fit.weights, fit.bias, fit.min_logit)
            for i, c in zip(test, scores, strict=True):
                abstain = c < fit.calibration.threshold
                if labels[i]:
                    n_ans += 1
                    lost += abstain
                else:
                    n_neg += 1
                    caught += abstain
                held.append((c, labels[i]))
        auc = separation_auc([c for c, a in held if a], [c for c, a in held if not a])
        if auc is not None:
            aucs.append(auc)
    return CrossValidation(
        caught / max(n_neg, 1),
        lost / max(n_ans, 1),
        sum(aucs) / len(aucs) if aucs else None,
        folds,
        repeats,
        off_caught / (len(offtopic) * repeats) if offtopic else None,
    )


def rejudge(records: Iterable[Mapping[str, Any]], settings: JudgeSettings) -> list[dict[str, Any]]:
    """Reranked run records judged again from their saved features with ``settings``:
    ``confidence`` and ``abstained`` as the engine would give them now (records without
    features are returned unchanged). Lets a calibration be scored without the model."""
    from posenqa.pipeline.judge import Features, confidence

    out = []
    for record in records:
        if not record.get("judge"):
            out.append(dict(record))
            continue
        value = confidence(Features.from_dict(record["judge"]), settings)
        abstained = not record.get("results") or value < settings.abstain_threshold
        out.append({**record, "confidence": value, "abstained": abstained})
    return out


__all__ = [
    "JUDGE_FEATURES",
    "JUDGE_L2",
    "JUDGE_SIGNS",
    "CrossValidation",
    "JudgeFit",
    "choose_floor",
    "cross_validate_judge",
    "fit_judge",
    "fit_judge_rows",
    "fit_signed",
    "judge_rows",
    "offtopic_logits",
    "rejudge",
]
