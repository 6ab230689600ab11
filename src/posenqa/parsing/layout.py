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


def build_lines(page: Page) -> list[Line]:
    """Group a page's runs into lines, top to bottom, marking superscript pieces."""
    runs = [r for r in page.runs if r.text]
    if not runs:
        return []
    clusters = _cluster_by_baseline(runs)
    clusters = _merge_raised_clusters(clusters)
    lines = [_make_line(page.index, c) for c in clusters]
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


def _make_line(page: int, cluster: list[Run]) -> Line:
    size = _main_size(cluster)
    base = [r for r in cluster if r.size >= _SUP_SIZE_RATIO * size]
    baseline = Counter(round(r.y, 1) for r in base).most_common(1)[0][0]
    runs = sorted(cluster, key=lambda r: r.x)
    pieces: list[Piece] = []
    prev: Run | None = None
    lead: list[str] = []
    lead_end = 0
    leading = True
    for k, run in enumerate(runs):
        if leading and run.text.strip():
            if not run.bold and not (k == 0 and _SECTION_NUMBER.match(run.text)):
                leading = False
                lead_end = sum(len(p.text) for p in pieces)
            elif run.bold:
                lead.append(run.text)
        sup = run.size < _SUP_SIZE_RATIO * size and run.y - baseline > _RAISE * size
        if prev is not None and run.text == prev.text and abs(run.x - prev.x) < 0.5:
            continue  # the same text drawn twice (fake bold, shadow)
        text = run.text
        if prev is not None and _needs_space(prev, run, size):
            text = " " + text
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
    )


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


_SECTION_NUMBER = re.compile(r"^\s*(?:\d{1,2}(?:\.\d{1,2})*|\d{1,2}[A-Z]|[IVX]{1,6})\.?\s*$")


def _needs_space(prev: Run, run: Run, size: float) -> bool:
    if prev.text[-1:].isspace() or run.text[:1].isspace():
        return False
    if prev.width <= 0:
        return False
    gap = run.x - (prev.x + prev.width)
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

_PAGE_NUMBER = re.compile(r"^(?:page\s+)?(\d{1,4})(?:\s+of\s+\d{1,4})?$", re.IGNORECASE)
_EDGE_NUMBER = re.compile(r"^(\d{1,4})\s+\S|\S\s+(\d{1,4})$")
#: Share of the page height, from the top or the bottom, where furniture stands.
_EDGE_BAND = 0.12


@dataclass(frozen=True, slots=True)
class Furniture:
    """What the page furniture analysis found."""

    dropped: frozenset[tuple[int, int]]
    """(page index, line index) of running heads, footers and page numbers."""
    printed: dict[int, int]
    """Printed page number by physical page index, where one was found."""


def _signature(text: str) -> str:
    return re.sub(r"[\d\s]+", " ", text).strip().lower()


def find_furniture(pages: Sequence[Sequence[Line]], heights: Sequence[float]) -> Furniture:
    """Find running heads/footers and page numbers among the first and last lines of pages.

    A line is furniture when it stands in the top or bottom band of its page
    and is either a bare page number or text repeated (digits aside) in the
    same band on several pages. Printed numbers are kept only when they agree
    with the most common offset from the physical page (or follow the
    previous page's number), so a stray figure in a table is not taken.
    """
    edge: list[list[tuple[int, str]]] = []
    counts: Counter[tuple[str, str]] = Counter()
    for p, lines in enumerate(pages):
        height = heights[p]
        found: list[tuple[int, str]] = []
        idxs = list(range(min(2, len(lines)))) + list(range(max(2, len(lines) - 2), len(lines)))
        for i in dict.fromkeys(idxs):
            line = lines[i]
            band = "top" if line.y > height * (1 - _EDGE_BAND) else ""
            band = band or ("bottom" if line.y < height * _EDGE_BAND else "")
            if band:
                found.append((i, band))
                sig = _signature(line.text)
                if sig:
                    counts[(band, sig)] += 1
        edge.append(found)

    repeat_min = max(2, round(0.2 * len(pages)))
    dropped: set[tuple[int, int]] = set()
    candidates: dict[int, int] = {}
    for p, found in enumerate(edge):
        for i, band in found:
            text = pages[p][i].text
            bare = _PAGE_NUMBER.match(text)
            sig = _signature(text)
            repeated = bool(sig) and counts[(band, sig)] >= repeat_min
            if bare:
                dropped.add((p, i))
                candidates.setdefault(p, int(bare.group(1)))
            elif repeated:
                dropped.add((p, i))
                end = _EDGE_NUMBER.search(text)
                if end:
                    candidates.setdefault(p, int(end.group(1) or end.group(2)))
    return Furniture(frozenset(dropped), _consistent_numbers(candidates))


def _consistent_numbers(candidates: dict[int, int]) -> dict[int, int]:
    if not candidates:
        return {}
    offsets = Counter(n - p for p, n in candidates.items())
    best = offsets.most_common(1)[0][0]
    printed: dict[int, int] = {}
    for p in sorted(candidates):
        n = candidates[p]
        if n - p == best or printed.get(p - 1) == n - 1:
            printed[p] = n
    return printed


# ------------------------------------------------------------ footnote zone

_NOTE_NUMBER = re.compile(r"^(\d+)(?:\.\s*|\s+)(?=\S)")
_NOTE_SYMBOL = re.compile(r"^[*†‡§¶‖#]+$")


def footnote_zone(
    lines: Sequence[Line], rules: Sequence[Rule], body_size: float, page_width: float
) -> int:
    """Index of the first line of the page's footnote zone (``len(lines)`` if none).

    ``lines`` are one page's lines, top to bottom, furniture removed. The zone
    is what stands under a short rule in the lower part of the page when that
    text is smaller than the body; without a rule, the trailing run of small
    lines that begins with a note number.
    """
    small = [line.size < 0.95 * body_size for line in lines]
    for rule in sorted(rules, key=lambda r: r.y):
        if rule.x1 - rule.x0 > 0.6 * page_width:
            continue  # a full-width rule is a header/footer ornament or a table border
        below = [i for i, line in enumerate(lines) if line.y < rule.y]
        if not below:
            continue
        start = below[0]
        tail = range(start, len(lines))
        if all(lines[i].y < rule.y for i in tail) and sum(small[i] for i in tail) >= 0.7 * len(
            tail
        ):
            return start
    start = len(lines)
    while start > 0 and small[start - 1]:
        start -= 1
    # Without a rule, demand that the small trailing text opens with a note.
    for i in range(start, len(lines)):
        if note_start(lines[i])[0] == "number":
            return i
    return len(lines)


def note_start(line: Line) -> tuple[str, int | None, str]:
    """Whether a footnote-zone line opens a note.

    Returns ``("number", n, rest)`` for a numbered note (a raised number, or
    ``"n."``/``"n "`` at the start), ``("symbol", None, rest)`` for a symbol
    note (``*``, ``†``, ...), or ``("", None, text)`` for a continuation line.
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
    m = _NOTE_NUMBER.match(text)
    if m:
        return "number", int(m.group(1)), text[m.end() :].strip()
    if text[:1] and _NOTE_SYMBOL.match(text[:1]):
        return "symbol", None, text[1:].strip()
    return "", None, text


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
    "footnote_zone",
    "line_leading",
    "note_start",
]
