"""Split English academic prose into sentences without cutting any.

A pure, rule-based splitter: a sentence ends at ``.``, ``?`` or ``!`` (plus
closing quotes or brackets) followed by white space and something that can
start a sentence, unless the word before the full stop is an abbreviation
("U.S.", "e.g.", "Mr.", "eds.", "et al."), an initial ("Adam S. Posen") or a
number in a list of references ("No. 5"). Erring towards *not* splitting is
deliberate: a missed boundary makes a passage a little longer, a false one
cuts a sentence in half.
"""

from __future__ import annotations

import re

# Lower-cased, without the final full stop. Words that often end a sentence
# ("etc", "Inc", "Co") are included too: a missed split is the cheaper error.
_ABBREVIATIONS = """
    mr mrs ms dr prof sr jr st messrs mt ft
    e.g i.e cf vs viz etc al et ibid op cit loc
    ed eds ed(s) trans rev repr vol vols no nos p pp ch chs sec secs fig figs eq eqs
    n nn para paras art arts
    inc co corp ltd bros dept univ assn assoc natl intl govt
    jan feb mar apr jun jul aug sep sept oct nov dec
    approx est ca
"""
ABBREVIATIONS: frozenset[str] = frozenset(_ABBREVIATIONS.split())
#: Bump whenever the splitter can split any text differently: an index stores its
#: sentences' vectors by position, so it is stale once the splitter changes.
SPLITTER_VERSION = "1"
# Abbreviations that precede a number ("No. 5", "pp. 12-14"); before a word they end a sentence.
_NUMBERING = "no nos p pp vol vols ch chs sec secs fig figs eq eqs n nn para paras art arts"
NUMBERING: frozenset[str] = frozenset(_NUMBERING.split())

# Candidate boundary: terminal punctuation, optional closers, white space.
_BOUNDARY = re.compile(r"[.?!]+[\"'”’)\]]*(?=\s+)")
# What may start the next sentence: a capital, a digit, an opening quote or bracket.
_STARTER = re.compile(r"\s+[\"'“‘(\[]*[A-Z0-9]")
_WORD_BEFORE = re.compile(r"(\S+)$")
_INITIALS = re.compile(r"^(?:[A-Za-z]\.)+[A-Za-z]?$")


def split_spans(text: str) -> list[tuple[int, int]]:
    """Character spans ``(start, end)`` of the sentences of ``text``, trimmed of white space.

    The spans cover every non-space character of ``text`` exactly once.
    """
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _BOUNDARY.finditer(text):
        end = match.end()
        if not _STARTER.match(text, end):
            continue
        following = text[end:].lstrip()[:1]
        closed = match.group() != "."  # "No." inside quotes ends a sentence: 'He said "No."'
        if text[match.start()] == "." and _is_abbreviation(
            text[start : match.start()], following, closed
        ):
            continue
        spans.append((start, end))
        start = end
    spans.append((start, len(text)))
    return [_trim(text, s, e) for s, e in spans if text[s:e].strip()]


def split_sentences(text: str) -> list[str]:
    """The sentences of ``text``."""
    return [text[s:e] for s, e in split_spans(text)]


def _is_abbreviation(before: str, following: str, closed: bool = False) -> bool:
    match = _WORD_BEFORE.search(before)
    if match is None:
        return False
    word = match.group(1).lstrip("(\"'“‘[")
    # A compound ends in an abbreviation too: "Garn-St." is "St." ("Garn-St. Germain Act").
    word = re.split(r"[-–—/]", word)[-1] or word
    low = word.lower()
    if low in NUMBERING:
        # "No. 5" and "No. Five" are numbering; a lower-case "no." before a word ends a
        # sentence ("the answer was no. Then ...").
        return following.isdigit() or (word[0].isupper() and not closed)
    if low in ABBREVIATIONS:
        return True
    # A single letter ("S." in "Adam S. Posen") or dotted letters ("U.S", "U.K", "e.g").
    if len(word) == 1 and word.isalpha():
        return True
    return bool(_INITIALS.match(word)) and "." in word


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


__all__ = ["ABBREVIATIONS", "NUMBERING", "SPLITTER_VERSION", "split_sentences", "split_spans"]
