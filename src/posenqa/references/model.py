"""The reference model: what a note cites, and where a work is cited.

Everything here is a frozen value, so the TUI's workers can share results.
``Reference.to_dict`` gives the JSON shape ``posenqa cite --json`` prints.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

#: The kinds of work a reference can name.
KINDS: tuple[str, ...] = (
    "book",
    "chapter",
    "article",
    "report",
    "mimeo",
    "web",
    "case",
    "statute",
    "unknown",
)

#: How a reference was written in its note.
FORMS: tuple[str, ...] = ("full", "short", "author-year", "ibid", "id", "supra", "body")


@dataclass(frozen=True, slots=True)
class Reference:
    """One work cited at one place: a full reference, or a short form resolved to one."""

    authors: tuple[str, ...]
    """Names as printed ("Benjamin Friedman"); surnames only for unresolved short forms."""
    title: str | None
    container: str | None
    """The edited volume of a chapter, the journal of an article, the series of a report."""
    editors: tuple[str, ...]
    publisher: str | None
    place: str | None
    year: int | None
    pages: str | None
    """The pages this citation points to ("7-8", "182"), not the work's page range."""
    url: str | None
    kind: str
    """One of :data:`KINDS`."""
    key: str
    """Stable BibTeX-style key, shared by every citation of the same work."""
    note: int
    """Number of the note the reference was found in (for body forms: the nearest marker)."""
    span: tuple[int, int]
    """Character span in the note text (for body forms: in the block text)."""
    resolved_from: int | None
    """For a resolved short form: the note holding the full reference."""
    unresolved: bool
    """A short form with no full reference (or several: see ``ambiguous``)."""
    ambiguous: bool = False
    volume: str | None = None
    form: str = "full"
    """One of :data:`FORMS`."""
    edition: str | None = None
    """As printed: "Third Edition", "2nd ed."."""
    court: str | None = None
    """A case's court as printed in its year parenthetical ("Pa.", "8th Cir.")."""
    first_page: str | None = None
    """A case's first page in its reporter (``pages`` is the pinpoint); a Stat. page."""
    section: str | None = None
    """A statute's section ("360k" of 21 U.S.C.)."""
    parallel: str | None = None
    """A parallel citation of the same statute ("76 Stat. 780")."""
    printed: str | None = None
    """A source no resolver parses, as the paper prints it (see references.printed);
    its authors and title are then unknown."""
    number: str | None = None
    """A report's number as its issuer gives it ("CRS Report R45825", "GAO-04-38")."""

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape of one reference."""
        return {
            "authors": list(self.authors),
            "title": self.title,
            "container": self.container,
            "editors": list(self.editors),
            "publisher": self.publisher,
            "place": self.place,
            "year": self.year,
            "pages": self.pages,
            "url": self.url,
            "volume": self.volume,
            "edition": self.edition,
            "court": self.court,
            "first_page": self.first_page,
            "section": self.section,
            "parallel": self.parallel,
            "printed": self.printed,
            "number": self.number,
            "kind": self.kind,
            "key": self.key,
            "note": self.note,
            "span": list(self.span),
            "form": self.form,
            "resolved_from": self.resolved_from,
            "unresolved": self.unresolved,
            "ambiguous": self.ambiguous,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Reference:
        """The inverse of :meth:`to_dict`."""
        fields = dict(data)
        fields["authors"] = tuple(fields["authors"])
        fields["editors"] = tuple(fields["editors"])
        fields["span"] = tuple(fields["span"])
        return cls(**fields)


@dataclass(frozen=True, slots=True)
class Citation:
    """One place where a work is cited: a note, and the body sentence carrying its marker;
    or a sentence of the body text that cites the work itself (a court opinion's way)."""

    note: int | None
    """The note; None for a citation in the body text itself (see ``block``)."""
    page: int | None
    """Page of the body block citing the note (the note's own page when no block cites it)."""
    section: str | None
    """Label of the section of the block citing the note."""
    sentence: str | None
    """The body sentence carrying the note marker, or the sentence naming the author."""
    sequence: str = ""
    """The note's sequence ("" for a paper with a single run of note numbers)."""
    block: str | None = None
    """For a citation in the body text itself: the id of its block."""

    @property
    def note_ref(self) -> str:
        """How a user names the note: "8", or "dissent:3" in a sequence ("text" for none)."""
        if self.note is None:
            return "text"
        return f"{self.sequence}:{self.note}" if self.sequence else str(self.note)

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape of one citation."""
        return {
            "note": self.note,
            "sequence": self.sequence,
            "page": self.page,
            "section": self.section,
            "sentence": self.sentence,
            "block": self.block,
        }


@dataclass(frozen=True, slots=True)
class Work:
    """A distinct work cited in the paper, with every place it is cited."""

    key: str
    reference: Reference
    """The full reference (pinpoint pages dropped), or the best unresolved form."""
    cited_in: tuple[Citation, ...]

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape of one entry of ``posenqa cite --list --json``."""
        return {
            "key": self.key,
            "reference": self.reference.to_dict(),
            "cited_in": [c.to_dict() for c in self.cited_in],
        }


@dataclass(frozen=True, slots=True)
class Passage:
    """Where a text was found: a body block or a note."""

    section: str | None
    page: int | None
    text: str
    block: str | None = None
    """Block id, or None for a note."""
    note: int | None = None
    score: float = 1.0
    """For a closest match: the share of the quotation's words found in order."""

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape of a passage."""
        return {
            "section": self.section,
            "page": self.page,
            "text": self.text,
            "block": self.block,
            "note": self.note,
        }


@dataclass(frozen=True, slots=True)
class QuoteMatch:
    """The answer to "is this quotation in the paper?"."""

    found: bool
    section: str | None
    page: int | None
    text: str | None
    """The passage (block or note text) holding the quotation, when found."""
    closest: Passage | None
    """When not found: the passage that comes nearest, or None."""
    block: str | None = None
    note: int | None = None

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape of ``posenqa cite --quote --json``."""
        closest = None
        if self.closest is not None:
            closest = {
                "section": self.closest.section,
                "page": self.closest.page,
                "text": self.closest.text,
            }
        return {
            "found": self.found,
            "section": self.section,
            "page": self.page,
            "text": self.text,
            "block": self.block,
            "note": self.note,
            "closest": closest,
        }
