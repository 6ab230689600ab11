"""Choose the abstention threshold on the dev split, and store it where the engine reads it.

The engine abstains when ``confidence < threshold``. The best threshold is the
one that best separates answerable questions (should answer) from negatives
(should abstain), measured by balanced accuracy, so a gold set with few
negatives does not push the threshold to "never abstain". Ties go to the
threshold that wrongly abstains less: an unneeded abstention costs the reader
an answer the paper has. For the same reason a cap on false abstention can be
set (the CLI sets 10%): among thresholds within the cap, the best balanced
accuracy wins.
"""

from __future__ import annotations

import itertools
import json
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from posenqa.errors import GoldError, InputError
from posenqa.evaluation.gold import GoldQuestion
from posenqa.pipeline.modes import MODES, RERANK_SUFFIX
from posenqa.settings import CALIBRATION_FILE, JudgeSettings

#: The reranked modes share one judge (``settings.judge``), calibrated on hybrid+rerank.
RERANKED_MODES: tuple[str, ...] = tuple(m + RERANK_SUFFIX for m in MODES)

#: The retrieval setting (``posenqa.settings.RetrievalSettings``) holding each
#: mode's threshold: each mode's confidence is on its own scale.
SETTING_FOR_MODE: dict[str, str] = {
    "hybrid": "abstain_threshold",
    "dense": "dense_abstain_threshold",
    "bm25": "bm25_abstain_threshold",
}


#: The engine attribute holding each mode's threshold (``eval --threshold`` and friends).
THRESHOLD_ATTRIBUTE: dict[str, str] = {
    **SETTING_FOR_MODE,
    **dict.fromkeys(RERANKED_MODES, "rerank_abstain_threshold"),
}


@dataclass(frozen=True, slots=True)
class Calibration:
    """A chosen threshold and the error rates it gives on the questions it was chosen on."""

    threshold: float
    balanced_accuracy: float
    false_abstention: float
    """Share of answerable questions abstained on (confidence below the threshold)."""
    negatives_answered: float
    """Share of negatives answered anyway (confidence at or above the threshold)."""
    answerable: int
    negatives: int

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready data."""
        return asdict(self)


def candidate_thresholds(values: Sequence[float]) -> list[float]:
    """Every threshold that gives a different split: below all, between neighbours, above all."""
    unique = sorted(set(values))
    if not unique:
        return [0.0]
    # An edge margin proportional to the spread keeps the edge thresholds
    # readable whatever scale the confidences are on.
    margin = max((unique[-1] - unique[0]) * 0.05, 1e-3)
    middles = [(a + b) / 2 for a, b in itertools.pairwise(unique)]
    return [unique[0] - margin, *middles, unique[-1] + margin]


def evaluate_threshold(
    threshold: float, answerable: Sequence[float], negatives: Sequence[float]
) -> Calibration:
    """The error rates of one threshold (abstain when confidence < threshold)."""
    false_abstention = sum(1 for c in answerable if c < threshold) / len(answerable)
    negatives_answered = sum(1 for c in negatives if c >= threshold) / len(negatives)
    return Calibration(
        threshold=threshold,
        balanced_accuracy=((1 - false_abstention) + (1 - negatives_answered)) / 2,
        false_abstention=false_abstention,
        negatives_answered=negatives_answered,
        answerable=len(answerable),
        negatives=len(negatives),
    )


def choose_threshold(
    answerable: Sequence[float],
    negatives: Sequence[float],
    max_false_abstention: float | None = None,
) -> Calibration:
    """The threshold with the best balanced accuracy; ties go to fewer false abstentions.

    With ``max_false_abstention``, only thresholds that abstain on at most that
    share of answerable questions compete (never abstaining always qualifies).
    """
    answerable = [c for c in answerable if math.isfinite(c)]
    negatives = [c for c in negatives if math.isfinite(c)]
    if not answerable or not negatives:
        raise GoldError(
            "calibration needs both answerable and negative questions with a confidence "
            f"(got {len(answerable)} answerable, {len(negatives)} negative)"
        )
    evaluated = [
        evaluate_threshold(t, answerable, negatives)
        for t in candidate_thresholds([*answerable, *negatives])
    ]
    if max_false_abstention is not None:
        evaluated = [c for c in evaluated if c.false_abstention <= max_false_abstention]
    # max keeps the first of equals: candidates ascend, so the lowest threshold wins.
    return max(evaluated, key=lambda c: (c.balanced_accuracy, -c.false_abstention))


def tradeoff(
    answerable: Sequence[float],
    negatives: Sequence[float],
    caps: Sequence[float] = (0.0, 0.025, 0.05, 0.10, 0.15, 0.20),
) -> list[tuple[float, Calibration]]:
    """For each cap on false abstention, the best threshold within it (the trade-off table)."""
    return [(cap, choose_threshold(answerable, negatives, cap)) for cap in caps]


def calibrate_records(
    questions: Iterable[GoldQuestion],
    records: Iterable[Mapping[str, Any]],
    max_false_abstention: float | None = None,
) -> Calibration:
    """Choose a threshold from run records (their ``confidence``) for these questions."""
    confidence = {
        str(r.get("id")): float(r["confidence"])
        for r in records
        if isinstance(r.get("confidence"), int | float)
    }
    answerable: list[float] = []
    negatives: list[float] = []
    for question in questions:
        if question.id in confidence:
            (answerable if question.answerable else negatives).append(confidence[question.id])
    return choose_threshold(answerable, negatives, max_false_abstention)


def fit_logistic(
    rows: Sequence[Sequence[float]], labels: Sequence[bool], l2: float = 1.0, steps: int = 50
) -> tuple[list[float], float]:
    """Weights and bias of an L2-regularized logistic regression (Newton's method).

    Features are standardized for the fit and the weights mapped back, so ``l2``
    treats every feature alike whatever its scale; the bias is not penalized.
    A constant feature gets weight 0.
    """
    import numpy as np

    x = np.asarray(rows, dtype=float)
    y = np.asarray(labels, dtype=float)
    if x.ndim != 2 or len(x) != len(y) or len(x) == 0:
        raise GoldError(f"cannot fit on {len(y)} labels and rows of shape {x.shape}")
    mean, spread = x.mean(axis=0), x.std(axis=0)
    spread[spread == 0] = 1.0
    z = np.hstack([np.ones((len(x), 1)), (x - mean) / spread])
    w = np.zeros(z.shape[1])
    penalty = np.full(z.shape[1], l2)
    penalty[0] = 0.0
    for _ in range(steps):
        p = 1 / (1 + np.exp(-(z @ w)))
        gradient = z.T @ (p - y) + penalty * w
        hessian = (z.T * (p * (1 - p))) @ z + np.diag(penalty) + 1e-9 * np.eye(len(w))
        step = np.linalg.solve(hessian, gradient)
        w -= step
        if np.abs(step).max() < 1e-10:
            break
    weights = w[1:] / spread
    bias = float(w[0] - (weights * mean).sum())
    return [float(v) for v in weights], bias


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
    """The judge's features of each reranked record, and whether its question is answerable."""
    from posenqa.pipeline.judge import Features

    judged = {str(r.get("id")): r.get("judge") for r in records if r.get("judge")}
    rows, labels = [], []
    for question in questions:
        if question.id in judged:
            rows.append(Features.from_dict(judged[question.id]).vector())
            labels.append(question.answerable)
    return rows, labels


def fit_judge(
    questions: Sequence[GoldQuestion],
    records: Sequence[Mapping[str, Any]],
    max_false_abstention: float | None = None,
    l2: float = 1.0,
    use: Sequence[str] | None = None,
) -> JudgeFit:
    """Fit the judge on reranked run records, then choose its abstention threshold.

    ``use`` names the features the fit may weigh (default: all of ``FEATURE_NAMES``);
    the others get weight 0.
    """
    rows, labels = judge_rows(questions, records)
    if not rows:
        raise GoldError("no reranked records with the judge's features to calibrate on")
    return fit_judge_rows(rows, labels, max_false_abstention, l2, use)


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
) -> JudgeFit:
    """:func:`fit_judge` on feature rows (``Features.vector``) and answerable labels."""
    rows = _kept(rows, use)
    weights, bias = fit_signed(rows, labels, JUDGE_SIGNS, l2)
    # The floor on the reranker score loses no answerable question.
    floor = choose_threshold(
        [r[0] for r, a in zip(rows, labels, strict=True) if a],
        [r[0] for r, a in zip(rows, labels, strict=True) if not a],
        0.0,
    ).threshold
    scores = _judged(rows, weights, bias, floor)
    answerable = [c for c, a in zip(scores, labels, strict=True) if a]
    negatives = [c for c, a in zip(scores, labels, strict=True) if not a]
    calibration = choose_threshold(answerable, negatives, max_false_abstention)
    return JudgeFit(
        tuple(weights), bias, calibration, tuple(tradeoff(answerable, negatives)), floor
    )


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


def cross_validate_judge(
    rows: Sequence[Sequence[float]],
    labels: Sequence[bool],
    max_false_abstention: float | None = 0.05,
    l2: float = 1.0,
    use: Sequence[str] | None = None,
    folds: int = 5,
    repeats: int = 10,
) -> CrossValidation:
    """k-fold cross-validation of :func:`fit_judge_rows`: fit weights, floor and threshold
    on k-1 folds, judge the held-out fold, pool. Folds are stratified (answerable and
    negative questions dealt out separately) and shuffled with fixed seeds, ``repeats``
    times, so the estimate does not rest on one split of a small set."""
    import random

    from posenqa.evaluation.metrics import separation_auc

    caught = lost = n_neg = n_ans = 0
    aucs = []
    for repeat in range(repeats):
        rng = random.Random(repeat)
        fold_of = [0] * len(rows)
        for label in (True, False):
            members = [i for i, a in enumerate(labels) if a is label]
            rng.shuffle(members)
            for j, i in enumerate(members):
                fold_of[i] = j % folds
        held: list[tuple[float, bool]] = []
        for fold in range(folds):
            train = [i for i in range(len(rows)) if fold_of[i] != fold]
            test = [i for i in range(len(rows)) if fold_of[i] == fold]
            fit = fit_judge_rows(
                [rows[i] for i in train], [labels[i] for i in train], max_false_abstention, l2, use
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


def fit_relevance(
    questions: Sequence[GoldQuestion], records: Sequence[Mapping[str, Any]], l2: float = 1.0
) -> tuple[float, float]:
    """Platt scaling of reranker logits: ``(scale, shift)`` so that
    ``sigmoid(scale * logit + shift)`` is the probability that a result answers.

    Every reranked result of every answerable question is one example, labelled by
    whether it holds the question's evidence (or, for a citation question given
    only notes, is or cites one).
    """
    from posenqa.evaluation.metrics import hit_rank

    by_id = {str(r.get("id")): r for r in records}
    logits: list[list[float]] = []
    labels: list[bool] = []
    for question in questions:
        record = by_id.get(question.id)
        if not question.answerable or record is None:
            continue
        for result in record.get("results") or []:
            if result.get("relevance") is None:
                continue
            logits.append([float(result["score"])])
            labels.append(hit_rank(question, [result]) == 1)
    if not any(labels) or all(labels):
        raise GoldError("relevance needs reranked results that answer and that do not")
    (scale,), shift = fit_logistic(logits, labels, l2)
    return scale, shift


def write_calibration(
    calibrations: Mapping[str, Calibration],
    path: str | Path = CALIBRATION_FILE,
    groups: Mapping[str, Mapping[str, float]] | None = None,
    **provenance: Any,
) -> Path:
    """Store thresholds per mode, merged into what the file already holds.

    The file reads ``{"settings": {"retrieval": {"abstain_threshold": ...}},
    "calibration": {mode: {...}}, ...}``: its ``settings`` part has the shape
    ``Settings.from_dict`` takes, so the engine's defaults can be read from it
    directly. Extra keyword arguments record how the thresholds were chosen.
    """
    path = Path(path)
    unknown = sorted(set(calibrations) - set(SETTING_FOR_MODE) - set(RERANKED_MODES))
    if unknown:
        raise InputError(f"no abstention setting for mode(s) {', '.join(unknown)}")
    data = _read(path) if path.exists() else {}
    retrieval = dict(data.get("settings", {}).get("retrieval", {}))
    details = dict(data.get("calibration", {}))
    for mode, calibration in calibrations.items():
        if mode in SETTING_FOR_MODE:
            retrieval[SETTING_FOR_MODE[mode]] = round(calibration.threshold, 6)
        details[mode] = {**calibration.to_dict(), **provenance}
    settings = {**data.get("settings", {}), "retrieval": retrieval}
    for group, values in (groups or {}).items():
        settings[group] = {**settings.get(group, {}), **values}
    data = {"settings": settings, "calibration": details}
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    tmp.replace(path)
    return path


def read_calibration(path: str | Path = CALIBRATION_FILE) -> dict[str, float]:
    """The stored retrieval thresholds by setting name; empty when nothing was calibrated."""
    path = Path(path)
    if not path.exists():
        return {}
    retrieval = _read(path).get("settings", {}).get("retrieval", {})
    if not isinstance(retrieval, dict):
        raise InputError(f"{path}: settings.retrieval is not an object")
    for key, value in retrieval.items():
        if (
            not isinstance(value, int | float)
            or isinstance(value, bool)
            or not math.isfinite(value)
        ):
            raise InputError(f"{path}: {key} is not a finite number")
    return {key: float(value) for key, value in retrieval.items()}


def _read(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(f"{path}: not a calibration file ({exc})") from None
    if not isinstance(data, dict):
        raise InputError(f"{path}: not a calibration file (expected a JSON object)")
    return data


__all__ = [
    "CALIBRATION_FILE",
    "JUDGE_SIGNS",
    "RERANKED_MODES",
    "SETTING_FOR_MODE",
    "THRESHOLD_ATTRIBUTE",
    "Calibration",
    "CrossValidation",
    "JudgeFit",
    "calibrate_records",
    "candidate_thresholds",
    "choose_threshold",
    "cross_validate_judge",
    "evaluate_threshold",
    "fit_judge",
    "fit_judge_rows",
    "fit_logistic",
    "fit_relevance",
    "fit_signed",
    "judge_rows",
    "read_calibration",
    "rejudge",
    "tradeoff",
    "write_calibration",
]
