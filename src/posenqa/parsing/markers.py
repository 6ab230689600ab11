"""Note markers in flat text: candidates, the most plausible increasing run, and their removal.

Pure: strings and numbers in, plain values out.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

#: A marker glued to a word or to closing punctuation ("Friedman8", "coordination.1",
#: "open2—", "Report,”71"), or after a compound like "G-7." ("G-7.47").
_GLUED = re.compile(
    r"(?P<before>[^\W\d_]|[.,;:)\]”’\"'?!])(?P<num>[1-9]\d*)(?=$|[\s—–,.;:)\]”’\"'?!])"
)
#: A marker set off by a space after closing punctuation, at a block's very end ("... 36").
_SPACED_END = re.compile(r"(?P<before>[.,;:)\]”’\"'?!]) (?P<num>[1-9]\d*)\s*$")


@dataclass(frozen=True, slots=True)
class MarkerCandidate:
    """Digits in flat text that may be a note marker."""

    start: int
    """Offset of the first character to remove (the digits, or the space before spaced digits)."""
    end: int
    number: int
    strength: float
    """1.0 for digits glued to a word or punctuation, less for ambiguous shapes."""


def marker_candidates(text: str) -> list[MarkerCandidate]:
    """All digit runs in ``text`` shaped like note markers, in order; ordinary numbers excluded.

    "2.2 trillion", "137.60", "1990s", "G-7", "1997-98", "FY1998" are not
    candidates; "G-7.47" is a weak one (it may be "G-7." plus note 47), to be
    settled by the note sequence (:func:`choose_markers`).
    """
    found: list[MarkerCandidate] = []
    for match in _GLUED.finditer(text):
        start = match.start("num")
        before = match.group("before")
        strength = 1.0
        if before.isupper() and len(match.group("num")) >= 4:
            continue  # a code or fiscal year ("FY1998", "ISO9001"), not note 1998
        if not before.isalpha():
            prefix = text[: match.start("before")]
            token = prefix.split()[-1] if prefix and not prefix[-1].isspace() else ""
            if token and token[-1].isdigit():
                # "2.2", "137.60" and "12,345" are numbers; "G-7.47", "1989-90.50" and
                # "1998,43" may be a number, its punctuation and a note marker.
                plain = re.fullmatch(r"[$€£¥(]?[\d,]*\d", token) is not None
                if plain and (before == "." or (before == "," and len(match.group("num")) == 3)):
                    continue
                if before not in ".,":
                    continue
                strength = 0.4
        found.append(MarkerCandidate(start, match.end("num"), int(match.group("num")), strength))
    spaced = _SPACED_END.search(text)
    if spaced and not any(c.end == spaced.end("num") for c in found):
        found.append(
            MarkerCandidate(
                spaced.start("num") - 1, spaced.end("num"), int(spaced.group("num")), 0.4
            )
        )
    return found


def choose_markers(
    numbers: Sequence[int],
    strengths: Sequence[float],
    known: Iterable[int] = (),
    gap_cost: float = 0.6,
    known_bonus: float = 1.0,
) -> list[bool]:
    """Pick the candidates that form the most plausible increasing run of note numbers.

    Note markers appear in reading order and mostly go up by one; the note
    bodies found (``known``) say which numbers exist. Each chosen candidate
    earns its strength (plus ``known_bonus`` when its body exists); each
    number skipped between two chosen ones costs ``gap_cost``. Returns one
    flag per candidate. Dynamic programming over candidates, O(n^2).
    """
    known_set = set(known)
    count = len(numbers)
    gain = [
        s + (known_bonus if n in known_set else 0.0)
        for n, s in zip(numbers, strengths, strict=True)
    ]
    best = [0.0] * count
    back = [-1] * count
    for i in range(count):
        best[i] = gain[i] - gap_cost * (numbers[i] - 1)
        for j in range(i):
            if numbers[j] < numbers[i]:
                score = best[j] + gain[i] - gap_cost * (numbers[i] - numbers[j] - 1)
                if score > best[i]:
                    best[i], back[i] = score, j
    chosen = [False] * count
    if not count:
        return chosen
    end = max(range(count), key=lambda k: (best[k], -k))
    if best[end] <= 0:
        return chosen
    while end >= 0:
        chosen[end] = True
        end = back[end]
    return chosen


def remove_spans(text: str, spans: Sequence[tuple[int, int]]) -> tuple[str, list[int]]:
    """Delete the ``(start, end)`` spans from ``text``; return the text and each span's offset."""
    out: list[str] = []
    offsets: list[int] = []
    position = 0
    removed = 0
    for start, end in sorted(spans):
        out.append(text[position:start])
        offsets.append(start - removed)
        removed += end - start
        position = end
    out.append(text[position:])
    return "".join(out), offsets


__all__ = ["MarkerCandidate", "choose_markers", "marker_candidates", "remove_spans"]
