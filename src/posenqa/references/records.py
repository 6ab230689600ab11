"""A note and its resolved references as plain data: the ``cite --note --json`` shape.

One home for that shape, so that ``cite --note``, ``ask`` (each note a result
cites, and a result that is itself a note) and the TUI say the same thing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from posenqa.references.formats import format_reference
from posenqa.references.works import note_citations, note_references

if TYPE_CHECKING:
    from posenqa.document import Document
    from posenqa.references.model import Reference

#: The format of ``formatted`` when none is asked for (``cite``'s default).
DEFAULT_STYLE = "text"


def reference_record(ref: Reference, style: str = DEFAULT_STYLE) -> dict[str, Any]:
    """``ref`` as a dict, with ``formatted``: the reference in ``style``."""
    data = ref.to_dict()
    data["formatted"] = format_reference(ref, style)
    return data


def reference_status(ref: Reference) -> str:
    """How the reference was found: in full, resolved from a short form, or not at all."""
    if ref.ambiguous:
        return "ambiguous: several works in the paper fit this short form"
    if ref.unresolved:
        return "unresolved: no full reference in the paper"
    if ref.form == "full":
        return "full reference"
    return f"{ref.form} form, full reference in note {ref.resolved_from}"


def note_record(doc: Document, number: int, style: str = DEFAULT_STYLE) -> dict[str, Any] | None:
    """Note ``number``: its text, page, where it is cited and its resolved references.

    None when the paper has no such note. Resolution is cached per paper
    (:func:`note_references`), so recording many notes of one paper is cheap.
    """
    footnote = doc.footnote(number)
    if footnote is None:
        return None
    return {
        "number": number,
        "text": footnote.text,
        "page": footnote.page,
        "missing": footnote.missing,
        "cited_in": [c.to_dict() for c in note_citations(doc, number)],
        "references": [reference_record(r, style) for r in note_references(doc).get(number, ())],
    }


__all__ = ["DEFAULT_STYLE", "note_record", "reference_record", "reference_status"]
