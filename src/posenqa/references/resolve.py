"""Short forms -> the full references they stand for. Pure functions over note texts.

A short form resolves only when exactly one full reference in the paper fits
it; the full reference may come before or after it (a paper can give the
short form first). What "fits" means:

* ``Surname, Short Title``: every surname is an author of the work and the
  short title's words begin the work's title (a leading article aside);
* ``Surname (Year)``: every surname is an author and the year matches;
* ``Ibid.``: the single work of the previous note.

Legal citations (cases, statutes, "Id.", "supra note N", "Wardlow, 528 U.S.
at 125") are found and resolved by :mod:`~posenqa.references.legal_resolve`.

When several works fit, the ones whose author list is exactly the short
form's win ("Kashyap" picks Kashyap's chapter over Glauber and Kashyap's);
still several -> ``ambiguous``. None -> ``unresolved``. Nothing is guessed.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace

from posenqa.references.legal_body import BODY, BodyLegal
from posenqa.references.legal_resolve import merge_legal
from posenqa.references.model import Reference
from posenqa.references.names import (
    assign_suffixes,
    fold,
    surname_key,
    title_matches,
    title_words,
)
from posenqa.references.parse import parse_full_references, parse_note
from posenqa.references.reports import find_reports, resolve_reports


def resolve_notes(notes: Iterable[tuple[int, str]]) -> dict[int, tuple[Reference, ...]]:
    """Every note's references, short forms resolved against the whole paper's full ones.

    ``notes`` are (number, text) pairs of one sequence; the result maps each
    number to its references in order of appearance (an empty tuple for
    comment-only notes).
    """
    keyed = resolve_sequences(("", n, t) for n, t in notes)
    return {number: refs for (sequence, number), refs in keyed.items() if sequence != BODY}


def resolve_sequences(
    notes: Iterable[tuple[str, int, str]],
    body: BodyLegal | None = None,
) -> dict[tuple[str, int], tuple[Reference, ...]]:
    """Like :func:`resolve_notes` for a paper whose note numbering restarts.

    ``notes`` are (sequence, number, text); the result is keyed by (sequence,
    number). Works and their keys are the whole paper's (a case cited in the
    majority and in a dissent is one work); "Ibid.", "Id." and "supra note N"
    look only within their own sequence, as a reader of that opinion or part does.
    ``body``: what the body text cites (:func:`~posenqa.references.legal_body.body_legal`),
    for legal short forms whose full citation is there.
    """
    given = list(notes)
    # Sequences keep the order they come in; numbers are sorted within each.
    order = {seq: i for i, seq in enumerate(dict.fromkeys(seq for seq, _, _ in given))}
    notes = sorted(given, key=lambda item: (order[item[0]], item[1]))
    full_by_note = {(q, n): parse_full_references(n, t) for q, n, t in notes}
    known = frozenset(
        surname_key(a) for refs in full_by_note.values() for r in refs for a in r.authors
    )
    parsed = {(q, n): parse_note(n, t, known) for q, n, t in notes}
    # Reports cited by number ("CRS Report R45825, ...", "GAO-04-38") are read by their own
    # grammar: what the academic one made of the same words is dropped.
    reports = {(q, n): [replace(r, note=n) for r in find_reports(t)] for q, n, t in notes}
    for place, found in reports.items():
        if found:
            parsed[place] = [r for r in parsed[place] if not _overlaps(r, found)]
    works = distinct_works(r for refs in parsed.values() for r in refs if r.form == "full")
    key_of = _work_keys(works)
    report_refs = resolve_reports(reports, set(key_of.values())) if any(reports.values()) else {}

    result: dict[tuple[str, int], tuple[Reference, ...]] = {}
    previous: tuple[Reference, ...] = ()
    sequence = None
    for q, number, _ in notes:
        if q != sequence:
            sequence, previous = q, ()  # "Ibid." never reaches into another part
        refs = []
        for ref in parsed[(q, number)]:
            if ref.form == "full":
                refs.append(replace(ref, key=key_of[_identity(ref)]))
            elif ref.form == "ibid":
                refs.append(_resolve_ibid(ref, previous))
            else:
                refs.append(resolve_short(ref, works, key_of))
        found = report_refs.get((q, number), ())
        if found:
            refs = sorted([*refs, *found], key=lambda r: r.span[0])
        result[(q, number)] = tuple(refs)
        previous = result[(q, number)]
    # Cases, statutes and their Id./supra/short forms (a note may hold both kinds).
    return merge_legal(notes, result, body)


def distinct_works(fulls: Iterable[Reference]) -> list[Reference]:
    """The first full reference of each distinct work, in order of appearance."""
    seen: dict[tuple[tuple[str, ...], tuple[str, ...]], Reference] = {}
    for ref in fulls:
        seen.setdefault(_identity(ref), ref)
    return list(seen.values())


def resolve_short(
    short: Reference,
    works: Sequence[Reference],
    key_of: dict[tuple[tuple[str, ...], tuple[str, ...]], str] | None = None,
) -> Reference:
    """Resolve a short or author-year form against the paper's distinct full works."""
    candidates = candidates_for(short, works)
    if len(candidates) == 1:
        full = candidates[0]
        key = key_of[_identity(full)] if key_of else full.key
        return adopt(short, full, key)
    return replace(short, unresolved=True, ambiguous=len(candidates) > 1)


def candidates_for(short: Reference, works: Sequence[Reference]) -> list[Reference]:
    """The works a short form could stand for, narrowed to exact author matches when several."""
    wanted = {surname_key(a) for a in short.authors if a != "et al."}
    if not wanted:
        return []
    fits = []
    for work in works:
        have = {surname_key(a) for a in work.authors}
        if not wanted <= have:
            continue
        if short.form == "author-year":
            if work.year != short.year:
                continue
        elif short.title is not None and not title_matches(short.title, work.title):
            continue
        fits.append(work)
    if len(fits) > 1:
        exact = [w for w in fits if {surname_key(a) for a in w.authors} == wanted]
        if exact:
            fits = exact
    return fits


def adopt(short: Reference, full: Reference, key: str) -> Reference:
    """The short form with the full reference's fields; its own place and pinpoint kept."""
    return replace(
        full,
        key=key,
        note=short.note,
        span=short.span,
        pages=short.pages,
        resolved_from=full.note,
        unresolved=False,
        ambiguous=False,
        form=short.form,
    )


def _resolve_ibid(ibid: Reference, previous: tuple[Reference, ...]) -> Reference:
    # Ibid. names the previous note's source; with several there, it cannot be told.
    keys = {r.key for r in previous if not r.unresolved}
    if len(keys) == 1:
        source = next(r for r in previous if not r.unresolved)
        origin = source.resolved_from if source.resolved_from is not None else source.note
        resolved = replace(adopt(ibid, source, source.key), resolved_from=origin)
        return replace(resolved, pages=ibid.pages or None)
    return replace(ibid, unresolved=True, ambiguous=len(keys) > 1)


def _overlaps(ref: Reference, others: Iterable[Reference]) -> bool:
    return any(ref.span[0] < o.span[1] and o.span[0] < ref.span[1] for o in others)


def _identity(ref: Reference) -> tuple[tuple[str, ...], tuple[str, ...]]:
    return tuple(surname_key(a) for a in ref.authors), tuple(title_words(ref.title))


def _work_keys(works: Sequence[Reference]) -> dict[tuple[tuple[str, ...], tuple[str, ...]], str]:
    keys = assign_suffixes(w.key for w in works)
    return {_identity(w): k for w, k in zip(works, keys, strict=True)}


def unresolved_identity(ref: Reference) -> tuple[tuple[str, ...], int | None, tuple[str, ...]]:
    """How unresolved forms are grouped into one entry of the works cited."""
    return tuple(fold(a) for a in ref.authors), ref.year, tuple(title_words(ref.title))


__all__ = [
    "adopt",
    "candidates_for",
    "distinct_works",
    "resolve_notes",
    "resolve_sequences",
    "resolve_short",
    "unresolved_identity",
]
