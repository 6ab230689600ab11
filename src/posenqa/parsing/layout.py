"""Pure layout heuristics over positioned text runs from a PDF page.

The PDF reader (:mod:`posenqa.parsing.pdf`) gives each page as text runs with
a position, an effective font size, a boldness flag and an estimated width,
plus the short horizontal rules drawn on it. The functions here turn runs into
lines (marking superscripts by font size and raised baseline), find the body
font size, the running heads and printed page numbers, and the footnote zone
at the foot of each page. Nothing here knows any paper's words or numbers;
sizes are relative to the document's own body size.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import pairwise

from posenqa.parsing.headings import is_section_number

# ---------------------------------------------------------------- the model


@dataclass(frozen=True, slots=True)
class Run:
    """A piece of text drawn at one position in one font (page coordinates, y up)."""

    text: str
    x: float
    y: float
    """Baseline."""
    size: float
    """Effective font size in points (font size times the text and user matrices' scale)."""
    width: float = 0.0
    """Estimated advance width in points; 0 when unknown."""
    bold: bool = False
    font: str = ""
    """Font name without the subset prefix, e.g. ``NimbusRomNo9L-Regu``."""
    exact: bool = False
    """The width is the font's advance width of this very string, not an estimate."""
    seq: int = 0
    """Position in the page's content stream (drawing order)."""


@dataclass(frozen=True, slots=True)
class Rule:
    """A thin horizontal line or box drawn on the page, e.g. the rule above the notes."""

    x0: float
    x1: float
    y: float


@dataclass(frozen=True, slots=True)
class Page:
    """One page as the reader saw it."""

    index: int
    """Physical page index, from 0."""
    width: float
    height: float
    runs: tuple[Run, ...]
    rules: tuple[Rule, ...] = ()


@dataclass(frozen=True, slots=True)
class Piece:
    """Consecutive text of a line that is either all on the baseline or all raised."""

    text: str
    sup: bool = False
    note: int = 0
    """The note this raised number marks; 0 when it is not a note marker."""
    sequence: int = 0
    """Which of the document's note sequences (counted from 0) the note belongs to."""


@dataclass(frozen=True, slots=True)
class Line:
    """A line of text: runs sharing a baseline, with raised runs merged in as superscripts."""

    page: int
    y: float
    x0: float
    x1: float
    size: float
    """Size of the line's main (baseline) text."""
    bold: bool
    """Most of the baseline text is in a bold font."""
    pieces: tuple[Piece, ...]
    bold_lead: str = ""
    """Bold text opening the line (after a plain section number), as in a run-in heading."""
    lead_end: int = 0
    """Where that opening ends, as an offset in the pieces' joined (unstripped) text."""
    font: str = ""
    """The font of most of the baseline text."""
    column: int = 0
    """0 on a single-column page (or across the gutter); 1 left, 2 right column."""

    @property
    def text(self) -> str:
        """The whole line, superscripts included, as one string."""
        return "".join(p.text for p in self.pieces).strip()


# ------------------------------------------------------------ runs -> lines

#: A run this much smaller than its line, raised by at least _RAISE of the
#: line's size, is a superscript (note markers, exponents, ordinals).
_SUP_SIZE_RATIO = 0.9
_RAISE = 0.12
#: How far (in line sizes) a superscript may stand above its baseline.
_MAX_RAISE = 0.65


#: Runs whose baselines differ by less than this (points) stand on one baseline.
_SAME_BASELINE = 1.0


def build_lines(page: Page) -> list[Line]:
    """Group a page's runs into lines in reading order, marking superscript pieces.

    A single-column page reads top to bottom. On a two-column page (see
    :mod:`posenqa.parsing.columns`) each band between text that crosses the
    gutter reads its left column, then its right; lines carry their column.
    """
    from posenqa.parsing.columns import find_gutter, side, split_side_column

    runs = [r for r in page.runs if r.text]
    if not runs:
        return []
    split = find_gutter(runs, page.width)
    if split is None:
        body, margin = split_side_column(runs, page.width)
        if not margin:
            return _lines_of(page.index, runs)
        return _with_side_heads(_lines_of(page.index, body), _lines_of(page.index, margin))
    # A run across the gutter takes its whole baseline with it: a title set across the
    # page is one line, not three pieces read in different places.
    across = [r.y for r in runs if side(r, split) == -1]
    sides = [
        -1 if any(abs(r.y - y) < _SAME_BASELINE for y in across) else side(r, split) for r in runs
    ]
    spanning = _lines_of(page.index, [r for r, s in zip(runs, sides, strict=True) if s == -1])
    left = _lines_of(page.index, [r for r, s in zip(runs, sides, strict=True) if s == 0], column=1)
    right = _lines_of(page.index, [r for r, s in zip(runs, sides, strict=True) if s == 1], column=2)
    out: list[Line] = []
    above = float("inf")
    for cut in [*spanning, None]:
        below = cut.y if cut is not None else float("-inf")
        out.extend(ln for ln in left if below < ln.y <= above)
        out.extend(ln for ln in right if below < ln.y <= above)
        if cut is not None:
            out.append(cut)
        above = below
    return out


def _with_side_heads(body: list[Line], side: list[Line]) -> list[Line]:
    """Body lines with each block of side-head lines read before the body line beside its top.

    A side head's lines stay together (they are one wrapped heading) and come
    before the first body line whose top is no higher than the head's top.
    """
    blocks: list[list[Line]] = []
    for line in side:
        if blocks and blocks[-1][-1].y - line.y <= 1.6 * line.size:
            blocks[-1].append(line)
        else:
            blocks.append([line])
    out: list[Line] = []
    for line in body:
        while blocks and blocks[0][0].y + blocks[0][0].size >= line.y + 0.5 * line.size:
            out.extend(blocks.pop(0))
        out.append(line)
    for block in blocks:
        out.extend(block)
    return out


def _lines_of(page: int, runs: list[Run], column: int = 0) -> list[Line]:
    if not runs:
        return []
    clusters = _cluster_by_baseline(runs)
    clusters = _merge_raised_clusters(clusters)
    lines = [_make_line(page, c, column) for c in clusters]
    return [line for line in lines if line.text]


def _cluster_by_baseline(runs: list[Run]) -> list[list[Run]]:
    ordered = sorted(runs, key=lambda r: -r.y)
    clusters: list[list[Run]] = []
    for run in ordered:
        if clusters:
            current = clusters[-1]
            anchor = current[0]
            tolerance = 0.3 * min(anchor.size, run.size)
            if abs(anchor.y - run.y) <= tolerance:
                current.append(run)
                continue
        clusters.append([run])
    return clusters


def _cluster_size(cluster: list[Run]) -> float:
    return _main_size(cluster)


def _main_size(runs: Iterable[Run]) -> float:
    weights: Counter[float] = Counter()
    for r in runs:
        weights[r.size] += max(1, len(r.text.strip()))
    return weights.most_common(1)[0][0]


def _extent(cluster: list[Run]) -> tuple[float, float]:
    return min(r.x for r in cluster), max(r.x + r.width for r in cluster)


def _merge_raised_clusters(clusters: list[list[Run]]) -> list[list[Run]]:
    """Fold clusters of small raised runs into the line whose baseline they sit above."""
    merged = [list(c) for c in clusters]
    absorbed: set[int] = set()
    for i, cluster in enumerate(merged):
        if _is_words(cluster):
            continue  # a line of small type above a title (a running head), not a superscript
        size = _cluster_size(cluster)
        top_y = cluster[0].y
        x0, x1 = _extent(cluster)
        # Clusters are ordered top to bottom: the line below is the next one.
        for j in (i + 1, i + 2):
            if j >= len(merged) or j in absorbed:
                continue
            below = merged[j]
            below_size = _cluster_size(below)
            rise = top_y - below[0].y
            bx0, bx1 = _extent(below)
            if (
                size < _SUP_SIZE_RATIO * below_size
                and 0 < rise <= _MAX_RAISE * below_size
                and x0 >= bx0 - 3 * below_size
                and x1 <= bx1 + 3 * below_size
            ):
                below.extend(cluster)
                absorbed.add(i)
                break
    return [c for i, c in enumerate(merged) if i not in absorbed]


#: Superscripts are numbers, symbols and short words; this many words of letters make a line.
_LINE_WORDS = 3


def _is_words(cluster: list[Run]) -> bool:
    """Whether a cluster of runs reads as words of text rather than a raised mark."""
    text = "".join(r.text for r in sorted(cluster, key=lambda r: r.x))
    return len(re.findall(r"[^\W\d_]{2,}", text)) >= _LINE_WORDS


def _make_line(page: int, cluster: list[Run], column: int = 0) -> Line:
    size = _main_size(cluster)
    base = [r for r in cluster if r.size >= _SUP_SIZE_RATIO * size]
    baseline = Counter(round(r.y, 1) for r in base).most_common(1)[0][0]
    runs = _reading_order(cluster)
    pieces: list[Piece] = []
    prev: Run | None = None
    lead: list[str] = []
    lead_end = 0
    leading = True
    for k, run in enumerate(runs):
        if prev is not None and run.text == prev.text and abs(run.x - prev.x) < 0.5:
            continue  # the same text drawn twice (fake bold, shadow)
        text = run.text
        if prev is not None and _needs_space(prev, run, size):
            text = " " + text
        if leading and run.text.strip():
            if not run.bold and not (k == 0 and is_section_number(run.text)):
                leading = False
                lead_end = sum(len(p.text) for p in pieces)
            elif run.bold:
                lead.append(text)
        sup = run.size < _SUP_SIZE_RATIO * size and run.y - baseline > _RAISE * size
        if (
            prev is not None
            and prev.exact
            and pieces
            and pieces[-1].text.endswith(" ")
            and text[:1] in ",.;:)]”’"
            and run.x < prev.x + prev.width - 0.5
        ):
            # Punctuation drawn over the space before it (Word's kerning): no space.
            pieces[-1] = Piece(pieces[-1].text.rstrip(" "), pieces[-1].sup)
        if pieces and pieces[-1].sup == sup:
            pieces[-1] = Piece(pieces[-1].text + text, sup)
        else:
            pieces.append(Piece(text, sup))
        prev = run
    body = [r for r in base if r.text.strip()] or base
    bold_chars = sum(len(r.text.strip()) for r in body if r.bold)
    all_chars = sum(len(r.text.strip()) for r in body) or 1
    return Line(
        page=page,
        y=baseline,
        x0=min(r.x for r in (body or cluster)),
        x1=max(r.x + r.width for r in cluster),
        size=size,
        bold=bold_chars / all_chars >= 0.6,
        pieces=tuple(pieces),
        bold_lead=" ".join("".join(lead).split()),
        lead_end=lead_end if not leading else sum(len(p.text) for p in pieces),
        font=_main_font(body),
        column=column,
    )


def _reading_order(cluster: list[Run]) -> list[Run]:
    """The line's runs left to right, in drawing order where the two agree up to a jitter.

    Producers that position every glyph (Word) can place a comma a hair left
    of the end of the letter before it; sorting strictly by x would then read
    "Financev,ol." for "Finance, vol.". Drawing order is kept while it moves
    right (allowing that jitter); a line drawn out of order is sorted by x.
    """
    stream = sorted(cluster, key=lambda r: r.seq)
    if all(r.exact for r in stream) and all(
        b.x >= a.x - 0.3 * max(a.size, b.size) for a, b in pairwise(stream)
    ):
        return stream
    return sorted(cluster, key=lambda r: r.x)


def _main_font(runs: Iterable[Run]) -> str:
    weights: Counter[str] = Counter()
    for r in runs:
        weights[r.font] += len(r.text.strip())
    return weights.most_common(1)[0][0] if weights else ""


def body_font(lines: Iterable[Line]) -> str:
    """The font most of the document's text is set in."""
    weights: Counter[str] = Counter()
    for line in lines:
        weights[line.font] += len(line.text)
    return weights.most_common(1)[0][0] if weights else ""


#: Share of the font size above which a gap between two strings is a word space.
_WORD_GAP = 0.15


def _needs_space(prev: Run, run: Run, size: float) -> bool:
    if prev.text[-1:].isspace() or run.text[:1].isspace():
        return False
    if prev.width <= 0:
        return False
    gap = run.x - (prev.x + prev.width)
    if prev.exact:
        # Exact advance widths: a word space (about a quarter em, less in a
        # tight justified line) stands out from kerning and letter spacing.
        return gap > _WORD_GAP * min(prev.size, run.size)
    # Estimated widths drift over a long run; only a clear gap is a space.
    return gap > max(0.2 * size, 0.06 * prev.width)


# ------------------------------------------------------- document statistics


def body_font_size(lines: Iterable[Line]) -> float:
    """The most common font size, weighted by characters: the document's body text size."""
    weights: Counter[float] = Counter()
    for line in lines:
        weights[round(line.size, 1)] += len(line.text)
    if not weights:
        return 10.0
    return weights.most_common(1)[0][0]


def line_leading(lines: Sequence[Line], body_size: float) -> float:
    """The most common distance between consecutive body-size lines on a page."""
    gaps: Counter[float] = Counter()
    for a, b in pairwise(lines):
        if (
            a.page == b.page
            and abs(a.size - body_size) < 0.5
            and abs(b.size - body_size) < 0.5
            and 0 < a.y - b.y < 3 * body_size
        ):
            gaps[round(a.y - b.y)] += 1
    return float(gaps.most_common(1)[0][0]) if gaps else 1.2 * body_size


# --------------------------------------------- running heads, page numbers

#: Share of the page height, from the top or the bottom of the page's text, where furniture stands.
_EDGE_BAND = 0.12
#: A line repeated (digits aside) at one height on this share of the pages is a watermark.
_WATERMARK_SHARE = 0.4


@dataclass(frozen=True, slots=True)
class Furniture:
    """What the page furniture analysis found."""

    dropped: frozenset[tuple[int, int]]
    """(page index, line index) of running heads, footers, page numbers and watermarks."""
    candidates: dict[int, int | str]
    """The page label each page's furniture prints (before the consistency check)."""
    weak: dict[int, int | str]
    """A number opening or closing a page's outermost line that is not a running head
    (the first page of an article: "528 OCTOBER TERM, 2021"); trusted only where it
    continues the numbering of the pages around it."""
    heads: dict[int, tuple[str, ...]]
    """The running-head and footer lines (text) of each page, page numbers included."""


def _signature(text: str) -> str:
    return re.sub(r"[\d\s]+", " ", text).strip().lower()


def find_furniture(pages: Sequence[Sequence[Line]], heights: Sequence[float]) -> Furniture:
    """Find running heads/footers, page numbers and watermarks.

    A line is furniture when it is among the first or last two lines of its
    page, stands in the band at the top or bottom of the page's text, and is
    either a bare page number or text repeated (digits aside) in the same band
    and size on several pages. Text repeated at one height and size across
    many pages is a watermark wherever it stands (a large title that later
    running heads repeat in small type is neither). The label each page prints is read from
    its furniture; :func:`posenqa.parsing.page_labels.consistent_labels`
    decides which labels to trust.
    """
    from posenqa.parsing.page_labels import label_in_line

    edge: list[list[tuple[int, str]]] = []
    counts: Counter[tuple[str, str, int]] = Counter()
    where: Counter[tuple[str, int, int]] = Counter()
    for p, lines in enumerate(pages):
        height = heights[p]
        found: list[tuple[int, str]] = []
        if lines:
            top = max(line.y for line in lines)
            bottom = min(line.y for line in lines)
            # The two highest and two lowest lines: on a two-column page the page number
            # centred at the foot is read with a column, not last.
            by_height = sorted(range(len(lines)), key=lambda k: (-lines[k].y, k))
            idxs = by_height[: min(2, len(lines))] + by_height[max(2, len(lines) - 2) :]
            for i in dict.fromkeys(idxs):
                line = lines[i]
                band = "top" if line.y > top - height * _EDGE_BAND else ""
                band = band or ("bottom" if line.y < bottom + height * _EDGE_BAND else "")
                if band:
                    found.append((i, band))
                    sig = _signature(line.text)
                    if sig:
                        # Heads and footers stand at one height in one size; note
                        # lines that happen to read alike ("Id. at 344.") do not,
                        # nor does a title that a later running head repeats.
                        counts[(band, sig, round(line.y / 4), round(line.size))] += 1
        for line in lines:
            sig = _signature(line.text)
            if sig:
                where[(sig, round(line.y / 3), round(line.size))] += 1
        edge.append(found)

    body = body_font_size(line for lines in pages for line in lines)
    repeat_min = max(2, round(0.2 * len(pages)))
    # Running heads of one part of a document (one opinion) repeat on fewer pages.
    part_min = min(repeat_min, 3)
    watermark_min = max(3, round(_WATERMARK_SHARE * len(pages)))
    dropped: set[tuple[int, int]] = set()
    candidates: dict[int, int | str] = {}
    weak: dict[int, int | str] = {}
    heads: dict[int, list[str]] = {}
    for p, found in enumerate(edge):
        # The outermost line first: a page number prints at the very top or foot.
        found = sorted(
            found,
            key=lambda item: (
                (-pages[p][item[0]].y, item[0])
                if item[1] == "top"
                else (pages[p][item[0]].y, -item[0])
            ),
        )
        for i, band in found:
            text = pages[p][i].text
            sig = _signature(text)
            key = (band, sig, round(pages[p][i].y / 4), round(pages[p][i].size))
            count = counts[key] if _head_like(sig) else 0
            repeated = count >= repeat_min or (count >= part_min and not _CAPTION_START.match(text))
            label = label_in_line(text, repeated=repeated)
            if label is None and i in (0, len(pages[p]) - 1):
                guess = label_in_line(text, repeated=True)
                if guess is not None:
                    weak.setdefault(p, guess)
            if label is not None or repeated:
                dropped.add((p, i))
                heads.setdefault(p, []).append(text)
                if label is not None:
                    candidates.setdefault(p, label)
        if len(pages) >= 3:
            for i, line in enumerate(pages[p]):
                sig = _signature(line.text)
                if (
                    sig
                    and len(sig) > 3
                    and abs(line.size - body) > 0.5  # a stamp, not a line of the text
                    and where[(sig, round(line.y / 3), round(line.size))] >= watermark_min
                ):
                    dropped.add((p, i))
    return Furniture(
        frozenset(dropped),
        candidates,
        {p: label for p, label in weak.items() if p not in candidates},
        {p: tuple(texts) for p, texts in heads.items()},
    )


def _head_like(signature: str) -> bool:
    """Whether repeated text can be a running head: two words or more, not "Id. at"."""
    words = re.findall(r"[^\W\d_]+", signature)
    return len(words) >= 2 and sum(map(len, words)) >= 6


_CAPTION_START = re.compile(r"^(?:Figure|Fig\.|Table|Chart|Exhibit)\s", re.IGNORECASE)


__all__ = [
    "Furniture",
    "Line",
    "Page",
    "Piece",
    "Rule",
    "Run",
    "body_font",
    "body_font_size",
    "build_lines",
    "find_furniture",
    "line_leading",
]
