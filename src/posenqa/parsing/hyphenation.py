"""Line joining for both front ends: line-end dehyphenation that keeps real hyphens.

Pure: strings in, plain values out. A hyphen at a line end is judged with
evidence from the document itself (a :class:`Vocabulary` of the words and
hyphenated compounds it uses away from line ends), never with a word list of
one paper; where the evidence is silent, the document's own habit decides
(most of its decided line-end hyphens were soft, or most were real). Also
home of :func:`words`, the small helper other heuristics use to write
readable word lists.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass


def words(text: str) -> frozenset[str]:
    """The set of whitespace-separated words in ``text`` (for readable word lists)."""
    return frozenset(text.split())


_DASHES = "—–"
_HEAD = re.compile(r"\w+(?:['’]\w+)*")
_WORD = re.compile(r"[^\W\d_][\w'’]*(?:-[\w'’]+)*", re.UNICODE)
_CUT_WORD_END = re.compile(r"[^\W\d_]-$")
#: Prefixes English nearly always joins with a real hyphen ("self-", "non-", "quasi-"); the
#: ambiguous ones ("co", "ex", "pre", "over": "cooperate", "exchange") are left to evidence.
_HYPHEN_PREFIXES = words("self non cross long well quasi semi anti multi")
#: Typical word endings: a line that starts with one continues a broken word.
_SUFFIX_FRAGMENTS = ("tion", "sion", "ment", "ness", "ity", "ing", "ance", "ence", "ally")
#: A web address broken after a separator goes on without a space.
_URL_BROKEN = re.compile(r"(?:https?://|www\.)\S*[/=?&_#%-]$")


@dataclass(frozen=True, slots=True)
class Vocabulary:
    """Words seen inside lines of a document: evidence for line-end hyphen decisions."""

    words: frozenset[str]
    """Lower-cased words, the parts of hyphenated compounds included ("long", "term")."""
    compounds: frozenset[str] = frozenset()
    """Lower-cased hyphenated compounds ("long-term")."""
    keep_by_default: bool = True
    """Keep a line-end hyphen the evidence says nothing about: most of the document's
    decided ones were real (see :func:`build_vocabulary`)."""


def _norm(word: str) -> str:
    return word.lower().replace("’", "'")


def _ends_cut(text: str) -> bool:
    return bool(_CUT_WORD_END.search(text.rstrip()))


def build_vocabulary(lines: Iterable[str], *, keep_on_tie: bool = True) -> Vocabulary:
    """Collect the words of ``lines`` (in reading order) and the document's hyphen habit.

    The fragments of a word broken across a line end are left out: the last
    word of a line ending in a hyphen, and the first word of the line after.
    ``keep_by_default`` says whether more line-end hyphens that the evidence
    decides were real than soft (a typesetter hyphenates; a word processor
    rarely does); ``keep_on_tie`` when the evidence decides none or as many
    each way (the front end's prior: a PDF's line ends are the printer's).
    """
    texts = list(lines)
    found: set[str] = set()
    compounds: set[str] = set()
    after_cut = False
    for text in texts:
        tokens = _WORD.findall(text)
        cut = _ends_cut(text)
        for k, token in enumerate(tokens):
            if (k == 0 and after_cut) or (k == len(tokens) - 1 and cut):
                continue
            lowered = _norm(token)
            if "-" in lowered:
                compounds.add(lowered)
                found.update(part for part in lowered.split("-") if part)
            else:
                found.add(lowered)
        after_cut = cut
    vocab = Vocabulary(frozenset(found), frozenset(compounds))
    kept = dropped = 0
    for line, nxt in itertools.pairwise(texts):
        if line.rstrip().endswith("-") and nxt.strip():
            decision = keep_line_end_hyphen(line.split()[-1], nxt.split()[0], vocab)
            kept += decision is True
            dropped += decision is False
    keep = kept > dropped or (kept == dropped and keep_on_tie)
    return Vocabulary(vocab.words, vocab.compounds, keep)


def keep_line_end_hyphen(
    left: str, right: str, vocabulary: Vocabulary | None = None
) -> bool | None:
    """Decide whether the hyphen ending ``left`` is real, given ``right`` on the next line.

    ``left`` is the last word of a line including its trailing hyphen ("long-"),
    ``right`` the first word of the next line ("term"). Returns True to keep the
    hyphen ("long-term"), False to drop it ("regu-" + "lation"), or None when the
    evidence is silent and the document's habit applies. The evidence, strongest
    first: the shape of the two halves, a compound under way, the joined word
    or the compound seen elsewhere in the document, a prefix English hyphenates,
    two whole words.
    """
    stem = left[:-1]
    head = match.group(0) if (match := _HEAD.match(right)) else ""
    if not stem or not head:
        return True
    if not head[0].islower() or not stem[-1].isalpha():
        return True  # "Glass-" + "Steagall", "US-" + "Japan", "mid-" + "1990s", "G-7-"
    first = re.split(r"[^\w'’]", stem)[-1]
    if stem[: -len(first)].endswith("-"):
        return True  # "day-to-" + "day": a compound under way
    if vocabulary is None:
        return None
    compound_on = right[len(head) : len(head) + 1] == "-"
    first, head = _norm(first), _norm(head)
    if f"{first}{head}" in vocabulary.words:
        return False  # "regu-" + "lation", also before a compound ("reconstruc-" + "tion-abetted")
    if f"{first}-{head}" in vocabulary.compounds:
        return True  # "long-" + "term" seen whole
    if first in _HYPHEN_PREFIXES and len(head) >= 4 and not head.startswith(_SUFFIX_FRAGMENTS):
        return True  # "long-" + "term", "self-" + "regulation"
    if first not in vocabulary.words:
        return None
    if compound_on:
        return True  # "debt-" + "to-GDP": a whole word, and a compound goes on
    if len(first) >= 3 and head in vocabulary.words:
        return not head.startswith(_SUFFIX_FRAGMENTS)  # "risk-averse", not "person-ally"
    return None


def join_line(
    text: str, nxt: str, vocabulary: Vocabulary | None = None, *, suspended: bool = False
) -> str:
    """Append the next line ``nxt`` to ``text``, undoing line-end hyphenation.

    A hyphen at the end of ``text`` is kept when it is real (see
    :func:`keep_line_end_hyphen`; the vocabulary's ``keep_by_default`` where
    the evidence is silent). ``suspended`` says the source line had a space
    after its last character: a hyphen there is suspended ("small- " / "and
    medium-sized") and a dash is spaced. An unspaced dash joins without a
    space, as does a web address broken after a separator.
    """
    if not text:
        return nxt
    if not nxt:
        return text
    if _URL_BROKEN.search(text) and not suspended:
        return text + nxt
    end, before = text[-1], text[-2:-1]
    if end == "-" and before and not before.isspace() and before != "-" and not suspended:
        keep = keep_line_end_hyphen(text.rsplit(" ", 1)[-1], nxt.split(" ", 1)[0], vocabulary)
        if keep is None:
            keep = vocabulary.keep_by_default if vocabulary is not None else True
        return text + nxt if keep else text[:-1] + nxt
    if end in _DASHES and not before.isspace() and not suspended:
        return text + nxt  # an unspaced dash stays unspaced
    return text + " " + nxt


def join_lines(lines: Sequence[str], vocabulary: Vocabulary | None = None) -> str:
    """Join wrapped lines into one string with single spaces, undoing line-end hyphenation
    (:func:`join_line`, one line at a time)."""
    out = ""
    suspended = False
    for raw in lines:
        piece = " ".join(raw.split())
        if piece:
            out = join_line(out, piece, vocabulary, suspended=suspended)
            suspended = raw != raw.rstrip()
    return out


__all__ = [
    "Vocabulary",
    "build_vocabulary",
    "join_line",
    "join_lines",
    "keep_line_end_hyphen",
    "words",
]
