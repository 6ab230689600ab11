"""Legal citations -> references, with Id., supra and short case forms resolved. Pure.

The notes of one sequence are read in order, as a reader of a law review or an
opinion reads them:

* a full case or statute citation is a work (the same case cited twice is one
  work, pinpoints aside);
* ``Id.`` names the authority cited immediately before it, in the same note or
  the previous one, whatever its kind (a case, a statute, or a book the
  academic resolver found). When the text just before it cites something
  neither resolver recognises (a year parenthetical, a URL), ``Id.`` is left
  unresolved rather than pointed at an older authority. ``Id. § 337`` after a
  statute is that statute's code at another section;
* a short case citation ("Wardlow, 528 U.S. at 125") names the earlier full
  citation in the same volume of the same reporter (the name before it breaks
  ties);
* ``supra note 34`` names the authority in note 34 whose author or name holds
  the word before it; a bare ``supra`` names the one earlier authority whose
  name holds that word.

Nothing is guessed: no fit, or several, leaves the form ``unresolved``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace

from posenqa.references.heads import make_reference
from posenqa.references.legal import LegalCite, find_legal
from posenqa.references.legal_body import BODY, BodyLegal
from posenqa.references.legal_names import case_names
from posenqa.references.model import Reference
from posenqa.references.names import fold
from posenqa.references.printed import printed_sources

# Text a reader would take for a citation of something: a year parenthetical or a URL.
_CITATION_LIKE = re.compile(r"\((?:[^()]*\s)?(?:1[6-9]|20)\d\d\)|https?://|www\.")
_WORD = re.compile(r"[a-z0-9]+")
_NAME_STOP = frozenset(
    [
        "v",
        "in",
        "re",
        "ex",
        "parte",
        "the",
        "of",
        "and",
        "inc",
        "co",
        "corp",
        "llc",
        "us",
        "united",
        "states",
        # the prosecuting side of a criminal case: "State v. Korecky" is keyed by Korecky
        "state",
        "people",
        "commonwealth",
    ]
)


def merge_legal(
    notes: Iterable[tuple[str, int, str]],
    academic: Mapping[tuple[str, int], tuple[Reference, ...]],
    body: BodyLegal | None = None,
) -> dict[tuple[str, int], tuple[Reference, ...]]:
    """Every note's references: the academic ones (``academic``) with the legal ones added.

    ``notes`` are (sequence, number, text) in reading order, each sequence's notes
    together. Academic references that overlap a legal citation or a case name are
    dropped (the academic grammar reads "Id." as "Ibid." and a case name as an
    author). Works and keys are shared by the whole paper; Id. and supra look only
    within their own sequence, short case citations at any earlier full citation
    and at the cases the body text cites (``body``, see :mod:`.legal_body`), which
    also names a note's citation that prints no name.
    """
    body = body or BodyLegal()
    notes = list(notes)
    # A short form may come before the full citation (a paper's slip): every named full
    # case citation, in the notes (``note`` its number) and in the body text (``note`` 0).
    pool = [
        _reference(number, c)
        for _, number, text in notes
        for c in find_legal(text)
        if c.form == "full" and c.kind == "case" and c.name
    ]
    state = _State(
        used_keys={r.key for refs in academic.values() for r in refs},
        body_cases=[_reference(0, c) for c in body.cases] + pool,
        marker_names=body.marker_names,
    )
    result: dict[tuple[str, int], tuple[Reference, ...]] = {}
    sequence = None
    for seq, number, text in notes:
        if seq != sequence:
            sequence = seq
            state.last, state.note_refs, state.printed = None, {}, {}
        state.sequence = seq
        legal = find_legal(text)
        printed = [span for span, _, _ in printed_sources(text, 0, len(text))]
        names = [span for span, _ in case_names(text)] if " v. " in text else []
        kept = [
            r
            for r in academic.get((seq, number), ())
            if not _overlaps(r.span, legal)
            and not any(r.span[0] < hi and lo < r.span[1] for lo, hi in names)
            # In a Bluebook note, "...by Bryan L. Adkins and Jay B. Sykes (2023)" is no
            # author-year citation of Sykes (a Chicago note's "entry in ACCJ (2001)" is).
            and not (
                legal and r.unresolved and r.form == "author-year" and _inside(r.span, printed)
            )
            and not (r.unresolved and r.form == "author-year" and _bluebook_credit(text, r.span))
        ]
        items: list[Reference | LegalCite] = sorted([*kept, *legal], key=lambda item: item.span[0])
        out: list[Reference] = []
        cursor = 0
        for item in items:
            if _CITATION_LIKE.search(text[cursor : item.span[0]]):
                state.unparsed(number, text, cursor, item.span[0])
            cursor = max(cursor, item.span[1])
            ref = item if isinstance(item, Reference) else state.resolve(number, item)
            out.append(ref)
            state.note_refs.setdefault(number, []).append(ref)
            state.last = ref
        if _CITATION_LIKE.search(text[cursor:]):
            state.unparsed(number, text, cursor, len(text))
        result[(seq, number)] = tuple(out)
    result.update(_body_references(state, body))
    return _completed(result)


def _completed(
    result: dict[tuple[str, int], tuple[Reference, ...]],
) -> dict[tuple[str, int], tuple[Reference, ...]]:
    """Every citation of a case or statute with the fullest name, year and court any of
    them prints: an opinion cites "Youngstown Sheet & Tube Co. v. Sawyer, 343 U. S. 579,
    634 (1952)" once, and its text may begin a page with "Tube Co. v. Sawyer, 343 U. S. 579"."""
    best: dict[str, Reference] = {}
    for refs in result.values():
        for ref in refs:
            if ref.unresolved or ref.kind not in ("case", "statute"):
                continue
            known = best.setdefault(ref.key, ref)
            if known is not ref:
                best[ref.key] = replace(
                    known,
                    title=_fuller(known.title, ref.title),
                    year=known.year if known.year is not None else ref.year,
                    court=known.court or ref.court,
                )
    # A key was made from the first citation read; one the completed work would not get
    # ("tube", "nixon": the first citation printed no year) is made again from it.
    used = {r.key for refs in result.values() for r in refs}
    rekeyed: dict[str, str] = {}
    # In the order the keys were made ("burr" before "burr-2").
    for key, ref in sorted(best.items(), key=lambda item: _key_suffix(item[0])):
        base = _base_key(ref)
        dated = ref.year is None or re.sub(r"-\d+$", "", key).endswith(str(ref.year))
        if ref.kind == "case" and not dated:
            new, suffix = base, 1
            while new in used:
                suffix += 1
                new = f"{base}-{suffix}"
            used.add(new)
            rekeyed[key] = new
    return {
        place: tuple(
            replace(
                r,
                title=best[r.key].title,
                year=best[r.key].year,
                court=best[r.key].court,
                key=rekeyed.get(r.key, r.key),
            )
            if not r.unresolved and r.key in best and r.kind in ("case", "statute")
            else r
            for r in refs
        )
        for place, refs in result.items()
    }


def _key_suffix(key: str) -> int:
    """2 for "burr-2"; 1 for "burr"."""
    suffix = re.search(r"-(\d+)$", key)
    return int(suffix.group(1)) if suffix else 1


def _fuller(name: str | None, other: str | None) -> str | None:
    """The fuller of two printings of one name ("Tube Co. v. Sawyer" < "Youngstown Sheet &
    Tube Co. v. Sawyer"); the first when they differ otherwise."""
    if name is None or (other and len(other) > len(name) and other.endswith(name)):
        return other
    return name


def _body_references(
    state: _State, body: BodyLegal
) -> dict[tuple[str, int], tuple[Reference, ...]]:
    """The body text's own citations, keyed (BODY, block index): read after the notes, so
    a case cited in both is one work, and "Id." in the text names the text's last one."""
    state.sequence, state.last, state.note_refs, state.printed = BODY, None, {}, {}
    result = {}
    for index, cites in body.cited:
        refs = []
        for cite in cites:
            if cite.form == "supra":
                continue  # "supra, at 5" in an opinion is the opinion itself
            if cite.form == "full" and cite.kind == "case" and cite.name is None:
                known = state.works.get(_identity(_reference(0, cite)))
                if known is None:
                    continue  # a bare "520 U. S. 681" nobody names is no work to list
            if cite.form == "id" and (index, cite.span[0]) in body.lost:
                state.last = None  # "Brief for United States 46; see id., at 10"
            ref = state.resolve(0, cite)
            refs.append(ref)
            state.last = ref
        if refs:
            result[(BODY, index)] = tuple(refs)
    return result


# What stands before a name and year that cite no work, in Bluebook notes: an author
# credit ("CRS Report R45153, Statutory Interpretation, by Valerie C. Brannon (2023)":
# given names after "by"), a code's publisher ("CAL. HEALTH & SAFETY CODE § 109025(a)
# (West 2026)"), the last word of a title in small capitals ("... STATE OR LOCAL LAWS
# (2026)"). "As argued by Posen (2001)" and "See OECD (2001)" stay citations.
_CREDIT = re.compile(r"\bby\s+(?:[A-Z][\w.’'-]*\s+){1,3}$|§+\s*[\w.()–-]+\s*$")
_CAPS_TITLE = re.compile(r"\b[A-Z&’'.]{2,}\s+$")


def _bluebook_credit(text: str, span: tuple[int, int]) -> bool:
    """An unresolved "Name (Year)" that is part of a Bluebook citation, not a short form."""
    before = text[max(0, span[0] - 80) : span[0]]
    caps = re.match(r"[A-Z&’'.]{2,}\s", text[span[0] :]) is not None
    return bool(_CREDIT.search(before)) or (caps and bool(_CAPS_TITLE.search(before)))


def _inside(span: tuple[int, int], spans: list[tuple[int, int]]) -> bool:
    return any(lo < span[0] and span[1] <= hi for lo, hi in spans)


def _overlaps(span: tuple[int, int], legal: tuple[LegalCite, ...]) -> bool:
    return any(span[0] < c.span[1] and c.span[0] < span[1] for c in legal)


@dataclass(slots=True)
class _State:
    """What the notes read so far have cited."""

    used_keys: set[str]
    works: dict[tuple[str, ...], Reference] = field(default_factory=dict)
    """Identity -> the first full citation of each legal work."""
    note_refs: dict[int, list[Reference]] = field(default_factory=dict)
    printed: dict[int, list[Reference]] = field(default_factory=dict)
    """Note -> the sources in it no resolver parses, as printed (for Id. and supra only)."""
    last: Reference | None = None
    body_cases: list[Reference] = field(default_factory=list)
    """The full case citations of the body text (``note`` 0), then the notes' own: what a
    short form names when no full citation before it fits."""
    marker_names: Mapping[tuple[str, int], str] = field(default_factory=dict)
    """(sequence, note) -> the case the body names before the note's marker."""
    dockets: dict[str, str] = field(default_factory=dict)
    """Docket number -> the name of the case cited under it ("14-11689" -> "Zogenix, Inc.
    v. Patrick")."""
    body_keys: set[str] = field(default_factory=set)
    """Keys of works whose full citation is in the body text, not in a note."""
    sequence: str = ""

    def unparsed(self, number: int, text: str, lo: int, hi: int) -> None:
        """Text that cites something neither resolver reads: Id. after it means that."""
        self.last = None
        for span, cited, year in printed_sources(text, lo, hi):
            words = _WORD.findall(fold(cited))
            key = self._new_key(f"{words[0] if words else 'source'}{year}")
            ref = replace(make_reference(number, span, year=year), key=key, printed=cited)
            self.printed.setdefault(number, []).append(ref)
            self.last = ref

    def resolve(self, number: int, cite: LegalCite) -> Reference:
        if cite.form == "full":
            return self.full(number, cite)
        if cite.form == "short":
            return self.short(number, cite)
        if cite.form == "id":
            return self.ibid(number, cite)
        return self.supra(number, cite)

    def full(self, number: int, cite: LegalCite) -> Reference:
        ref = _reference(number, cite)
        if ref.kind == "case" and ref.title is None:
            ref = replace(ref, title=self._printed_name(cite) or self._name_of(number, ref))
        if ref.kind == "case" and ref.title and cite.docket:
            self.dockets.setdefault(cite.docket, ref.title)
        identity = _identity(ref)
        known = self.works.get(identity)
        if known is None:
            ref = replace(ref, key=self._new_key(_base_key(ref)))
            self.works[identity] = ref
            return ref
        return replace(ref, key=known.key)

    def short(self, number: int, cite: LegalCite) -> Reference:
        rep = _norm(cite.reporter)
        known = [w for w in self.works.values() if w.form == "full"]
        # The body text may give the full citation (a court opinion's usual way): the works
        # read so far and the body's cases are weighed together, so that a case read first
        # does not hide another of the same volume.
        pool = [*known, *(c for c in self.body_cases if _identity(c) not in self.works)]
        fits = _by_volume(pool, cite.volume, rep, cite.antecedent, cite.pin)
        wanted = _names(cite.antecedent)
        if not fits and wanted:
            # A misprinted volume ("Levine, 55 U.S." for 555): the one case of that name
            # in that reporter.
            pool = [*known, *self.body_cases]
            fits = [w for w in pool if _norm(w.container) == rep and wanted <= _names(w.title)]
        fits = [self._as_work(w) for w in fits]
        placeholder = _reference(number, cite)
        return self._adopt_or_leave(placeholder, fits, "short", cite.pin)

    def _printed_name(self, cite: LegalCite) -> str | None:
        """The name of the case a citation without one names by its docket number or a
        short name ("Zogenix, No. 14-11689, 2014 WL 3339610"): a case cited in full before
        under that docket, else the one case read so far whose name holds the short one."""
        if cite.docket in self.dockets:
            return self.dockets[cite.docket]
        wanted = _names(cite.antecedent)
        if not wanted:
            return None
        titles = {
            w.title
            for w in [*self.works.values(), *self.body_cases]
            if w.kind == "case" and w.title and wanted <= _names(w.title)
        }
        return titles.pop() if len(titles) == 1 else None

    def _name_of(self, number: int, ref: Reference) -> str | None:
        """The name of a case the note cites without one: the body's citation of the
        same case, else the case the body names before the note's marker."""
        identity = _identity(ref)
        for case in self.body_cases:
            if _identity(case) == identity:
                return case.title
        if self.note_refs.get(number):
            return None  # the note cited something before: the body's name is not this case's
        return self.marker_names.get((self.sequence, number))

    def _as_work(self, ref: Reference) -> Reference:
        """A citation from the body or a later note that a short form names: a work from
        now on, with its own key."""
        if ref.key:
            return ref
        identity = _identity(ref)
        if identity not in self.works:
            work = replace(ref, key=self._new_key(_base_key(ref)))
            self.works[identity] = work
            if ref.note == 0:
                self.body_keys.add(work.key)
        return self.works[identity]

    def ibid(self, number: int, cite: LegalCite) -> Reference:
        placeholder = _reference(number, cite)
        last = self.last
        if last is None or last.unresolved:
            return _loose(placeholder)
        if cite.pin and cite.pin.startswith("§") and last.kind == "statute" and last.section:
            # "Id. § 337(a)": the same code at another section, a work of its own.
            section = re.sub(r"^§+\s*", "", cite.pin)
            base, _, sub = section.partition("(")
            other = replace(
                last,
                section=base.strip(),
                title=None,
                parallel=None,
                pages=f"({sub}" if sub else None,
                note=number,
                span=cite.span,
            )
            identity = _identity(other)
            if identity not in self.works:
                self.works[identity] = replace(
                    other, key=self._new_key(_base_key(other)), form="full"
                )
            return replace(
                other,
                key=self.works[identity].key,
                form="id",
                resolved_from=_origin(last, self.body_keys),
            )
        return _adopt(placeholder, last, "id", cite.pin, _origin(last, self.body_keys))

    def supra(self, number: int, cite: LegalCite) -> Reference:
        placeholder = _reference(number, cite)
        wanted = _names(cite.antecedent)
        if cite.supra_note is not None:
            pool = self.note_refs.get(cite.supra_note, []) + self.printed.get(cite.supra_note, [])
            fits = [r for r in pool if wanted and wanted <= _ref_names(r)]
            if not fits and len({r.key for r in pool}) == 1:
                fits = pool[:1]
        else:
            pool = [r for refs in self.note_refs.values() for r in refs if r.form == "full"]
            fits = [r for r in pool if wanted and wanted <= _ref_names(r)]
        return self._adopt_or_leave(placeholder, fits, "supra", cite.pin)

    def _adopt_or_leave(
        self, placeholder: Reference, fits: list[Reference], form: str, pin: str | None
    ) -> Reference:
        keys = {r.key for r in fits}
        if len(keys) == 1 and not fits[0].unresolved:
            return _adopt(placeholder, fits[0], form, pin, _origin(fits[0], self.body_keys))
        return _loose(placeholder, ambiguous=len(keys) > 1)

    def _new_key(self, base: str) -> str:
        key, suffix = base, 1
        while key in self.used_keys:
            suffix += 1
            key = f"{base}-{suffix}"
        self.used_keys.add(key)
        return key


def _loose(placeholder: Reference, *, ambiguous: bool = False) -> Reference:
    """A form that names no work: unresolved, keyed by what it prints ("wardlow", "id-17")."""
    base = _base_key(placeholder) if placeholder.form == "short" else ""
    key = base or f"{placeholder.form}-{placeholder.note}"
    return replace(placeholder, key=key, unresolved=True, ambiguous=ambiguous)


def _origin(ref: Reference, body_keys: set[str]) -> int | None:
    """The note holding ``ref``'s full citation; None when the body text holds it."""
    if ref.key in body_keys:
        return None
    return ref.resolved_from if ref.resolved_from is not None else ref.note


def _adopt(
    placeholder: Reference, full: Reference, form: str, pin: str | None, origin: int | None
) -> Reference:
    """The short form as the full reference, at its own place and pinpoint."""
    return replace(
        full,
        note=placeholder.note,
        span=placeholder.span,
        pages=pin,
        form=form,
        resolved_from=origin,
        unresolved=False,
        ambiguous=False,
    )


def _reference(number: int, cite: LegalCite) -> Reference:
    """A LegalCite as a Reference (unresolved forms keep what they print)."""
    title = cite.name
    if cite.form in ("short", "supra"):
        title = cite.antecedent
    return Reference(
        authors=(),
        title=title,
        container=cite.reporter,
        editors=(),
        publisher=None,
        place=None,
        year=cite.year,
        pages=cite.pin,
        url=None,
        kind=cite.kind or "unknown",
        key="",
        note=number,
        span=cite.span,
        resolved_from=None,
        unresolved=cite.form != "full",
        volume=cite.volume,
        form=cite.form,
        court=cite.court,
        first_page=cite.page,
        section=cite.section,
        parallel=cite.parallel,
    )


def _by_volume(
    works: list[Reference],
    volume: str | None,
    reporter: str,
    antecedent: str | None,
    pin: str | None = None,
) -> list[Reference]:
    """The works in ``volume`` of ``reporter`` (the name before the short form, then the
    pinpoint page, break ties)."""
    fits = [w for w in works if w.volume == volume and _norm(w.container) == reporter]
    if len(fits) > 1 and antecedent:
        fits = [w for w in fits if _names(antecedent) <= _names(w.title)]
    at = re.match(r"\d+", pin or "")
    starts = {w.first_page for w in fits}
    if len(starts) > 1 and at and all(s and s.isdigit() for s in starts):
        # "Fitzgerald, 457 U. S., at 755" of Nixon v. Fitzgerald (at 731) and Harlow v.
        # Fitzgerald (at 800): a volume prints its cases in order, so the page is in the
        # case that starts last at or before it.
        before = [int(s) for s in starts if s and int(s) <= int(at.group(0))]
        fits = [w for w in fits if before and w.first_page == str(max(before))]
    return fits


def _norm(reporter: str | None) -> str:
    return re.sub(r"[\s.]", "", reporter or "").lower()


def _identity(ref: Reference) -> tuple[str, ...]:
    rep = _norm(ref.container)
    if ref.kind == "statute":
        if rep == "publ":
            return ("statute", rep, ref.volume or "")
        return ("statute", rep, ref.volume or "", ref.section or ref.first_page or "")
    if ref.first_page:
        return ("case", rep, ref.volume or "", ref.first_page)
    return ("case", rep, ref.volume or "", fold(ref.title or ""))


def _base_key(ref: Reference) -> str:
    """``terry1968``; ``usc21-331``; ``publ87-781``: readable, BibTeX-safe."""
    if ref.kind == "case":
        # An initial ("E. River S.S. Corp.") makes no key: the first word of two letters does.
        words = [
            w for w in _WORD.findall(fold(ref.title or "")) if w not in _NAME_STOP and len(w) > 1
        ]
        name = words[0] if words else _norm(ref.container) + (ref.volume or "")
        return f"{name}{ref.year if ref.year is not None else ''}" or "case"
    rest = ref.section or ref.first_page or ""
    parts = [_norm(ref.container) or "law", ref.volume or "", re.sub(r"[^\w]", "", rest)]
    return "-".join(p for p in parts if p).replace("--", "-")


def _names(text: str | None) -> frozenset[str]:
    return frozenset(w for w in _WORD.findall(fold(text or "")) if w not in _NAME_STOP)


def _ref_names(ref: Reference) -> frozenset[str]:
    if ref.printed:
        return frozenset(_WORD.findall(fold(ref.printed)))
    if ref.kind in ("case", "statute"):
        return _names(ref.title)
    return frozenset(w for a in ref.authors for w in _WORD.findall(fold(a))) | _names(ref.title)


__all__ = ["merge_legal"]
