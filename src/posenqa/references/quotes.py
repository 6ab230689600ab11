"""Is this quotation in the paper? Exact words, forgiving typography.

Tolerant of curly or straight quotes, kinds of dash, line breaks, end-of-line
hyphenation, letter case, editorial brackets ("[T]he") and ellipses (each
part must occur, in order, in one passage). Intolerant of changed, added or
dropped words. When the quotation is not found, the closest passage is the
one sharing the longest runs of words with it, in order.
"""

from __future__ import annotations

import re
import unicodedata
from difflib import SequenceMatcher

from posenqa.document import Document
from posenqa.errors import PosenqaError
from posenqa.references.model import Passage, QuoteMatch

#: Below this share of its words in order, no passage is called "closest".
MIN_CLOSEST = 0.3

_ELLIPSIS = re.compile(r"\s*(?:\.\s*\.\s*\.|…)\s*")
# Characters that never decide whether words match: spaces, hyphens, dashes,
# quotation marks, apostrophes and editorial brackets.
_IGNORED = set(" \t\n\r\f\v-‐‑‒–—―−\u00ad'\"‘’‚‛“”„‟«»[]")
_WORDS = re.compile(r"[^\W_]+")


class QuoteError(PosenqaError):
    """The quotation to check is empty."""


def normalize(text: str) -> tuple[str, list[int]]:
    """``text`` folded for comparison, and each kept character's offset in ``text``."""
    out: list[str] = []
    offsets: list[int] = []
    for i, ch in enumerate(text):
        if ch in _IGNORED or ch.isspace():
            continue
        folded = unicodedata.normalize("NFKC", ch).casefold()
        for c in folded:
            out.append(c)
            offsets.append(i)
    return "".join(out), offsets


def find_quote(text: str, quote: str) -> tuple[int, int] | None:
    """Span of ``quote`` (ellipses allowed) in ``text``, or None."""
    pieces = [p for p in _ELLIPSIS.split(quote) if normalize(p)[0]]
    if not pieces:
        return None
    hay, offsets = normalize(text)
    pos = 0
    first = last = None
    for piece in pieces:
        needle = normalize(piece)[0]
        # Trailing sentence punctuation of a piece need not match ("...crisis." vs "crisis,").
        needle = needle.rstrip(".,;:")
        if not needle:
            continue
        at = hay.find(needle, pos)
        if at < 0:
            return None
        if first is None:
            first = at
        last = at + len(needle) - 1
        pos = at + len(needle)
    if first is None or last is None:
        return None
    start, end = offsets[first], offsets[last] + 1
    # Keep an editorial bracket that opens or closes the match: "[T]he".
    if start > 0 and text[start - 1] == "[":
        start -= 1
    if end < len(text) and text[end] == "]":
        end += 1
    return start, end


def check_quote(doc: Document, quote: str) -> QuoteMatch:
    """Where ``quote`` stands in the paper, or the closest passage when it does not."""
    if not quote or not _WORDS.search(quote):
        raise QuoteError("the quotation is empty")
    passages = _passages(doc)
    for passage in passages:
        span = find_quote(passage.text, quote)
        if span is not None:
            return QuoteMatch(
                found=True,
                section=passage.section,
                page=passage.page,
                text=passage.text[span[0] : span[1]],
                closest=None,
                block=passage.block,
                note=passage.note,
            )
    return QuoteMatch(
        found=False,
        section=None,
        page=None,
        text=None,
        closest=closest_passage(passages, quote),
    )


def closest_passage(passages: list[Passage], quote: str) -> Passage | None:
    """The passage sharing the largest share of the quotation's words, in order."""
    words = [w.casefold() for w in _WORDS.findall(quote)]
    if not words:
        return None
    best: Passage | None = None
    best_score = 0.0
    for passage in passages:
        other = [w.casefold() for w in _WORDS.findall(passage.text)]
        present = set(other)
        if sum(w in present for w in words) <= best_score * len(words):
            continue  # cannot beat the best: skip the costly alignment
        score = _in_order_share(words, other)
        if score > best_score:
            best, best_score = passage, score
    if best is None or best_score < MIN_CLOSEST:
        return None
    return Passage(best.section, best.page, best.text, best.block, best.note, round(best_score, 3))


def _in_order_share(words: list[str], other: list[str]) -> float:
    """Matched words over the longer of the quotation and the stretch of passage they span.

    Counting the stretch makes a dropped word cost as much as a changed one.
    """
    matcher = SequenceMatcher(None, words, other, autojunk=False)
    blocks = [b for b in matcher.get_matching_blocks() if b.size]
    if not blocks:
        return 0.0
    matched = sum(b.size for b in blocks)
    stretch = blocks[-1].b + blocks[-1].size - blocks[0].b
    return matched / max(len(words), stretch)


def _passages(doc: Document) -> list[Passage]:
    out = [Passage(b.section, b.page, b.text, block=b.id) for b in doc.blocks]
    for note in doc.footnotes:
        if note.missing:
            continue
        section = None
        if note.cited_by:
            block = doc.block(note.cited_by[0])
            section = block.section if block else None
        out.append(Passage(section, note.page, note.text, note=note.number))
    out += [Passage(b.section, b.page, b.text, block=b.id) for b in doc.front_matter]
    return out


__all__ = ["MIN_CLOSEST", "QuoteError", "check_quote", "closest_passage", "find_quote", "normalize"]
