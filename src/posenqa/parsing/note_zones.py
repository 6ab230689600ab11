"""Footnote zones: splitting the lines below a page's separator into numbered notes.

Pure: lines in, ``{number: (lines or text, page)}`` out.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from posenqa.parsing.hyphenation import Vocabulary, join_lines

_NOTE_PREFIX = re.compile(r"^(?P<num>\d+)(?P<mark>[.)]?)(?P<space>\s*)(?P<rest>.*)$", re.DOTALL)


@dataclass(frozen=True, slots=True)
class NotePrefix:
    """A note number opening a line: "12. Text", "12) Text", "12 Text", "12" alone."""

    digits: str
    mark: str
    """"." or ")" after the number, or ""."""
    spaced: bool
    """White space follows the number (and its mark)."""
    rest: str
    """The text after the number, mark and spaces, with trailing white space removed."""

    @property
    def number(self) -> int:
        return int(self.digits)

    @property
    def labels_note(self) -> bool:
        """The shape of a note label in a PDF's note area: "N." (maybe unspaced, "12.Id."),
        "N Text", or "N" alone on its line (the note text follows below)."""
        return self.mark == "." or (not self.mark and (self.spaced or not self.rest))


def note_prefix(text: str) -> NotePrefix | None:
    """The note number opening ``text`` (stripped), or None when it opens with no number."""
    match = _NOTE_PREFIX.match(text.strip())
    if not match:
        return None
    return NotePrefix(
        match.group("num"), match.group("mark"), bool(match.group("space")), match.group("rest")
    )


def labelled_line(line: str) -> NotePrefix | None:
    """The note label opening a line of a text file: "N. Text", "N) Text" or "N Text" at the
    line's very start (an indented number is a continuation), else None."""
    if line[:1].isspace():
        return None
    prefix = note_prefix(line)
    if prefix is None or prefix.digits[0] == "0" or not prefix.spaced or not prefix.rest:
        return None
    return prefix


def note_start(line: str, previous: int | None, max_gap: int = 4) -> tuple[int, str] | None:
    """If ``line`` begins a numbered note given the previous note's number, its (number, text).

    The next number always starts a note; a small jump (a lost note) only when
    the line has the full "N. Text" shape; anything else is a continuation.
    """
    prefix = labelled_line(line)
    if prefix is None:
        return None
    number, rest = prefix.number, prefix.rest
    strict = prefix.mark == "." and (rest[0].isupper() or rest[0] in "“\"‘'([")
    if previous is None:
        return (number, rest) if strict or number == 1 else None
    if number == previous + 1 or (strict and previous + 1 < number <= previous + max_gap):
        return number, rest
    return None


def split_notes(
    lines: Sequence[tuple[str, int | None]],
) -> tuple[dict[int, tuple[list[str], int | None]], list[tuple[str, int | None]]]:
    """Split note-zone lines (text, page) into numbered notes, continuing notes across zones.

    Returns ``{number: (lines, page)}`` (the first line without its "N. " prefix)
    and the lines before the first note, which belong to no note.
    """
    notes: dict[int, tuple[list[str], int | None]] = {}
    orphans: list[tuple[str, int | None]] = []
    current: int | None = None
    for text, page in lines:
        start = note_start(text, current)
        if start is not None and start[0] not in notes:
            current = start[0]
            notes[current] = ([start[1]], page)
        elif current is None:
            orphans.append((text, page))
        else:
            notes[current][0].append(text)
    return notes, orphans


def note_texts(
    notes: Mapping[int, tuple[list[str], int | None]], vocabulary: Vocabulary | None = None
) -> dict[int, tuple[str, int | None]]:
    """Join each note's lines into its text: ``{number: (text, page)}``, for ``link_notes``."""
    return {n: (join_lines(lines, vocabulary), page) for n, (lines, page) in notes.items()}


__all__ = ["NotePrefix", "labelled_line", "note_prefix", "note_start", "note_texts", "split_notes"]
