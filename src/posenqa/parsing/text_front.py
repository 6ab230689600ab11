"""Front matter of a plain-text extraction: where it ends, and the title, author and year in it.

Generic cues only (copyright, acknowledgements, contact lines, dates, lines
of personal names); nothing here knows which paper it reads. Pure.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from posenqa.parsing import heuristics as h
from posenqa.parsing.dates import title_page_year
from posenqa.parsing.text_blocks import JoinedGroup

_FRONT_CUES = re.compile(
    r"copyright|©|all rights reserved|working paper|acknowledg|grateful|thank|contact:|"
    r"e-?mail|\w@\w|prepared (?:for|on)|views expressed|keywords?:|jel class|abstract",
    re.IGNORECASE,
)
_SERIES = re.compile(r"\b(?:number|no\.|vol\.|volume|working paper|series|issn|isbn)\b", re.I)
_NAME_WORD = r"(?:[A-Z][A-Za-z'’-]+|(?:[A-Z]\.)+)"
_NAME = re.compile(_NAME_WORD + r"(?:\s+" + _NAME_WORD + r"){1,4}")
_AUTHOR_SPLIT = re.compile(r"\s*(?:,|;|&|\band\b)\s*")
_NOT_NAME_WORDS = h.words(
    "without with and of the for in on until now from to a an between over under after before "
    "toward towards beyond against through about institute university college department "
    "school center centre fellow senior professor number copyright paper working press "
    "economics relations finance abstract introduction contents"
)


def front_matter_count(built: Sequence[JoinedGroup], margin: float) -> int:
    """How many leading blocks are front matter (cover, title page, acknowledgements).

    Front matter ends where the body begins (a heading, or a long full-width
    paragraph without front-matter wording) and takes whole pages: every block
    up to the last page, among the first three, that shows front-matter wording
    (copyright, acknowledgements, contact, abstract ...).
    """
    if not built:
        return 0
    first_page = built[0].rows[0].page
    stop = len(built)
    last_cue: int | None = None
    for i, block in enumerate(built):
        if block.kind == "heading" or block.rows[0].page > first_page + 2 or i >= 60:
            stop = i
            break
        if _FRONT_CUES.search(block.text):
            last_cue = i
        elif len(block.rows) >= 3 and sum(
            h.text_width(r.text.strip()) for r in block.rows
        ) >= 0.75 * margin * len(block.rows):
            stop = i
            break
    if last_cue is None:
        return 0
    cue_page = built[last_cue].rows[-1].page
    return max(i for i in range(last_cue, stop) if built[i].rows[0].page <= cue_page) + 1


def title_author_year(front: Sequence[JoinedGroup], source: str) -> tuple[str, str, int | None]:
    """Title, author and year from the front matter's lines; generic, with fallbacks.

    The author is a line of personal names (one with an initial preferred)
    below the first line of its page; the title is what stands above it on
    that page, series numbers and copyright lines aside; the year comes from
    a date line, else from the copyright line.
    """
    rows = [r for b in front if b.kind != "heading" for r in b.rows]
    texts = [" ".join(r.text.split()) for r in rows]
    content = [i for i, t in enumerate(texts) if t and not _SERIES.search(t)]
    page_first = {rows[i].page: i for i in reversed(content)}
    names = [i for i in content if page_first.get(rows[i].page) != i and author_names(texts[i])]
    names.sort(key=lambda i: re.search(r"\b[A-Z]\.", texts[i]) is None)
    author_at = names[0] if names else None
    author = author_names(texts[author_at]) or "" if author_at is not None else ""
    if author_at is not None:
        page = rows[author_at].page
        candidates = [t for t, r in zip(texts[:author_at], rows, strict=False) if r.page == page]
    elif front and len(front[0].text.split()) <= 20 and not front[0].text.endswith((".", ":")):
        # No author line: a short first block that is no sentence may still be the title.
        candidates = [" ".join(front[0].text.split())]
    else:
        candidates = []
    title_parts = [
        t for t in candidates if t and not _SERIES.search(t) and not _FRONT_CUES.search(t)
    ]
    title = " ".join(title_parts[:6]) or Path(source).stem
    # "Leverage— Until Now": a dash glued on one side only lost its other side's glue.
    title = re.sub(r"(\w)([—–])\s+(\w)", r"\1\2\3", " ".join(title.split()))
    return title[:300], author, title_page_year(texts)


def author_names(text: str) -> str | None:
    """``text`` without a leading "by" if it is a line of personal names, else None.

    "Adam S. Posen", "Jane Smith and J. R. Doe", "by A. Author, B. Writer".
    Lines with words that are not names ("Senior Fellow", "Institute for ...")
    are refused, as are all-capital lines without an initial (titles).
    """
    text = re.sub(r"^[Bb]y\s+", "", text.strip())
    parts = [p for p in _AUTHOR_SPLIT.split(text) if p]
    if not parts or len(parts) > 8:
        return None
    for part in parts:
        if not _NAME.fullmatch(part):
            return None
        if any(w.lower() in _NOT_NAME_WORDS for w in part.split() if not w.endswith(".")):
            return None
    if text.isupper() and re.search(r"\b[A-Z]\.", text) is None:
        return None
    return text


__all__ = ["author_names", "front_matter_count", "title_author_year"]
