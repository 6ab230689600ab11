"""The paper itself as a reference: "Posen 2001, p. 12", and its note form, BibTeX, RIS, CSL.

Series and publisher come from the front matter when it states them
("Number WP01-8", "Copyright © 2001 by the Institute for ..."); nothing
here is specific to one paper.
"""

from __future__ import annotations

import re

from posenqa.document import Document
from posenqa.errors import PosenqaError
from posenqa.references.formats import format_reference
from posenqa.references.model import Reference
from posenqa.references.names import base_key, squash, surname

_NUMBER = re.compile(r"\b(?:Working Paper\s+)?(?:Number|No\.)\s+([A-Z]{0,4}\d[\w.-]*)")
_PUBLISHER = re.compile(r"Copyright\s*(?:©|\(c\))?\s*\d{4}\s+by\s+(?:the\s+)?([^.]+?)\.", re.I)
_SMALL = set(
    [
        "a",
        "an",
        "and",
        "as",
        "at",
        "but",
        "by",
        "for",
        "in",
        "of",
        "on",
        "or",
        "the",
        "to",
        "from",
        "with",
        "into",
        "over",
        "upon",
        "onto",
        "via",
        "per",
        "than",
        "nor",
        "yet",
        "so",
    ]
)
# Two-letter words that are words, not acronyms, when a title is printed in capitals.
_WORDS2 = {"is", "it", "no", "my", "be", "do", "go", "so", "up", "we", "he", "me", "if", "am"}


class PageError(PosenqaError):
    """A page number that cannot be in the paper."""


def paper_reference(doc: Document, page: int | None = None) -> Reference:
    """The paper as a :class:`Reference` (kind ``report``), pinpointed to ``page`` when given."""
    if page is not None:
        last = last_page(doc)
        if not 1 <= page <= last:
            raise PageError(f"page {page} is not in the paper (pages 1-{last})")
    front = " ".join(b.text for b in doc.front_matter)
    number = _NUMBER.search(front)
    publisher = _PUBLISHER.search(front)
    title = _title_case(squash(doc.title)) if doc.title.isupper() else squash(doc.title)
    authors = tuple(a.strip() for a in re.split(r"\s+and\s+|,\s*", doc.author) if a.strip())
    return Reference(
        authors=authors,
        title=title or None,
        container=f"Working Paper {number.group(1)}" if number else None,
        editors=(),
        publisher=squash(publisher.group(1)) if publisher else None,
        place=None,
        year=doc.year,
        pages=str(page) if page is not None else None,
        url=None,
        kind="report",
        key=base_key(authors, doc.year, title),
        note=0,
        span=(0, 0),
        resolved_from=None,
        unresolved=False,
    )


def last_page(doc: Document) -> int:
    """The highest page a citation of the paper can name: the file's page count, or a higher
    printed page number when the paper's numbering starts past 1."""
    printed = [p for b in doc.blocks for p in (b.page, b.last_page) if p is not None]
    printed += [n.page for n in doc.footnotes if n.page is not None]
    return max([doc.pages, *printed])


def cite_paper(doc: Document, page: int | None, style: str) -> str:
    """How to cite the paper (at ``page``) in ``style``; ``text`` gives "Posen 2001, p. 12"."""
    ref = paper_reference(doc, page)
    if style == "text":
        names = [surname(a) for a in ref.authors] or ["Anonymous"]
        who = (
            names[0]
            if len(names) == 1
            else (f"{names[0]} and {names[1]}" if len(names) == 2 else f"{names[0]} et al.")
        )
        year = ref.year if ref.year is not None else "n.d."
        return f"{who} {year}" + (f", p. {page}" if page is not None else "")
    return format_reference(ref, style)


def _case_part(part: str, *, first: bool) -> str:
    if not part or part in "-—–:":
        return part
    if not first and part in _SMALL:
        return part
    if len(part) == 2 and part.isalpha() and part not in _WORDS2 | _SMALL:
        return part.upper()  # "US", "UK", "EU"
    return part[:1].upper() + part[1:]


def _title_case(title: str) -> str:
    out: list[str] = []
    for word in title.lower().split(" "):
        # The first word, and the first after a colon, are capitalized even when small.
        first = not out or out[-1].endswith(":")
        parts = re.split(r"([-—–:])", word)
        out.append("".join(_case_part(p, first=first and j == 0) for j, p in enumerate(parts)))
    return " ".join(out)


__all__ = ["PageError", "cite_paper", "last_page", "paper_reference"]
