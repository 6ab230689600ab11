"""Two-column pages: find the gutter and give the reading order by columns.

Pure functions over a page's runs. A page is set in two columns when a
vertical strip near its middle is crossed by (almost) no text while both
sides hold a good share of it; runs that do cross it (a title, an abstract
or a figure across the page) split the page into bands, each read left
column first, then right column.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from posenqa.parsing.layout import Run

#: The gutter is searched between these shares of the page width.
_GUTTER_RANGE = (0.3, 0.7)
#: Narrowest gutter (points): wider than any word space of a justified line.
_MIN_GUTTER = 9.0
#: Share of text (by characters) each column must hold.
_MIN_SIDE = 0.25
#: Rows with text on both sides that may run across the gutter (headings, a wide figure).
_MAX_BRIDGED = 0.12
#: Fewest rows with text on both sides of the gutter.
_MIN_ROWS = 8
#: Columns whose baselines do not line up share at most this share of their rows (a
#: table's cells share nearly all).
_MAX_ALIGNED = 0.4

#: Characters a row needs on one side to count as a line of text there.
_MIN_ROW_CHARS = 4

#: A piece of a row: its left and right x and its number of characters.
Span = tuple[float, float, int]


@dataclass(frozen=True, slots=True)
class Split:
    """Where a two-column page divides."""

    gutter: float
    """x of the gutter's middle."""


def find_gutter(runs: Sequence[Run], page_width: float) -> Split | None:
    """The gutter of a two-column page, or None for a single-column page.

    Runs are grouped into rows by baseline; a row leaves a gap at ``x`` when
    no text comes within half a gutter of it. Two columns need an ``x`` near
    the middle where nearly every row with text on both sides leaves a gap
    (:func:`_aligned_gutter`) or, when the columns' baselines do not line up
    (displayed maths, headings), where nearly every row at all leaves one
    (:func:`_unaligned_gutter`); either way both sides must hold running text.
    """
    rows: dict[int, list[tuple[float, float, int]]] = {}
    for r in runs:
        if r.text.strip():
            rows.setdefault(round(r.y), []).append((r.x, r.x + r.width, len(r.text.strip())))
    total = sum(n for row in rows.values() for _, _, n in row)
    if total < 400 or len(rows) < _MIN_ROWS:
        return None
    spans = [sorted(row) for row in rows.values()]
    for gutter in (_aligned_gutter(spans, page_width), _unaligned_gutter(spans, page_width)):
        if gutter is not None and _two_sides(spans, gutter, total):
            return Split(gutter)
    return None


def _candidates(page_width: float) -> list[float]:
    lo, hi = (page_width * share for share in _GUTTER_RANGE)
    return [lo + 2.0 * k for k in range(int((hi - lo) / 2.0) + 1)]


def _crosses(row: Sequence[Span], x: float) -> bool:
    half = _MIN_GUTTER / 2
    return any(a < x + half and b > x - half for a, b, _ in row)


def _sides(row: Sequence[Span], x: float) -> tuple[bool, bool]:
    half = _MIN_GUTTER / 2
    return any(b <= x + half for _, b, _ in row), any(a >= x - half for a, _, _ in row)


def _aligned_gutter(spans: Sequence[Sequence[Span]], page_width: float) -> float | None:
    """The ``x`` that the fewest rows with text on both sides cross (few enough), or None."""
    half = _MIN_GUTTER / 2
    best: tuple[float, float] | None = None  # (bridged share, x)
    for x in _candidates(page_width):
        both = bridged = 0
        for row in spans:
            if row[0][0] < x - half and row[-1][1] > x + half:
                both += 1
                bridged += _crosses(row, x)
        if both >= _MIN_ROWS:
            share = bridged / both
            if best is None or share < best[0]:
                best = (share, x)
    return best[1] if best is not None and best[0] <= _MAX_BRIDGED else None


def _unaligned_gutter(spans: Sequence[Sequence[Span]], page_width: float) -> float | None:
    """The ``x`` that the fewest rows cross, for columns whose baselines do not line up.

    Columns of running text rarely share a baseline once either holds
    displayed maths or a heading; the cells of a table's row always do, so a
    strip with text on both sides of it on most of the same rows is a table's,
    not a gutter.
    """
    xs = _candidates(page_width)
    shares = [sum(_crosses(row, x) for row in spans) / len(spans) for x in xs]
    low = min(shares, default=1.0)
    if low > _MAX_BRIDGED:
        return None
    # The middle of the clearest strip, not its edge.
    first = shares.index(low)
    last = first
    while last + 1 < len(shares) and shares[last + 1] == low:
        last += 1
    x = (xs[first] + xs[last]) / 2
    sides = [_sides(row, x) for row in spans]
    left, right = sum(a for a, _ in sides), sum(b for _, b in sides)
    aligned = sum(a and b for a, b in sides)
    return x if aligned <= _MAX_ALIGNED * min(left, right) else None


def _two_sides(spans: Sequence[Sequence[Span]], gutter: float, total: int) -> bool:
    """Whether each side of the gutter holds a good share of the text, as running text."""
    half = _MIN_GUTTER / 2
    left = sum(n for row in spans for _, b, n in row if b <= gutter + half)
    right = sum(n for row in spans for a, _, n in row if a >= gutter - half)
    if left < _MIN_SIDE * total or right < _MIN_SIDE * total:
        return False
    # Side-by-side table cells are not columns of running text.
    return _prose_side(spans, gutter, 0) and _prose_side(spans, gutter, 1)


def _prose_side(spans: Sequence[Sequence[Span]], gutter: float, which: int) -> bool:
    """Whether most rows on one side of the gutter fill most of that column's width."""
    extents = []
    for row in spans:
        side_runs = [(a, b, n) for a, b, n in row if (b <= gutter if which == 0 else a >= gutter)]
        # A row of a lone sub- or superscript ("j", "1 m") is no line of text.
        if sum(n for _, _, n in side_runs) >= _MIN_ROW_CHARS:
            extents.append((min(r[0] for r in side_runs), max(r[1] for r in side_runs)))
    if len(extents) < _MIN_ROWS:
        return False
    starts = sorted(a for a, _ in extents)
    ends = sorted(b for _, b in extents)
    left, right = starts[len(starts) // 10], ends[(9 * len(ends)) // 10]
    width = right - left
    full = sum((b - a) >= 0.6 * width for a, b in extents)
    return width > 0 and full >= 0.3 * len(extents)


def side(run: Run, split: Split) -> int:
    """0 for a run in the left column, 1 in the right, -1 for one crossing the gutter."""
    if run.x + run.width <= split.gutter + _MIN_GUTTER / 2:
        return 0
    if run.x >= split.gutter - _MIN_GUTTER / 2:
        return 1
    return -1


# ------------------------------------------------------------- side heads

#: The body column of a page with side heads starts at least this far across the page.
_SIDE_MIN_SHARE = 0.25
#: Lines of body text that must start at the body column's edge.
_SIDE_MIN_ROWS = 5
#: Side text may hold at most this share of the page's characters.
_SIDE_MAX_SHARE = 0.2


def split_side_column(runs: Sequence[Run], page_width: float) -> tuple[list[Run], list[Run]]:
    """``(body runs, side runs)`` of a page whose left margin holds side heads.

    Reports set headings in a wide left margin beside the text they head,
    wrapped over several short lines whose baselines fall between (or on) the
    body's. The body column is the left edge most lines of the page's main
    size start at, well into the page. Side text ends a quarter em or more
    before that edge, on a baseline that nothing crosses the edge on (a title
    set across the page is not a side head), reads as words, and is mostly
    larger or bolder than the main text, a small share of the page. A page
    without such a margin column gives ``(runs, [])``.
    """
    from collections import Counter

    runs = list(runs)
    texts = [r for r in runs if r.text.strip()]
    if not texts:
        return runs, []
    sizes: Counter[float] = Counter()
    for r in texts:
        sizes[r.size] += len(r.text.strip())
    main = sizes.most_common(1)[0][0]
    rows: dict[int, float] = {}
    for r in texts:
        if abs(r.size - main) < 0.5:
            key = round(r.y)
            rows[key] = min(rows.get(key, r.x), r.x)
    edge, count = Counter(round(x) for x in rows.values()).most_common(1)[0]
    if count < _SIDE_MIN_ROWS or edge < _SIDE_MIN_SHARE * page_width:
        return runs, []
    crossed = {round(r.y) for r in texts if r.x < edge < r.x + r.width - 0.25 * r.size}
    side = [
        r
        for r in runs
        if r.x < edge and r.x + r.width <= edge - 0.25 * r.size and round(r.y) not in crossed
    ]
    chars = sum(len(r.text.strip()) for r in side)
    standing_out = sum(len(r.text.strip()) for r in side if r.bold or r.size >= 1.15 * main)
    words = re.findall(r"[^\W\d_]{2,}", " ".join(r.text for r in side))
    if (
        len(words) < 2
        or standing_out < 0.5 * chars
        or chars > _SIDE_MAX_SHARE * sum(sizes.values())
    ):
        return runs, []
    ids = {id(r) for r in side}
    return [r for r in runs if id(r) not in ids], side


__all__ = ["Split", "find_gutter", "side", "split_side_column"]
