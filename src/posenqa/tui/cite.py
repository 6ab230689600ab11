"""What the TUI's copy keys put on the clipboard: pure functions over the references API.

``refs`` is the ``posenqa.references`` module (or anything with the same
functions): passing it in keeps these functions free of imports and lets the
app be built around another citation backend.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from posenqa.textsafe import terminal_safe

#: The copy styles the TUI offers, with the names the notifications use.
STYLE_NAMES = {"chicago": "Chicago", "bibtex": "BibTeX"}


@dataclass(frozen=True, slots=True)
class Citation:
    """Text for the clipboard and a one-line description of what it is."""

    text: str
    what: str


def copied_notice(citation: Citation, limit: int = 160) -> str:
    """The notification after a copy: what was copied, then the text itself, shortened."""
    flat = " ".join(terminal_safe(citation.text).split())
    if len(flat) > limit:
        flat = flat[: limit - 1].rsplit(" ", 1)[0] + "…"
    return f"Copied {citation.what}:\n{flat}"


def passage_citation(refs: Any, document: Any, page: int | None, style: str) -> Citation:
    """The citation of the paper itself at ``page`` (e.g. "Posen 2001, p. 5"), named as the
    library names it (a court opinion by its caption and court)."""
    from posenqa.library.labels import labelled

    text = refs.cite_paper(labelled(document), page, style)
    where = f"p. {page}" if page is not None else "the paper"
    return Citation(text, f"{STYLE_NAMES.get(style, style)} citation of {where}")


def note_citation(
    refs: Any,
    footnote: Any,
    note_refs: Mapping[int, Sequence[Any]],
    style: str,
) -> Citation:
    """The works a note cites, formatted in ``style``; the note's own text if it cites none."""
    works = [r for r in note_refs.get(footnote.number, ()) if not getattr(r, "unresolved", False)]
    if not works:
        works = list(note_refs.get(footnote.number, ()))
    name = STYLE_NAMES.get(style, style)
    if works:
        joiner = "\n\n" if style == "bibtex" else "\n"
        text = joiner.join(refs.format_reference(r, style) for r in works)
        count = f"{len(works)} works" if len(works) > 1 else "the work"
        return Citation(text, f"{name}: {count} cited in note {footnote.number}")
    return Citation(
        footnote.text, f"note {footnote.number} cites no work; copied the note's text instead"
    )


def formatted_references(
    refs: Any, note_refs: Mapping[int, Sequence[Any]], number: int
) -> tuple[str, ...]:
    """A note's references as Chicago strings, for display; short forms say where the
    full reference came from, or that it was not found."""
    return tuple(
        refs.format_reference(r, "chicago") + _provenance(r) for r in note_refs.get(number, ())
    )


class NoteReferences:
    """A paper's notes for display: each note's references formatted once, where it is cited."""

    def __init__(self, refs: Any, document: Any, note_refs: Mapping[int, Sequence[Any]]):
        self.refs = refs
        self.document = document
        self.note_refs = note_refs
        self._formatted: dict[int, tuple[str, ...]] = {}

    def formatted(self, number: int) -> tuple[str, ...]:
        """Note ``number``'s references as Chicago strings (see :func:`formatted_references`)."""
        if number not in self._formatted:
            try:
                self._formatted[number] = formatted_references(self.refs, self.note_refs, number)
            except Exception as exc:  # a formatting bug must not hide the note itself
                self._formatted[number] = (f"(reference could not be formatted: {exc})",)
        return self._formatted[number]

    def citations(self, number: int) -> tuple[Any, ...]:
        """The body passages citing note ``number`` (none if the backend cannot say)."""
        try:
            return tuple(self.refs.note_citations(self.document, number))
        except Exception:  # the note and its works still show without them
            return ()


def _provenance(reference: Any) -> str:
    if getattr(reference, "unresolved", False):
        return " (short form; full reference not found)"
    source = getattr(reference, "resolved_from", None)
    if source is not None and source != getattr(reference, "note", None):
        return f" (short form; full reference from note {source})"
    return ""


__all__ = [
    "STYLE_NAMES",
    "Citation",
    "NoteReferences",
    "copied_notice",
    "formatted_references",
    "note_citation",
    "passage_citation",
]
