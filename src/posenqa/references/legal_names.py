"""Case names in running text: "Terry v. Ohio", "In re Adams Golf, Inc.". Pure functions.

eyecite bounds a case name by its own rules, and they fail on names with a
lower-case word inside ("Maine Comm’n on Governmental Ethics") and cannot see a
name written in a sentence away from its citation ("In Buckman v. Plaintiffs’
Legal Comm., the Court held ...", the citation in the note). This grammar
reads a name as two parties around "v.", each a run of capitalised words with
the few lower-case joining words party names hold, or as "In re"/"Ex parte"
and one party. Words that open a sentence or a signal ("In", "See", "The")
are not part of a name.
"""

from __future__ import annotations

import re

# A capitalised word, an abbreviation, "&", or a number inside a name ("310 Assocs.").
# A word broken at a line end can come through extraction as "Com - missioner".
_WORD = r"(?:[A-Z][\w.'’&-]*(?:\s-\s[a-z][\w.'’-]*)?|&|\d[\w.-]*|\([A-Z]{1,5}\))"
# Lower-case words party names hold ("Comm’n on Governmental Ethics", "ex rel.").
_JOIN = r"(?:of|on|for|the|and|de|del|la|to|ex\s+rel\.)"
# A comma stays inside a party before a corporate suffix ("Medtronic, Inc.").
_SUFFIX = r",\s+(?=(?:Inc|Co|Corp|Ltd|LLC|LP|L\.P|N\.A|P\.C|S\.A|et\s+al)\b)"
_PARTY = rf"{_WORD}(?:(?:\s+(?:{_JOIN}\s+)*|{_SUFFIX}){_WORD})*"
_NAME = re.compile(
    rf"(?:\b(?:In\s+re|Ex\s+[Pp]arte|In\s+the\s+Matter\s+of)\s+{_PARTY}"
    rf"|(?<![\w.’'-]){_PARTY}\s+v\.\s+{_PARTY})"
)
# Citation signals before a name ("See also", "Cf.", "(citing"): never part of it. One home
# for cases, acts (references/legal.py) and reports' authors (references/reports.py).
SIGNAL = re.compile(
    r"^(?:(?:[Ss]ee|[Cc]f\.|[Cc]ompare|[Aa]ccord|[Bb]ut|[Aa]lso|[Gg]enerally|[Ee]\.g\.,?|"
    r"[Ww]ith|[Aa]nd|[Cc]iting|[Qq]uoting)(?:[\s,]+|$))+"
)
# Sentence openers and signals a name never starts with ("In Goldson v. Carver ...").
_OPENER = re.compile(
    r"^(?:(?:In|See|The|As|But|Cf\.|Compare|Accord|Under|After|Before|Since|Although|"
    r"While|When|Because|Following|Like|Unlike|Also|And|E\.g\.,?|Thus|Here|There|Citing|"
    r"Quoting)\s+)+"
    r"(?!re\b|[Pp]arte\b|the\s+Matter\b)"
)
# At most this many characters before a citation are read for its name.
_REACH = 300


def case_names(text: str, lo: int = 0, hi: int | None = None) -> list[tuple[tuple[int, int], str]]:
    """The case names in ``text[lo:hi]``: (span, name), in order."""
    hi = len(text) if hi is None else hi
    found = []
    for match in _NAME.finditer(text, lo, hi):
        name = trim_name(match.group(0))
        if " v. " not in name and not name.startswith(("In re", "Ex parte", "Ex Parte", "In the")):
            continue
        start = match.start() + match.group(0).find(name)
        found.append(((start, start + len(name)), name))
    return found


def case_name_before(text: str, lo: int, start: int) -> tuple[int, str] | None:
    """The case name that ends just before a citation at ``start`` ("Name, 392 U.S. 1"):
    (where it starts, the name), or None when no name stands there."""
    lo = max(lo, start - _REACH)
    # A docket number may stand between ("Name, No. 2:25-cv-00588, 2025 WL 3721864").
    gap = re.search(r"\s*,\s*(?:No\.\s*[\w:.\- ]{1,30}?,\s*)?$", text[lo:start])
    if gap is None:
        return None
    end = lo + gap.start()
    names = [(span, name) for span, name in case_names(text, lo, end) if span[1] == end]
    if not names:
        return None
    (first, _), name = names[-1]
    return first, name


def trim_name(name: str) -> str:
    """A case name without the sentence opener or signal before it ("In Goldson v. ...")."""
    # A number that ends a sentence is the last citation's page ("... 76 Stat. 780, 793. In
    # Wyeth v. Levine, the Court ..."), not the start of a name ("310 Assocs. v. ...").
    name = re.sub(r"^(?:\d[\w-]*\.\s+)+(?=[A-Z])", "", name.strip())
    name = _OPENER.sub("", name)
    name = re.sub(r"(?<=\w) - (?=[a-z])", "", name)  # "Com - missioner" -> "Commissioner"
    return " ".join(name.split()).rstrip(",")


__all__ = ["SIGNAL", "case_name_before", "case_names", "trim_name"]
