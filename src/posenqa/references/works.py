"""A Document -> its notes' references and its works cited, each with where it is cited.

The one place in this package that reads a :class:`~posenqa.document.Document`;
the parsing and resolution underneath are pure functions of note texts.
Results are cached per paper (notes and body text), in memory and, for an index, beside
it (:mod:`~posenqa.references.cache`), so asking never recomputes them.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import replace
from typing import TYPE_CHECKING

from posenqa.document import Block, Document
from posenqa.references.body import body_mentions
from posenqa.references.legal_body import BODY, body_blocks, body_legal
from posenqa.references.model import Citation, Reference, Work
from posenqa.references.resolve import resolve_sequences, unresolved_identity
from posenqa.sentences import split_spans

if TYPE_CHECKING:
    from posenqa.references.cache import SavedReferences


def note_references(
    doc: Document, saved: SavedReferences | None = None
) -> dict[int, tuple[Reference, ...]]:
    """Every note -> its references in order, short forms resolved (missing notes -> ()).

    Keyed by number as :meth:`Document.footnote` reads one: in a paper with
    several note sequences use :func:`sequence_references`. ``saved``: the references
    saved beside the paper's index (``StoredIndex.references``), read instead of resolving.
    """
    keyed = sequence_references(doc, saved)
    by_number = {}
    for number in dict.fromkeys(n.number for n in doc.footnotes):
        note = doc.footnote(number)
        by_number[number] = keyed.get(note.key, ()) if note is not None else ()
    return by_number


def sequence_references(
    doc: Document, saved: SavedReferences | None = None
) -> dict[tuple[str, int], tuple[Reference, ...]]:
    """Every note, keyed (sequence, number) -> its references, each sequence resolved
    on its own ("Id." and "supra" never reach into another opinion or part)."""
    resolved = resolution(doc, saved)
    return {n.key: resolved.get(n.key, ()) for n in doc.footnotes}


def resolution(
    doc: Document, saved: SavedReferences | None = None
) -> dict[tuple[str, int], tuple[Reference, ...]]:
    """All of ``doc``'s resolved references: each note's, keyed (sequence, number), and the
    legal citations of the body text, keyed (:data:`~.legal_body.BODY`, block index).

    Kept in memory by content (:func:`resolution_digest`); else read from ``saved`` when
    it holds this paper's; else resolved now.
    """
    digest = resolution_digest(doc)
    resolved = _RESOLVED.get(digest)
    if resolved is None:
        resolved = saved.load(digest) if saved is not None else None
        if resolved is None:
            present = tuple((n.sequence, n.number, n.text) for n in doc.footnotes if not n.missing)
            resolved = resolve_sequences(present, body_legal(body_blocks(doc.blocks)))
        remember_resolution(digest, resolved)
    return resolved


#: Resolved references by :func:`resolution_digest`, so the TUI can ask again cheaply.
_RESOLVED: dict[str, dict[tuple[str, int], tuple[Reference, ...]]] = {}
_KEEP = 16

#: Changes whenever what the resolvers return for the same text changes: a cached
#: resolution (``references.cache``) of an older version is recomputed.
#: tests/references/test_resolver_version.py fails when the output on its fixture changes
#: and this does not.
RESOLVER_VERSION = 7


def resolution_digest(doc: Document) -> str:
    """What the references of ``doc`` depend on (its notes, its body text, the resolver's
    version), as a hash: the key of the in-memory and on-disk caches."""
    global _LAST_DIGEST
    if _LAST_DIGEST is not None and _LAST_DIGEST[0] is doc:
        return _LAST_DIGEST[1]  # the same paper asked again (every note of an answer)
    notes = [(n.sequence, n.number, n.text) for n in doc.footnotes if not n.missing]
    blocks = [[b.text, [[m.sequence, m.number, m.offset] for m in b.notes]] for b in doc.blocks]
    data = json.dumps([RESOLVER_VERSION, notes, blocks], ensure_ascii=False)
    digest = hashlib.sha256(data.encode("utf-8")).hexdigest()
    _LAST_DIGEST = (doc, digest)
    return digest


_LAST_DIGEST: tuple[Document, str] | None = None


def remember_resolution(
    digest: str, resolved: dict[tuple[str, int], tuple[Reference, ...]]
) -> None:
    """Keep a paper's resolved references (computed, or read from an index's cache)."""
    if len(_RESOLVED) >= _KEEP:
        _RESOLVED.pop(next(iter(_RESOLVED)))
    _RESOLVED[digest] = resolved


def note_citations(doc: Document, number: int, sequence: str | None = None) -> tuple[Citation, ...]:
    """Where note ``number`` (of ``sequence``) is cited: each body block carrying its
    marker, with the sentence."""
    note = doc.footnote(number, sequence)
    if note is None:
        return ()
    citations = []
    blocks = [b for b in (doc.block(i) for i in note.cited_by) if b is not None]
    if not blocks:
        blocks = [b for b in doc.blocks if note.key in b.note_keys]
    for block in blocks:
        citations.append(
            Citation(
                note=number,
                page=block.page,
                section=block.section,
                sentence=marker_sentence(block, number, note.sequence),
                sequence=note.sequence,
            )
        )
    if not citations:
        citations.append(
            Citation(
                note=number, page=note.page, section=None, sentence=None, sequence=note.sequence
            )
        )
    return tuple(citations)


def _sentence_at(text: str, offset: int) -> str:
    """The sentence of ``text`` holding ``offset``."""
    for start, end in split_spans(text):
        if start <= offset < end:
            return text[start:end]
    return text.strip()


def marker_sentence(block: Block, number: int, sequence: str | None = None) -> str | None:
    """The sentence of ``block`` that carries note ``number``'s marker (of ``sequence``)."""
    offsets = [
        m.offset
        for m in block.notes
        if m.number == number and (sequence is None or m.sequence == sequence)
    ]
    if not offsets:
        return None
    offset = offsets[0]
    for start, end in split_spans(block.text):
        # The marker stands after the sentence's last character, so its offset may equal end.
        if start < offset <= end or (offset <= start and offset == 0):
            return block.text[start:end]
    return block.text.strip() or None


def works_cited(doc: Document, saved: SavedReferences | None = None) -> list[Work]:
    """One entry per distinct work, in order of first citation, with every place it is cited.

    Full references and the short forms resolved to them make one work; an
    unresolved form ("Taylor (2000)") is its own entry, grouped with its
    repeats. Body sentences naming a work's author add citations too.
    """
    refs_by_note = note_references(doc, saved)
    keyed = sequence_references(doc, saved)
    entries: dict[str, tuple[Reference, list[Citation]]] = {}
    unresolved_keys: dict[tuple[object, ...], str] = {}
    used = {r.key for refs in keyed.values() for r in refs if not r.unresolved}

    def entry_key(ref: Reference) -> str:
        if not ref.unresolved:
            return ref.key
        identity = (*unresolved_identity(ref), ref.ambiguous)
        if identity not in unresolved_keys:
            key, suffix = ref.key, 0
            while key in used:
                suffix += 1
                key = f"{ref.key}-{suffix}"
            used.add(key)
            unresolved_keys[identity] = key
        return unresolved_keys[identity]

    # The first full reference of each work in reading order wins (later ones are dropped).
    full_of: dict[str, Reference] = {}
    for refs in keyed.values():
        for r in refs:
            if r.form == "full":
                full_of.setdefault(r.key, r)
    for (sequence, number), refs in keyed.items():
        for ref in refs:
            if ref.unresolved and ref.form in ("id", "ibid", "supra"):
                continue  # an "Id.", "Ibid." or "supra" that names nothing is not a work
            key = entry_key(ref)
            reference = full_of.get(ref.key, ref) if not ref.unresolved else ref
            if not ref.unresolved and reference.form in ("id", "supra", "short"):
                # "Id. § 337" names a statute section no note cites in full: still a work.
                reference = replace(reference, form="full", resolved_from=None)
            reference = replace(reference, pages=None, key=key)
            _, cites = entries.setdefault(key, (reference, []))
            places = [number]
            if ref.resolved_from is not None and ref.key not in full_of:
                # A source only Id. or supra resolves (no resolver parses it) is cited where
                # it is printed, too.
                places.insert(0, ref.resolved_from)
            for citation in (c for n in places for c in note_citations(doc, n, sequence)):
                if citation not in cites:
                    cites.append(citation)
    # Cases and statutes the body text cites itself (a court opinion cites most there).
    for (sequence, index), refs in resolution(doc, saved).items():
        if sequence != BODY or index >= len(doc.blocks):
            continue
        block = doc.blocks[index]
        for ref in refs:
            if ref.unresolved:
                continue  # "Id." after something no resolver reads, an ambiguous short form
            reference = full_of.get(ref.key, ref)
            if reference.form != "full":
                reference = replace(reference, form="full", resolved_from=None)
            _, cites = entries.setdefault(ref.key, (replace(reference, pages=None), []))
            citation = Citation(
                note=None,
                page=block.page,
                section=block.section,
                sentence=_sentence_at(block.text, ref.span[0]),
                block=block.id,
            )
            if citation not in cites:
                cites.append(citation)
    for mention in body_mentions(doc, refs_by_note):
        ref = mention.reference
        if ref.unresolved and ref.year is None:
            # An ambiguous name in the body ("as analyzed in Posen") is not a work of its own.
            continue
        key = entry_key(ref)
        if key not in entries:
            base = full_of.get(ref.key, ref) if not ref.unresolved else ref
            entries[key] = (replace(base, pages=None, key=key), [])
        cites = entries[key][1]
        # The note's own citation already stands for this place.
        if any(c.note == ref.note or c.sentence == mention.sentence for c in cites):
            continue
        note = doc.footnote(ref.note)
        cites.append(
            Citation(
                note=ref.note,
                page=mention.page,
                section=mention.section,
                sentence=mention.sentence,
                sequence=note.sequence if note is not None else "",
            )
        )
    return [Work(key, ref, tuple(cites)) for key, (ref, cites) in entries.items()]


__all__ = [
    "RESOLVER_VERSION",
    "marker_sentence",
    "note_citations",
    "note_references",
    "remember_resolution",
    "resolution_digest",
    "sequence_references",
    "works_cited",
]
