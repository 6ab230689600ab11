"""Stage 4, judge: does the best passage answer the question, or does the paper not say?

No single score separates on-topic questions the paper does not answer from
those it does. The judge combines four signals, each a pure function:

- ``logit``: the cross-encoder's score of the best passage;
- ``type_missing``: the question wants a number, amount, date, name, place or
  reason, and no sentence of the best passage near the question's terms holds one;
- ``missing``: the idf-weighted share of the question's terms the passage lacks;
- ``beyond``: the question asks about a time after the paper was written.

They are combined by a logistic function whose weights, and the threshold on its
output, are fitted on the gold set's dev half (``posenqa eval --calibrate``) and
kept in :class:`posenqa.settings.JudgeSettings`.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import Any

from posenqa.pipeline.answer_type import CHECKED, holds_type, wanted_type
from posenqa.search.evidence import coverage, sentence_spans
from posenqa.search.tokenize import tokenize
from posenqa.settings import JudgeSettings, TokenizerSettings

_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
_LATER = re.compile(
    r"\b(today|nowadays|currently|since (then|the paper|this paper)|after the paper|"
    r"in the years (since|after)|has since|have since|eventually|in the end)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Features:
    """The judge's inputs for one question and its best passage."""

    logit: float
    type_missing: bool
    missing: float
    beyond: bool
    wanted: str | None

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready data (``ask --json``'s ``judge``; run records)."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Features:
        """Features from :meth:`to_dict` output (a run record's ``judge``)."""
        wanted = data.get("wanted")
        return cls(
            logit=float(data["logit"]),
            type_missing=bool(data["type_missing"]),
            missing=float(data["missing"]),
            beyond=bool(data["beyond"]),
            wanted=None if wanted is None else str(wanted),
        )

    def vector(self) -> tuple[float, float, float, float]:
        """The numeric features in the order of the judge's weights."""
        return (self.logit, float(self.type_missing), self.missing, float(self.beyond))


@dataclass(frozen=True, slots=True)
class Judgement:
    """The judge's verdict: abstain when ``confidence < threshold``."""

    confidence: float
    threshold: float
    reasons: tuple[str, ...]
    """Why the paper may not answer, in words (empty when nothing points that way)."""

    @property
    def abstain(self) -> bool:
        """Whether the paper does not seem to answer."""
        return self.confidence < self.threshold


def beyond_paper(question: str, paper_year: int) -> bool:
    """Whether ``question`` asks about a year after ``paper_year`` or what happened since."""
    years = [int(y) for y in _YEAR.findall(question)]
    return any(y > paper_year for y in years) or bool(_LATER.search(question))


def type_missing(
    question: str, text: str, q_terms: Sequence[str], tokenizer: TokenizerSettings | None = None
) -> bool:
    """The question wants a checkable kind of answer (:data:`CHECKED`) and no sentence
    of ``text`` holding one of its terms holds one that the question does not already
    say (when no sentence holds a term, every sentence counts)."""
    kind = wanted_type(question)
    if kind not in CHECKED:
        return False
    wanted = set(q_terms)
    sentences = [text[s:e] for s, e in sentence_spans(text)]
    near = [s for s in sentences if wanted.intersection(tokenize(s, tokenizer))] or sentences
    return not any(holds_type(s, kind, question) for s in near)


def features(
    question: str,
    text: str,
    logit: float,
    q_terms: Sequence[str],
    weight: Callable[[str], float],
    tokenizer: TokenizerSettings | None,
    paper_year: int,
) -> Features:
    """The judge's features for ``question`` and the best passage's indexed ``text``."""
    return Features(
        logit=logit,
        type_missing=type_missing(question, text, q_terms, tokenizer),
        missing=1 - coverage(q_terms, text, weight, tokenizer),
        beyond=beyond_paper(question, paper_year),
        wanted=wanted_type(question),
    )


def sigmoid(z: float) -> float:
    """The logistic function, safe for large |z|."""
    if z >= 0:
        return 1 / (1 + math.exp(-z))
    e = math.exp(z)
    return e / (1 + e)


def weights(settings: JudgeSettings) -> tuple[float, float, float, float]:
    """The judge's weights in :meth:`Features.vector` order."""
    s = settings
    return (s.weight_logit, s.weight_type, s.weight_missing, s.weight_time)


def confidence(f: Features, settings: JudgeSettings) -> float:
    """The judged probability that the best passage answers the question."""
    z = settings.bias + sum(w * x for w, x in zip(weights(settings), f.vector(), strict=True))
    return sigmoid(z)


def judge(f: Features, settings: JudgeSettings) -> Judgement:
    """Combine the features into a verdict, with the reasons that pointed to abstaining."""
    reasons = []
    if f.beyond:
        reasons.append(f"it asks about a time after the paper ({settings.paper_year})")
    if f.type_missing:
        reasons.append(f"the best passage states no {f.wanted} for it")
    if f.missing >= 0.5:
        reasons.append(f"the best passage lacks {f.missing:.0%} of its terms")
    return Judgement(confidence(f, settings), settings.abstain_threshold, tuple(reasons))


def first_stage_confidence(mode: str, top_cosine: float, covered: float) -> float:
    """Confidence without the reranker: the share of question terms the top passage
    holds (bm25), the top cosine (dense), or their mean (hybrid).

    The top cosine alone separated answerable from unanswerable questions poorly;
    averaging in the terms covered separated them better on the gold dev half
    (evals/README.md).
    """
    if mode == "bm25":
        return covered
    if mode == "dense":
        return top_cosine
    return (top_cosine + covered) / 2


def notice(lead: str, confidence: float, threshold: float, reasons: Sequence[str]) -> str:
    """``lead (confidence 0.12 is below 0.50; why...)``: how every abstention is worded,
    with the threshold the answer was actually judged by."""
    why = "".join(f"; {r}" for r in reasons)
    return f"{lead} (confidence {confidence:.2f} is below {threshold:.2f}{why})"


__all__ = [
    "Features",
    "Judgement",
    "beyond_paper",
    "confidence",
    "features",
    "first_stage_confidence",
    "judge",
    "notice",
    "sigmoid",
    "type_missing",
    "weights",
]
