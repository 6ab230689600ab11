"""Word-level heuristics for text lines from a PDF: line-end hyphens, headings, captions.

Pure functions over strings. Line-end hyphenation is undone with evidence from
the document itself (a :class:`Vocabulary` of the words and hyphenated
compounds it uses away from line ends), never with a fixed word list.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from posenqa.parsing.headings import is_caption

# ------------------------------------------------------------ dehyphenation

_WORD = re.compile(r"[A-Za-z]+(?:[-'’][A-Za-z]+)*")
_SUFFIX_FRAGMENTS = ("tion", "sion", "ment", "ness", "ity", "ing", "ance", "ence", "ally")


@dataclass(frozen=True, slots=True)
class Vocabulary:
    """Words and hyphenated compounds seen in the document away from line ends."""

    words: frozenset[str]
    compounds: frozenset[str]


def build_vocabulary(line_texts: Iterable[str]) -> Vocabulary:
    """Collect words and compounds from lines in reading order.

    The fragments of a word hyphenated across a line break are left out: the
    last word of a line ending in a hyphen, and the first word of the line
    after it.
    """
    words: set[str] = set()
    compounds: set[str] = set()
    after_hyphen = False
    for text in line_texts:
        tokens = _WORD.findall(text)
        ends_hyphen = bool(re.search(r"[A-Za-z]-$", text))
        for k, token in enumerate(tokens):
            if (k == 0 and after_hyphen) or (k == len(tokens) - 1 and ends_hyphen):
                continue
            token = token.lower().replace("’", "'")
            if "-" in token:
                compounds.add(token)
                words.update(part for part in token.split("-") if part)
            else:
                words.add(token)
        after_hyphen = ends_hyphen
    return Vocabulary(frozenset(words), frozenset(compounds))


def drop_line_end_hyphen(left: str, right: str, vocab: Vocabulary) -> bool:
    """Whether ``left-`` at a line end and ``right`` on the next line are one word broken.

    Evidence first: the joined word seen elsewhere means a break; the
    hyphenated form seen mid-line means a real hyphen. Without evidence, two
    whole words ("long", "term") keep their hyphen unless the second half is
    a typical word ending; anything else is a break.
    """
    if not left or not right or not right[0].islower() or not left[-1].isalpha():
        return False
    joined = (left + right).lower()
    if joined in vocab.words:
        return True
    if f"{left}-{right}".lower() in vocab.compounds:
        return False
    two_words = (
        len(left) >= 3
        and len(right) >= 3
        and left.lower() in vocab.words
        and right.lower() in vocab.words
    )
    return not two_words or right.lower().startswith(_SUFFIX_FRAGMENTS)


def join_lines(text: str, nxt: str, vocab: Vocabulary) -> str:
    """Append the next line to ``text``, undoing line-end hyphenation and spacing dashes."""
    if not text:
        return nxt
    if not nxt:
        return text
    if _URL_BROKEN.search(text):
        return text + nxt  # a web address broken after a separator goes on unspaced
    if text.endswith("-") and len(text) >= 2 and text[-2].isalpha():
        left = _WORD_AT_END.search(text[:-1])
        right = _WORD_AT_START.match(nxt)
        # "day-to-" + "day": the hyphen belongs to a compound already under way.
        compound = left is not None and text[: left.start()].endswith("-")
        if (
            left
            and right
            and not compound
            and drop_line_end_hyphen(left.group(0), right.group(0), vocab)
        ):
            return text[:-1] + nxt
        return text + nxt
    if text[-1] in "—–" and not text[-2:-1].isspace():
        return text + nxt  # an unspaced dash stays unspaced
    return text + " " + nxt


_URL_BROKEN = re.compile(r"(?:https?://|www\.)\S*[/=?&_#%-]$")
_WORD_AT_END = re.compile(r"[A-Za-z]+$")
_WORD_AT_START = re.compile(r"^[A-Za-z]+")


# ------------------------------------------------------ headings, captions

_NUMBERED_HEADING = re.compile(
    r"^(?P<label>\d{1,2}(?:\.\d{1,2}){0,3}|\d{1,2}[A-Z]|[IVX]{1,6}(?=\.))\.?\s+"
    r"(?P<title>[^\W\d_].*)$"
)
# "3. 2010 Census ...": a title may open with a number when the label ends in a period.
_NUMBERED_HEADING_DIGIT = re.compile(
    r"^(?P<label>\d{1,2}(?:\.\d{1,2}){0,3})\.\s+(?P<title>\d+\s+[^\W\d_].*)$"
)


def numbered_heading(text: str) -> tuple[str, int, str] | None:
    """``(label, level, title)`` when ``text`` opens with a section number, else None.

    ``"1."`` and ``"II."`` are level 1, ``"1A"`` and ``"2.1"`` level 2,
    ``"2.1.3"`` level 3. Whether the line is a heading at all (bold, larger,
    standing alone) is for the caller to judge.
    """
    m = _NUMBERED_HEADING.match(text.strip()) or _NUMBERED_HEADING_DIGIT.match(text.strip())
    if not m:
        return None
    label, title = m.group("label"), m.group("title").strip()
    if label[0].isdigit() and label[-1].isalpha():
        level = 2
    elif label[0].isdigit():
        level = label.count(".") + 1
    else:
        level = 1
    return label, level, title


def is_caption_start(text: str) -> bool:
    """Whether a line opens a figure or table caption: the shared shape of
    :func:`posenqa.parsing.headings.is_caption`."""
    return is_caption(text.strip())


__all__ = [
    "Vocabulary",
    "build_vocabulary",
    "drop_line_end_hyphen",
    "is_caption_start",
    "join_lines",
    "numbered_heading",
]
