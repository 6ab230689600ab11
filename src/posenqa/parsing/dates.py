"""The year a paper is dated, from the text of its title page. Pure; both front ends call it.

A printed date ("August 2001", "Jan. 9, 2026", "September 12, 2005") wins; a
copyright line ("Copyright © 2001") stands in when no date is printed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_MONTH = (
    r"\b(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_DATE = re.compile(_MONTH + r"\s+(?:\d{1,2},?\s+)?((?:19|20)\d{2})\b")
_COPYRIGHT = re.compile(r"(?:copyright|©)\D{0,20}((?:19|20)\d{2})", re.IGNORECASE)


def title_page_year(texts: Iterable[str]) -> int | None:
    """The year of the first printed date in ``texts``, else of a copyright line, else None."""
    texts = list(texts)
    for pattern in (_DATE, _COPYRIGHT):
        found = next((m for t in texts if (m := pattern.search(t))), None)
        if found:
            return int(found.group(1))
    return None


__all__ = ["title_page_year"]
