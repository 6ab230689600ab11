"""Shared last step of every parser: link note markers to note bodies.

Pure functions: given the blocks (with their markers) and the note bodies a
parser recovered, produce the footnote list with ``cited_by`` links and a
``missing`` entry for every marker whose body was not found. Nothing is
invented: a missing body has empty text.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from posenqa.document import Block, Footnote


def link_notes(
    blocks: Iterable[Block],
    bodies: Mapping[int, tuple[str, int | None]],
) -> tuple[tuple[Footnote, ...], tuple[str, ...]]:
    """Build the footnotes from note bodies ``{number: (text, page)}`` and the blocks citing them.

    Returns the notes sorted by number and warnings for markers without a body
    and bodies without a marker.
    """
    cited_by: dict[int, list[str]] = {}
    first_page: dict[int, int | None] = {}
    for block in blocks:
        for number in block.note_numbers:
            cited_by.setdefault(number, []).append(block.id)
            first_page.setdefault(number, block.page)

    notes: list[Footnote] = []
    for number in sorted(set(bodies) | set(cited_by)):
        if number in bodies:
            text, page = bodies[number]
            notes.append(Footnote(number, text, page, tuple(cited_by.get(number, ()))))
        else:
            notes.append(
                Footnote(number, "", first_page[number], tuple(cited_by[number]), missing=True)
            )

    warnings: list[str] = []
    missing = [n.number for n in notes if n.missing]
    if missing:
        warnings.append(f"note bodies missing for markers: {compress_ranges(missing)}")
    uncited = [n for n in sorted(bodies) if n not in cited_by]
    if uncited:
        warnings.append(f"note bodies with no marker in the text: {compress_ranges(uncited)}")
    return tuple(notes), tuple(warnings)


def compress_ranges(numbers: Iterable[int]) -> str:
    """Write ``[61, 63, 64, 65]`` as ``"61, 63-65"``."""
    ordered = sorted(set(numbers))
    parts: list[str] = []
    start = prev = None
    for n in ordered:
        if start is None:
            start = prev = n
        elif n == prev + 1:  # type: ignore[operator]
            prev = n
        else:
            parts.append(str(start) if start == prev else f"{start}-{prev}")
            start = prev = n
    if start is not None:
        parts.append(str(start) if start == prev else f"{start}-{prev}")
    return ", ".join(parts)
