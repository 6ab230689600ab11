"""Headings and captions: numbered section-heading lines ("1.", "1A.", "2.1", "IV.") and captions.

Only the shape of a line is judged here; the parsers judge its context. Pure.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from posenqa.parsing.hyphenation import words

_HEADING = re.compile(
    r"^(?P<label>\d{1,2}(?:\.\d{1,2}){1,3}|\d{1,2}[A-Z]|\d{1,2}|[IVXLC]{1,6})"
    r"(?P<dot>\.?)\s+(?P<title>\S.*?)\s*$"
)
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
_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}


@dataclass(frozen=True, slots=True)
class HeadingMatch:
    """A line recognised as a numbered section heading."""

    label: str
    """The number without its trailing dot: "1", "1A", "2.1", "IV"."""
    title: str
    level: int
    major: int
    """The top-level number (1 for "1A" and "1.2", 4 for "IV"): headings must not go backwards."""


def roman_value(text: str) -> int | None:
    """The value of a well-formed Roman numeral (I..CCC), else None."""
    if not text or any(ch not in _ROMAN for ch in text.upper()):
        return None
    values = [_ROMAN[ch] for ch in text.upper()]
    total = 0
    for i, value in enumerate(values):
        total += -value if i + 1 < len(values) and value < values[i + 1] else value
    return total if _to_roman(total) == text.upper() else None


def _to_roman(value: int) -> str:
    out = ""
    for number, letters in (
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ):
        while value >= number:
            out += letters
            value -= number
    return out


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


def match_heading(line: str) -> HeadingMatch | None:
    """Recognise a numbered heading line ("1. INTRO", "1A. Japan", "2.1 Data", "IV. Results").

    Only the shape of the line is checked; the caller checks context (the line
    stands alone, numbers do not go backwards, it is not inside a note zone).
    """
    match = _HEADING.match(line.strip())
    if not match:
        return None
    label, dot, title = match.group("label"), match.group("dot"), match.group("title")
    if not is_title_like(title):
        return None
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
        if value is None or not dot:
            return None  # "I am ..." is not a heading; "I. Introduction" is
        level, major = 1, value
    return HeadingMatch(label, title, level, major)


def is_caption(line: str) -> bool:
    """True for a figure or table caption line ("Figure 1: ...", "Table 2. ...")."""
    return bool(_CAPTION.match(line))


__all__ = ["HeadingMatch", "is_caption", "is_title_like", "match_heading", "roman_value"]
