"""Note bodies from the footnote zones, and which raised numbers in the body are markers.

Pure functions over :class:`~posenqa.parsing.layout.Line` values in reading
order. A note runs on across lines and pages until the next note opens; a
raised number in the body is a marker only when it fits the note sequence.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from posenqa.document import MAIN_SEQUENCE
from posenqa.parsing.assemble import NoteBody, NoteKey
from posenqa.parsing.layout import Line, Piece, note_start
from posenqa.parsing.pdf_words import Vocabulary, join_lines

_CONTINUED = re.compile(r"^\(?continued\.*\)?$", re.IGNORECASE)

#: (id of the line, index of the piece, number) of a raised number in the body.
Raised = tuple[int, int, int]


def raised_numbers(lines: Sequence[Line]) -> list[Raised]:
    """(line id, piece index, number) of every raised number in the body, in reading order."""
    found = []
    for line in lines:
        for k, piece in enumerate(line.pieces):
            text = piece.text.strip()
            if piece.sup and text.isdigit() and len(text) <= 3:
                found.append((id(line), k, int(text)))
    return found


def accept_markers(raised: Sequence[Raised], with_body: set[int]) -> set[Raised]:
    """Keep the raised numbers that behave like note markers.

    Markers run in sequence; a raised number far behind the sequence, or far
    ahead of it without a note body, is an exponent or a reference mark.
    """
    accepted: set[Raised] = set()
    high = 0
    for item in raised:
        n = item[2]
        in_sequence = high < n <= high + 5
        known = n in with_body and n >= high - 5
        if n > 0 and (in_sequence or known):
            accepted.add(item)
            high = max(high, n)
    return accepted


def mark_notes(lines: Sequence[Line], markers: set[Raised]) -> list[Line]:
    """The lines with each accepted marker's piece carrying its note number."""
    by_line: dict[int, dict[int, int]] = {}
    for line_id, k, number in markers:
        by_line.setdefault(line_id, {})[k] = number
    out = []
    for line in lines:
        found = by_line.get(id(line))
        if found:
            pieces = tuple(
                Piece(p.text, p.sup, found[k]) if k in found else p
                for k, p in enumerate(line.pieces)
            )
            line = replace(line, pieces=pieces)
        out.append(line)
    return out


def note_bodies(
    zone: Sequence[Line],
    raised: set[int],
    vocab: Vocabulary,
    printed: dict[int, int],
) -> tuple[dict[NoteKey, NoteBody], list[Line]]:
    """Note texts by number from the footnote zones, joined across pages.

    A line opens note ``n`` when it starts with ``n`` and ``n`` follows the
    last note or was seen raised in the body; other lines continue the open
    note. Symbol notes (``*``, ``†``) are read and dropped. Zone lines met
    before any note is open go back to the body (returned second).
    """
    texts: dict[int, str] = {}
    pages: dict[int, int] = {}  # physical page index (from 0) where each note starts
    current: int | None = None
    last = 0
    stray: list[Line] = []
    for line in zone:
        if _CONTINUED.match(line.text):
            continue
        kind, number, rest = note_start(line)
        if kind == "number" and number is not None and _plausible_note(number, last, raised):
            current = number
            last = number
            texts[number] = rest
            pages[number] = line.page
            continue
        if kind == "symbol":
            current = -1  # symbol notes are not numbered notes: read and drop
            continue
        if current is None:
            stray.append(line)
        elif current > 0:
            texts[current] = join_lines(texts[current], line.text, vocab)
    bodies: dict[NoteKey, NoteBody] = {
        (MAIN_SEQUENCE, n): (" ".join(t.split()), printed.get(pages[n], pages[n] + 1), pages[n] + 1)
        for n, t in texts.items()
    }
    return bodies, stray


def _plausible_note(number: int, last: int, raised: set[int]) -> bool:
    if number == last + 1:
        return True
    return number > last and (number in raised or number <= last + 3)


__all__ = ["Raised", "accept_markers", "mark_notes", "note_bodies", "raised_numbers"]
