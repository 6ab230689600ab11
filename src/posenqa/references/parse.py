"""Note text -> the references it holds, read by the grammar of Chicago-style notes.

Pure functions. A note can hold full references, short forms, author-year
citations and "Ibid.", mixed with comment. Titles are not italic in a text
extraction, so a book's title is told from its place in the grammar:

    Author, "Article," in Editors, eds., Book (Publisher, Year), pages.
    Author, Book (Place: Publisher, Year), pages.
    Author, "Article," Journal vol (Year): pages.
    Author, "Paper," Mimeograph (Publisher, Year).
    Organization, Year, Title (URL).

Full references are found first, anchored on their publication parenthesis;
short forms are found second, outside those spans: ``Surname, "Title"``
anywhere, ``Surname, Title`` when the surname is known to author a full
reference somewhere in the paper (the caller passes those surnames), and
``Surname (Year)``. Short forms come back ``unresolved`` — resolution against
the paper's full references is :mod:`posenqa.references.resolve`'s job.
"""

from __future__ import annotations

import re
from collections.abc import Collection

from posenqa.references import grammar as g
from posenqa.references.heads import (
    CLOSE_FOR,
    OPEN_QUOTES,
    TOKEN_START,
    clean_title,
    find_head,
    locator,
    make_reference,
    segment_start,
    split_authors,
)
from posenqa.references.model import Reference
from posenqa.references.names import fold, squash
from posenqa.references.plain import parse_plain_references

_AUTHOR_YEAR_AT = re.compile(
    rf"(?P<group>{g.GROUP})\s*\((?P<year>{g.YEAR})[a-z]?"
    r"(?:,\s*(?:pp?\.\s*)?(?P<pages>\d+(?:\s*[-–]\s*\d+)?))?\)"
)
_PAREN_AUTHOR_DATE = re.compile(
    rf"^\s*(?P<group>{g.GROUP}),?\s+(?P<year>{g.YEAR})[a-z]?"
    r"(?:,\s*(?:pp?\.\s*)?(?P<pages>\d+(?:\s*[-–]\s*\d+)?))?\s*$"
)
_SHORT_QUOTED_AT = re.compile(rf"(?P<group>{g.GROUP}),\s+[“\"](?P<title>[^”\"]+)[”\"]")
_SHORT_PLAIN_AT = re.compile(
    rf"(?P<group>{g.GROUP}),\s+(?P<title>[{g.UPPER}0-9][^;()“”\"]*?)"
    r"(?=\s*(?:;|\.\s|\.$|\.[”\"]|,\s+(?:and\s+[A-Z]|[a-z]|pp?\.)|\(|\)|$))"
)


def parse_note(
    number: int, text: str, known_surnames: Collection[str] = ()
) -> tuple[Reference, ...]:
    """The references in one note, in order of appearance, short forms unresolved.

    ``known_surnames`` (folded, see :func:`~posenqa.references.names.surname_key`)
    lets an unquoted short title ("Steil, Illusions of Liberalization") be told
    from comment ("Again, Hoshi and ..."): only known authors start one.
    """
    full = parse_full_references(number, text)
    taken = [r.span for r in full]
    short = _short_forms(number, text, taken, frozenset(known_surnames))
    return tuple(sorted((*full, *short), key=lambda r: r.span))


def parse_full_references(number: int, text: str) -> tuple[Reference, ...]:
    """The full references in a note, in order.

    Most end at a publication parenthesis; those written without one (see
    :mod:`~posenqa.references.plain`) are looked for in the rest of the note.
    """
    refs: list[Reference] = []
    prev_end = 0
    for paren in g.PAREN.finditer(text):
        if paren.start() < prev_end:
            continue
        ref = _reference_at(number, text, prev_end, paren)
        if ref is not None:
            refs.append(ref)
            prev_end = ref.span[1]
    plain = parse_plain_references(number, text, [r.span for r in refs])
    return tuple(sorted((*refs, *plain), key=lambda r: r.span))


def _reference_at(number: int, text: str, prev_end: int, paren: re.Match[str]) -> Reference | None:
    content = paren.group(1)
    url_match = g.URL.search(content)
    year_only = g.YEAR_ONLY.match(content)
    if url_match is None and (year_only or not g.YEAR_AT_END.search(content)):
        if year_only is None:
            return None
        return _article_at(number, text, prev_end, paren, int(year_only.group("year")))
    if url_match is None and "," not in content and ":" not in content:
        return None
    window_start = segment_start(text, prev_end, paren.start())
    head = find_head(text, window_start, paren.start())
    if head is None:
        return None
    start, authors, author_year, body = head
    fields = _title_fields(body)
    if fields is None:
        return None
    title, container, editors, kind = fields
    publisher, place, year, edition = _publication(content)
    if year is None:
        year = author_year
    url = url_match.group(0) if url_match else None
    if url and kind == "book":
        kind = "report" if g.REPORT_WORDS.search(title or "") else "web"
    elif kind == "book" and g.REPORT_WORDS.search(title or ""):
        kind = "report"
    end, pages = locator(text, paren.end(), pages_only=False)
    return make_reference(
        number,
        (start, end),
        authors=authors,
        title=title,
        container=container,
        editors=editors,
        publisher=publisher,
        place=place,
        year=year,
        pages=pages,
        url=url,
        kind=kind,
        edition=edition,
    )


def _article_at(
    number: int, text: str, prev_end: int, paren: re.Match[str], year: int
) -> Reference | None:
    """``Author, "Title," Journal vol (Year): pages`` — the parenthesis holds a year only."""
    window_start = segment_start(text, prev_end, paren.start())
    head = find_head(text, window_start, paren.start())
    if head is None:
        return None
    start, authors, _, body = head
    body = body.strip()
    if not body or body[0] not in OPEN_QUOTES:
        return None
    close = body.find(CLOSE_FOR[body[0]], 1)
    if close < 0:
        return None
    journal = g.JOURNAL_TAIL.match(body[close + 1 :].lstrip(" ,"))
    if journal is None:
        return None
    end, pages = locator(text, paren.end(), pages_only=False)
    return make_reference(
        number,
        (start, end),
        authors=authors,
        title=clean_title(body[1:close]),
        container=squash(journal.group("journal")),
        volume=journal.group("volume"),
        year=year,
        pages=pages,
        kind="article",
    )


def _title_fields(
    body: str,
) -> tuple[str | None, str | None, tuple[str, ...], str] | None:
    """(title, container, editors, kind) from the text between authors and parenthesis."""
    body = body.strip()
    if not body:
        return None
    if body[0] in OPEN_QUOTES:
        close = body.find(CLOSE_FOR[body[0]], 1)
        if close < 0:
            return None
        title = clean_title(body[1:close])
        rest = body[close + 1 :].lstrip(" ,")
        if not rest:
            return title, None, (), "report"
        chapter = g.CHAPTER_IN.match(rest) or g.CHAPTER_IN_ED_AFTER.match(rest)
        if chapter:
            editors = split_authors(chapter.group("editors"))
            return title, clean_title(chapter.group("book")), editors, "chapter"
        bare = g.CHAPTER_IN_BARE.match(rest)
        if bare:
            return title, clean_title(bare.group("book")), (), "chapter"
        if g.MIMEO.match(rest):
            return title, None, (), "mimeo"
        container = clean_title(rest)
        kind = "report" if g.REPORT_WORDS.search(container) else "article"
        return title, container, (), kind
    return clean_title(body), None, (), "book"


def _publication(content: str) -> tuple[str | None, str | None, int | None, str | None]:
    """(publisher, place, year, edition) from "(Place: Publisher, Year)" and its variants."""
    content = g.URL.sub("", content)
    content = re.sub(r"\[[^\]]*\]", "", content)
    content = squash(content).strip(" ,;")
    if not content:
        return None, None, None, None
    tail = g.DATE_TAIL.search(content)
    year = int(tail.group("year")) if tail else None
    head = content[: tail.start()] if tail else content
    dated = bool(tail and tail.group("date"))
    head = head.strip(" ,;")
    parts = [p.strip() for p in head.split(",") if p.strip()]
    edition = next((p for p in parts if g.EDITION.match(p)), None)
    head = ", ".join(p for p in parts if p != edition)
    if not head:
        return None, None, year, edition
    if head.endswith(":"):
        # "Tokyo: 2001" is a place with no publisher; "Merrill Lynch: 21 May 2001" dates a paper.
        name = head[:-1].strip()
        return (name, None, year, edition) if dated else (None, name, year, edition)
    if ":" in head:
        place, publisher = head.split(":", 1)
        return publisher.strip() or None, place.strip() or None, year, edition
    return head, None, year, edition


def _short_forms(
    number: int, text: str, taken: list[tuple[int, int]], known: frozenset[str]
) -> list[Reference]:
    found: list[Reference] = []
    spans = list(taken)

    def free(start: int, end: int) -> bool:
        return all(end <= s or start >= e for s, e in spans)

    for paren in g.PAREN.finditer(text):
        if not free(paren.start(), paren.end()):
            continue
        pieces = paren.group(1).split(";")
        matches = [m for m in map(_PAREN_AUTHOR_DATE.match, pieces) if m is not None]
        if pieces and len(matches) == len(pieces):
            found.extend(_author_year(number, paren.span(), m) for m in matches)
            spans.append(paren.span())

    for token in TOKEN_START.finditer(text):
        pos = token.start()
        if not free(pos, pos + 1):
            continue
        word = re.match(r"[^\W\d_]+", text[pos:])
        if word is None or word.group(0) in g.STOP_NAMES:
            continue
        ref = _short_at(number, text, pos, known)
        if ref is not None and free(*ref.span):
            found.append(ref)
            spans.append(ref.span)

    for ibid in g.IBID.finditer(text):
        if not free(*ibid.span()):
            continue
        end, pages = locator(text, ibid.end(), pages_only=False)
        found.append(
            make_reference(number, (ibid.start(), end), pages=pages, kind="unknown", form="ibid")
        )
        spans.append((ibid.start(), end))
    return found


def _short_at(number: int, text: str, pos: int, known: frozenset[str]) -> Reference | None:
    author_year = _AUTHOR_YEAR_AT.match(text, pos)
    if author_year:
        return _author_year(number, author_year.span(), author_year)
    quoted = _SHORT_QUOTED_AT.match(text, pos)
    if quoted:
        names = _group_names(quoted.group("group"))
        title = clean_title(quoted.group("title"))
        if _all_known(names, known) or _looks_like_title(title):
            end, pages = locator(text, quoted.end(), pages_only=True)
            return _short(number, (pos, end), names, title, pages)
    plain = _SHORT_PLAIN_AT.match(text, pos)
    if plain:
        names = _group_names(plain.group("group"))
        if _all_known(names, known):
            end, pages = locator(text, plain.end(), pages_only=True)
            return _short(number, (pos, end), names, clean_title(plain.group("title")), pages)
    return None


def _author_year(number: int, span: tuple[int, int], m: re.Match[str]) -> Reference:
    pages = m.group("pages")
    return make_reference(
        number,
        span,
        authors=_group_names(m.group("group")),
        year=int(m.group("year")),
        pages=re.sub(r"\s*[-–]\s*", "-", pages) if pages else None,
        kind="unknown",
        form="author-year",
    )


def _short(
    number: int, span: tuple[int, int], names: tuple[str, ...], title: str, pages: str | None
) -> Reference:
    return make_reference(
        number, span, authors=names, title=title, pages=pages, kind="unknown", form="short"
    )


def _group_names(group: str) -> tuple[str, ...]:
    return split_authors(group)


def _all_known(names: tuple[str, ...], known: frozenset[str]) -> bool:
    real = [n for n in names if n != "et al."]
    return bool(real) and all(fold(n) in known for n in real)


def _looks_like_title(title: str) -> bool:
    """Title case: most words of four letters or more are capitalized."""
    words = [w for w in re.findall(r"[^\W\d_]+", title) if len(w) >= 4]
    if not words:
        return bool(title) and title[0].isupper()
    return sum(w[0].isupper() for w in words) * 2 > len(words)


__all__ = ["parse_full_references", "parse_note"]
