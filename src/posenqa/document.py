"""The document model: what a parsed paper is, independent of how it was parsed.

Every parser (PDF, plain text) produces a :class:`Document`. All later stages
(passages, retrieval, references, the UI) read only this model. The classes are
frozen so a parsed paper can be shared between threads (the TUI's workers)
without copies, and they round-trip through plain JSON (``to_dict`` /
``from_dict``) so they can be stored beside an index without pickle.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Literal

#: A printed page label: an ``int`` when the page prints an arabic number (the
#: usual case, so labels sort and compare as numbers), a ``str`` for any other
#: label ("ii" in roman front matter, "A-3" in an appendix). Physical page
#: numbers live beside it in ``page_index`` fields.
PageLabel = int | str

#: The sequence of a paper with a single run of note numbers (and the main run
#: of a paper with several).
MAIN_SEQUENCE = ""

BlockKind = Literal["paragraph", "quote", "caption"]
BLOCK_KINDS: tuple[str, ...] = ("paragraph", "quote", "caption")

#: Label of the pseudo-section holding the title page, acknowledgements and
#: other matter before the body. Its blocks live in ``Document.front_matter``.
FRONT_MATTER = "front"
#: Label of the untitled opening section before the first numbered heading.
INTRODUCTION = "intro"


@dataclass(frozen=True, slots=True)
class NoteMarker:
    """A note marker found in a block's text.

    ``offset`` is the character offset in ``Block.text`` (which has the marker
    removed) where the marker stood, i.e. just after the word or punctuation
    it was attached to. Display code re-inserts ``[n]`` or a superscript there.
    """

    number: int
    offset: int
    sequence: str = MAIN_SEQUENCE
    """The note sequence the marker belongs to (see :attr:`Footnote.sequence`)."""

    @property
    def key(self) -> tuple[str, int]:
        """``(sequence, number)``: the note this marker points to."""
        return (self.sequence, self.number)


@dataclass(frozen=True, slots=True)
class Section:
    """A heading of the body, e.g. label ``"1A"``, title ``"The United States"``."""

    label: str
    title: str
    level: int
    """1 for top-level sections ("1", "2"), 2 for subsections ("1A", "2.1")."""
    page: PageLabel | None
    """Printed page label where the heading stands (see :data:`PageLabel`)."""
    page_index: int | None = None
    """Physical page (from 1) where the heading stands."""


@dataclass(frozen=True, slots=True)
class Block:
    """A paragraph, block quote or figure caption, rejoined across lines and pages."""

    id: str
    """Stable id, ``b0001`` style, in reading order."""
    kind: BlockKind
    section: str
    """Label of the section the block belongs to."""
    page: PageLabel | None
    """Printed page label where the block starts."""
    last_page: PageLabel | None
    """Printed page label where the block ends; equals ``page`` unless it runs over a break."""
    text: str
    """Text with note markers removed and line-end hyphenation undone."""
    notes: tuple[NoteMarker, ...] = ()
    page_index: int | None = None
    """Physical page (from 1) where the block starts."""
    last_page_index: int | None = None
    """Physical page (from 1) where the block ends."""

    @property
    def note_numbers(self) -> tuple[int, ...]:
        """The numbers of the notes this block cites, in order of appearance, once each.

        In a paper with several note sequences use :attr:`note_keys`: numbers
        alone do not say which sequence they belong to.
        """
        return tuple(dict.fromkeys(m.number for m in self.notes))

    @property
    def note_keys(self) -> tuple[tuple[str, int], ...]:
        """``(sequence, number)`` of the notes this block cites, in order, once each."""
        return tuple(dict.fromkeys(m.key for m in self.notes))


@dataclass(frozen=True, slots=True)
class Footnote:
    """A numbered note. ``missing`` notes have a marker in the text but no body."""

    number: int
    text: str
    page: PageLabel | None
    """Printed page label where the note body starts (for a missing body: of its first marker)."""
    cited_by: tuple[str, ...] = ()
    """Ids of the blocks whose text carries this note's marker."""
    missing: bool = False
    sequence: str = MAIN_SEQUENCE
    """Which run of note numbers the note belongs to: ``""`` for a paper's single (or
    main) sequence, otherwise a short slug naming the part whose numbering
    restarts, e.g. ``"court"``, ``"thomas-concurring"``, ``"appendix-a"``."""
    page_index: int | None = None
    """Physical page (from 1) where the note body starts."""

    @property
    def key(self) -> tuple[str, int]:
        """``(sequence, number)``: unique within a document."""
        return (self.sequence, self.number)

    @property
    def ref(self) -> str:
        """How a user names the note: ``"8"``, or ``"sotomayor-dissenting:3"`` in a sequence."""
        return note_ref(self.sequence, self.number)


@dataclass(frozen=True, slots=True)
class Document:
    """A parsed paper."""

    title: str
    author: str
    year: int | None
    source: str
    """File name the document was parsed from."""
    sha256: str
    """Checksum of the source file's bytes: the key for index staleness."""
    pages: int
    sections: tuple[Section, ...]
    blocks: tuple[Block, ...]
    """Body blocks in reading order (front matter excluded)."""
    footnotes: tuple[Footnote, ...]
    """Notes in document order of their sequences, each sequence sorted by number,
    including ``missing`` ones."""
    front_matter: tuple[Block, ...] = ()
    warnings: tuple[str, ...] = ()
    _notes_by_key: dict[tuple[str, int], Footnote] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )
    _notes_by_number: dict[int, Footnote] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        object.__setattr__(self, "_notes_by_key", {n.key: n for n in self.footnotes})
        by_number: dict[int, Footnote] = {}
        for note in self.footnotes:
            # Number-only lookup: the main sequence wins, else the first part
            # holding that number (what a single-sequence paper always meant).
            if note.number not in by_number or note.sequence == MAIN_SEQUENCE:
                by_number[note.number] = note
        object.__setattr__(self, "_notes_by_number", by_number)

    def footnote(self, number: int, sequence: str | None = None) -> Footnote | None:
        """The note with this number (in ``sequence`` when given), or None.

        Without ``sequence`` the main sequence's note is returned, or in a paper
        whose every part restarts its numbering, the first part's; name the
        sequence whenever :attr:`sequences` holds more than one.
        """
        if sequence is None:
            return self._notes_by_number.get(number)
        return self._notes_by_key.get((sequence, number))

    def footnotes_numbered(self, numbers: Iterable[int]) -> tuple[Footnote, ...]:
        """The notes of ``numbers`` (as :meth:`footnote` finds each) that the paper has,
        in that order: the notes a passage cites."""
        return tuple(n for n in map(self.footnote, numbers) if n is not None)

    def note_by_ref(self, ref: str) -> Footnote | None:
        """The note a user named as ``"8"`` or ``"dissent:3"`` (see :func:`parse_note_ref`).

        A sequence may be named by any unambiguous prefix of one of its
        hyphen-separated words ("sotomayor", "dissenting", "appendix-a").
        """
        parsed = parse_note_ref(ref)
        if parsed is None:
            return None
        sequence, number = parsed
        if sequence is None:
            return self.footnote(number)
        matches = [s for s in self.sequences if _names_sequence(sequence, s)]
        if len(matches) != 1:
            return None
        return self.footnote(number, matches[0])

    @property
    def sequences(self) -> tuple[str, ...]:
        """The note sequences in document order (``("",)`` for a single-sequence paper)."""
        return tuple(dict.fromkeys(n.sequence for n in self.footnotes))

    def section(self, label: str) -> Section | None:
        """The section with this label, or None."""
        return next((s for s in self.sections if s.label == label), None)

    def block(self, block_id: str) -> Block | None:
        """The body or front-matter block with this id, or None."""
        return next((b for b in (*self.blocks, *self.front_matter) if b.id == block_id), None)

    @property
    def missing_notes(self) -> tuple[int, ...]:
        """Numbers of notes cited in the text whose bodies were not found."""
        return tuple(n.number for n in self.footnotes if n.missing)

    @property
    def missing_note_refs(self) -> tuple[str, ...]:
        """Like :attr:`missing_notes`, each named with its sequence (``"dissent:3"``)."""
        return tuple(n.ref for n in self.footnotes if n.missing)

    def to_dict(self) -> dict[str, Any]:
        """The whole model as JSON-ready data (the shape ``posenqa parse --json`` prints)."""
        return {
            "title": self.title,
            "author": self.author,
            "year": self.year,
            "source": self.source,
            "sha256": self.sha256,
            "pages": self.pages,
            "sections": [
                {
                    "label": s.label,
                    "title": s.title,
                    "level": s.level,
                    "page": s.page,
                    "page_index": s.page_index,
                }
                for s in self.sections
            ],
            "blocks": [_block_to_dict(b) for b in self.blocks],
            "front_matter": [_block_to_dict(b) for b in self.front_matter],
            "footnotes": [_note_to_dict(n) for n in self.footnotes],
            "warnings": list(self.warnings),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Document:
        """Rebuild a document from :meth:`to_dict` output."""
        return cls(
            title=data["title"],
            author=data["author"],
            year=data["year"],
            source=data["source"],
            sha256=data["sha256"],
            pages=data["pages"],
            sections=tuple(
                Section(s["label"], s["title"], s["level"], s["page"], s.get("page_index"))
                for s in data["sections"]
            ),
            blocks=tuple(_block_from_dict(b) for b in data["blocks"]),
            front_matter=tuple(_block_from_dict(b) for b in data.get("front_matter", [])),
            footnotes=tuple(
                Footnote(
                    number=n["number"],
                    text=n["text"],
                    page=n["page"],
                    cited_by=tuple(n.get("cited_by", ())),
                    missing=n["missing"],
                    sequence=n.get("sequence", MAIN_SEQUENCE),
                    page_index=n.get("page_index"),
                )
                for n in data["footnotes"]
            ),
            warnings=tuple(data.get("warnings", ())),
        )


# The sequence appears in JSON only where it is not the main one, so a
# single-sequence paper's output keeps its shape.


def _note_to_dict(note: Footnote) -> dict[str, Any]:
    out: dict[str, Any] = {"number": note.number}
    if note.sequence != MAIN_SEQUENCE:
        out["sequence"] = note.sequence
    out.update(
        text=note.text,
        page=note.page,
        page_index=note.page_index,
        missing=note.missing,
        cited_by=list(note.cited_by),
    )
    return out


def _marker_to_list(marker: NoteMarker) -> list[Any]:
    if marker.sequence == MAIN_SEQUENCE:
        return [marker.number, marker.offset]
    return [marker.number, marker.offset, marker.sequence]


def _block_to_dict(block: Block) -> dict[str, Any]:
    return {
        "id": block.id,
        "kind": block.kind,
        "section": block.section,
        "page": block.page,
        "last_page": block.last_page,
        "page_index": block.page_index,
        "last_page_index": block.last_page_index,
        "text": block.text,
        "notes": list(block.note_numbers),
        "markers": [_marker_to_list(m) for m in block.notes],
    }


def _block_from_dict(data: dict[str, Any]) -> Block:
    return Block(
        id=data["id"],
        kind=data["kind"],
        section=data["section"],
        page=data["page"],
        last_page=data["last_page"],
        text=data["text"],
        notes=tuple(NoteMarker(*m) for m in data["markers"]),
        page_index=data.get("page_index"),
        last_page_index=data.get("last_page_index"),
    )


# ------------------------------------------------------------- note names

_NOTE_REF = re.compile(r"^\s*(?:(?P<seq>[A-Za-z][\w.-]*)\s*:\s*)?(?P<num>\d{1,5})\s*$")


def note_ref(sequence: str, number: int) -> str:
    """The name of a note a user types: ``"8"`` or ``"sotomayor-dissenting:3"``."""
    return f"{sequence}:{number}" if sequence else str(number)


def parse_note_ref(text: str) -> tuple[str | None, int] | None:
    """Read ``"8"`` as ``(None, 8)`` and ``"dissent:3"`` as ``("dissent", 3)``; None if neither."""
    match = _NOTE_REF.match(text)
    if not match:
        return None
    sequence = match.group("seq")
    return (sequence.lower() if sequence else None), int(match.group("num"))


def _names_sequence(name: str, sequence: str) -> bool:
    """Whether a user's ``name`` picks ``sequence``: the slug itself or a prefix of its words."""
    name = name.lower()
    if name == sequence:
        return True
    words = sequence.split("-")
    return any("-".join(words[i:]).startswith(name) for i in range(len(words)))
