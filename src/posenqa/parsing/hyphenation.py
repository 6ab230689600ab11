"""Line joining: line-end dehyphenation that keeps real hyphens, and the vocabulary behind it.

Pure: strings in, plain values out. Also home of :func:`words`, the small
helper other heuristics use to write readable word lists.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass


def words(text: str) -> frozenset[str]:
    """The set of whitespace-separated words in ``text`` (for readable word lists)."""
    return frozenset(text.split())


_DASHES = "—–"
_HEAD = re.compile(r"[\w'’]+")
_WORD = re.compile(r"[^\W\d_][\w'’]*(?:-[\w'’]+)*", re.UNICODE)
#: English prefixes that are nearly always written with a real hyphen.
_HYPHEN_PREFIXES = words(
    "non self well cross long short mid co ex post pre semi quasi anti multi inter "
    "intra over under high low full half all one two three four five"
)


@dataclass(frozen=True, slots=True)
class Vocabulary:
    """Words seen inside lines of a document: evidence for line-end hyphen decisions."""

    words: frozenset[str]
    """Lower-cased words, hyphenated compounds included whole ("long-term")."""
    prefixes: frozenset[str]
    """Lower-cased first parts of hyphenated compounds ("long" from "long-term")."""


def build_vocabulary(lines: Iterable[str]) -> Vocabulary:
    """Collect the words of ``lines``, leaving out each line's last word (it may be cut)."""
    words: set[str] = set()
    prefixes: set[str] = set()
    for line in lines:
        tokens = _WORD.findall(line)
        stripped = line.rstrip()
        if tokens and stripped.endswith("-"):
            tokens = tokens[:-1]
        for token in tokens:
            lowered = token.lower()
            words.add(lowered)
            if "-" in lowered:
                prefixes.add(lowered.split("-", 1)[0])
    return Vocabulary(frozenset(words), frozenset(prefixes))


def keep_line_end_hyphen(
    left: str, right: str, vocabulary: Vocabulary | None = None
) -> bool | None:
    """Decide whether the hyphen ending ``left`` is real, given ``right`` on the next line.

    ``left`` is the last word of a line including its trailing hyphen ("long-"),
    ``right`` the first word of the next line ("term"). Returns True to keep the
    hyphen ("long-term"), False to drop it ("regu-" + "lation"), or None when the
    evidence is silent and the caller's default applies.
    """
    stem = left[:-1]
    head = match.group(0) if (match := _HEAD.match(right)) else ""
    if not stem or not head:
        return True
    if not head[0].islower() or not stem[-1].isalpha():
        return True  # "Glass-" + "Steagall", "US-" + "Japan", "mid-" + "1990s", "G-7-"
    if "-" in stem or "-" in right:
        return True  # "day-to-" + "day", "debt-" + "to-GDP": already a compound
    first = re.split(r"[^\w'’]", stem)[-1].lower()
    if vocabulary is not None:
        if f"{first}-{head.lower()}" in vocabulary.words:
            return True
        if f"{first}{head.lower()}" in vocabulary.words:
            return False
        if first in vocabulary.prefixes:
            return True
    if first in _HYPHEN_PREFIXES:
        return True
    return None


def join_lines(
    lines: Sequence[str], vocabulary: Vocabulary | None = None, keep_hyphens: bool = True
) -> str:
    """Join wrapped lines into one string with single spaces, undoing line-end hyphenation.

    A hyphen at a line end is kept when it is real (see :func:`keep_line_end_hyphen`;
    ``keep_hyphens`` is the default when the evidence is silent). A hyphen followed
    by a space in the source ("small- " / "and medium-sized") is a suspended hyphen
    and keeps its space; a dash at a line end joins without a space.
    """
    out = ""
    trailing_space = False
    for raw in lines:
        piece = " ".join(raw.split())
        if not piece:
            continue
        if not out:
            out = piece
        elif out.endswith("-") and not out.endswith("--") and not trailing_space:
            left = out.rsplit(" ", 1)[-1]
            right = piece.split(" ", 1)[0]
            keep = keep_line_end_hyphen(left, right, vocabulary)
            if keep is None:
                keep = keep_hyphens
            out = out + piece if keep else out[:-1] + piece
        elif out[-1] in _DASHES and not trailing_space:
            out += piece
        else:
            out += " " + piece
        trailing_space = raw != raw.rstrip()
    return out


__all__ = ["Vocabulary", "build_vocabulary", "join_lines", "keep_line_end_hyphen", "words"]
