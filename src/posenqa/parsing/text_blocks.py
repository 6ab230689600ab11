"""Block grouping for a plain-text extraction: body lines -> headings, paragraphs, quotes, captions.

Paragraphs end at blank lines when the text is single-spaced; when it is
double-spaced (a blank line after every line), a line ends a paragraph when
it ends a sentence and the next word would still have fit on it. Block
quotes are single-spaced runs inside double-spaced text, or indented runs.
Pure.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from posenqa.parsing import heuristics as h
from posenqa.parsing.text_pages import TextLine

#: Kinds of row groups: the block kinds, plus headings (which become Sections).
GroupKind = Literal["paragraph", "quote", "caption", "heading"]


@dataclass(slots=True)
class Row:
    """A body line with what surrounds it, for block building.

    Not frozen, unlike the model: the passes below (headings, quotes) tag
    the rows of one parse in place, and the rows never leave the text parser.
    """

    text: str
    page: int
    page_start: bool
    gap_before: str = "none"
    """"none" (directly after the previous body line), "blank", "hard" or "page"."""
    heading: h.HeadingMatch | None = None
    heading_part: bool = False
    quote: bool = False


def is_double_spaced(lines: Sequence[TextLine]) -> bool:
    """True when wrapped lines are followed by a blank line (a double-spaced original).

    Only long lines count: in single-spaced text the blank lines follow the
    short last lines of paragraphs, while in double-spaced text they follow
    every line, including the full ones in mid-paragraph.
    """
    widths = [h.text_width(line.text.strip()) for line in lines if line.kind == "body"]
    long_enough = 0.7 * h.right_margin(widths, quantile=0.9)
    followed = total = 0
    for line, after in itertools.pairwise(lines):
        if line.kind == "body" and h.text_width(line.text.strip()) >= long_enough:
            total += 1
            followed += after.kind in ("blank", "gap")
    return total >= 4 and followed > 0.5 * total


def body_rows(lines: Sequence[TextLine]) -> list[Row]:
    """Body lines with the kind of gap that precedes each."""
    rows: list[Row] = []
    skipped: list[TextLine] = []
    for line in lines:
        if line.kind != "body":
            skipped.append(line)
            continue
        if rows and (line.page_start or line.page != rows[-1].page):
            gap = "page"
            if any(s.kind == "gap" and s.page == line.page for s in skipped):
                gap = "hard"
        elif any(s.kind == "gap" for s in skipped) and rows:
            gap = "hard"
        elif any(s.kind == "blank" for s in skipped):
            gap = "blank"
        else:
            gap = "none"
        rows.append(Row(line.text, line.page, line.page_start, gap))
        skipped = []
    return rows


def mark_headings(rows: list[Row], double: bool, margin: float) -> None:
    """Tag heading rows (and the rows continuing a wrapped heading) in place.

    Besides its shape (:func:`heuristics.match_heading`), a heading must stand
    alone, must not go back in numbering or repeat a label, and must not be
    an item of a list: a numbered line after a colon, or right after another
    numbered line that was not taken as a heading.
    """
    last_major = 0
    labels: set[str] = set()
    in_list = False
    for i, row in enumerate(rows):
        if row.heading_part:
            continue
        match = h.match_heading(row.text)
        if match is None:
            in_list = False
            continue
        previous = rows[i - 1] if i else None
        if (
            in_list
            or match.label in labels
            or not last_major <= match.major <= last_major + 2
            or (last_major == 0 and match.major > 3)
            or (previous is not None and not _stands_alone(previous, row, double))
        ):
            in_list = True
            continue
        title = match.title
        j = i + 1
        while j < len(rows) and j <= i + 2 and rows[j].gap_before == "none":
            nxt = rows[j].text.strip()
            if (title.isupper() and nxt.isupper()) or (
                h.is_title_like(nxt)
                and h.text_width(rows[j - 1].text.strip()) >= 0.6 * margin
                and not h.match_heading(nxt)
            ):
                title = f"{title} {nxt}"
                rows[j].heading_part = True
                j += 1
            else:
                break
        row.heading = h.HeadingMatch(match.label, " ".join(title.split()), match.level, match.major)
        last_major = match.major
        labels.add(match.label)


def _stands_alone(previous: Row, row: Row, double: bool) -> bool:
    """True when ``row`` is not the middle of a paragraph nor the first item of a list."""
    if previous.heading is not None or previous.heading_part:
        return True
    if previous.text.rstrip().endswith(":"):
        return False
    if row.gap_before == "hard" or (not double and row.gap_before == "blank"):
        return True
    return h.ends_sentence(previous.text)


def mark_quotes(rows: list[Row], double: bool) -> None:
    """Tag block-quote rows: single-spaced runs in double-spaced text, or indented runs."""
    if double:
        i = 0
        while i < len(rows):
            j = i
            while (
                j + 1 < len(rows)
                and rows[j + 1].gap_before == "none"
                and rows[j + 1].heading is None
                and not rows[j + 1].heading_part
                and not h.is_caption(rows[j + 1].text)
            ):
                j += 1
            if j > i and rows[i].heading is None and not rows[i].heading_part:
                for row in rows[i : j + 1]:
                    row.quote = True
            i = j + 1
        return
    indents = [len(r.text) - len(r.text.lstrip()) for r in rows]
    if not indents:
        return
    base = max(set(indents), key=indents.count)
    i = 0
    while i < len(rows):
        j = i
        while j < len(rows) and indents[j] >= base + 2 and rows[j].heading is None:
            j += 1
        if j - i >= 2:
            for row in rows[i:j]:
                row.quote = True
        i = max(j, i + 1)


def group_rows(rows: list[Row], double: bool, margin: float) -> list[tuple[GroupKind, list[Row]]]:
    """Group rows into blocks: headings alone, captions, quotes and paragraphs."""
    groups: list[tuple[GroupKind, list[Row]]] = []
    current: list[Row] = []
    kind: GroupKind = "paragraph"

    def close() -> None:
        nonlocal current
        if current:
            groups.append((kind, current))
        current = []

    for row in rows:
        if row.heading_part:
            continue
        if row.heading is not None:
            close()
            groups.append(("heading", [row]))
            continue
        row_kind: GroupKind = (
            "caption" if h.is_caption(row.text) else ("quote" if row.quote else "paragraph")
        )
        if current and _breaks_before(current[-1], row, row_kind, kind, double, margin):
            close()
        if not current:
            kind = row_kind
        current.append(row)
    close()
    return groups


def _breaks_before(
    previous: Row, row: Row, row_kind: str, kind: str, double: bool, margin: float
) -> bool:
    """True when ``row`` starts a new block after ``previous`` (in a block of ``kind``)."""
    if row_kind == "caption" or (row_kind == "quote") != (kind == "quote"):
        return True
    if row.gap_before == "hard" or (not double and row.gap_before == "blank"):
        return True
    if kind == "quote":
        return False
    return h.ends_paragraph(previous.text, row.text, margin)


@dataclass(frozen=True, slots=True)
class JoinedGroup:
    """A group of rows with its joined text: a block (or heading) before ids and markers."""

    kind: GroupKind
    rows: list[Row]
    text: str


def join_groups(
    groups: Sequence[tuple[GroupKind, list[Row]]], vocabulary: h.Vocabulary
) -> list[JoinedGroup]:
    """Join each group's lines into its text (the shared :func:`heuristics.join_lines`)."""
    return [
        JoinedGroup(kind, rows, h.join_lines([r.text for r in rows], vocabulary))
        for kind, rows in groups
    ]


__all__ = [
    "GroupKind",
    "JoinedGroup",
    "Row",
    "body_rows",
    "group_rows",
    "is_double_spaced",
    "join_groups",
    "mark_headings",
    "mark_quotes",
]
