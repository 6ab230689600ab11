"""Full references without a publication parenthesis, as government reports write them.

    Peter Baker, "Title," New York Times, April 25, 2017, https://...
    Alex Brill and Kevin Hassett, Title, American Enterprise Institute, Working Paper no. 137,
        July 31, 2007, https://...

A sentence of a note (outside the references already found) is one of these
when it starts with an author list and a title, and holds a date or a URL.
The title ends at the first comma before a date, a URL, a lower-case word,
"vol." or "pp.", or an organization's name ("... Institute"). Pure functions.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence

from posenqa.references import grammar as g
from posenqa.references.heads import (
    CLOSE_FOR,
    OPEN_QUOTES,
    authors_at,
    clean_title,
    find_head,
    make_reference,
)
from posenqa.references.model import Reference
from posenqa.references.names import squash

_PERIODICAL = re.compile(
    r"\b(?:Journal|Review|Times|Post|News|Quarterly|Letters|Economist|Magazine|Notes|Gazette|"
    r"Herald|Tribune|Bulletin|Record)\b"
)
_CUT = re.compile(
    rf",\s+(?=(?:{g.MONTHS})\b|\d|https?://|www\.|[a-z]|vol\.|No\.|no\.|pp?\.|Working Paper)"
)
_DATE = re.compile(rf"(?:(?:{g.MONTHS})\s+(?:\d{{1,2}},?\s+)?)?(?P<year>{g.YEAR})\b")
_PAGES = re.compile(r"\bpp?\.\s*(?P<pages>\d+(?:\s*[-–]\s*\d+)?)")
_VOLUME = re.compile(r"\bvol\.\s*(?P<volume>\d+)")
_NEXT_AUTHOR = re.compile(r",\s+and\s+|;\s+")


def parse_plain_references(
    number: int, text: str, taken: Sequence[tuple[int, int]]
) -> tuple[Reference, ...]:
    """The parenthesis-free full references of a note, outside the ``taken`` spans."""
    refs = []
    for lo, hi in _free_pieces(text, taken):
        for start, end in _sentences(text, lo, hi):
            refs += _references_in(number, text, start, end)
    return tuple(refs)


def _free_pieces(text: str, taken: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    pieces, pos = [], 0
    for s, e in sorted(taken):
        if s > pos:
            pieces.append((pos, s))
        pos = max(pos, e)
    if pos < len(text):
        pieces.append((pos, len(text)))
    return pieces


def _sentences(text: str, lo: int, hi: int) -> list[tuple[int, int]]:
    spans, start = [], lo
    for brk in g.SENTENCE_BREAK.finditer(text, lo, hi):
        if text.count("“", start, brk.start()) > text.count("”", start, brk.start()):
            continue
        spans.append((start, brk.start() + 1))
        start = brk.end()
    spans.append((start, hi))
    return spans


def _references_in(number: int, text: str, lo: int, hi: int) -> list[Reference]:
    head = find_head(text, lo, hi)
    if head is None:
        return []
    start = head[0]
    # Several references in one sentence: "A, "T," X, 2007, and B, "U," Y, 2006".
    bounds = [start]
    for sep in _NEXT_AUTHOR.finditer(text, start, hi):
        after = authors_at(text, sep.end(), hi)
        piece = text[bounds[-1] : sep.start()]
        if after and (_dates(piece) or g.URL.search(piece)):
            rest = text[after[2] : hi].lstrip()
            if rest and (rest[0] in OPEN_QUOTES or rest[0].isupper()):
                bounds.append(sep.end())
    bounds.append(hi)
    refs = []
    for a, b in itertools.pairwise(bounds):
        ref = _reference(number, text, a, b)
        if ref is not None:
            refs.append(ref)
    return refs


def _reference(number: int, text: str, lo: int, hi: int) -> Reference | None:
    found = authors_at(text, lo, hi)
    if found is None:
        return None
    authors, author_year, body_start = found
    body = text[body_start:hi]
    url = g.URL.search(body)
    if not (_dates(body) or url):
        return None
    stripped = body.lstrip()
    offset = body_start + len(body) - len(stripped)
    container = publisher = None
    if stripped and stripped[0] in OPEN_QUOTES:
        close = stripped.find(CLOSE_FOR[stripped[0]], 1)
        if close < 0:
            return None
        title = clean_title(stripped[1:close])
        rest_at = offset + close + 1
        part = _first_part(text, rest_at, hi)
        if part and _PERIODICAL.search(part):
            container, kind = part, "article"
        elif part and g.ORG.search(part):
            publisher, kind = part, "report"
        elif part and not _DATE.fullmatch(part):
            container, kind = part, "article"
        else:
            kind = "web" if url else "report"
    else:
        cut = _title_end(text, offset, hi)
        title = clean_title(text[offset:cut])
        rest_at = cut
        part = _first_part(text, rest_at, hi)
        if part and g.ORG.search(part):
            publisher = part
        tail = text[rest_at:hi]
        if g.REPORT_WORDS.search(title) or g.REPORT_WORDS.search(tail):
            kind = "report"
        else:
            kind = "web" if url else "book"
    if not title:
        return None
    tail = text[rest_at:hi]
    dates = _dates(tail)
    year = int(dates[-1].group("year")) if dates else author_year
    pages = _PAGES.search(tail)
    volume = _VOLUME.search(tail)
    tail_url = g.URL.search(tail)
    ends = [rest_at]
    ends += [rest_at + m.end() for m in (dates[-1] if dates else None, pages, tail_url) if m]
    return make_reference(
        number,
        (lo, max(ends)),
        authors=authors,
        title=title,
        container=container,
        publisher=publisher,
        year=year,
        pages=re.sub(r"\s*[-–]\s*", "-", pages.group("pages")) if pages else None,
        url=tail_url.group(0) if tail_url else None,
        kind=kind,
        volume=volume.group("volume") if volume else None,
    )


def _dates(text: str) -> list[re.Match[str]]:
    """Dates outside parentheses: "(1992)" after a name is an author-year citation."""
    depth_at = []
    depth = 0
    for ch in text:
        depth += ch == "("
        depth_at.append(depth)
        depth -= ch == ")"
    return [m for m in _DATE.finditer(text) if depth_at[m.start()] == 0]


def _first_part(text: str, pos: int, hi: int) -> str | None:
    """The comma-separated item right after the title: a periodical, a publisher, or None."""
    rest = text[pos:hi].lstrip(" ,")
    if not rest or not rest[0].isupper() or g.URL.match(rest):
        return None
    part = squash(re.split(r",\s+|\.\s+(?=[A-Z])|\s*\(", rest, maxsplit=1)[0]).rstrip(".")
    return part or None


def _title_end(text: str, pos: int, hi: int) -> int:
    """Where an unquoted title ends: before a date, URL, lower-case word or organization."""
    cut = _CUT.search(text, pos, hi)
    end = cut.start() if cut else hi
    for comma in re.finditer(r",\s+", text[pos:end]):
        nxt = text[pos + comma.end() : end]
        item = re.split(r",\s+", nxt, maxsplit=1)[0]
        if g.ORG.search(item) and not _PERIODICAL.search(item):
            return pos + comma.start()
    return end


__all__ = ["parse_plain_references"]
