"""What the block and heading builders of the PDF parser measure once per document.

Pure: the :class:`Context` (body size and font, leading, margins, printed page
labels, note sequence names) and the margin estimates it is built from.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from posenqa.document import PageLabel
from posenqa.parsing import heuristics as h
from posenqa.parsing.hyphenation import Vocabulary
from posenqa.parsing.layout import Line


@dataclass(slots=True)
class Context:
    """Document-wide measurements the block builder needs."""

    body_size: float
    font: str
    leading: float
    left: dict[int, float]
    right: float
    width: float
    vocab: Vocabulary
    labels: tuple[PageLabel | None, ...]
    """Printed label of each physical page (index from 0)."""
    sequences: tuple[str, ...] = ("",)
    """The name of each note sequence, by the index the note pieces carry."""
    parts: tuple[str | None, ...] = ()
    """The part (court opinion) each physical page belongs to, where its running head says."""
    columns: dict[tuple[int, int], tuple[float, float]] = field(default_factory=dict)
    """Left and right edges of each column of a two-column page, by (page, column)."""

    def edges(self, line: Line) -> tuple[float, float]:
        """Where the measure ``line`` is set in starts and ends: its column's edges on a
        two-column page (the page's margin is the other column's half the time, so every
        line of one column looked indented or short), else the page's left margin and
        the body's right edge."""
        column = self.columns.get((line.page, line.column))
        return (
            column if column is not None else (self.left.get(line.page, self.left[-1]), self.right)
        )

    def part(self, index: int) -> str | None:
        return self.parts[index] if 0 <= index < len(self.parts) else None

    def page_no(self, index: int) -> PageLabel | None:
        return self.labels[index] if 0 <= index < len(self.labels) else None


def left_margins(lines: Sequence[Line], body_size: float) -> dict[int, float]:
    """Where each page's lines start (key -1: the document's usual margin).

    A page's own margin is where most of its body-size lines start; a page set in
    smaller type throughout (a syllabus, a summary) takes where most of its lines start.
    """
    per_page: dict[int, Counter[int]] = {}
    small: dict[int, Counter[int]] = {}
    others: Counter[int] = Counter()
    everywhere: Counter[int] = Counter()
    for line in lines:
        if line.size < 0.95 * body_size:
            small.setdefault(line.page, Counter())[round(line.x0)] += 1
        else:
            others[line.page] += 1
        if abs(line.size - body_size) < 0.5:
            per_page.setdefault(line.page, Counter())[round(line.x0)] += 1
            everywhere[round(line.x0)] += 1
    default = float(everywhere.most_common(1)[0][0]) if everywhere else 72.0
    margins = {}
    for page in {*per_page, *small}:
        value, count = (per_page.get(page) or Counter({0: 0})).most_common(1)[0]
        if count >= 3:
            margins[page] = float(value)
            continue
        counts = small.get(page, Counter())
        value, count = (counts or Counter({0: 0})).most_common(1)[0]
        set_small = sum(counts.values()) >= _SMALL_PAGE_SHARE * (
            sum(counts.values()) + others[page]
        )
        margins[page] = float(value) if set_small and count >= _SMALL_PAGE_LINES else default
    margins[-1] = default
    return margins


def column_edges(
    lines: Sequence[Line], body_size: float
) -> dict[tuple[int, int], tuple[float, float]]:
    """Each column's left and right edges on two-column pages, keyed by (page, column):
    where most of its body-size lines start (at least three of them) and the shared
    estimate over their right ends."""
    starts: dict[tuple[int, int], Counter[int]] = {}
    ends: dict[tuple[int, int], list[float]] = {}
    for line in lines:
        if line.column and abs(line.size - body_size) < 0.5:
            key = (line.page, line.column)
            starts.setdefault(key, Counter())[round(line.x0)] += 1
            ends.setdefault(key, []).append(line.x1)
    edges = {}
    for key, counts in starts.items():
        value, count = counts.most_common(1)[0]
        if count >= _COLUMN_LINES:
            edges[key] = (float(value), h.right_margin(ends[key], quantile=0.9))
    return edges


#: Lines a column needs at one left edge to have edges of its own.
_COLUMN_LINES = 3


#: Lines a page set in small type needs at one left edge to have a margin of its own,
#: and the share of its lines that must be small.
_SMALL_PAGE_LINES = 8
_SMALL_PAGE_SHARE = 0.8


def right_margin(lines: Sequence[Line], body_size: float) -> float:
    """Where body lines end: the shared estimate over the right ends of body-size lines."""
    ends = [line.x1 for line in lines if abs(line.size - body_size) < 0.5]
    return h.right_margin(ends, quantile=0.9) if ends else 540.0


def same_style(a: Line, b: Line) -> bool:
    return a.bold == b.bold and abs(a.size - b.size) <= 0.5 and a.font == b.font


__all__ = ["Context", "column_edges", "left_margins", "right_margin", "same_style"]
