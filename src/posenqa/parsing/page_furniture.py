"""Page furniture in extracted lines: blank lines, footnote separators, stray page numbers.

Pure: strings in, plain values out, shared by the parsers through
:mod:`posenqa.parsing.heuristics`.
"""

from __future__ import annotations

import re

_RULE_CHARS = re.compile(r"^\s*[_\-–—=*·.\u2500-\u257f]{10,}\s*$")


def is_blank(line: str) -> bool:
    """True for an empty or whitespace-only line."""
    return not line.strip()


def is_separator_line(line: str, min_spaces: int = 20) -> bool:
    """True for a footnote separator: a long run of spaces, or a rule of underscores/dashes.

    Extractions render the short rule above a page's notes either as drawn
    characters or, when the rule is a graphic, as a line of many spaces.
    """
    if line and not line.strip() and len(line.expandtabs()) >= min_spaces:
        return True
    return bool(_RULE_CHARS.match(line))


def page_number(line: str) -> int | None:
    """The number on a line that holds only a page number (" 7", "- 7 -", "Page 7"), else None.

    The same reading as the PDF parser's (:func:`posenqa.parsing.page_labels.label_in_line`),
    limited to arabic numbers, which the text parser counts on from.
    """
    from posenqa.parsing.page_labels import label_in_line

    label = label_in_line(line, repeated=False)
    return label if isinstance(label, int) else None


__all__ = ["is_blank", "is_separator_line", "page_number"]
