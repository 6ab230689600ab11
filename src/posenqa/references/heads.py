"""The shared pieces of note parsing: where a reference's authors start, and its fields.

Used by :mod:`~posenqa.references.parse` (references anchored on a publication
parenthesis) and :mod:`~posenqa.references.plain` (references without one).
"""

from __future__ import annotations

import re

from posenqa.references import grammar as g
from posenqa.references.model import Reference
from posenqa.references.names import base_key, is_corporate, squash

_INVERTED_AT = re.compile(rf"{g.INVERTED},\s+")
_AUTHORS_AT = re.compile(rf"(?P<authors>{g.AUTHORS}),\s+(?:(?P<year>{g.YEAR}),\s+)?")
_CORPORATE_AT = re.compile(
    rf"(?P<authors>{g.CORPORATE}|{g.ACRONYM}),\s+(?:(?P<year>{g.YEAR}),\s+)?"
)
TOKEN_START = re.compile(rf"(?<![\w’'-])[{g.UPPER}]")
_SPLIT_NAMES = re.compile(r"\s*,\s*and\s+|\s+and\s+|\s*,\s*")
OPEN_QUOTES = '“"'
CLOSE_FOR = {"“": "”", '"': '"'}


def segment_start(text: str, lo: int, hi: int) -> int:
    """Start of the last sentence (or ;-clause) of ``text[lo:hi]``."""
    start = lo
    for brk in g.SENTENCE_BREAK.finditer(text, lo, hi):
        # A break inside a quoted title does not end the reference.
        if text.count("“", lo, brk.start()) > text.count("”", lo, brk.start()):
            continue
        start = brk.end()
    return start


def find_head(text: str, lo: int, hi: int) -> tuple[int, tuple[str, ...], int | None, str] | None:
    """Find where the authors start in ``text[lo:hi]``: the leftmost valid author list.

    Returns (start, authors, year printed after an organization, rest up to ``hi``).
    """
    for token in TOKEN_START.finditer(text, lo, hi):
        pos = token.start()
        word = re.match(r"[^\W\d_]+", text[pos:hi])
        if word is None or word.group(0) in g.STOP_NAMES:
            continue
        found = authors_at(text, pos, hi)
        if found is None:
            continue
        authors, year, body_start = found
        body = text[body_start:hi]
        stripped = body.strip()
        if stripped and _starts_title(stripped):
            return pos, authors, year, body
    return None


def _starts_title(text: str) -> bool:
    return text[0] in OPEN_QUOTES or text[0].isupper() or text[0].isdigit()


def authors_at(text: str, pos: int, hi: int) -> tuple[tuple[str, ...], int | None, int] | None:
    inverted = _INVERTED_AT.match(text, pos, hi)
    if inverted:
        name = f"{squash(inverted.group('given'))} {squash(inverted.group('family'))}"
        return (name,), None, inverted.end()
    personal = _AUTHORS_AT.match(text, pos, hi)
    if personal:
        year = int(personal.group("year")) if personal.group("year") else None
        return split_authors(personal.group("authors")), year, personal.end()
    corporate = _CORPORATE_AT.match(text, pos, hi)
    # "Hoshi and Kashyap" is two people: an organization needs a connector ("of", "on")
    # or a word like "Institute".
    if corporate and (
        is_corporate(corporate.group("authors"))
        or g.ORG.search(corporate.group("authors"))
        or re.fullmatch(g.ACRONYM, corporate.group("authors"))
    ):
        year = int(corporate.group("year")) if corporate.group("year") else None
        return (squash(corporate.group("authors")),), year, corporate.end()
    return None


def split_authors(names: str) -> tuple[str, ...]:
    names = squash(names)
    if not re.fullmatch(g.AUTHORS, names) and not re.fullmatch(g.GROUP, names):
        return (names,)
    etal = names.endswith("et al.")
    if etal:
        names = names[: -len("et al.")].strip()
    parts = tuple(p for p in _SPLIT_NAMES.split(names) if p)
    return (*parts, "et al.") if etal else parts


def locator(text: str, pos: int, *, pages_only: bool) -> tuple[int, str | None]:
    pattern = g.PAGES_ONLY if pages_only else g.LOCATOR
    found = pattern.match(text, pos)
    if not found:
        return pos, None
    return found.end(), re.sub(r"\s*[-–]\s*", "-", found.group("pages"))


def clean_title(title: str) -> str:
    return (
        squash(title).strip(" ,;:.")
        if not title.rstrip().endswith(("?", "!"))
        else squash(title).strip(" ,;:")
    )


def make_reference(
    number: int,
    span: tuple[int, int],
    *,
    authors: tuple[str, ...] = (),
    title: str | None = None,
    container: str | None = None,
    editors: tuple[str, ...] = (),
    publisher: str | None = None,
    place: str | None = None,
    year: int | None = None,
    pages: str | None = None,
    url: str | None = None,
    kind: str = "unknown",
    volume: str | None = None,
    form: str = "full",
    edition: str | None = None,
) -> Reference:
    return Reference(
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
        key=base_key(authors, year, title),
        note=number,
        span=span,
        resolved_from=None,
        unresolved=form != "full",
        volume=volume,
        form=form,
        edition=edition,
    )


__all__ = [
    "CLOSE_FOR",
    "OPEN_QUOTES",
    "TOKEN_START",
    "authors_at",
    "clean_title",
    "find_head",
    "locator",
    "make_reference",
    "segment_start",
    "split_authors",
]
