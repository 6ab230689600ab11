"""Shared last step of every parser: link note markers to note bodies.

Pure functions: given the blocks (with their markers) and the note bodies a
parser recovered, produce the footnote list with ``cited_by`` links and a
``missing`` entry for every marker whose body was not found. Nothing is
invented: a missing body has empty text.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from posenqa.document import Block, Footnote, PageLabel

#: A note's identity: (sequence, number); see :attr:`posenqa.document.Footnote.sequence`.
NoteKey = tuple[str, int]
#: What a parser recovered of a note body: (text, printed page label, physical page from 1).
NoteBody = tuple[str, PageLabel | None, int | None]


def link_notes(
    blocks: Iterable[Block],
    bodies: Mapping[NoteKey, NoteBody],
) -> tuple[tuple[Footnote, ...], tuple[str, ...]]:
    """Build the footnotes from note bodies by (sequence, number) and the blocks citing them.

    Markers link within their own sequence. Returns the notes (sequences in
    order of first appearance, each sorted by number) and warnings for markers
    without a body and bodies without a marker.
    """
    cited_by: dict[NoteKey, list[str]] = {}
    first_page: dict[NoteKey, tuple[PageLabel | None, int | None]] = {}
    order: dict[str, None] = {}
    for block in blocks:
        for key in block.note_keys:
            order.setdefault(key[0])
            cited_by.setdefault(key, []).append(block.id)
            first_page.setdefault(key, (block.page, block.page_index))
    for key in bodies:
        order.setdefault(key[0])
    rank = {sequence: i for i, sequence in enumerate(order)}

    notes: list[Footnote] = []
    for key in sorted(set(bodies) | set(cited_by), key=lambda k: (rank[k[0]], k[1])):
        sequence, number = key
        if key in bodies:
            text, page, page_index = bodies[key]
            notes.append(
                Footnote(
                    number,
                    text,
                    page,
                    tuple(cited_by.get(key, ())),
                    sequence=sequence,
                    page_index=page_index,
                )
            )
        else:
            page, page_index = first_page[key]
            notes.append(
                Footnote(
                    number,
                    "",
                    page,
                    tuple(cited_by[key]),
                    missing=True,
                    sequence=sequence,
                    page_index=page_index,
                )
            )

    warnings: list[str] = []
    missing = [n.key for n in notes if n.missing]
    if missing:
        warnings.append(f"note bodies missing for markers: {compress_keys(missing)}")
    uncited = [k for k in bodies if k not in cited_by]
    if uncited:
        warnings.append(f"note bodies with no marker in the text: {compress_keys(uncited)}")
    return tuple(notes), tuple(warnings)


def compress_keys(keys: Iterable[NoteKey]) -> str:
    """Write note keys as ranges, each sequence named: ``"61, 63-65; dissent:2-3"``."""
    grouped: dict[str, list[int]] = {}
    for sequence, number in keys:
        grouped.setdefault(sequence, []).append(number)
    parts = []
    for sequence, numbers in grouped.items():
        ranges = compress_ranges(numbers)
        parts.append(f"{sequence}:{ranges}" if sequence else ranges)
    return "; ".join(parts)


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
