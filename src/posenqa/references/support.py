"""A claim or topic -> the notes (and the works they cite) that support it.

Runs a retrieval question through an engine (anything with ``document`` and
``ask(query, k=, mode=)`` — :class:`posenqa.answer.Engine`) and turns its hits
into notes: a note hit stands for itself; a body hit stands for the notes it
cites, those marked in its best sentence first. Each note comes with the
claim sentence carrying its marker and its resolved references. Body hits
citing no note are kept as passages, citable as the paper itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from posenqa.document import Document
from posenqa.references.cache import SavedReferences
from posenqa.references.model import Citation, Reference
from posenqa.references.works import note_citations, note_references


class _Engine(Protocol):
    document: Document
    references: SavedReferences | None

    def ask(
        self, question: str, *, k: int = ..., mode: str = ..., rerank: bool | None = ...
    ) -> Any: ...


@dataclass(frozen=True, slots=True)
class SupportingNote:
    """A note that supports the query, with the claim it is attached to."""

    number: int
    text: str
    page: int | None
    citations: tuple[Citation, ...]
    """Where the note is cited; ``citations[0].sentence`` is the claim."""
    references: tuple[Reference, ...]
    rank: int
    """Rank of the hit that brought the note in (1 = best)."""

    @property
    def claim(self) -> str | None:
        """The body sentence carrying the note's marker."""
        return next((c.sentence for c in self.citations if c.sentence), None)


@dataclass(frozen=True, slots=True)
class SupportingPassage:
    """A body passage that matched but cites no note: cite the paper itself."""

    id: str
    section: str
    page: int | None
    text: str
    sentence: str
    rank: int


@dataclass(frozen=True, slots=True)
class Support:
    """What ``posenqa cite QUERY`` shows."""

    query: str
    mode: str
    notes: tuple[SupportingNote, ...]
    passages: tuple[SupportingPassage, ...]
    supported: bool = True
    """The engine's judgement (the one ``ask`` abstains by): False when nothing in the
    paper seems to support the query; the notes and passages are then only the nearest."""
    confidence: float = 0.0
    threshold: float = 0.0
    reasons: tuple[str, ...] = ()


def _has_text(doc: Document, number: int) -> bool:
    note = doc.footnote(number)
    return note is not None and not note.missing


def support_for(
    engine: _Engine, query: str, *, k: int = 5, mode: str = "hybrid", rerank: bool | None = None
) -> Support:
    """The notes supporting ``query``, in the order their hits ranked."""
    answer = engine.ask(query, k=k, mode=mode, rerank=rerank)
    doc = engine.document
    refs = note_references(doc, engine.references)
    numbers: list[tuple[int, int]] = []
    passages: list[SupportingPassage] = []
    for hit in answer.hits:
        passage = hit.passage
        if passage.kind == "footnote" and passage.number is not None:
            numbers.append((passage.number, hit.rank))
            continue
        # A note whose text is missing supports nothing a writer can cite.
        cited = [n for n in passage.notes if _has_text(doc, n)]
        if not cited:
            passages.append(
                SupportingPassage(
                    passage.id,
                    passage.section,
                    passage.page,
                    passage.text,
                    hit.best_sentence,
                    hit.rank,
                )
            )
            continue
        start, end = hit.best_span
        in_claim = [m.number for m in passage.markers if start < m.offset <= end + 1]
        ordered = list(dict.fromkeys([*in_claim, *cited]))
        numbers += [(n, hit.rank) for n in ordered]
    notes: list[SupportingNote] = []
    seen: set[int] = set()
    for number, rank in numbers:
        note = doc.footnote(number)
        if note is None or note.missing or number in seen:
            continue
        seen.add(number)
        notes.append(
            SupportingNote(
                number=number,
                text=note.text,
                page=note.page,
                citations=note_citations(doc, number),
                references=refs.get(number, ()),
                rank=rank,
            )
        )
    return Support(
        answer.question,
        answer.mode,
        tuple(notes),
        tuple(passages),
        supported=not answer.abstained,
        confidence=answer.confidence,
        threshold=answer.threshold,
        reasons=tuple(answer.reasons),
    )


__all__ = ["Support", "SupportingNote", "SupportingPassage", "support_for"]
