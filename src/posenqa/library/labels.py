"""A paper's title, author and short label in the library, from the best metadata it has.

The parser gives each document a title, an author and a year (from the PDF's
/Title and /Author when they are usable, else from the first page). For most
papers they serve as they are; two kinds need more:

* **court opinions**: their first page is a court's header ("UNITED STATES
  COURT OF APPEALS / TENTH CIRCUIT") and a caption ("STEVEN MONTRAIL TRIPLET,
  Petitioner - Appellant, v. ... ERIC FRANKLIN, Warden"). The library names
  them as lawyers do: the case name as title ("Triplet v. Franklin"), the court
  as author, and a label such as "Triplet v. Franklin (10th Cir. 2010)".
* **institutional authors**: "U.S. Government Accountability Office,
  http://www.gao.gov" is labelled "GAO 2005", not by its last word.

Pure functions of the parsed document: nothing here reads files.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any

#: How many of the first blocks a caption and a court's name are looked for in.
FIRST_BLOCKS = 25

#: The version of these rules, kept with each paper's metadata in the library's manifest:
#: a paper's labels are computed when it is added or re-indexed, and again only when this
#: changes (bump it with any change to what :func:`best_metadata` returns). Looking for a
#: court in every paper's first page cost ~1.5 ms a paper at every opening of the library.
LABELS_VERSION = 1

_V = re.compile(r"(?:^|\s)v\.(?:\s|$)")
_SLIP_TITLE = re.compile(
    r"^(?:No\.\s*)?[\d-]+\s+(.+?\s+v\.\s+.+?)\s*\((\d{1,2})/(\d{1,2})/(\d{4})\)$"
)
_CIRCUIT = re.compile(
    r"court of appeals\W+(?:for the\s+)?(first|second|third|fourth|fifth|sixth|seventh|"
    r"eighth|ninth|tenth|eleventh|d\.\s?c\.|federal)\s+circuit",
    re.IGNORECASE,
)
_ORDINAL = {
    "first": "1st", "second": "2d", "third": "3d", "fourth": "4th", "fifth": "5th",
    "sixth": "6th", "seventh": "7th", "eighth": "8th", "ninth": "9th", "tenth": "10th",
    "eleventh": "11th",
}  # fmt: skip
#: Words that make a party or an author an institution, not a person.
_INSTITUTION = {
    "ADMINISTRATION", "AGENCY", "ASSOCIATION", "AUTHORITY", "BANK", "BOARD", "BUREAU",
    "CENTER", "CENTRE", "CITY", "CO", "CO.", "COMMISSION", "COMMITTEE", "COMMONWEALTH",
    "COMPANY", "CORP", "CORP.", "CORPORATION", "COUNCIL", "COUNTY", "DEPARTMENT", "FOUNDATION",
    "GROUP", "INC", "INC.", "INDEMNITY", "INSTITUTE", "INSURANCE", "LLC", "LTD", "LTD.",
    "OFFICE", "ORGANIZATION", "PEOPLE", "SERVICE", "STATE", "STATES", "TRUST", "UNIVERSITY",
}  # fmt: skip
_MINOR = {"of", "for", "and", "the", "on", "in", "&"}
_SUFFIXES = {"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"}
_URL = re.compile(r"\s*,?\s*(?:https?://|www\.)\S+")


@dataclass(frozen=True, slots=True)
class Metadata:
    """What the library shows of a paper."""

    title: str
    author: str
    year: int | None

    def onto(self, named: Any) -> Any:
        """``named`` (a frozen dataclass with a title, an author and a year: a document, a
        library entry) with this title, author and year."""
        return replace(named, title=self.title, author=self.author, year=self.year)


def best_metadata(document: Any) -> Metadata:
    """The paper's title, author and year: a court opinion's caption and court when it is
    one, else the parser's, with web addresses taken out of the author."""
    opinion = _opinion(document)
    if opinion is not None:
        return opinion
    return Metadata(document.title, _URL.sub("", document.author).strip(" ,"), document.year)


def labelled(document: Any) -> Any:
    """``document`` (a frozen :class:`~posenqa.document.Document`) with the title, author and
    year :func:`best_metadata` finds: how a citation of the paper itself names it."""
    return best_metadata(document).onto(document)


def paper_citation(document: Any, page: int | None, style: str) -> str:
    """How to cite the paper itself (at ``page``) in ``style``, named as the library names
    it: a court opinion by its caption and court ("Kemp v. United States (2022), p. 3";
    the parser's metadata gave "COURT 2022"), an institution by its initials ("GAO 2005").
    PageError (from ``references.cite_paper``) for a page outside the paper."""
    from posenqa.references import cite_paper

    meta = best_metadata(document)
    text = cite_paper(meta.onto(document), page, style)
    if style != "text":
        return text
    label = short_label(meta.title, meta.author, meta.year, "") or text.split(",")[0]
    if not meta.year and "(" not in label:
        label += " n.d."  # as cite_paper says an unknown year
    return label + (f", p. {page}" if page is not None else "")


def short_label(title: str, author: str, year: int | None, fallback: str) -> str:
    """Author-year (``Posen 2001``, ``Shen and Kafka 2026``, ``Abowd et al. 2023``,
    ``GAO 2005``), or a case's name, court and year (``Triplet v. Franklin (10th Cir.
    2010)``); ``fallback`` (the paper's id) stands for an unknown author."""
    court = _court_abbreviation(author)
    if court is not None and _V.search(title):
        when = " ".join(x for x in (court, str(year) if year else "") if x)
        return f"{title} ({when})" if when else title
    who = _who(author) or fallback
    return f"{who} {year}" if year else who


# -- court opinions ----------------------------------------------------------


def _opinion(document: Any) -> Metadata | None:
    lines = [b.text for b in document.blocks[:FIRST_BLOCKS]]
    head = " ".join([document.title, document.author, *lines])
    court = _court(head)
    if court is None:
        return None
    year = document.year
    slip = _SLIP_TITLE.match(document.title.strip())
    if slip:
        caption, year = slip.group(1), int(slip.group(4))
    else:
        found = _caption(lines)
        if found is None:
            return None
        caption = found
    return Metadata(caption, court, year)


def _court(text: str) -> str | None:
    """The court named first in a first page's text, spelled out (the Supreme Court's
    syllabus names the court below later: "certiorari to the ... court of appeals")."""
    circuit = _CIRCUIT.search(text)
    supreme = re.search(r"supreme court of the united states|the supreme court", text, re.I)
    if supreme and (circuit is None or supreme.start() < circuit.start()):
        return "Supreme Court of the United States"
    if circuit:
        name = circuit.group(1).lower()
        which = "D.C." if name.startswith("d") else name.title()
        return f"U.S. Court of Appeals for the {which} Circuit"
    return None


def _court_abbreviation(author: str) -> str | None:
    """The court in a case label (``10th Cir.``, empty for the Supreme Court); None when
    ``author`` is not a court."""
    if author == "Supreme Court of the United States":
        return ""
    circuit = re.fullmatch(r"U\.S\. Court of Appeals for the (\S+) Circuit", author)
    if circuit is None:
        return None
    name = circuit.group(1).lower()
    if name in _ORDINAL:
        return f"{_ORDINAL[name]} Cir."
    return "D.C. Cir." if name == "d.c." else "Fed. Cir."


def _caption(lines: list[str]) -> str | None:
    """``A v. B`` from the first page's lines: the parties around the first ``v.`` that has
    one on each side (in the same line, or the nearest line in capitals before and after)."""
    for i, line in enumerate(lines):
        for match in _V.finditer(line):
            left = _party(line[: match.start()]) or _neighbour(lines[:i][::-1])
            right = _party(line[match.end() :]) or _neighbour(lines[i + 1 : i + 4])
            if left and right:
                return f"{_short_party(left)} v. {_short_party(right)}"
    return None


def _neighbour(lines: list[str]) -> str | None:
    """The first of ``lines`` (up to three) that is a party's name."""
    for line in lines[:3]:
        party = _party(line)
        if party:
            return party
    return None


def _party(text: str) -> str | None:
    """A party's name: text in capitals up to its first comma (roles, "Warden" and docket
    numbers follow it), or None."""
    name = text.split(",")[0].strip()
    name = re.sub(r"\s+and$", "", name)
    letters = [c for c in name if c.isalpha()]
    if len(letters) < 3 or name.startswith(("(", "No.")):
        return None
    upper = sum(c.isupper() for c in letters)
    return name if upper / len(letters) >= 0.8 else None


def _short_party(name: str) -> str:
    """A party as a case name gives it: an institution in full (without a leading "The"),
    a person by surname."""
    words = name.split()
    if words and words[0].upper() == "THE":
        words = words[1:]
    if len(words) > 1 and not any(w.upper().strip(",") in _INSTITUTION for w in words):
        surnames = [w for w in words if w.lower() not in _SUFFIXES]
        words = surnames[-1:] or words[-1:]
    return " ".join(_cased(w, first=i == 0) for i, w in enumerate(words))


def _cased(word: str, *, first: bool) -> str:
    if word.lower() in _MINOR and not first:
        return word.lower()
    if not word.isupper():
        return word
    return "-".join(part[:1] + part[1:].lower() for part in word.split("-"))


# -- authors -------------------------------------------------------------------


def _who(author: str) -> str:
    """The author part of a label: a surname, two, the first and "et al.", or an
    institution's initials."""
    author = _URL.sub("", author).strip(" ,")
    if not author:
        return ""
    words = author.replace(",", " ").split()
    if any(w.upper() in _INSTITUTION for w in words):
        return _institution(author)
    people = [p.strip() for p in re.split(r",\s*(?:and\s+)?|\s+and\s+|;\s*", author) if p.strip()]
    if len(people) == 1 and _first_last_pairs(words):
        # "John Abowd Robert Ashmead Simson Garfinkel": names run together, two words each.
        people = [" ".join(words[i : i + 2]) for i in range(0, len(words), 2)]
    if len(people) == 2 and len(people[1].split()) == 1 and len(people[0].split()) == 1:
        people = [people[0] + " " + people[1]]  # "Posen, Adam": surname first
    if len(people) == 2 and len(people[1].split()) <= 2 and "." in people[1]:
        return people[0].split()[-1]  # "Posen, Adam S."
    surnames = [_surname(p) for p in people]
    if len(surnames) == 1:
        return surnames[0]
    if len(surnames) == 2:
        return f"{surnames[0]} and {surnames[1]}"
    return f"{surnames[0]} et al."


def _first_last_pairs(words: list[str]) -> bool:
    """Whether ``words`` read as several "First Last" names run together: four or more
    capitalized words, an even number, no initials."""
    return (
        len(words) >= 4
        and len(words) % 2 == 0
        and all(w.isalpha() and w[:1].isupper() and w[1:].islower() for w in words)
    )


def _surname(name: str) -> str:
    words = [w for w in name.split() if w.lower() not in _SUFFIXES]
    return (words or name.split())[-1]


def _institution(name: str) -> str:
    """Initials of an institution of three or more significant words (``GAO``, ``CRS``),
    else its name (``World Bank``); a leading "U.S." or "The" does not count."""
    name = re.sub(r"^(?:the\s+|u\.\s?s\.\s+|united states\s+)", "", name, flags=re.IGNORECASE)
    significant = [w for w in name.split() if w.lower() not in _MINOR]
    if len(significant) >= 3 and all(w[:1].isupper() for w in significant):
        return "".join(w[0] for w in significant)
    return name


__all__ = [
    "FIRST_BLOCKS",
    "LABELS_VERSION",
    "Metadata",
    "best_metadata",
    "labelled",
    "paper_citation",
    "short_label",
]
