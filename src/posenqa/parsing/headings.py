"""Headings and captions: numbered section-heading lines ("1.", "1A.", "2.1", "IV.") and captions.

Only the shape of a line is judged here; the parsers judge its context (the
text parser with :func:`match_heading`, the PDF parser with
:func:`numbered_heading` and the type style). Pure.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from posenqa.parsing.hyphenation import words
from posenqa.parsing.numerals import roman_value

#: A section number opening a line: "1", "2.1", "2.1.3", "1A", "IV" (roman only with its dot),
#: then a title opening with a letter, or with a year or number after a dotted label
#: ("3. 2010 Census and Commercial Data").
_LABEL = r"\d{1,2}(?:\.\d{1,2}){1,3}|\d{1,2}[A-Z]|\d{1,2}"
_HEADING = re.compile(
    rf"^(?P<label>{_LABEL}|[IVX]{{1,6}}(?=\.))"
    r"(?P<dot>\.?)\s+(?P<title>[^\W\d_].*?|\d+\s+[^\W\d_].*?)\s*$"
)
#: A section number alone, as a typesetter draws it apart from its title ("2.1", "IV.").
_NUMBER_ONLY = re.compile(rf"^\s*(?:{_LABEL}|[IVX]{{1,6}})\.?\s*$")
#: "Figure 1: ...", "Table B-1. ...", "Fig. 2.3 —", "Map 4:": one caption shape for both parsers.
_CAPTION = re.compile(
    r"^\s*(?:Figure|Fig\.|Table|Chart|Exhibit|Map|Plate)\s+[A-Z]?-?\d+(?:[.\-]\d+)*[A-Za-z]?"
    r"\s*[:.—–-]",
    re.IGNORECASE,
)
_SMALL_WORDS = words(
    "a an and as at but by for from in into of on or over the to with between versus via "
    "vs under upon its their than"
)


@dataclass(frozen=True, slots=True)
class HeadingMatch:
    """A line recognised as a numbered section heading."""

    label: str
    """The number without its trailing dot: "1", "1A", "2.1", "IV"."""
    title: str
    level: int
    major: int
    """The top-level number (1 for "1A" and "1.2", 4 for "IV"): headings must not go backwards."""


def is_title_like(text: str) -> bool:
    """True for a heading-shaped title: short, capitalised words, not a sentence or a list item."""
    words = text.split()
    if not 1 <= len(words) <= 20 or not text[0].isupper():
        return False
    if text.endswith((",", ";")) or (text.endswith(".") and len(words) > 6):
        return False
    letters = [ch for ch in text if ch.isalpha()]
    if letters and all(ch.isupper() for ch in letters):
        return True
    significant = [w for w in words if w.strip("()“”\"'’‘").isalpha() and len(w) > 3]
    significant = [w for w in significant if w.lower() not in _SMALL_WORDS]
    if not significant:
        return len(words) <= 4
    capitalised = sum(1 for w in significant if w.strip("()“”\"'’‘")[0].isupper())
    return capitalised / len(significant) >= 0.6


def numbered_heading(line: str) -> HeadingMatch | None:
    """The section number opening ``line`` and the title after it, by shape alone.

    ``"1."`` and ``"II."`` are level 1, ``"1A"`` and ``"2.1"`` level 2, ``"2.1.3"``
    level 3 (deeper ones too). Whether the line is a heading at all is for
    the caller: the PDF parser looks at its type style, :func:`match_heading`
    at the title's shape, and both at the context.
    """
    match = _HEADING.match(line.strip())
    if not match:
        return None
    label, dot, title = match.group("label"), match.group("dot"), match.group("title")
    if title[0].isdigit() and not dot:
        return None  # "1 2010 Census": a number and a year, not a heading
    if label[0].isdigit():
        if "." in label:
            level, major = min(label.count(".") + 1, 3), int(label.split(".")[0])
        elif label[-1].isalpha():
            level, major = 2, int(label[:-1])
        else:
            level, major = 1, int(label)
        if major == 0:
            return None
    else:
        value = roman_value(label)
        if value is None:
            return None  # "VX." is no numeral
        level, major = 1, value
    return HeadingMatch(label, title, level, major)


def match_heading(line: str) -> HeadingMatch | None:
    """A numbered heading line in plain text ("1. INTRO", "1A. Japan", "2.1 Data", "IV. Results"):
    :func:`numbered_heading` with a title-shaped title.

    Only the shape of the line is checked; the caller checks context (the line
    stands alone, numbers do not go backwards, it is not inside a note zone).
    """
    found = numbered_heading(line)
    return found if found is not None and is_title_like(found.title) else None


def is_section_number(text: str) -> bool:
    """True when ``text`` is only a section number ("2.1", "1A", "IV."): the label of a
    heading whose title a typesetter drew as a separate string."""
    return bool(_NUMBER_ONLY.match(text))


def is_caption(line: str) -> bool:
    """True for a figure or table caption line ("Figure 1: ...", "Table 2. ...")."""
    return bool(_CAPTION.match(line))


__all__ = [
    "HeadingMatch",
    "is_caption",
    "is_section_number",
    "is_title_like",
    "match_heading",
    "numbered_heading",
]
