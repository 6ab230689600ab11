"""Document -> passages: the units that are indexed, ranked and shown.

Body blocks are cut at sentence boundaries (never inside a sentence): a long
paragraph becomes overlapping windows of whole sentences, a very short block
joins a neighbour of the same kind in the same section. Each note body is a
passage of its own (kind ``"footnote"``); notes whose bodies are missing are
not. Passage text has the note markers removed; their positions are kept for
display. ``index_text`` is what BM25 and the embedder see: the text, plus
(as settings choose) the sentence citing a note or the notes a passage cites.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from posenqa.document import FRONT_MATTER, INTRODUCTION, Block, Document, Footnote, NoteMarker
from posenqa.sentences import split_spans
from posenqa.settings import PassageSettings

PASSAGE = "passage"
FOOTNOTE = "footnote"
_JOINER = "\n\n"
_FALLBACK_TITLES = {FRONT_MATTER: "Front matter", INTRODUCTION: "Introduction"}


@dataclass(frozen=True, slots=True)
class Passage:
    """A unit of retrieval: part of a paragraph, a few short blocks, or a note body."""

    id: str
    """Stable for a given document and settings: ``p0001`` for text, ``n007`` for note 7."""
    kind: str
    """``"passage"`` or ``"footnote"``."""
    section: str
    section_title: str
    page: int | None
    last_page: int | None
    text: str
    """Text with note markers removed."""
    markers: tuple[NoteMarker, ...]
    """Note markers, offsets into ``text``."""
    notes: tuple[int, ...]
    """Numbers of the notes this passage cites, in order, once each (empty for footnotes)."""
    number: int | None
    """The note number for kind ``"footnote"``, else None."""
    block_ids: tuple[str, ...]
    """Blocks the text comes from (empty for footnotes)."""
    index_text: str = ""
    """What is indexed: ``text`` plus optional context; empty means ``text``."""

    @property
    def searchable(self) -> str:
        """The text BM25 and the embedder index."""
        return self.index_text or self.text

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready data (one line of ``passages.jsonl``)."""
        return {
            "id": self.id,
            "kind": self.kind,
            "section": self.section,
            "section_title": self.section_title,
            "page": self.page,
            "last_page": self.last_page,
            "text": self.text,
            "markers": [[m.number, m.offset] for m in self.markers],
            "notes": list(self.notes),
            "number": self.number,
            "block_ids": list(self.block_ids),
            "index_text": self.index_text,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Passage:
        """Rebuild a passage from :meth:`to_dict` output."""
        return cls(
            id=data["id"],
            kind=data["kind"],
            section=data["section"],
            section_title=data["section_title"],
            page=data["page"],
            last_page=data["last_page"],
            text=data["text"],
            markers=tuple(NoteMarker(n, o) for n, o in data["markers"]),
            notes=tuple(data["notes"]),
            number=data["number"],
            block_ids=tuple(data["block_ids"]),
            index_text=data.get("index_text", ""),
        )


def make_passages(doc: Document, settings: PassageSettings | None = None) -> list[Passage]:
    """Cut a document into passages: body passages in reading order, then note passages."""
    settings = settings or PassageSettings()
    blocks: list[Block] = list(doc.front_matter) if settings.include_front_matter else []
    blocks += list(doc.blocks)
    pieces: list[_Piece] = []
    for group in _group_blocks(blocks, settings):
        if len(group) == 1:
            pieces.extend(_windows(group[0], settings))
        else:
            pieces.append(_join(group))

    passages: list[Passage] = []
    for i, piece in enumerate(pieces, start=1):
        notes = tuple(dict.fromkeys(m.number for m in piece.markers))
        index_text = ""
        if settings.notes_in_body:
            bodies = [n.text for n in doc.footnotes_numbered(notes) if n.text]
            index_text = _JOINER.join([piece.text, *bodies]) if bodies else ""
        passages.append(
            Passage(
                id=f"p{i:04d}",
                kind=PASSAGE,
                section=piece.section,
                section_title=_section_title(doc, piece.section),
                page=piece.page,
                last_page=piece.last_page,
                text=piece.text,
                markers=piece.markers,
                notes=notes,
                number=None,
                block_ids=piece.block_ids,
                index_text=index_text,
            )
        )
    passages.extend(_note_passages(doc, settings))
    return passages


def word_count(text: str) -> int:
    """Number of white-space separated words."""
    return len(text.split())


@dataclass(frozen=True, slots=True)
class _Piece:
    section: str
    page: int | None
    last_page: int | None
    text: str
    markers: tuple[NoteMarker, ...]
    block_ids: tuple[str, ...]


def _group_blocks(blocks: Iterable[Block], settings: PassageSettings) -> list[list[Block]]:
    """Consecutive blocks, with short ones joined to a neighbour of the same section and kind."""
    groups: list[list[Block]] = []
    for block in blocks:
        if not block.text.strip():
            continue
        last = groups[-1] if groups else None
        if last is not None and _joinable(last[-1], block):
            size = sum(word_count(b.text) for b in last)
            short = size < settings.min_words or word_count(block.text) < settings.min_words
            # A quotation introduced by a colon belongs with the sentence introducing it.
            introduced = block.kind == "quote" and last[-1].text.rstrip().endswith(":")
            if (short or introduced) and size + word_count(block.text) <= settings.max_words:
                last.append(block)
                continue
        groups.append([block])
    return groups


def _joinable(before: Block, after: Block) -> bool:
    """Paragraphs and quotes of one section may join; captions join only captions."""
    if before.section != after.section:
        return False
    return (before.kind == "caption") == (after.kind == "caption")


def _join(group: Sequence[Block]) -> _Piece:
    texts: list[str] = []
    markers: list[NoteMarker] = []
    offset = 0
    for block in group:
        text = block.text.strip()
        lead = len(block.text) - len(block.text.lstrip())
        markers += [
            NoteMarker(m.number, offset + min(max(m.offset - lead, 0), len(text)))
            for m in block.notes
        ]
        texts.append(text)
        offset += len(text) + len(_JOINER)
    return _Piece(
        section=group[0].section,
        page=group[0].page,
        last_page=group[-1].last_page,
        text=_JOINER.join(texts),
        markers=tuple(markers),
        block_ids=tuple(b.id for b in group),
    )


def _windows(block: Block, settings: PassageSettings) -> list[_Piece]:
    """One piece for a block that fits, else overlapping windows of whole sentences."""
    spans = split_spans(block.text)
    if not spans:
        return []
    words = [word_count(block.text[s:e]) for s, e in spans]
    ranges: list[tuple[int, int]] = []
    start = 0
    while True:
        end = start + 1  # a window holds at least one sentence, however long
        total = words[start]
        while end < len(spans) and total + words[end] <= settings.max_words:
            total += words[end]
            end += 1
        ranges.append((start, end))
        if end >= len(spans):
            break
        start = max(end - settings.overlap_sentences, start + 1)
    pieces = []
    for first, last in ranges:
        lo, hi = spans[first][0], spans[last - 1][1]
        pieces.append(
            _Piece(
                section=block.section,
                page=block.page,
                last_page=block.last_page,
                text=block.text[lo:hi],
                markers=tuple(
                    NoteMarker(m.number, m.offset - lo) for m in block.notes if lo <= m.offset <= hi
                ),
                block_ids=(block.id,),
            )
        )
    return pieces


def _note_passages(doc: Document, settings: PassageSettings) -> list[Passage]:
    blocks = {b.id: b for b in (*doc.front_matter, *doc.blocks)}
    passages = []
    for note in doc.footnotes:
        if note.missing or not note.text.strip():
            continue
        citing = [blocks[i] for i in note.cited_by if i in blocks]
        section = citing[0].section if citing else _section_at(doc, note)
        context = (
            [_citing_sentence(b, note.number) for b in citing] if settings.note_context else []
        )
        context = [c for c in dict.fromkeys(context) if c]
        passages.append(
            Passage(
                # Ids stay unique when numbering restarts (court opinions, appendices).
                id=f"n{note.number:03d}"
                if not note.sequence
                else f"n-{note.sequence}-{note.number:03d}",
                kind=FOOTNOTE,
                section=section,
                section_title=_section_title(doc, section),
                page=note.page,
                last_page=note.page,
                text=note.text,
                markers=(),
                notes=(),
                number=note.number,
                block_ids=(),
                index_text=_JOINER.join([note.text, *context]) if context else "",
            )
        )
    return passages


def _citing_sentence(block: Block, number: int) -> str:
    """The sentence of ``block`` that carries the marker of note ``number``."""
    offsets = [m.offset for m in block.notes if m.number == number]
    if not offsets:
        return ""
    for start, end in split_spans(block.text):
        # A marker sits just after the sentence's last character (or inside it).
        if start <= offsets[0] <= end:
            return block.text[start:end]
    return ""


def _section_at(doc: Document, note: Footnote) -> str:
    """The last section starting on or before the page of ``note`` (one no block cites)."""
    label = doc.sections[0].label if doc.sections else INTRODUCTION
    # Physical pages when known: printed labels restart per opinion and may be roman.
    by_index = note.page_index is not None and all(s.page_index is not None for s in doc.sections)
    where = note.page_index if by_index else note.page
    if not isinstance(where, int):
        return label
    for section in doc.sections:
        start = section.page_index if by_index else section.page
        if isinstance(start, int) and start <= where:
            label = section.label
    return label


def _section_title(doc: Document, label: str) -> str:
    section = doc.section(label)
    if section is not None and section.title:
        return section.title
    return _FALLBACK_TITLES.get(label, "")


__all__ = ["FOOTNOTE", "PASSAGE", "Passage", "make_passages", "word_count"]
