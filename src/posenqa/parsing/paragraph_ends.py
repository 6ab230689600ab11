"""Paragraph ends: estimated printed line width, to tell where a paragraph (not a line) ended.

A line that ended because the paragraph did would have had room for the next
word; one that ended because the margin came would not. Pure.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

# Advance widths (1/1000 em) of a common serif face; an estimate only, but far
# closer to printed width than a character count ("mmm" vs "iii").
_WIDTHS: dict[str, int] = {" ": 250, ".": 250, ",": 250, ":": 278, ";": 278, "-": 333}
_WIDTHS.update(
    zip(
        "abcdefghijklmnopqrstuvwxyz",
        (
            444,
            500,
            444,
            500,
            444,
            333,
            500,
            500,
            278,
            278,
            500,
            278,
            778,
            500,
            500,
            500,
            500,
            333,
            389,
            278,
            500,
            500,
            722,
            500,
            500,
            444,
        ),
        strict=True,
    )
)
_WIDTHS.update(
    zip(
        "ABCDEFGHIJKLMNOPQRSTUVWXYZ",
        (
            722,
            667,
            667,
            722,
            611,
            556,
            722,
            722,
            333,
            389,
            722,
            611,
            889,
            722,
            722,
            556,
            722,
            667,
            556,
            611,
            722,
            722,
            944,
            722,
            722,
            611,
        ),
        strict=True,
    )
)
_WIDTHS.update(dict.fromkeys("0123456789$", 500))
_WIDTHS.update({"(": 333, ")": 333, "[": 333, "]": 333, "’": 333, "‘": 333, "'": 180})
_WIDTHS.update({"“": 444, "”": 444, '"': 408, "—": 1000, "–": 500, "%": 833, "&": 778})
_WIDTHS.update({"/": 278, "?": 444, "!": 333})
_TERMINAL = re.compile(r"[.?!:][\"”’')\]]*\s*\d{0,3}$")


def text_width(text: str) -> float:
    """Estimated printed width of ``text`` in ems (serif metrics; unknown characters 0.5)."""
    return sum(_WIDTHS.get(ch, 500) for ch in text) / 1000


def right_margin(line_widths: Sequence[float], quantile: float = 0.99) -> float:
    """Estimate the usable line width from the widths of a document's body lines."""
    if not line_widths:
        return 0.0
    ordered = sorted(line_widths)
    return ordered[min(len(ordered) - 1, int(quantile * len(ordered)))]


def ends_sentence(line: str) -> bool:
    """True when ``line`` ends like a sentence (punctuation, maybe a closing quote and a marker)."""
    return bool(_TERMINAL.search(line.rstrip()))


def ends_paragraph(line: str, next_line: str, margin: float) -> bool:
    """True when ``line`` ends a paragraph: it ends a sentence and the next word would have fit.

    A wrapped line ends because the next word did not fit before the margin; if
    it would have fit, the line ended for another reason, i.e. the paragraph did.
    """
    text = line.strip()
    if not text or not ends_sentence(text):
        return False
    words = next_line.split()
    if not words:
        return True
    return text_width(text) + text_width(" ") + text_width(words[0]) <= margin


__all__ = ["ends_paragraph", "ends_sentence", "right_margin", "text_width"]
