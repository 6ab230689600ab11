"""A note and its resolved references as plain data: the ``cite --note --json`` shape.

One home for that shape, so that ``cite --note``, ``ask`` (each note a result
cites, and a result that is itself a note) and the TUI say the same thing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from posenqa.document import note_ref, parse_note_ref
from posenqa.errors import PosenqaError
from posenqa.references.formats import format_entry, format_reference
from posenqa.references.works import note_citations, sequence_references

if TYPE_CHECKING:
    from posenqa.document import Document, Footnote
    from posenqa.references.cache import SavedReferences
    from posenqa.references.model import Reference

#: The format of ``formatted`` when none is asked for (``cite``'s default).
DEFAULT_STYLE = "text"


def reference_record(
    ref: Reference, style: str = DEFAULT_STYLE, *, entry: bool = False
) -> dict[str, Any]:
    """``ref`` as a dict, with ``formatted``: the reference in ``style`` (as a
    bibliography entry when ``entry``, see :func:`format_entry`)."""
    data = ref.to_dict()
    data["formatted"] = (format_entry if entry else format_reference)(ref, style)
    return data


def reference_status(ref: Reference, sequence: str = "") -> str:
    """How the reference was found: in full, resolved from a short form, or not at all.

    ``sequence``: the note's sequence, where a short form's full reference is too.
    """
    if ref.ambiguous:
        return "ambiguous: several works in the paper fit this short form"
    if ref.unresolved:
        return "unresolved: no full reference in the paper"
    if ref.form == "full":
        return "full reference"
    if ref.resolved_from is None:
        return f"{ref.form} form, full citation in the text of the paper"
    return f"{ref.form} form, full reference in note {note_ref(sequence, ref.resolved_from)}"


def note_record(
    doc: Document,
    number: int,
    style: str = DEFAULT_STYLE,
    sequence: str | None = None,
    *,
    saved: SavedReferences | None = None,
) -> dict[str, Any] | None:
    """Note ``number`` (of ``sequence``): its text, page, where it is cited and its
    resolved references.

    None when the paper has no such note. Resolution is cached per paper
    (:func:`sequence_references`), so recording many notes of one paper is cheap.
    """
    footnote = doc.footnote(number, sequence)
    if footnote is None:
        return None
    refs = sequence_references(doc, saved).get(footnote.key, ())
    return {
        "number": number,
        "sequence": footnote.sequence,
        "ref": footnote.ref,
        "text": footnote.text,
        "page": footnote.page,
        "missing": footnote.missing,
        "cited_in": [c.to_dict() for c in note_citations(doc, number, footnote.sequence)],
        "references": [reference_record(r, style) for r in refs],
    }


class NoteNotFound(PosenqaError):
    """A note the paper does not have, or a name of a note that is not one."""


def find_note(doc: Document, name: str) -> Footnote:
    """The note a user named: ``"8"`` in a paper with one note sequence, ``"dissent:3"``
    (any unambiguous prefix of a sequence's words) in one with several.

    Raises :class:`NoteNotFound` with what the paper does have.
    """
    parsed = parse_note_ref(name)
    if parsed is None:
        raise NoteNotFound(
            f"a note is named by its number or SEQUENCE:NUMBER (8, dissent:3), not {name!r}"
        )
    sequence, number = parsed
    if sequence is None:
        holding = [n for n in doc.footnotes if n.number == number]
        if len(holding) > 1:
            names = ", ".join(n.ref for n in holding)
            raise NoteNotFound(f"note {number} is in several sequences ({names}): name one")
        if holding:
            return holding[0]
        raise NoteNotFound(f"the paper has no note {number} (notes: {_have(doc)})")
    note = doc.note_by_ref(name)
    if note is not None:
        return note
    raise NoteNotFound(
        f"the paper has no note {name.strip()!r} (a sequence is named by a word of its name, "
        f"unambiguously; notes: {_have(doc)})"
    )


def _have(doc: Document) -> str:
    """ "1-56", or "court 1-3, thomas-concurring 1-4" for several sequences."""
    spans = []
    for sequence in doc.sequences:
        numbers = [n.number for n in doc.footnotes if n.sequence == sequence]
        span = f"{min(numbers)}-{max(numbers)}" if len(numbers) > 1 else str(numbers[0])
        spans.append(f"{sequence} {span}" if sequence else span)
    return ", ".join(spans) or "none"


__all__ = [
    "DEFAULT_STYLE",
    "NoteNotFound",
    "find_note",
    "note_record",
    "reference_record",
    "reference_status",
]
