"""Stage 5, explain: turn the chosen passages into hits a reader can use, and the answer.

Each hit gets its best sentence, the notes it cites in full, the passages that
cite it (for a note), its first-stage or reranker score and, when the reranker
read it, the calibrated probability that it answers.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from posenqa.document import Document, Footnote
from posenqa.passages import Passage
from posenqa.pipeline.judge import Features
from posenqa.pipeline.modes import label


@dataclass(frozen=True, slots=True)
class Hit:
    """One ranked passage with what is needed to show it."""

    rank: int
    score: float
    """What the hit was ranked by. Reranked (``relevance`` set): the cross-encoder's logit,
    for the first few the mean of it and their best window's logit, for a note moved ahead
    of the passage citing it that passage's (``placed_before``); with ``rerank.method``
    ``interp`` or ``rrf``, their mix. Else the first-stage score."""
    passage: Passage
    best_sentence: str
    footnotes: tuple[Footnote, ...]
    """The notes the passage cites, full text (missing ones flagged); empty for a note hit."""
    cited_by: tuple[str, ...]
    """For a note hit: ids of the passages citing the note."""
    best_span: tuple[int, int] = (0, 0)
    """Character span of ``best_sentence`` in the passage text."""
    dense_score: float | None = None
    """Cosine similarity with the question, when the dense ranking was computed."""
    relevance: float | None = None
    """Probability (0..1) that the passage answers, calibrated on the gold dev half from the
    ``score`` it was ranked by (:func:`posenqa.pipeline.rerank.relevance`), so it never
    rises down the list; the same meaning in every mode. None when the reranker did not
    read it."""
    placed_before: str | None = None
    """For a note put just ahead of the passage citing it (a question asking for a source,
    :func:`posenqa.pipeline.rerank.notes_before_citers`): that passage's id, whose score
    and relevance the note shows. None for every other hit."""

    def to_dict(self) -> dict[str, Any]:
        """One element of ``results`` in ``ask --json``."""
        p = self.passage
        return {
            "rank": self.rank,
            "score": round(self.score, 6),
            "relevance": None if self.relevance is None else round(self.relevance, 4),
            "placed_before": self.placed_before,
            "kind": p.kind,
            "number": p.number,
            "section": p.section,
            "section_title": p.section_title,
            "page": p.page,
            "last_page": p.last_page,
            "id": p.id,
            "text": p.text,
            "best_sentence": self.best_sentence,
            "notes": list(p.notes),
            "footnotes": [
                {"number": n.number, "text": n.text, "missing": n.missing} for n in self.footnotes
            ],
            "cited_by": list(self.cited_by),
        }


@dataclass(frozen=True, slots=True)
class Answer:
    """The ranked passages for a question, or an abstention that still lists them."""

    question: str
    mode: str
    abstained: bool
    confidence: float
    """Higher is more confident. Reranked: the judge's probability that the best passage
    answers. Else the top cosine (dense), the share of question terms found in the top
    passage (bm25), or the mean of the two (hybrid)."""
    hits: tuple[Hit, ...]
    reranked: bool = False
    """Whether the cross-encoder reordered the hits."""
    threshold: float = 0.0
    """The abstention threshold ``confidence`` was compared with (it depends on the mode)."""
    reasons: tuple[str, ...] = ()
    """Why the paper may not answer, in words (reranked answers; may be empty)."""
    judged: Features | None = None
    """What the judge read (reranked answers): kept in run records to calibrate it."""

    @property
    def label(self) -> str:
        """How the answer was ranked: ``hybrid+rerank``, ``bm25``..."""
        return label(self.mode, self.reranked)

    def to_dict(self) -> dict[str, Any]:
        """The ``ask --json`` shape."""
        return {
            "question": self.question,
            "mode": self.mode,
            "reranked": self.reranked,
            "abstained": self.abstained,
            "confidence": round(self.confidence, 6),
            "threshold": round(self.threshold, 6),
            "reasons": list(self.reasons),
            "judge": None if self.judged is None else self.judged.to_dict(),
            "results": [h.to_dict() for h in self.hits],
        }


def make_hits(
    passages: Sequence[Passage],
    scores: Sequence[float],
    spans: Sequence[tuple[int, int]],
    document: Document,
    cited_by: Mapping[int, tuple[str, ...]],
    cosines: Mapping[str, float],
    relevances: Sequence[float | None],
    placed_before: Sequence[str | None] | None = None,
) -> list[Hit]:
    """One hit per passage, ranked from 1 in the given order."""
    hits = []
    placed = placed_before if placed_before is not None else [None] * len(passages)
    for rank, (p, score, span, rel, before) in enumerate(
        zip(passages, scores, spans, relevances, placed, strict=True), start=1
    ):
        footnotes = document.footnotes_numbered(p.notes)
        citing = cited_by.get(p.number, ()) if p.number is not None else ()
        hits.append(
            Hit(
                rank=rank,
                score=float(score),
                passage=p,
                best_sentence=p.text[span[0] : span[1]],
                footnotes=footnotes,
                cited_by=tuple(citing),
                best_span=span,
                dense_score=cosines.get(p.id),
                relevance=rel,
                placed_before=before,
            )
        )
    return hits


__all__ = ["Answer", "Hit", "make_hits"]
