"""The document model: what a parsed paper is, independent of how it was parsed.

Every parser (PDF, plain text) produces a :class:`Document`. All later stages
(passages, retrieval, references, the UI) read only this model. The classes are
frozen so a parsed paper can be shared between threads (the TUI's workers)
without copies, and they round-trip through plain JSON (``to_dict`` /
``from_dict``) so they can be stored beside an index without pickle.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

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


@dataclass(frozen=True, slots=True)
class Section:
    """A heading of the body, e.g. label ``"1A"``, title ``"The United States"``."""

    label: str
    title: str
    level: int
    """1 for top-level sections ("1", "2"), 2 for subsections ("1A", "2.1")."""
    page: int | None
    """Printed page number where the heading stands (physical page when none is printed)."""


@dataclass(frozen=True, slots=True)
class Block:
    """A paragraph, block quote or figure caption, rejoined across lines and pages."""

    id: str
    """Stable id, ``b0001`` style, in reading order."""
    kind: BlockKind
    section: str
    """Label of the section the block belongs to."""
    page: int | None
    """Page where the block starts."""
    last_page: int | None
    """Page where the block ends; equals ``page`` unless it runs over a page break."""
    text: str
    """Text with note markers removed and line-end hyphenation undone."""
    notes: tuple[NoteMarker, ...] = ()

    @property
    def note_numbers(self) -> tuple[int, ...]:
        """The numbers of the notes this block cites, in order of appearance, once each."""
        return tuple(dict.fromkeys(m.number for m in self.notes))


@dataclass(frozen=True, slots=True)
class Footnote:
    """A numbered note. ``missing`` notes have a marker in the text but no body."""

    number: int
    text: str
    page: int | None
    """Page where the note body starts (for a missing body: the page of its first marker)."""
    cited_by: tuple[str, ...] = ()
    """Ids of the blocks whose text carries this note's marker."""
    missing: bool = False


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
    """Notes sorted by number, including ``missing`` ones."""
    front_matter: tuple[Block, ...] = ()
    warnings: tuple[str, ...] = ()
    _notes_by_number: dict[int, Footnote] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        object.__setattr__(self, "_notes_by_number", {n.number: n for n in self.footnotes})

    def footnote(self, number: int) -> Footnote | None:
        """The note with this number, or None."""
        return self._notes_by_number.get(number)

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
                {"label": s.label, "title": s.title, "level": s.level, "page": s.page}
                for s in self.sections
            ],
            "blocks": [_block_to_dict(b) for b in self.blocks],
            "front_matter": [_block_to_dict(b) for b in self.front_matter],
            "footnotes": [
                {
                    "number": n.number,
                    "text": n.text,
                    "page": n.page,
                    "missing": n.missing,
                    "cited_by": list(n.cited_by),
                }
                for n in self.footnotes
            ],
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
                Section(s["label"], s["title"], s["level"], s["page"]) for s in data["sections"]
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
                )
                for n in data["footnotes"]
            ),
            warnings=tuple(data.get("warnings", ())),
        )


def _block_to_dict(block: Block) -> dict[str, Any]:
    return {
        "id": block.id,
        "kind": block.kind,
        "section": block.section,
        "page": block.page,
        "last_page": block.last_page,
        "text": block.text,
        "notes": list(block.note_numbers),
        "markers": [[m.number, m.offset] for m in block.notes],
    }


def _block_from_dict(data: dict[str, Any]) -> Block:
    return Block(
        id=data["id"],
        kind=data["kind"],
        section=data["section"],
        page=data["page"],
        last_page=data["last_page"],
        text=data["text"],
        notes=tuple(NoteMarker(n, o) for n, o in data["markers"]),
    )
