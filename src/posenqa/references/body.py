"""Short forms in the body text: "As Ogata notes", "Sakakibara recalls", "Taylor (2000)".

A body sentence that names an author cites that author's work when a nearby
note cites it: the notes marked in the same sentence first, then in the
same paragraph, then within a few notes of the nearest marker. Failing
those, the name resolves only when the author has a single work in the
paper. A name counts as a citation (rather than a mention of a person) when
a note marker follows it, a reporting verb follows it ("recalls", "could
write"), it follows "As" / "in" / "according to", or a note marked in its
sentence cites that author.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from posenqa.document import Block, Document
from posenqa.references import grammar as g
from posenqa.references.model import Reference
from posenqa.references.names import base_key, surname_key
from posenqa.sentences import split_spans

#: How many notes either side of the nearest marker count as "nearby".
NOTE_WINDOW = 3

_VERB = (
    r"(?:notes?|recalls?|offers?|argues?|writes?|wrote|describes?|documents?|characterizes?|"
    r"characterises?|paints?|puts?|finds?|found|shows?|suggests?|contends?|claims?|observes?|"
    r"says?|said|states?|concludes?|reports?|estimates?|emphasi[sz]es?|explains?|points?|"
    r"demonstrates?|gives?|admits?|blames?|contradicts?|insists?|maintains?|proposes?|"
    r"warns?|stresses?|recounts?|remarks?|summari[sz]es?|calls?)"
)
_AFTER_VERB = re.compile(rf"^[\s,]*(?:\S+\s+){{0,2}}?{_VERB}\b")
_BEFORE = re.compile(r"(?:\bAs|\bas|\bin|\bby|\baccording to|\bsee|\bSee|\bfollowing)\s+$")
_GROUP_AT = re.compile(g.GROUP)
_AUTHOR_YEAR = re.compile(rf"(?P<group>{g.GROUP})\s*\((?P<year>{g.YEAR})[a-z]?\)")


@dataclass(frozen=True, slots=True)
class BodyMention:
    """An author named in a body sentence, and the work that name cites."""

    block: str
    section: str
    page: int | None
    sentence: str
    reference: Reference
    """``form == "body"``; ``span`` is in the block text; ``note`` is the note it was
    resolved through (or the nearest marker's)."""


def body_mentions(
    doc: Document, refs_by_note: Mapping[int, Sequence[Reference]]
) -> tuple[BodyMention, ...]:
    """The author names in the body that cite a work, resolved through nearby notes."""
    works = _works(refs_by_note)
    known = {surname_key(a) for ref in works.values() for a in ref.authors}
    order = [m.number for b in doc.blocks for m in b.notes]
    mentions: list[BodyMention] = []
    for index, block in enumerate(doc.blocks):
        for start, end in split_spans(block.text):
            sentence_notes = [m.number for m in block.notes if start < m.offset <= end + 1]
            found = _mentions_in(block, start, end, known)
            tiers = _tiers(doc, index, sentence_notes, order)
            for span, names, year, strong in found:
                refs = [_resolve(names, year, span, tiers, refs_by_note, works, strong)]
                if len(names) > 1 and year is None and (refs[0] is None or refs[0].unresolved):
                    # "Steil and Vogel paint..." names two authors, not one work by both.
                    refs = [
                        _resolve((name,), None, sub, tiers, refs_by_note, works, strong)
                        for name, sub in _name_spans(block.text, span, names)
                    ]
                # "T. Paine, Common Sense (1776)": the name is a title's last word; it cites
                # a work only when a note gives that work.
                tail = year is not None and title_tail(block.text, span[0])
                mentions += [
                    BodyMention(block.id, block.section, block.page, block.text[start:end], ref)
                    for ref in refs
                    if ref is not None and not (tail and ref.unresolved)
                ]
    return tuple(mentions)


_WORD_BEFORE = re.compile(r"(?<![\w.’'-])([A-Z][\w’'-]+)\s+$")


def title_tail(text: str, start: int) -> bool:
    """Whether the name at ``start`` ends a run of capitalised words (a title's last word,
    "Common Sense (1776)", or a given name and surname, "Adam Smith (1776)") rather than
    standing alone after a signal or a lower-case word ("As Taylor (2000)")."""
    before = _WORD_BEFORE.search(text, max(0, start - 40), start)
    return before is not None and before.group(1) not in g.STOP_NAMES


def _works(refs_by_note: Mapping[int, Sequence[Reference]]) -> dict[str, Reference]:
    works: dict[str, Reference] = {}
    for number in sorted(refs_by_note):
        for ref in refs_by_note[number]:
            if not ref.unresolved:
                works.setdefault(ref.key, ref)
    return works


def _mentions_in(
    block: Block, start: int, end: int, known: set[str]
) -> list[tuple[tuple[int, int], tuple[str, ...], int | None, bool]]:
    """(span, surnames, year, marker-or-verb context) for each name in one sentence."""
    text = block.text
    found: list[tuple[tuple[int, int], tuple[str, ...], int | None, bool]] = []
    for m in _AUTHOR_YEAR.finditer(text, start, end):
        names = _split(m.group("group"))
        if names[0] in g.STOP_NAMES:
            continue
        found.append((m.span(), names, int(m.group("year")), True))
    years = [f[0] for f in found]
    pos = start
    while pos < end:
        group = _GROUP_AT.search(text, pos, end)
        if group is None:
            break
        m = group
        pos = m.end()
        if any(s <= m.start() < e for s, e in years):
            continue
        if m.start() > 0 and (text[m.start() - 1].isalnum() or text[m.start() - 1] in "-'’"):
            continue
        names = tuple(n for n in _split(m.group(0)) if surname_key(n) in known)
        if not names:
            # Only the first word of the group may be a stray capital ("In Friedman...").
            pos = m.start() + 1
            continue
        context = _context(block, m.start(), m.end())
        found.append((m.span(), names, None, context))
    return found


def _split(group: str) -> tuple[str, ...]:
    return tuple(n for n in re.split(r"\s*,\s*and\s+|\s+and\s+|\s*,\s*", group) if n)


def _context(block: Block, start: int, end: int) -> bool:
    """A marker or a reporting verb right after the name, or "As"/"in" right before it."""
    if any(end <= mk.offset <= end + 1 for mk in block.notes):
        return True
    after = block.text[end : end + 40]
    if _AFTER_VERB.match(after):
        return True
    return bool(_BEFORE.search(block.text[max(0, start - 20) : start]))


def _tiers(
    doc: Document, index: int, sentence_notes: list[int], order: list[int]
) -> list[list[int]]:
    block = doc.blocks[index]
    tiers = [sentence_notes, list(block.note_numbers)]
    nearest = _nearest_marker(doc, index)
    if nearest is not None:
        tiers.append(
            [n for n in range(nearest - NOTE_WINDOW, nearest + NOTE_WINDOW + 1) if n in order]
        )
    return tiers


def _nearest_marker(doc: Document, index: int) -> int | None:
    block = doc.blocks[index]
    if block.notes:
        return block.notes[0].number
    for distance in range(1, len(doc.blocks)):
        for j in (index - distance, index + distance):
            if 0 <= j < len(doc.blocks) and doc.blocks[j].notes:
                marks = doc.blocks[j].notes
                return marks[-1].number if j < index else marks[0].number
    return None


def _name_spans(
    text: str, span: tuple[int, int], names: tuple[str, ...]
) -> list[tuple[str, tuple[int, int]]]:
    out = []
    pos = span[0]
    for name in names:
        at = text.find(name, pos, span[1])
        if at < 0:
            continue
        out.append((name, (at, at + len(name))))
        pos = at + len(name)
    return out


def _resolve(
    names: tuple[str, ...],
    year: int | None,
    span: tuple[int, int],
    tiers: list[list[int]],
    refs_by_note: Mapping[int, Sequence[Reference]],
    works: dict[str, Reference],
    marker_follows: bool,
) -> Reference | None:
    wanted = {surname_key(n) for n in names}
    nearest = next((t[0] for t in tiers if t), None)
    for depth, notes in enumerate(tiers):
        matches: dict[str, tuple[int, Reference]] = {}
        for number in notes:
            for ref in refs_by_note.get(number, ()):
                if ref.unresolved or not wanted <= {surname_key(a) for a in ref.authors}:
                    continue
                if year is not None and ref.year != year:
                    continue
                matches.setdefault(ref.key, (number, ref))
        if len(matches) > 1:
            exact = {
                k: v for k, v in matches.items() if {surname_key(a) for a in v[1].authors} == wanted
            }
            matches = exact or matches
        if len(matches) == 1:
            number, ref = next(iter(matches.values()))
            return _body_ref(ref, number, span)
        if len(matches) > 1:
            return _unresolved(names, year, span, nearest, ambiguous=True)
        if depth == 0 and not marker_follows and year is None:
            # Without a marker or verb, only the sentence's own notes make it a citation.
            return None
    by_author = [
        w
        for w in works.values()
        if wanted <= {surname_key(a) for a in w.authors} and year in (None, w.year)
    ]
    if len(by_author) == 1:
        full = by_author[0]
        origin = full.resolved_from if full.resolved_from is not None else full.note
        return _body_ref(full, origin, span)
    if by_author:
        return _unresolved(names, year, span, nearest, ambiguous=True)
    if year is not None:
        return _unresolved(names, year, span, nearest, ambiguous=False)
    return None


def _body_ref(ref: Reference, number: int, span: tuple[int, int]) -> Reference:
    origin = ref.resolved_from if ref.resolved_from is not None else ref.note
    return replace(
        ref,
        note=number,
        span=span,
        pages=None,
        resolved_from=origin,
        unresolved=False,
        ambiguous=False,
        form="body",
    )


def _unresolved(
    names: tuple[str, ...],
    year: int | None,
    span: tuple[int, int],
    note: int | None,
    *,
    ambiguous: bool,
) -> Reference:
    return Reference(
        authors=names,
        title=None,
        container=None,
        editors=(),
        publisher=None,
        place=None,
        year=year,
        pages=None,
        url=None,
        kind="unknown",
        key=base_key(names, year, None),
        note=note if note is not None else 0,
        span=span,
        resolved_from=None,
        unresolved=True,
        ambiguous=ambiguous,
        form="body",
    )


__all__ = ["NOTE_WINDOW", "BodyMention", "body_mentions"]
