"""Tables of contents: the pages near the front that list headings with their page numbers.

Pure functions over the line texts of each page. A table of contents is
front matter, not the body: its entries must never become sections. A page
is one when it carries a "Contents" heading and several entries, or when dot
leaders run to page numbers on many of its lines; the pages right after it
that are still mostly entries ("Figures", "Tables" lists) belong to it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

_CONTENTS_HEADING = re.compile(r"^(?:table\s+of\s+)?contents$", re.IGNORECASE)
#: "Background ........ 5": a dot leader (dots, maybe spaced) ending in a page number.
_DOT_LEADER = re.compile(r"(?:\.\s?){5,}\s*(?:\d{1,4}|[ivxlc]{1,7})\s*$", re.IGNORECASE)
#: "Results in Brief 3", "Appendix IV Studies in Literature Review 39", or "41" alone.
_TRAILING_NUMBER = re.compile(r"(?:^|[^\W\d_][’'\")]?\s+)(?:\d{1,4}|[ivxl]{1,7})$")
#: Entries on a page with a "Contents" heading, or dot-leader lines on a page without one.
_MIN_ENTRIES = 3
#: Share of a following page's lines that must be entries for it to continue the table.
_CONTINUED_SHARE = 0.4


def is_toc_line(text: str) -> bool:
    """A table-of-contents entry set with a dot leader: text, dots, a page number."""
    return bool(_DOT_LEADER.search(text.strip()))


def is_toc_entry(text: str) -> bool:
    """A line that ends in a page number the way contents entries do (with or without dots)."""
    text = text.strip()
    return is_toc_line(text) or bool(_TRAILING_NUMBER.search(text))


def toc_pages(pages: Sequence[Sequence[str]]) -> list[int]:
    """Indices of the table-of-contents pages among the first third of the document."""
    found: list[int] = []
    reach = max(3, len(pages) // 3)
    for p, texts in enumerate(pages[:reach]):
        texts = [t.strip() for t in texts if t.strip()]
        if not texts:
            continue
        entries = sum(is_toc_entry(t) for t in texts)
        leaders = sum(is_toc_line(t) for t in texts)
        headed = any(_CONTENTS_HEADING.match(t) for t in texts)
        opens = (headed and entries >= _MIN_ENTRIES) or leaders >= _MIN_ENTRIES
        continues = bool(found) and found[-1] == p - 1
        if opens or (continues and entries >= _CONTINUED_SHARE * len(texts)):
            found.append(p)
    return found


__all__ = ["is_toc_entry", "is_toc_line", "toc_pages"]
