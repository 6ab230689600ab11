"""Where a PDF page's notes are, and which of their lines open a note.

Pure functions over one page's :class:`~posenqa.parsing.layout.Line` values,
top to bottom, page furniture removed. The evidence is the layout's, never a
paper's geometry, and it differs between typesetters, so any one of these
opens a note area at the foot of a page:

* a short rule (drawn, or typed as a line of dashes or underscores) with notes
  under it: text smaller than the body, a line that opens with a note label,
  or text set tighter than the body (same-size notes under double-spaced
  court opinions);
* without a rule, a trailing run of smaller lines that opens with a label.

A label is a raised number at the start of a line, or "N." / "N" opening it;
a number alone on its line is a label too (the note text follows below).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import pairwise
from statistics import median

from posenqa.parsing.heuristics import note_prefix
from posenqa.parsing.layout import Line, Rule

_NOTE_SYMBOL = re.compile(r"^[*†‡§¶‖#]+$")
#: A separator typed as characters: a run of dashes, underscores or box rules.
_RULE_TEXT = re.compile(r"^[\s_\-–—―=\u2500-\u257f]{4,}$")
#: A rule wider than this share of the page is a header/footer ornament or a table border.
_MAX_RULE_SHARE = 0.6
#: Note text set at most this share of the body's line spacing is "tighter".
_TIGHT = 0.8


def is_separator_text(line: Line) -> bool:
    """A line that is only a typed rule ("——————", "________")."""
    text = line.text.strip()
    return len(text) >= 4 and bool(_RULE_TEXT.match(text)) and not any(c.isalnum() for c in text)


def footnote_zone(
    lines: Sequence[Line],
    rules: Sequence[Rule],
    body_size: float,
    page_width: float,
    leading: float = 0.0,
) -> int:
    """Index of the first line of the page's note area (``len(lines)`` if none).

    ``leading`` is the body's usual distance between lines; without it, same
    size notes are recognised only by their labels.
    """
    small = [line.size < 0.95 * body_size for line in lines]
    for i, line in enumerate(lines):
        if is_separator_text(line) and i + 1 < len(lines) and _notes_below(lines, i + 1, small):
            return i
    for rule in sorted(rules, key=lambda r: r.y):
        if rule.x1 - rule.x0 > _MAX_RULE_SHARE * page_width:
            continue
        below = [i for i, line in enumerate(lines) if line.y < rule.y and _under(rule, line)]
        if not below or below[-1] != len(lines) - 1:
            continue
        if _underline(rule, lines) or rule.x0 > min(lines[i].x0 for i in below) + 30:
            continue  # a separator starts at its column's left edge, clear of the text
        start = below[0]
        if any(lines[i].y >= rule.y for i in range(start, len(lines))):
            continue
        if not _hangs_from(rule, lines[start:]):
            continue
        tail = range(start, len(lines))
        if (
            sum(small[i] for i in tail) >= 0.7 * len(tail)
            or note_line_start(lines[start])[0]
            or _tight(lines, start, leading)
        ):
            return start
    spaced = _spaced_label_block(lines, leading)
    if spaced is not None:
        return spaced
    start = len(lines)
    while start > 0 and small[start - 1]:
        start -= 1
    if start == 0 and lines and not note_line_start(lines[0])[0]:
        # The whole page is in small type (a syllabus, a summary): numbered paragraphs
        # in it are its text, not notes at the foot of larger text.
        return len(lines)
    # Without a rule, demand that the small trailing text opens with a note, and that its
    # labels only go up: "1." to "3." and then "1." to "9." again is a list in small type.
    for i in range(start, len(lines)):
        if note_line_start(lines[i])[0] == "number":
            return i if _labels_rise(lines[i:]) else len(lines)
    return len(lines)


def _labels_rise(lines: Sequence[Line]) -> bool:
    """Whether the numbered labels opening these lines rise from one to the next."""
    numbers = [n for kind, n, _ in map(note_line_start, lines) if kind == "number"]
    return all(a < b for a, b in pairwise(numbers))


#: Notes start right under their separator and run on without a gap wider than this
#: many line heights (the space between two notes included).
_MAX_GAP = 3.0


def _hangs_from(rule: Rule, lines: Sequence[Line]) -> bool:
    """Whether the lines form one block starting just under the rule (not a figure or table
    that merely has a border above it)."""
    if not lines or rule.y - lines[0].y > _MAX_GAP * lines[0].size:
        return False
    return all(a.y - b.y <= _MAX_GAP * max(a.size, b.size) for a, b in pairwise(lines))


def _spaced_label_block(lines: Sequence[Line], leading: float) -> int | None:
    """Same-size notes with no usable rule: the first line that opens with a raised
    number, set off from the text above by extra space, heading one block of lines
    that runs to the foot of the page."""
    if leading <= 0:
        return None
    for i in range(1, len(lines)):
        line = lines[i]
        raised = bool(line.pieces) and line.pieces[0].sup and line.pieces[0].text.strip().isdigit()
        if (
            raised
            and lines[i - 1].y - line.y > 1.3 * leading
            and all(a.y - b.y <= _MAX_GAP * max(a.size, b.size) for a, b in pairwise(lines[i:]))
        ):
            return i
    return None


def _underline(rule: Rule, lines: Sequence[Line]) -> bool:
    """Whether the rule underlines a line's text (it sits just below that baseline)."""
    return any(
        0 <= line.y - rule.y <= 0.5 * line.size
        and line.x0 - 2 <= rule.x0
        and rule.x1 <= line.x1 + 2
        for line in lines
    )


def _under(rule: Rule, line: Line) -> bool:
    """Whether a line overlaps a rule's span horizontally (stands in its column)."""
    return line.x0 < rule.x1 and line.x1 > rule.x0


def _notes_below(lines: Sequence[Line], start: int, small: Sequence[bool]) -> bool:
    return bool(note_line_start(lines[start])[0]) or all(small[start:])


def _tight(lines: Sequence[Line], start: int, leading: float) -> bool:
    """Lines from ``start`` set clearly tighter than the body (two or more of them)."""
    if leading <= 0 or len(lines) - start < 2:
        return False
    gaps = [a.y - b.y for a, b in zip(lines[start:], lines[start + 1 :], strict=False)]
    gaps = [g for g in gaps if g > 0]
    return bool(gaps) and median(gaps) <= _TIGHT * leading


def note_line_start(line: Line) -> tuple[str, int | None, str]:
    """Whether a note-area line opens a note: a raised label, or the shared textual shape
    (:func:`posenqa.parsing.heuristics.note_prefix`, the text parser's too).

    Returns ``("number", n, rest)`` for a numbered note (a raised number, or
    ``"n."``/``"n "`` at the start, or ``n`` alone on the line),
    ``("symbol", None, rest)`` for a symbol note (``*``, ``†``, ...), or
    ``("", None, text)`` for a continuation line.
    """
    pieces = line.pieces
    first = pieces[0].text.strip() if pieces else ""
    rest = "".join(p.text for p in pieces[1:]).strip()
    if pieces and pieces[0].sup:
        if first.isdigit():
            return "number", int(first), rest
        if _NOTE_SYMBOL.match(first):
            return "symbol", None, rest
    text = line.text
    prefix = note_prefix(text)
    if prefix is not None and prefix.labels_note:
        return "number", prefix.number, prefix.rest
    if text[:1] and _NOTE_SYMBOL.match(text[:1]) and not _CITED_SECTION.match(text):
        return "symbol", None, text[1:].strip()
    return "", None, text


#: A section sign before a number opens a citation ("§ 600.2946(5)); Lofton ..."), the
#: continuation of a legal note, not a note labelled "§".
_CITED_SECTION = re.compile(r"^§+\s*\d")


__all__ = ["footnote_zone", "is_separator_text", "note_line_start"]
