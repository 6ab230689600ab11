"""Page segmentation of a plain-text extraction: pages, note zones, printed page numbers.

Pages come from form feeds, stray page-number lines, or (in extractions that
mark them so) a line starting with one space right after the previous page's
last line; the lines after a footnote separator at a page's foot form its
note zone. Running heads and feet are dropped here too. Pure.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from posenqa.parsing import heuristics as h

_ONE_SPACE = re.compile(r"^ \S")


@dataclass(frozen=True, slots=True)
class TextLine:
    """One physical line after page segmentation."""

    text: str
    page: int
    """Physical page index, 0 for the first page of the file."""
    kind: str
    """"body", "note", "blank" (empty) or "gap" (whitespace only: extra vertical space)."""
    page_start: bool = False


def segment_pages(raw_lines: Sequence[str]) -> tuple[list[TextLine], dict[int, int]]:
    """Split raw lines into pages and tag each line body, note, blank or gap.

    Returns the lines (page furniture removed: separators and page-number
    lines) and the printed numbers seen, ``{physical page: printed number}``.
    """
    expanded: list[tuple[str, bool]] = []  # (line, starts a page by form feed)
    for line in raw_lines:
        parts = line.split("\f")
        expanded.append((parts[0], False))
        expanded.extend((part, True) for part in parts[1:])
    form_feeds = any(starts for _, starts in expanded)
    non_blank = [line for line, _ in expanded if line.strip()]
    one_space_pages = bool(non_blank) and (
        sum(1 for line in non_blank if _ONE_SPACE.match(line)) < 0.15 * len(non_blank)
    )

    out: list[TextLine] = []
    anchors: dict[int, int] = {}
    page, in_notes, content = 0, False, False
    last_printed = 0

    def new_page(always: bool = False) -> None:
        nonlocal page, in_notes, content
        if content or always:
            page += 1
        in_notes, content = False, False

    for i, (line, form_feed) in enumerate(expanded):
        if form_feed:
            new_page(always=bool(out))  # a form feed makes a page even when it is empty
        previous = expanded[i - 1][0] if i else ""
        following = expanded[i + 1][0] if i + 1 < len(expanded) else ""
        if h.is_separator_line(line) and any(x.strip() for x, _ in expanded[i + 1 : i + 3]):
            in_notes = True
            continue
        number = h.page_number(line)
        next_is_new_page = i + 1 < len(expanded) and expanded[i + 1][1]
        if (
            number is not None
            and number > last_printed
            and (h.is_blank(previous) or form_feed)
            and (h.is_blank(following) or next_is_new_page)
        ):
            if form_feeds:
                # Pages are already split: the number labels the page it stands on.
                anchors.setdefault(page, number)
                last_printed = number
            else:
                # Without form feeds the number line is what marks the new page.
                new_page()
                anchors[page] = last_printed = number
            continue
        if h.is_blank(line):
            in_notes = False
            out.append(TextLine("", page, "gap" if line else "blank"))
            continue
        starts = (
            one_space_pages
            and _ONE_SPACE.match(line) is not None
            and not h.is_blank(previous)
            and not (in_notes and h.labelled_line(following) is not None)
        )
        if starts:
            new_page()
            line = line[1:]
        out.append(TextLine(line.rstrip("\n"), page, "note" if in_notes else "body", starts))
        content = True
    return out, anchors


def printed_pages(page_count: int, anchors: dict[int, int]) -> list[int | None]:
    """The printed number of each physical page, counted on from the numbers seen.

    Pages before the first printed number count back from it; a page that
    would come out below 1 (a cover) has none. With no printed numbers at all,
    physical page numbers (from 1) stand in.
    """
    if not anchors:
        return list(range(1, page_count + 1))
    result: list[int | None] = []
    first = min(anchors)
    for page in range(page_count):
        before = [a for a in anchors if a <= page]
        if before:
            anchor = max(before)
            result.append(anchors[anchor] + page - anchor)
        else:
            value = anchors[first] - (first - page)
            result.append(value if value >= 1 else None)
    return result


def running_head_key(text: str) -> str:
    """A line's text with digits and spacing erased, to compare running heads across pages."""
    return " ".join(re.sub(r"\d+", "#", text).split()).lower()


def drop_running_heads(lines: list[TextLine]) -> list[TextLine]:
    """Remove running heads and feet: the same short line first or last on most pages.

    A line counts when, digits aside, it opens or closes the body of at least
    three pages and of at least half of the pages that have a body.
    """
    ends: dict[int, list[TextLine]] = {}
    for line in lines:
        if line.kind == "body":
            ends.setdefault(line.page, []).append(line)
    keys: dict[str, set[int]] = {}
    for page, body in ends.items():
        for line in {id(body[0]): body[0], id(body[-1]): body[-1]}.values():
            if len(line.text.split()) <= 12:
                keys.setdefault(running_head_key(line.text), set()).add(page)
    heads = {k for k, pages in keys.items() if len(pages) >= max(3, len(ends) / 2)}
    if not heads:
        return lines
    edge = {id(body[0]) for body in ends.values()} | {id(body[-1]) for body in ends.values()}
    return [
        line for line in lines if not (id(line) in edge and running_head_key(line.text) in heads)
    ]


def release_orphan_notes(lines: list[TextLine]) -> list[TextLine]:
    """Turn note-zone lines that precede any numbered note back into body lines.

    A "separator" followed by text that starts no note was not a note
    separator; its lines must not be lost.
    """
    note_lines = [(line.text, line.page) for line in lines if line.kind == "note"]
    _, orphans = h.split_notes(note_lines)
    if not orphans:
        return lines
    remaining = len(orphans)
    out: list[TextLine] = []
    for line in lines:
        if line.kind == "note" and remaining:
            remaining -= 1
            line = TextLine(line.text, line.page, "body", line.page_start)
        out.append(line)
    return out


__all__ = [
    "TextLine",
    "drop_running_heads",
    "printed_pages",
    "release_orphan_notes",
    "running_head_key",
    "segment_pages",
]
