"""Pure, reusable heuristics for turning extracted lines of a paper into structure.

Nothing here reads files or knows which paper it is looking at: every function
takes strings (or small tuples of them) and returns plain values, so the text
parser and the PDF parser can share them and tests can check them one by one.

The functions fall in five groups:

* page furniture: separator lines, stray page numbers;
* line joining: line-end dehyphenation that keeps real hyphens;
* paragraph ends: an estimate of printed line width, to tell a line that ended
  because the paragraph did from one that ended because the margin came;
* headings and captions: numbered section headings ("1.", "1A.", "2.1", "IV.");
* notes: note-marker candidates in flat text, the most plausible increasing
  sequence of them, and splitting footnote zones into numbered notes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass


def words(text: str) -> frozenset[str]:
    """The set of whitespace-separated words in ``text`` (for readable word lists)."""
    return frozenset(text.split())


# --- page furniture -------------------------------------------------------

_PAGE_NUMBER = re.compile(r"^\s*(?:[-–—]\s*)?(?:page\s+)?(\d{1,4})(?:\s*[-–—])?\s*$", re.IGNORECASE)
_RULE_CHARS = re.compile(r"^\s*[_\-–—=*·.\u2500-\u257f]{10,}\s*$")


def is_blank(line: str) -> bool:
    """True for an empty or whitespace-only line."""
    return not line.strip()


def is_separator_line(line: str, min_spaces: int = 20) -> bool:
    """True for a footnote separator: a long run of spaces, or a rule of underscores/dashes.

    Extractions render the short rule above a page's notes either as drawn
    characters or, when the rule is a graphic, as a line of many spaces.
    """
    if line and not line.strip() and len(line.expandtabs()) >= min_spaces:
        return True
    return bool(_RULE_CHARS.match(line))


def page_number(line: str) -> int | None:
    """The number on a line that holds only a page number (" 7", "- 7 -", "Page 7"), else None."""
    match = _PAGE_NUMBER.match(line)
    if not match:
        return None
    value = int(match.group(1))
    return value if value > 0 else None


# --- line joining -----------------------------------------------------------

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


# --- paragraph ends ---------------------------------------------------------

# Advance widths (1/1000 em) of a common serif face; an estimate only, but far
# closer to printed width than a character count ("mmm" vs "iii").
_WIDTHS: dict[str, int] = {" ": 250, ".": 250, ",": 250, ":": 278, ";": 278, "-": 333}
_WIDTHS.update(
    zip(
        "abcdefghijklmnopqrstuvwxyz",
        (
            444,
            500,
            444,
            500,
            444,
            333,
            500,
            500,
            278,
            278,
            500,
            278,
            778,
            500,
            500,
            500,
            500,
            333,
            389,
            278,
            500,
            500,
            722,
            500,
            500,
            444,
        ),
        strict=True,
    )
)
_WIDTHS.update(
    zip(
        "ABCDEFGHIJKLMNOPQRSTUVWXYZ",
        (
            722,
            667,
            667,
            722,
            611,
            556,
            722,
            722,
            333,
            389,
            722,
            611,
            889,
            722,
            722,
            556,
            722,
            667,
            556,
            611,
            722,
            722,
            944,
            722,
            722,
            611,
        ),
        strict=True,
    )
)
_WIDTHS.update(dict.fromkeys("0123456789$", 500))
_WIDTHS.update({"(": 333, ")": 333, "[": 333, "]": 333, "’": 333, "‘": 333, "'": 180})
_WIDTHS.update({"“": 444, "”": 444, '"': 408, "—": 1000, "–": 500, "%": 833, "&": 778})
_WIDTHS.update({"/": 278, "?": 444, "!": 333})
_TERMINAL = re.compile(r"[.?!:][\"”’')\]]*\s*\d{0,3}$")


def text_width(text: str) -> float:
    """Estimated printed width of ``text`` in ems (serif metrics; unknown characters 0.5)."""
    return sum(_WIDTHS.get(ch, 500) for ch in text) / 1000


def right_margin(line_widths: Sequence[float], quantile: float = 0.99) -> float:
    """Estimate the usable line width from the widths of a document's body lines."""
    if not line_widths:
        return 0.0
    ordered = sorted(line_widths)
    return ordered[min(len(ordered) - 1, int(quantile * len(ordered)))]


def ends_sentence(line: str) -> bool:
    """True when ``line`` ends like a sentence (punctuation, maybe a closing quote and a marker)."""
    return bool(_TERMINAL.search(line.rstrip()))


def ends_paragraph(line: str, next_line: str, margin: float) -> bool:
    """True when ``line`` ends a paragraph: it ends a sentence and the next word would have fit.

    A wrapped line ends because the next word did not fit before the margin; if
    it would have fit, the line ended for another reason, i.e. the paragraph did.
    """
    text = line.strip()
    if not text or not ends_sentence(text):
        return False
    words = next_line.split()
    if not words:
        return True
    return text_width(text) + text_width(" ") + text_width(words[0]) <= margin


# --- headings and captions --------------------------------------------------

_HEADING = re.compile(
    r"^(?P<label>\d{1,2}(?:\.\d{1,2}){1,3}|\d{1,2}[A-Z]|\d{1,2}|[IVXLC]{1,6})"
    r"(?P<dot>\.?)\s+(?P<title>\S.*?)\s*$"
)
_CAPTION = re.compile(r"^\s*(?:Figure|Fig\.|Table|Chart|Exhibit)\s+\d+[A-Za-z]?\s*[:.—–-]", re.I)
_SMALL_WORDS = words(
    "a an and as at but by for from in into of on or over the to with between versus via "
    "vs under upon its their than"
)
_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}


@dataclass(frozen=True, slots=True)
class HeadingMatch:
    """A line recognised as a numbered section heading."""

    label: str
    """The number without its trailing dot: "1", "1A", "2.1", "IV"."""
    title: str
    level: int
    major: int
    """The top-level number (1 for "1A" and "1.2", 4 for "IV"): headings must not go backwards."""


def roman_value(text: str) -> int | None:
    """The value of a well-formed Roman numeral (I..CCC), else None."""
    if not text or any(ch not in _ROMAN for ch in text.upper()):
        return None
    values = [_ROMAN[ch] for ch in text.upper()]
    total = 0
    for i, value in enumerate(values):
        total += -value if i + 1 < len(values) and value < values[i + 1] else value
    return total if _to_roman(total) == text.upper() else None


def _to_roman(value: int) -> str:
    out = ""
    for number, letters in (
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ):
        while value >= number:
            out += letters
            value -= number
    return out


def is_title_like(text: str) -> bool:
    """True for a heading-shaped title: short, capitalised words, not a sentence or a list item."""
    words = text.split()
    if not 1 <= len(words) <= 20 or not text[0].isupper():
        return False
    if text.endswith((",", ";")) or (text.endswith(".") and len(words) > 6):
        return False
    letters = [ch for ch in text if ch.isalpha()]
    if letters and all(ch.isupper() for ch in letters):
        return True
    significant = [w for w in words if w.strip("()“”\"'’‘").isalpha() and len(w) > 3]
    significant = [w for w in significant if w.lower() not in _SMALL_WORDS]
    if not significant:
        return len(words) <= 4
    capitalised = sum(1 for w in significant if w.strip("()“”\"'’‘")[0].isupper())
    return capitalised / len(significant) >= 0.6


def match_heading(line: str) -> HeadingMatch | None:
    """Recognise a numbered heading line ("1. INTRO", "1A. Japan", "2.1 Data", "IV. Results").

    Only the shape of the line is checked; the caller checks context (the line
    stands alone, numbers do not go backwards, it is not inside a note zone).
    """
    match = _HEADING.match(line.strip())
    if not match:
        return None
    label, dot, title = match.group("label"), match.group("dot"), match.group("title")
    if not is_title_like(title):
        return None
    if label[0].isdigit():
        if "." in label:
            level, major = min(label.count(".") + 1, 3), int(label.split(".")[0])
        elif label[-1].isalpha():
            level, major = 2, int(label[:-1])
        else:
            level, major = 1, int(label)
        if major == 0:
            return None
    else:
        value = roman_value(label)
        if value is None or not dot:
            return None  # "I am ..." is not a heading; "I. Introduction" is
        level, major = 1, value
    return HeadingMatch(label, title, level, major)


def is_caption(line: str) -> bool:
    """True for a figure or table caption line ("Figure 1: ...", "Table 2. ...")."""
    return bool(_CAPTION.match(line))


# --- note markers -----------------------------------------------------------

#: A marker glued to a word or to closing punctuation ("Friedman8", "coordination.1",
#: "open2—", "Report,”71"), or after a compound like "G-7." ("G-7.47").
_GLUED = re.compile(
    r"(?P<before>[^\W\d_]|[.,;:)\]”’\"'?!])(?P<num>[1-9]\d{0,2})(?=$|[\s—–,.;:)\]”’\"'?!])"
)
#: A marker set off by a space after closing punctuation, at a block's very end ("... 36").
_SPACED_END = re.compile(r"(?P<before>[.,;:)\]”’\"'?!]) (?P<num>[1-9]\d{0,2})\s*$")


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


# --- footnote zones ---------------------------------------------------------

_NOTE_START = re.compile(r"^(?P<num>[1-9]\d{0,2})(?P<dot>[.)]?)\s+(?P<rest>\S.*)$")


def note_start(line: str, previous: int | None, max_gap: int = 4) -> tuple[int, str] | None:
    """If ``line`` begins a numbered note given the previous note's number, its (number, text).

    The next number always starts a note; a small jump (a lost note) only when
    the line has the full "N. Text" shape; anything else is a continuation.
    """
    if line[:1].isspace():
        return None
    match = _NOTE_START.match(line.rstrip())
    if not match:
        return None
    number, rest = int(match.group("num")), match.group("rest")
    strict = match.group("dot") == "." and (rest[0].isupper() or rest[0] in "“\"‘'([")
    if previous is None:
        return (number, rest) if strict or number == 1 else None
    if number == previous + 1 or (strict and previous + 1 < number <= previous + max_gap):
        return number, rest
    return None


def split_notes(
    lines: Sequence[tuple[str, int | None]],
) -> tuple[dict[int, tuple[list[str], int | None]], list[tuple[str, int | None]]]:
    """Split note-zone lines (text, page) into numbered notes, continuing notes across zones.

    Returns ``{number: (lines, page)}`` (the first line without its "N. " prefix)
    and the lines before the first note, which belong to no note.
    """
    notes: dict[int, tuple[list[str], int | None]] = {}
    orphans: list[tuple[str, int | None]] = []
    current: int | None = None
    for text, page in lines:
        start = note_start(text, current)
        if start is not None and start[0] not in notes:
            current = start[0]
            notes[current] = ([start[1]], page)
        elif current is None:
            orphans.append((text, page))
        else:
            notes[current][0].append(text)
    return notes, orphans


def note_texts(
    notes: Mapping[int, tuple[list[str], int | None]], vocabulary: Vocabulary | None = None
) -> dict[int, tuple[str, int | None]]:
    """Join each note's lines into its text: ``{number: (text, page)}``, for ``link_notes``."""
    return {n: (join_lines(lines, vocabulary), page) for n, (lines, page) in notes.items()}


__all__ = [
    "HeadingMatch",
    "MarkerCandidate",
    "Vocabulary",
    "build_vocabulary",
    "choose_markers",
    "ends_paragraph",
    "ends_sentence",
    "is_blank",
    "is_caption",
    "is_separator_line",
    "is_title_like",
    "join_lines",
    "keep_line_end_hyphen",
    "marker_candidates",
    "match_heading",
    "note_start",
    "note_texts",
    "page_number",
    "remove_spans",
    "right_margin",
    "roman_value",
    "split_notes",
    "text_width",
    "words",
]
