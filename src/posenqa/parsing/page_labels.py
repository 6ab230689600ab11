"""Printed page labels: what a writer cites, from the PDF's /PageLabels or the numbers printed.

Pure: values in, a label per physical page out. A label is an ``int`` for an
arabic page number and a ``str`` for anything else (roman front matter "ii").
Pages that print no number get ``None`` unless they sit where a run of
printed numbers clearly extends (the unprinted first page of a journal article
or of a court opinion); physical page numbers are used only when the document
prints no numbers at all, so a document never mixes the two.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping, Sequence
from itertools import pairwise

from posenqa.document import PageLabel
from posenqa.parsing.numerals import roman_value, to_roman

#: A line that is only a page number: "7", "- 10 -", "-3-", "Page 7", "Page ii", "7 of 20".
_BARE = re.compile(
    r"^(?:page\s+)?[-–—]?\s*(?P<n>\d{1,4}|[ivxlc]{1,7})\s*[-–—]?(?:\s+of\s+\d{1,4})?$",
    re.IGNORECASE,
)
#: A number opening or closing a running head or footer: "5 Cite as: ...", "... Service 12",
#: "Page 2 GAO-05-927 Managing for Results".
_LEADING = re.compile(r"^(?:page\s+)?(?P<n>\d{1,4}|[ivxlc]{1,7})\s+\S", re.IGNORECASE)
_TRAILING = re.compile(r"\S\s+(?:page\s+)?(?P<n>\d{1,4})$", re.IGNORECASE)


def label_in_line(text: str, *, repeated: bool) -> PageLabel | None:
    """The page label a furniture line prints, or None.

    A bare line ("7", "- 10 -", "Page ii") always counts; a number at either
    end of a longer line counts only when the line is a running head or
    footer (``repeated`` on several pages), so a stray figure label does not.
    Roman numerals count only in lower case (upper-case ones are headings).
    """
    text = " ".join(text.split())
    match = _BARE.match(text)
    if match is None and repeated:
        match = _LEADING.match(text) or _TRAILING.search(text)
    if match is None:
        return None
    token = match.group("n")
    if token.isdigit():
        value = int(token)
        return value if value > 0 else None
    if token.islower() and roman_value(token) is not None:
        return token
    return None


def _value(label: PageLabel) -> tuple[str, int]:
    """(style, numeric value) of a label: ("arabic", 7) or ("roman", 2)."""
    if isinstance(label, int):
        return "arabic", label
    return "roman", roman_value(label) or 0


def consistent_labels(
    candidates: Mapping[int, PageLabel],
    n_pages: int,
    prose_pages: Collection[int] | None = None,
    weak: Mapping[int, PageLabel] | None = None,
) -> dict[int, PageLabel]:
    """Keep the printed labels that count up with the pages.

    ``candidates`` maps physical page index (from 0) to the label read in its
    furniture. A label is trusted when another one within three pages has
    the same style and the same offset from the page index (numbering may
    restart: each opinion of a court's slip opinion counts from 1). Pages
    between two trusted labels of one offset are filled in unless they print
    something else; so are the unprinted pages just before a run (a journal
    article's or an opinion's first page), counting back while the number
    stays positive and the page carries running text (``prose_pages``, when
    given).
    """
    keyed = {page: (*_value(label), _value(label)[1] - page) for page, label in candidates.items()}
    trusted = {
        page: label
        for page, label in candidates.items()
        if any(
            other != page
            and abs(other - page) <= 3
            and keyed[other][0] == keyed[page][0]
            and keyed[other][2] == keyed[page][2]
            for other in candidates
        )
    }
    labels: dict[int, PageLabel] = dict(trusted)
    ordered = sorted(trusted)
    for a, b in pairwise(ordered):
        style, _, offset = keyed[a]
        if (style, offset) == (keyed[b][0], keyed[b][2]):
            for page in range(a + 1, b):
                if page not in candidates:
                    labels[page] = _label(style, page + offset)
    for i, page in enumerate(ordered):
        style, _, offset = keyed[page]
        if i > 0 and (keyed[ordered[i - 1]][0], keyed[ordered[i - 1]][2]) == (style, offset):
            continue  # not the first page of its run
        back = page - 1
        while (
            back >= 0
            and back + offset >= 1
            and back not in candidates
            and back not in labels
            and (prose_pages is None or back in prose_pages)
        ):
            labels[back] = _label(style, back + offset)
            back -= 1
    for page, label in sorted((weak or {}).items()):
        style, value = _value(label)
        near = [
            other
            for other in range(page - 3, page + 4)
            if other in labels and other != page and other in trusted
        ]
        if page not in labels and any(
            keyed[o][0] == style and keyed[o][2] == value - page for o in near
        ):
            labels[page] = label
    return {p: labels[p] for p in sorted(labels) if 0 <= p < n_pages}


def _label(style: str, value: int) -> PageLabel:
    return value if style == "arabic" else to_roman(value)


def labels_from_catalog(
    ranges: Sequence[tuple[int, str, str, int]], n_pages: int
) -> list[PageLabel]:
    """Labels from a PDF's /PageLabels number tree: ``(start index, style, prefix, first)``.

    Styles follow the PDF specification: "D" arabic, "r"/"R" roman, "a"/"A"
    letters, "" prefix only.
    """
    out: list[PageLabel] = []
    ordered = sorted(ranges)
    for page in range(n_pages):
        current = [r for r in ordered if r[0] <= page]
        if not current:
            out.append(page + 1)
            continue
        start, style, prefix, first = current[-1]
        value = first + page - start
        if style == "D" and not prefix:
            out.append(value)
            continue
        if style == "D":
            body = str(value)
        elif style in ("r", "R"):
            body = to_roman(value)
            body = body.upper() if style == "R" else body
        elif style in ("a", "A"):
            letter = chr(ord("a") + (value - 1) % 26) * ((value - 1) // 26 + 1)
            body = letter.upper() if style == "A" else letter
        else:
            body = ""
        out.append(f"{prefix}{body}" or page + 1)
    return out


def catalog_is_informative(ranges: Sequence[tuple[int, str, str, int]]) -> bool:
    """Whether /PageLabels say more than "physical page numbers".

    Many producers write a single decimal range from page 1, which only
    repeats the physical numbering; it must not override printed numbers.
    """
    return bool(ranges) and not (
        len(ranges) == 1 and ranges[0][:2] == (0, "D") and not ranges[0][2] and ranges[0][3] == 1
    )


def page_labels(
    candidates: Mapping[int, PageLabel],
    n_pages: int,
    catalog: Sequence[tuple[int, str, str, int]] = (),
    prose_pages: Collection[int] | None = None,
    weak: Mapping[int, PageLabel] | None = None,
) -> list[PageLabel | None]:
    """The printed label of every physical page (index from 0).

    An informative /PageLabels tree wins; else the consistent printed numbers;
    else, when nothing is printed anywhere, physical page numbers from 1.
    """
    if catalog_is_informative(catalog):
        return list(labels_from_catalog(catalog, n_pages))
    printed = consistent_labels(candidates, n_pages, prose_pages, weak)
    if not printed:
        return list(range(1, n_pages + 1))
    return [printed.get(page) for page in range(n_pages)]


__all__ = [
    "catalog_is_informative",
    "consistent_labels",
    "label_in_line",
    "labels_from_catalog",
    "page_labels",
]
