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
from posenqa.settings import CALIBRATION_FILE

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


def fit_relevance(
    questions: Sequence[GoldQuestion], records: Sequence[Mapping[str, Any]], l2: float = 1.0
) -> tuple[float, float]:
    """Platt scaling of reranker scores: ``(scale, shift)`` so that
    ``sigmoid(scale * score + shift)`` is the probability that a result answers.

    A result's ``score`` is what it was ranked by (``Hit.score``: a logit, the window
    reread's mean for the first few, a moved note's citer's), the score its relevance
    is computed from, so the list's relevances fall with its order.

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
    "RERANKED_MODES",
    "SETTING_FOR_MODE",
    "THRESHOLD_ATTRIBUTE",
    "Calibration",
    "calibrate_records",
    "candidate_thresholds",
    "choose_threshold",
    "evaluate_threshold",
    "fit_logistic",
    "fit_relevance",
    "read_calibration",
    "tradeoff",
    "write_calibration",
]
