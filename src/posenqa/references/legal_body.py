"""The body text's part in legal citation: cases cited there, and names the notes omit. Pure.

Court opinions cite most cases in the running text ("Clinton v. Jones, 520 U. S.
681, 684 (1997)") and their notes then use short forms ("See 520 U. S., at 684");
law reviews and reports name a case in a sentence and give only its citation in
the note ("In Buckman v. Plaintiffs’ Legal Comm., the Court held ...", note:
"531 U.S. 341, 343 (2001)."). :func:`body_legal` reads both from the body:

* the full case citations in the body text, which short forms in the notes
  may name (:mod:`~posenqa.references.legal_resolve` resolves against them);
* for each note marker, the case named last before it in its sentence, the name
  of a note citation that prints none.

The input is plain tuples (hashable, so results can be cached per paper):
``(block text, ((sequence, number, offset), ...))`` per body block in reading order.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from posenqa.references.legal import LegalCite, find_legal
from posenqa.references.legal_names import case_names
from posenqa.sentences import split_spans

#: The sequence under which the body text's own citations are resolved (no note's slug).
BODY = "#body"

#: One body block: its text and its note markers as (sequence, number, offset).
BodyBlock = tuple[str, tuple[tuple[str, int, int], ...]]


# What an opinion cites that no resolver reads: the record and the briefs ("App. 181",
# "Brief for United States 46", "Tr. of Oral Arg. 7"), the Constitution ("Art. II"), the
# opinion itself ("ante, at 10"), a volume before "id." ("3 id., at 385"). (A year
# parenthetical is no sign: a read citation's may stand apart from it, "... 858 (1986)]".)
_UNREAD = re.compile(
    r"\bApp\.\s|\bBrief\s+for\b|\bTr\.\s+of\s+Oral\s+Arg\.|\bArt\.\s+[IVX]+\b|"
    r"\b(?:ante|post|supra)\s*,\s*at\b|¶|https?://|\b\d+\s+$"
)


@dataclass(frozen=True, slots=True)
class BodyLegal:
    """What the body text tells the notes' legal citations."""

    cases: tuple[LegalCite, ...] = ()
    """Full case citations in the body that print a name, once each, in reading order."""
    marker_names: dict[tuple[str, int], str] = field(default_factory=dict)
    """(sequence, note number) -> the case named before that note's marker in its sentence."""
    cited: tuple[tuple[int, tuple[LegalCite, ...]], ...] = ()
    """(block index, the legal citations in that block, in order): every citation in the
    body text, for the works cited and where each is cited."""
    lost: frozenset[tuple[int, int]] = frozenset()
    """(block index, start) of each "Id." that follows an authority no resolver reads (a
    brief, the record, a book): it names that authority, not the last case."""


def body_blocks(blocks: Iterable[object]) -> tuple[BodyBlock, ...]:
    """A Document's blocks (anything with ``text`` and ``notes``) as :data:`BodyBlock` tuples."""
    return tuple(
        (
            b.text,  # type: ignore[attr-defined]
            tuple((m.sequence, m.number, m.offset) for m in b.notes),  # type: ignore[attr-defined]
        )
        for b in blocks
    )


def body_legal(blocks: Iterable[BodyBlock]) -> BodyLegal:
    """The full case citations in the body and the case name before each note marker."""
    cases: list[LegalCite] = []
    names: dict[tuple[str, int], str] = {}
    cited: list[tuple[int, tuple[LegalCite, ...]]] = []
    lost: set[tuple[int, int]] = set()
    for index, (text, markers) in enumerate(blocks):
        found = find_legal(text)
        if found:
            cited.append((index, found))
        end = 0
        for cite in found:
            # A pinpoint paragraph ("Id., at 188, ¶11") is the record's, not a case's.
            paragraph = re.match(r"[,\s]*¶", text[cite.span[1] :]) is not None
            if cite.form == "id" and (paragraph or _UNREAD.search(text, end, cite.span[0])):
                lost.add((index, cite.span[0]))
            end = cite.span[1]
        cases += [c for c in found if c.form == "full" and c.kind == "case" and c.name]
        if not markers:
            continue
        spans = split_spans(text)
        for sequence, number, offset in markers:
            start = next((s for s, e in spans if s < offset <= e + 1), 0)
            before = case_names(text, start, offset)
            if before:
                names.setdefault((sequence, number), before[-1][1])
    return BodyLegal(_once(cases), names, tuple(cited), frozenset(lost))


def _once(cases: list[LegalCite]) -> tuple[LegalCite, ...]:
    """Each case once, at its first citation, with the year and court a later one prints
    (an opinion's second citation of a case often omits them, or the first does)."""
    first: dict[tuple[str | None, str, str | None], LegalCite] = {}
    for cite in cases:
        key = (cite.volume, re.sub(r"[\s.]", "", cite.reporter or "").lower(), cite.page)
        known = first.setdefault(key, cite)
        if known is not cite and (known.year is None or known.court is None):
            first[key] = replace(
                known, year=known.year or cite.year, court=known.court or cite.court
            )
    return tuple(first.values())


__all__ = ["BODY", "BodyBlock", "BodyLegal", "body_blocks", "body_legal"]
