"""Show a passage in a terminal: note markers in place, question terms and best sentence marked.

Pure functions over character spans of the passage text. Every piece of text
from the PDF passes through ``terminal_safe`` before it is styled, piece by
piece, so offsets stay valid and no escape sequence survives.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence

from posenqa.document import NoteMarker
from posenqa.search.tokenize import tokenize
from posenqa.settings import TokenizerSettings
from posenqa.textsafe import terminal_safe

_WORD = re.compile(r"[A-Za-z0-9]+(?:[&'’.][A-Za-z0-9]+)*")
BEST_OPEN, BEST_CLOSE = "»", "«"


def term_spans(
    text: str, terms: Iterable[str], tokenizer: TokenizerSettings | None = None
) -> list[tuple[int, int]]:
    """Spans of the words of ``text`` whose BM25 terms are among ``terms``."""
    wanted = set(terms)
    if not wanted:
        return []
    return [
        m.span()
        for m in _WORD.finditer(text)
        if wanted.intersection(tokenize(m.group(0), tokenizer))
    ]


def render(
    text: str,
    markers: Sequence[NoteMarker] = (),
    terms: Sequence[tuple[int, int]] = (),
    best: tuple[int, int] | None = None,
    *,
    style: Callable[..., str] | None = None,
) -> str:
    """The passage as printable text.

    Note markers become ``[n]``. With ``style`` (e.g. ``click.style``), question
    terms are bold and the best sentence underlined; without it, the best
    sentence is wrapped in ``»…«`` and terms are left plain.
    """
    cuts = {0, len(text)}
    for start, end in terms:
        cuts |= {start, end}
    if best is not None:
        cuts |= set(best)
    by_offset: dict[int, list[int]] = {}
    for marker in markers:
        offset = min(max(marker.offset, 0), len(text))
        by_offset.setdefault(offset, []).append(marker.number)
        cuts.add(offset)
    points = sorted(c for c in cuts if 0 <= c <= len(text))
    out: list[str] = []
    for i, point in enumerate(points):
        # A marker belongs to the text before it, so it comes before a closing mark.
        out.extend(f"[{n}]" for n in by_offset.get(point, ()))
        if best is not None and style is None:
            if point == best[1] and best[1] > best[0]:
                out.append(BEST_CLOSE)
            if point == best[0] and best[1] > best[0]:
                out.append(BEST_OPEN)
        if i + 1 == len(points):
            break
        end = points[i + 1]
        piece = terminal_safe(text[point:end])
        if style is not None:
            bold = any(s <= point and end <= e for s, e in terms)
            underline = best is not None and best[0] <= point and end <= best[1]
            if bold or underline:
                piece = style(piece, bold=bold or None, underline=underline or None)
        out.append(piece)
    return "".join(out)


__all__ = ["BEST_CLOSE", "BEST_OPEN", "render", "term_spans"]
