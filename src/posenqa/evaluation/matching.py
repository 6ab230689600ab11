"""Does a result answer a gold question? Text normalisation and matching, all pure.

A result answers a question when one of the question's evidence strings,
normalised, is a substring of the result's normalised text. Evidence may have
been copied from a text extraction with note markers glued on ("system4 will",
"Bureau”.21"), while the engine's text has them removed, or the other way
round; so both sides go through the same :func:`normalize`.

Removing "digits glued to punctuation" also strips the fraction of a decimal
("137.60" -> "137.", "2.2 trillion" -> "2. trillion"). That is deliberate:
"1989-90.50 When" (years, then note 50) cannot be told from a decimal by its
characters alone, and a rule that looked at what follows the digits would
treat an evidence string that ends at "137.60" differently from the passage
that continues "137.60 per dollar". One context-free rule applied to both
sides keeps matching consistent; the price is that two evidence strings
differing only in a decimal's fraction are not told apart, which matters
only for evidence too short to identify a passage anyway.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

_SUPERSCRIPTS = re.compile("[\u00b9\u00b2\u00b3\u2070-\u2079]+")
# Invisible characters a PDF extraction leaves behind: soft hyphen, zero-width
# space/joiners, BOM.
_INVISIBLE = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff]")
_BRACKET_MARKER = re.compile(r"\s*\[\d{1,3}\]")
# A run of digits right after a letter or after sentence punctuation, a closing
# bracket or a quote: how note markers look once superscripts are flattened.
_GLUED_MARKER = re.compile(r"(?<=[^\W\d_]|[.,;:!?)\]\"'])\d+")
_QUOTES = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u2033": '"',
        "\u00ab": '"',
        "\u00bb": '"',
    }
)
_DASHES = re.compile("[\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d]")
# Extractions disagree on spaces around dashes ("Leverage—  Until" vs
# "Leverage—Until"), so a dash swallows the spaces next to it.
_SPACED_DASH = re.compile(r"\s*-\s*")
_SPACE = re.compile(r"\s+")


def normalize(text: str) -> str:
    """Fold ``text`` to the form evidence and results are compared in.

    Removes note markers (superscript digits, ``[n]``, digits glued to a word or
    punctuation), applies Unicode NFKC, folds curly quotes and dashes, collapses
    whitespace and folds case.
    """
    # Superscripts first: NFKC would turn them into ordinary digits.
    text = _SUPERSCRIPTS.sub("", text)
    text = unicodedata.normalize("NFKC", text)
    text = _INVISIBLE.sub("", text)
    text = text.translate(_QUOTES)
    text = _DASHES.sub("-", text)
    text = _BRACKET_MARKER.sub("", text)
    text = _GLUED_MARKER.sub("", text)
    text = _SPACED_DASH.sub("-", text)
    text = _SPACE.sub(" ", text).strip()
    return text.casefold()


def evidence_matches(evidence: Iterable[str], text: str) -> bool:
    """True when any evidence string, normalised, is inside the normalised text."""
    haystack = normalize(text)
    return any(needle and needle in haystack for needle in map(normalize, evidence))


def result_notes(result: Mapping[str, Any]) -> set[int]:
    """The note numbers a result *is* (a footnote result) or *cites* (``footnotes``, ``notes``)."""
    notes: set[int] = set()
    if result.get("kind") == "footnote" and isinstance(result.get("number"), int):
        notes.add(result["number"])
    notes.update(n for n in result.get("notes") or () if isinstance(n, int))
    for cited in result.get("footnotes") or ():
        number = cited.get("number") if isinstance(cited, Mapping) else cited
        if isinstance(number, int):
            notes.add(number)
    return notes


def first_evidence_rank(
    evidence: Sequence[str], results: Sequence[Mapping[str, Any]]
) -> int | None:
    """1-based rank of the first result whose text holds an evidence string, or None."""
    if not evidence:
        return None
    needles = [n for n in map(normalize, evidence) if n]
    for rank, result in enumerate(results, start=1):
        haystack = normalize(str(result.get("text") or ""))
        if any(needle in haystack for needle in needles):
            return rank
    return None


def first_note_rank(notes: Iterable[int], results: Sequence[Mapping[str, Any]]) -> int | None:
    """1-based rank of the first result that is or cites one of ``notes``, or None."""
    wanted = set(notes)
    if not wanted:
        return None
    for rank, result in enumerate(results, start=1):
        if result_notes(result) & wanted:
            return rank
    return None


__all__ = [
    "evidence_matches",
    "first_evidence_rank",
    "first_note_rank",
    "normalize",
    "result_notes",
]
