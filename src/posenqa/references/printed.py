"""Sources neither resolver parses, kept as the paper prints them. Pure functions.

A law review or a legal report cites books, reports and articles in Bluebook
form ("Peter Barton Hutt, et al., FOOD & DRUG LAW 424–25 (5th ed. 2022)"),
which the academic grammar does not read and eyecite does not find. When a
later "Id." or "HUTT ET AL., supra note 16" points at one, the reader is best
served by that citation as printed: it names the source in full, though its
parts (author, title, publisher) stay unparsed. Such a source is a citation
that ends in a year parenthetical; it starts after the previous citation, a
clause break, or the signal ("see", "see also") that introduces it.
"""

from __future__ import annotations

import re

# A citation's year parenthetical: "(2023)", "(5th ed. 2022)", "(Apr. 2, 2019)".
_YEAR_PAREN = re.compile(r"\((?:[^()]*\s)?(?P<year>(?:1[6-9]|20)\d\d)\)")
# Where a printed citation can start: after a clause break, a sentence (a period after a
# lower-case word, not an initial or "v."), or a signal. Colons are not breaks: titles hold them.
_START = re.compile(
    r"(?:^|;\s+|(?<=[a-z][a-z])\.\s+(?=[A-Z])|"
    r"\b(?:[Ss]ee|[Cc]f\.)(?:,?\s+e\.g\.,|\s+also|\s+generally)?\s+)"
)


def printed_sources(text: str, lo: int, hi: int) -> list[tuple[tuple[int, int], str, int]]:
    """The citations in ``text[lo:hi]`` that end in a year parenthetical:
    (span, the citation as printed, year), in order."""
    found = []
    pos = lo
    for paren in _YEAR_PAREN.finditer(text, lo, hi):
        start = pos
        for match in _START.finditer(text, pos, paren.start()):
            start = match.end()
        cited = text[start : paren.end()].strip(" ,")
        # A bare parenthetical ("(2023)" after a citation already read) names nothing.
        if len(re.findall(r"[A-Za-z]{2,}", cited)) >= 2:
            found.append(((start, paren.end()), cited, int(paren["year"])))
        pos = paren.end()
    return found


__all__ = ["printed_sources"]
