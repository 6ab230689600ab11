"""Note bodies from the footnote zones, and which raised numbers in the body are markers.

Pure functions over :class:`~posenqa.parsing.layout.Line` values in reading
order. A note runs on across lines and pages until the next note opens; a
raised number in the body is a marker only when it fits the note sequence.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from posenqa.document import PageLabel
from posenqa.parsing.assemble import NoteBody, NoteKey
from posenqa.parsing.hyphenation import Vocabulary, join_line
from posenqa.parsing.layout import Line, Piece
from posenqa.parsing.note_areas import is_separator_text, note_line_start

_CONTINUED = re.compile(r"^\(?continued\.*\)?$", re.IGNORECASE)

#: (id of the line, index of the piece, number, page index) of a raised number in the body.
Raised = tuple[int, int, int, int]
#: A note body found in the note areas, by (sequence index, number) until sequences are named.
IndexedBodies = dict[tuple[int, int], tuple[str, int]]


def raised_numbers(lines: Sequence[Line]) -> list[Raised]:
    """(line id, piece index, number, page) of every raised number in the body, in reading order."""
    found = []
    for line in lines:
        for k, piece in enumerate(line.pieces):
            text = piece.text.strip()
            if piece.sup and text.isdigit() and len(text) <= 3:
                found.append((id(line), k, int(text), line.page))
    return found


def accept_markers(raised: Sequence[Raised], bodies: IndexedBodies) -> dict[Raised, int]:
    """The raised numbers that behave like note markers, each with its sequence index.

    A raised ``n`` with a body ``n`` starting on its page (or the page before
    or after) is that note's marker, in that body's sequence: position ties a
    marker to its note whatever the numbering does (restarts per opinion or
    appendix, citation numerals elsewhere). A raised number with no body
    anywhere in the current sequence is a marker whose body is missing when
    it continues the sequence; one whose note has a body far away is an
    exponent, a citation numeral or a reference mark.
    """
    by_number: dict[int, list[tuple[int, int]]] = {}
    for (sequence, number), (_, page) in bodies.items():
        by_number.setdefault(number, []).append((page, sequence))
    with_body: dict[int, set[int]] = {}
    for sequence, number in bodies:
        with_body.setdefault(sequence, set()).add(number)
    accepted: dict[Raised, int] = {}
    current, high = 0, 0
    for item in raised:
        n, page = item[2], item[3]
        near = [(abs(p - page), seq) for p, seq in by_number.get(n, []) if -1 <= p - page <= 1]
        if near:
            sequence = min(near)[1]
            if sequence != current:
                current, high = sequence, 0
            accepted[item] = sequence
            high = max(high, n)
            continue
        if n > 0 and n not in with_body.get(current, set()) and high < n <= high + 5:
            accepted[item] = current
            high = n
    return accepted


def _sequence_starts(bodies: IndexedBodies) -> dict[int, int]:
    """The page where each sequence's first note body stands."""
    starts: dict[int, int] = {}
    for (sequence, _), (_, page) in bodies.items():
        starts[sequence] = min(page, starts.get(sequence, page))
    return starts


def mark_notes(lines: Sequence[Line], markers: dict[Raised, int]) -> list[Line]:
    """The lines with each accepted marker's piece carrying its note number and sequence."""
    by_line: dict[int, dict[int, tuple[int, int]]] = {}
    for (line_id, k, number, _), sequence in markers.items():
        by_line.setdefault(line_id, {})[k] = (number, sequence)
    out = []
    for line in lines:
        found = by_line.get(id(line))
        if found:
            pieces = tuple(
                Piece(p.text, p.sup, *found[k]) if k in found else p
                for k, p in enumerate(line.pieces)
            )
            line = replace(line, pieces=pieces)
        out.append(line)
    return out


def note_bodies(
    zone: Sequence[Line],
    raised: Sequence[Raised],
    vocab: Vocabulary,
) -> tuple[IndexedBodies, list[Line]]:
    """Note texts by (sequence index, number) from the note areas, joined across pages.

    A line opens note ``n`` when it starts with ``n`` and ``n`` follows the
    last note, or jumps a little ahead, or was seen raised in the body on the
    same page. A label 1 after other notes, with a raised 1 on its page or
    the page before, starts the next sequence. Other lines continue the open
    note; symbol notes (``*``, ``†``) are read and dropped. Zone lines met
    before any note is open go back to the body (returned second). Values
    are (text, physical page index from 0).
    """
    raised_on: dict[int, set[int]] = {}
    for _, _, number, page in raised:
        raised_on.setdefault(page, set()).add(number)
    texts: dict[tuple[int, int], str] = {}
    pages: dict[tuple[int, int], int] = {}
    current: tuple[int, int] | None = None
    sequence, last = 0, 0
    stray: list[Line] = []
    for line in zone:
        if _CONTINUED.match(line.text) or is_separator_text(line):
            continue
        kind, number, rest = note_line_start(line)
        if kind == "number" and number is not None:
            near = raised_on.get(line.page, set()) | raised_on.get(line.page - 1, set())
            # A restart needs a raised label (not "1." opening a list item or an
            # algorithm step) and a raised 1 in the text nearby.
            raised_label = bool(line.pieces) and line.pieces[0].sup
            if number == 1 and last >= 1 and 1 in near and raised_label:
                sequence, last = sequence + 1, 0
            if _plausible_note(number, last, raised_on.get(line.page, set())):
                current = (sequence, number)
                last = number
                texts[current] = rest
                pages[current] = line.page
                continue
        if kind == "symbol":
            current = (-1, -1)  # symbol notes are not numbered notes: read and drop
            continue
        if current is None:
            stray.append(line)
        elif current[0] >= 0:
            texts[current] = join_line(texts[current], line.text, vocab)
    bodies = {key: (" ".join(t.split()), pages[key]) for key, t in texts.items()}
    return bodies, stray


def _plausible_note(number: int, last: int, raised_here: set[int]) -> bool:
    if number == last + 1:
        return True
    return number > last and (number in raised_here or number <= last + 3)


def named_bodies(
    bodies: IndexedBodies, names: Sequence[str], labels: Sequence[PageLabel | None]
) -> dict[NoteKey, NoteBody]:
    """The bodies keyed by (sequence name, number), with printed and physical pages."""
    return {
        (names[sequence], number): (text, labels[page], page + 1)
        for (sequence, number), (text, page) in bodies.items()
    }


__all__ = [
    "IndexedBodies",
    "Raised",
    "accept_markers",
    "mark_notes",
    "named_bodies",
    "note_bodies",
    "raised_numbers",
]
