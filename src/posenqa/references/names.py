"""Names, titles and keys: the small normalizations every other module shares.

All pure functions. Nothing here knows any particular paper's authors.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence

#: Words that connect the parts of an organization's name ("Council on Foreign Relations").
CORPORATE_CONNECTORS = frozenset({"of", "on", "for", "in", "and", "the", "&", "de", "du", "des"})

#: Lower-case particles that belong to a surname ("van", "de").
PARTICLES = frozenset({"van", "von", "de", "der", "den", "di", "da", "du", "le", "la", "del"})

#: Words a key or a title comparison skips.
_STOP = "a an the of on in and for to at by with from is are"
STOPWORDS = frozenset(_STOP.split())

# The last word of an organization's name ("Internal Revenue Service"); kept here, not in
# grammar, so names stays free of the note grammar.
_ORG_END = re.compile(
    r"^(?:Institute|Institution|University|Fund|Bank|Foundation|Service|Office|Department|"
    r"Committee|Council|Commission|Agency|Bureau|Association|Society|Board|Administration|"
    r"Reserve|Treasury|Organi[sz]ation|Cent(?:er|re)|Ministry|Corporation|Company|Group)$"
)
_SUFFIXES = frozenset({"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"})
_WORD = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*")


def fold(text: str) -> str:
    """Lower-case ASCII: accents dropped, curly apostrophes straightened."""
    text = unicodedata.normalize("NFKD", text.replace("’", "'"))
    return text.encode("ascii", "ignore").decode("ascii").lower()


def is_corporate(name: str) -> bool:
    """True for an organization's name: a connector word, an ending like "Institute",
    or more than four words."""
    words = name.split()
    if any(w.lower() in CORPORATE_CONNECTORS - {"and"} for w in words[1:-1]):
        return True
    if len(words) > 1 and _ORG_END.search(words[-1]):
        return True
    return len(words) > 4 and "and" not in words


def surname(name: str) -> str:
    """The family name of a printed name ("Adam S. Posen" -> "Posen").

    Organizations keep their whole name; suffixes ("Jr.") and particles
    ("van") are handled so "Ludwig van Beethoven" -> "van Beethoven".
    """
    name = " ".join(name.split())
    if not name or is_corporate(name):
        return name
    words = [w for w in name.replace(",", " ").split() if w.lower() not in _SUFFIXES]
    if not words:
        return name
    last = len(words) - 1
    start = last
    while start > 0 and words[start - 1].lower() in PARTICLES:
        start -= 1
    return " ".join(words[start:])


def given_names(name: str) -> str:
    """Everything before the surname ("Adam S. Posen" -> "Adam S.")."""
    family = surname(name)
    if family == name:
        return ""
    head = name[: name.rfind(family)].strip().rstrip(",")
    return head


def surname_key(name: str) -> str:
    """A surname folded for comparison ("Sakakibara" and "SAKAKIBARA" compare equal)."""
    return fold(surname(name)).strip()


def title_words(title: str | None) -> list[str]:
    """A title's words, folded, with a leading article dropped."""
    if not title:
        return []
    words = [fold(w) for w in _WORD.findall(title)]
    if words and words[0] in {"a", "an", "the"}:
        words = words[1:]
    return words


def title_matches(short: str | None, full: str | None) -> bool:
    """True when ``short`` is a short title of ``full``: its words begin the full title.

    A single short word ("War") is too weak to count unless it is the whole
    title; a single word of four letters or more ("Panics") counts.
    """
    s, f = title_words(short), title_words(full)
    if not s or len(s) > len(f) or f[: len(s)] != s:
        return False
    return len(s) >= 2 or len(f) == 1 or (len(s[0]) >= 4 and s[0] not in STOPWORDS)


def _ascii_word(word: str) -> str:
    return re.sub(r"[^a-z0-9]", "", fold(word))


def base_key(authors: Sequence[str], year: int | None, title: str | None) -> str:
    """``friedman2000japan``: first author's surname, year, first significant title word."""
    name = ""
    if authors:
        first = authors[0]
        if is_corporate(first):
            words = [w for w in first.split() if w.lower() not in CORPORATE_CONNECTORS]
            name = _ascii_word(words[0]) if words else ""
        else:
            name = _ascii_word(surname(first).replace(" ", ""))
    word = next(
        (_ascii_word(w) for w in title_words(title) if w not in STOPWORDS and _ascii_word(w)),
        "",
    )
    key = f"{name}{year if year is not None else ''}{word}"
    return key or "anon"


def assign_suffixes(keys: Iterable[str]) -> list[str]:
    """Make keys unique: every key shared by several works gets a, b, c... in order."""
    keys = list(keys)
    counts: dict[str, int] = {}
    for key in keys:
        counts[key] = counts.get(key, 0) + 1
    seen: dict[str, int] = {}
    out = []
    for key in keys:
        if counts[key] == 1:
            out.append(key)
            continue
        index = seen.get(key, 0)
        seen[key] = index + 1
        out.append(f"{key}{_letters(index)}")
    return out


def _letters(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(ord("a") + rem) + letters
    return letters


def squash(text: str) -> str:
    """Collapse runs of whitespace to one space and strip."""
    return " ".join(text.split())


def join_names(names: Sequence[str]) -> str:
    """ "A", "A and B", "A, B, and C"."""
    names = [n for n in names if n]
    if len(names) <= 2:
        return " and ".join(names)
    return ", ".join(names[:-1]) + ", and " + names[-1]


def inverted(name: str) -> str:
    """ "Adam S. Posen" -> "Posen, Adam S."; organizations and bare surnames unchanged."""
    if is_corporate(name) or name == "et al.":
        return name
    given = given_names(name)
    return f"{surname(name)}, {given}" if given else surname(name)


__all__ = [
    "assign_suffixes",
    "base_key",
    "fold",
    "given_names",
    "inverted",
    "is_corporate",
    "join_names",
    "squash",
    "surname",
    "surname_key",
    "title_matches",
    "title_words",
]
