"""Stage 4, judge: does the best passage answer the question, or does the paper not say?

No single score separates on-topic questions the paper does not answer from
those it does. The judge combines six signals, each a pure function:

- ``logit``: the cross-encoder's score of the best passage;
- ``type_missing``: the question wants a number, amount, date, name or place
  (or two of them, asked in two questions), and the best passage's sentences about
  the question's terms (with the notes they cite) hold none (of one of them);
- ``missing``: the idf-weighted share of the question's terms the passage lacks;
- ``beyond``: the question asks about a time after the paper was written;
- ``year_missing``: the question names a year (or decade) that neither the best
  passage nor the notes it cites mention: the figure it gives is for another time;
- ``support``: the mean reranker score of the three best passages: how much of the
  paper is about the question (a lone passage that names the thing asked about is
  weaker support than several that discuss it).

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

from posenqa.document import Footnote
from posenqa.passages import Passage
from posenqa.pipeline.answer_type import (
    CHECKED,
    SOURCE,
    asks_for_work,
    holds_type,
    is_citation,
    wanted_type,
    wanted_types,
)
from posenqa.search.evidence import coverage, sentence_spans
from posenqa.settings import JudgeSettings, TokenizerSettings

_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
Note = tuple[int, str]
"""A note a passage cites: the offset of its marker in the passage text, and its body."""
# "Eventually" and "in the end" are not here: "what did the banks eventually do?"
# asks about the end of a story the paper tells, not about a time after it.
_LATER = re.compile(
    r"\b(today|nowadays|currently|since (then|the paper|this paper)|after the paper|"
    r"in the years (since|after)|has since|have since)\b",
    re.IGNORECASE,
)
# A year or decade a question names: "1990", "the 1990s", "FY1998" (not "$1990").
_ASKED_YEAR = re.compile(r"(?<![\d$])(1[89]\d\d|20\d\d)(s)?\b")
#: The names of the judge's numeric features, in the order of its weights.
FEATURE_NAMES: tuple[str, ...] = (
    "logit",
    "type_missing",
    "missing",
    "beyond",
    "year_missing",
    "support",
)


@dataclass(frozen=True, slots=True)
class Features:
    """The judge's inputs for one question and its best passage."""

    logit: float
    type_missing: bool
    missing: float
    beyond: bool
    wanted: str | None
    year_missing: bool = False
    support: float = 0.0
    """The mean reranker logit of the (up to) three best candidates."""
    paper_year: int | None = None
    """The year of the best passage's paper (its own metadata), which ``beyond`` read."""
    lacking: str | None = None
    """The kind of answer the best passage lacks when ``type_missing`` (``wanted``, or the
    kind a second question in the same sentence asks for)."""

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
            # Records saved before these features existed read as "nothing found".
            year_missing=bool(data.get("year_missing", False)),
            # An old record's support is its best logit (what it knew of the others).
            support=float(data.get("support", data["logit"])),
            paper_year=None if data.get("paper_year") is None else int(data["paper_year"]),
            lacking=data.get("lacking") or (wanted if data["type_missing"] else None),
        )

    def vector(self) -> tuple[float, ...]:
        """The numeric features in :data:`FEATURE_NAMES` order (the judge's weights')."""
        return tuple(float(getattr(self, name)) for name in FEATURE_NAMES)


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


def beyond_paper(question: str, paper_year: int | None) -> bool:
    """Whether ``question`` asks about a year after ``paper_year`` (None: a paper
    without a year, where only the words say it) or what happened since."""
    years = [int(y) for y in _YEAR.findall(question)]
    later = paper_year is not None and any(y > paper_year for y in years)
    return later or bool(_LATER.search(question))


def year_missing(question: str, text: str, notes: Sequence[Note] = ()) -> bool:
    """The question names a year (or decade) that neither ``text`` nor the ``notes``
    mention, while they date what they say by other years: asked for 1990 when the
    paper gives 1980 and 1986, the figure it has is not the one asked for. A passage
    that names no year at all dates nothing, and a year in the question may only name
    the event ("the crisis of 1997-98"). A decade ("the 1990s") is mentioned by any of
    its years, a year by a range that ends in it ("1989-90" mentions 1990)."""
    said = " ".join([text, *(body for _, body in notes)])
    if not _ASKED_YEAR.search(said):
        return False
    for year, decade in _ASKED_YEAR.findall(question):
        if decade:
            found = re.search(rf"(?<!\d){year[:3]}\d(?!\d)|\b{year[2:]}s\b", said)
        else:
            found = re.search(rf"(?<!\d){year}(?!\d)|\b{year[:2]}\d\d[-–/]{year[2:]}\b", said)
        if not found:
            return True
    return False


def lacking_type(
    question: str,
    text: str,
    q_terms: Sequence[str],
    tokenizer: TokenizerSettings | None = None,
    notes: Sequence[Note] = (),
    *,
    weight: Callable[[str], float] | None = None,
    near_share: float = 0.0,
    also: Sequence[str] = (),
) -> str | None:
    """The first checkable kind of answer (:data:`CHECKED`) the question wants of which
    no sentence of ``text`` near the question's terms holds one that the question does
    not already say; None when every kind it wants is there (or none is checked). A
    question asking two things ("When was the market created, and how much was issued?")
    wants both (:func:`wanted_types`).

    ``also``: sentences found to be about the question another way (the result's best
    sentence, chosen with the question's embedding as well as its terms), read too. A
    question worded without the paper's terms (a paraphrase) puts its terms in the
    wrong sentence; its meaning still finds the right one.

    A sentence is near when its weighted share of the question's terms
    (:func:`coverage` with ``weight``) is at least ``near_share`` times the best
    sentence's, and above 0 (when no sentence holds a term, every sentence counts):
    with ``near_share`` 0, any sentence holding a term; with 1, only the best. The
    figure a question asks for stands beside the thing it asks about, not anywhere in
    a paragraph that mentions a word of it.

    A note cited in a near sentence (``notes``: the offset of its marker in ``text``,
    and its body) is part of what that sentence states, so its body is read with it.
    """
    kinds = [kind for kind in wanted_types(question) if kind in CHECKED]
    if not kinds:
        return None
    spans = sentence_spans(text)
    read = []
    for s, e in spans:
        attached = [body for offset, body in notes if s <= offset <= e + 1]
        read.append((text[s:e], attached))
    scores = [coverage(q_terms, sentence, weight or _flat, tokenizer) for sentence, _ in read]
    best = max(scores, default=0.0)
    near_ones = [i for i, c in enumerate(scores) if c > 0 and c >= near_share * best]
    near_ones = near_ones or list(range(len(read)))
    for kind in kinds:
        chosen = near_ones
        # The citation after a sentence names the work it rests on: read for a question
        # asking for a work or a law, not for a date (its year dates the work), a count
        # (its page) or a person (a case's name is no judge's).
        if asks_for_work(question, kind):
            chosen = _with_citations(chosen, [sentence for sentence, _ in read])
        near = [read[i] for i in chosen]
        pieces = [sentence for sentence, _ in near] + list(also)
        pieces += [body for _, bodies in near for body in bodies]
        if not any(holds_type(p, kind, question) for p in pieces):
            return kind
    return None


def _with_citations(chosen: Sequence[int], sentences: Sequence[str]) -> list[int]:
    """``chosen`` sentence indexes with the citation sentences that follow each (a run of
    them: "... the elements clause. See Brown v. United States, ... (2019). Id., at 9."):
    the source of a proposition, where legal writing puts it."""
    kept = set(chosen)
    for i in chosen:
        j = i + 1
        while j < len(sentences) and is_citation(sentences[j]):
            kept.add(j)
            j += 1
    return sorted(kept)


def _flat(term: str) -> float:
    """Every term weighs the same (no index at hand)."""
    return 1.0


def cited_notes(passage: Passage, footnotes: Sequence[Footnote]) -> list[Note]:
    """The notes ``passage`` cites, as :data:`Note` pairs (marker offset, body); notes
    whose bodies are missing are left out."""
    bodies = {n.number: n.text for n in footnotes if not n.missing and n.text}
    return [(m.offset, bodies[m.number]) for m in passage.markers if m.number in bodies]


def support(logits: Sequence[float], n: int = 3) -> float:
    """The mean of the ``n`` best reranker logits (of as many as there are)."""
    best = sorted(logits, reverse=True)[:n]
    return sum(best) / len(best)


def features(
    question: str,
    text: str,
    logits: Sequence[float],
    q_terms: Sequence[str],
    weight: Callable[[str], float],
    tokenizer: TokenizerSettings | None,
    paper_year: int | None,
    notes: Sequence[Note] = (),
    *,
    near_share: float = 0.0,
    best_sentence: str = "",
    sure_logit: float = math.inf,
) -> Features:
    """The judge's features for ``question`` and the best passage's indexed ``text``,
    given the reranker's ``logits`` of the candidates, best first, the year of the
    passage's own paper (``paper_year``; None when its metadata has none) and the notes the
    passage cites (each: its marker's offset in ``text``, its body). ``near_share``: see
    :func:`lacking_type`;
    ``best_sentence``: the sentence the answer shows for the passage (read by the
    answer-type check with the sentences nearest the question's terms);
    ``sure_logit``: at this reranker score or above, the cross-encoder is surer than the
    rules' patterns, and neither the answer type nor the year is held missing (see
    :attr:`JudgeSettings.sure_logit`)."""
    wanted = wanted_type(question)
    doubted = logits[0] < sure_logit
    lacking = (
        lacking_type(
            question,
            text,
            q_terms,
            tokenizer,
            notes,
            weight=weight,
            near_share=near_share,
            also=(best_sentence,) if best_sentence else (),
        )
        if doubted
        else None
    )
    return Features(
        logit=logits[0],
        type_missing=lacking is not None,
        missing=1 - coverage(q_terms, text, weight, tokenizer),
        beyond=beyond_paper(question, paper_year),
        wanted=wanted,
        # Asked for the source of a claim, the year dates the claim, which the note
        # holding the source need not repeat ("whose work documents the rise of SME
        # lending up to 1990?").
        year_missing=doubted and wanted != SOURCE and year_missing(question, text, notes),
        support=support(logits),
        paper_year=paper_year,
        lacking=lacking,
    )


def sigmoid(z: float) -> float:
    """The logistic function, safe for large |z|."""
    if z >= 0:
        return 1 / (1 + math.exp(-z))
    e = math.exp(z)
    return e / (1 + e)


#: The :class:`JudgeSettings` field holding each feature's weight.
WEIGHT_SETTING: dict[str, str] = {
    "logit": "weight_logit",
    "type_missing": "weight_type",
    "missing": "weight_missing",
    "beyond": "weight_time",
    "year_missing": "weight_year",
    "support": "weight_support",
}


def weights(settings: JudgeSettings) -> tuple[float, ...]:
    """The judge's weights in :meth:`Features.vector` order."""
    return tuple(float(getattr(settings, WEIGHT_SETTING[name])) for name in FEATURE_NAMES)


def confidence(f: Features, settings: JudgeSettings) -> float:
    """The judged probability that the best passage answers the question (0 when the
    reranker finds nothing in the paper about it: a logit below ``min_logit``)."""
    if f.logit < settings.min_logit:
        return 0.0
    z = settings.bias + sum(w * x for w, x in zip(weights(settings), f.vector(), strict=True))
    return sigmoid(z)


def judge(f: Features, settings: JudgeSettings) -> Judgement:
    """Combine the features into a verdict, with the reasons that pointed to abstaining:
    only signals the judge weighs (a weight of 0 decided nothing, so it is no reason)."""
    reasons = []
    if f.logit < settings.min_logit:
        reasons.append(
            f"no passage is about it (reranker score {f.logit:.2f} below {settings.min_logit:.2f})"
        )
    if f.beyond and settings.weight_time:
        year = f" ({f.paper_year})" if f.paper_year is not None else ""
        reasons.append(f"it asks about a time after the paper{year}")
    if f.type_missing and settings.weight_type:
        reasons.append(f"the best passage states no {f.lacking or f.wanted} for it")
    if f.year_missing and settings.weight_year:
        reasons.append("the best passage does not mention the year it names")
    if f.missing >= 0.5 and settings.weight_missing:
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
    "FEATURE_NAMES",
    "WEIGHT_SETTING",
    "Features",
    "Judgement",
    "Note",
    "beyond_paper",
    "cited_notes",
    "confidence",
    "features",
    "first_stage_confidence",
    "judge",
    "lacking_type",
    "notice",
    "sigmoid",
    "support",
    "weights",
    "year_missing",
]
