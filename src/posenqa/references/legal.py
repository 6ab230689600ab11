"""Note text -> the legal citations it holds, found by eyecite. Pure functions.

Cases ("Terry v. Ohio, 392 U.S. 1, 27 (1968)"), statutes ("21 U.S.C. § 331",
"Pub. L. No. 94-295, 90 Stat. 539"), short case citations ("Wardlow, 528 U.S.
at 125"), "Id." and "supra" come back as :class:`LegalCite` values in order,
unresolved; resolving them across notes is :mod:`~posenqa.references.legal_resolve`'s
job.

eyecite (the Free Law Project's citation finder) finds and classifies the
citations. Two of its results are re-read from the text here, because eyecite
2.7.8 lets the court-and-year parenthetical of one citation run on into the
next citation's (freelawproject/eyecite#321, fix proposed in #347): the year,
court and end of a full case citation are taken from the first parenthetical
after it, and the case name from the text between the previous citation and it.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, replace
from functools import lru_cache

from posenqa.references.legal_names import SIGNAL, case_name_before, case_names, trim_name

#: Kinds of legal authority a citation can name.
LEGAL_KINDS: tuple[str, ...] = ("case", "statute")

# eyecite logs "Unknown overlap case" warnings for ordinary parallel and parenthetical
# citations; they are noise to a writer reading posenqa's output.
logging.getLogger("eyecite").setLevel(logging.ERROR)

_YEAR_PAREN = re.compile(
    r",?\s*(?P<pin>(?:at\s+)?(?:\*?\d[\dA-Za-z\-–,\s]*?(?:\s*n\.\s*\d+)?|_+))?\s*"
    # Federal Cases print their own number first: "25 F. Cas. 187, 192 (No. 14,694) (CC Va. 1807)".
    r"(?:\(No\.\s*[\d,]+[a-z]?\)\s*)?"
    r"\((?P<court>[^()]*?)\s*(?P<month>[A-Z][a-z]{2,8}\.?\s+\d{1,2},\s+)?(?P<year>1[6-9]\d\d|20\d\d)\s*\)"
)
_ID_TAIL = re.compile(
    r"\.?,?\s*(?:at\s+(?P<at>\*?\d+(?:\s*[-–]\s*\d+)?(?:,\s*\d+(?:\s*[-–]\s*\d+)?)*"
    r"(?:\s*n\.\s*\d+)?)|(?P<sec>§§?\s*[\w()]+(?:\.[\w()]+)*(?:\s*[-–]\s*[\w()]+(?:\.[\w()]+)*)?))?"
)
_SUPRA_TAIL = re.compile(
    r"\s*,?\s*(?:notes?\s+(?P<note>\d+))?(?:\s*,?\s*at\s+(?P<at>\*?\d+(?:\s*[-–]\s*\d+)?))?"
)
_ANTECEDENT = re.compile(
    r"(?P<name>[A-Z][\w.'’&-]*(?:(?:,\s+|\s+(?:&\s+)?)[A-Z][\w.'’&-]*)*),?\s*$"
)
_TRAILING_SIGNAL = re.compile(r"(?:^|\s)(?:[Ss]ee|[Cc]f\.)(?:\s+also)?\s*$")
# An act's name: capitalised words and the few small words names hold, commas too
# ("Medicare Prescription Drug, Improvement, and Modernization Act of 2003"); not the
# sentence before it ("The provision was first added by the ...").
_ACT_NAME = re.compile(
    r"(?P<name>[A-Z][\w’'&.\-]*(?:(?:\s+|,\s+(?:and\s+)?)(?:[A-Z0-9][\w’'&.\-]*|of|and|the|for"
    r"|to|on|in|&)){0,14}?\s+(?:Act|Amendments|Code|Reorganization Plan)(?:\s+of\s+\d{4})?),\s*$"
)
_CODE_BEFORE = re.compile(r"(?P<title>\d+)\s+(?P<code>U\.\s?S\.\s?C\.(?:\s?A\.)?|C\.F\.R\.)\s*$")
_CODE_SECTION = re.compile(
    r"§§?\s*(?P<section>\d+[a-z]*(?:[-–.]\d+[a-z]*)?)(?P<pin>(?:\(\w{1,4}\))*)"
)
# Parallel statute citations ("Pub. L. No. 87-781, § 102, 76 Stat. 780") are one act.
_PARALLEL_GAP = re.compile(r"^[\s,]*(?:§§?\s*[\w.()]+[\s,]*)?(?:sec\.\s*[\w.()]+[\s,]*)?$")


@dataclass(frozen=True, slots=True)
class LegalCite:
    """One legal citation in a note, as written (short forms not yet resolved)."""

    form: str
    """"full", "short" (case name and "vol Rep. at page"), "id" or "supra"."""
    kind: str | None
    """"case" or "statute" for full and short forms; None for Id. and supra."""
    span: tuple[int, int]
    """Characters of the note text the citation covers, name and year parenthetical included."""
    name: str | None = None
    """A case's name ("Terry v. Ohio"), an act's name, or None."""
    volume: str | None = None
    """Reporter volume, or a code's title number ("21" in 21 U.S.C.), or a public law number."""
    reporter: str | None = None
    """The reporter or code as printed ("U.S.", "A.3d", "U.S.C.", "Pub. L.", "Stat.")."""
    page: str | None = None
    """A case's first page (None for "607 U.S. ___"); a Stat. citation's page."""
    section: str | None = None
    pin: str | None = None
    """The pinpoint: a page ("27"), a subsection ("(a)(1)"), or a section after Id. ("§ 337")."""
    year: int | None = None
    court: str | None = None
    """The court as printed in the year parenthetical ("Pa.", "8th Cir."); None for none."""
    antecedent: str | None = None
    """For short and supra forms: the name written before them ("Wardlow")."""
    supra_note: int | None = None
    """For "supra note 34": 34."""
    parallel: str | None = None
    """A parallel citation of the same statute ("76 Stat. 780")."""
    docket: str | None = None
    """A court's docket number printed before a citation ("14-11689" of "No. 14-11689,
    2014 WL 1454696"): the same case's other decisions print it too."""


def find_legal(text: str) -> tuple[LegalCite, ...]:
    """The legal citations in one note's text, in order of appearance."""
    return _find_cached(text)


# A text with none of these holds no legal citation: eyecite (over a second to import)
# is not even imported for it. A reporter or code is abbreviated ("392 U.S. 1", "144 F.4th
# 9", "87 F. Supp. 2d 429", "76 Stat. 780") or is Westlaw's ("2025 WL 3721864"), so a
# date ("23 June 1998") is not one.
_MAYBE_LEGAL = re.compile(
    r"\b[Ii]d\.|\bsupra\b|§|\bv\.\s|"
    r"\b\d{1,4}\s+(?:[A-Z][A-Za-z]{0,6}\.\s?){1,4}(?:\d[a-z]{1,2}\s)?(?:,?\s*at)?\s*\d|"
    r"\b\d{4}\s+WL\s+\d|\bPub\.\s?L\."
)


@lru_cache(maxsize=4096)
def _find_cached(text: str) -> tuple[LegalCite, ...]:
    if not _MAYBE_LEGAL.search(text):
        return ()
    from eyecite import get_citations  # lazy: eyecite loads its reporter tables on import
    from eyecite.models import (
        FullCaseCitation,
        FullLawCitation,
        IdCitation,
        ShortCaseCitation,
        SupraCitation,
    )

    found: list[LegalCite] = []
    prev_end = 0
    for cite in get_citations(text):
        start, end = cite.span()
        if start < prev_end:
            continue  # inside the previous citation (a parenthetical's quoted citation)
        item: LegalCite | None = None
        if isinstance(cite, FullCaseCitation):
            item = _full_case(text, cite, prev_end)
            if item.name is None and item.page is None:
                item = None  # "603 U. S. ____ (2024)": a running head, not a citation
            elif found and _is_parallel_case(text, found[-1], item):
                item = _merge_parallel_case(found.pop(), item)
        elif isinstance(cite, FullLawCitation):
            item = _statute(text, cite, prev_end)
            if item is not None and found and _is_parallel(text, found[-1], item):
                first = found.pop()
                item = _merge_parallel(first, item)
        elif isinstance(cite, ShortCaseCitation):
            item = _short(text, cite, prev_end)
        elif isinstance(cite, IdCitation):
            item = _id(text, start)
        elif isinstance(cite, SupraCitation):
            item = _supra(text, start, prev_end)
            if item.antecedent is None:
                # "See supra note 20", "See supra “Background”": the paper's own text, not a work.
                item = None
        elif text[start:end].startswith("§"):
            # eyecite leaves "21 U.S.C. § 360k(a)" (a section with a letter) unclassified.
            item = _code_section(text, start, prev_end)
        if item is not None:
            found.append(item)
            prev_end = item.span[1]
    return tuple(found)


def _clean_name(raw: str) -> str | None:
    """A case or act name as eyecite bounded it, without signals ("See also") or a
    leading "(quoting"."""
    raw = raw.strip().rstrip(",").strip()
    raw = re.sub(r"^[).;:,\s]+", "", raw)
    raw = re.sub(r"^\((?:quoting|citing|cited in|discussing)\s+", "", raw)
    raw = SIGNAL.sub("", raw)
    # "its citation of Utah v. Evans": a case name starts at its first capital.
    raw = re.sub(r"^(?:[a-z][\w’'-]*\s+)+(?=[A-Z])", "", raw)
    return raw.strip(" ,") or None


def _antecedent(raw: str) -> str | None:
    """The name written before a short or supra form; None when what stands there is the
    end of a sentence and a signal ("...the President. See 520 U. S., at 684")."""
    signal = _TRAILING_SIGNAL.search(raw)
    if signal:
        raw = raw[: signal.start()]
        if raw.rstrip().endswith("."):
            return None
    return _clean_name(raw)


def _full_case(text: str, cite: object, prev_end: int) -> LegalCite:
    groups = cite.groups  # type: ignore[attr-defined]
    start, end = cite.span()  # type: ignore[attr-defined]
    full_start = max(cite.full_span()[0], prev_end)  # type: ignore[attr-defined]
    # eyecite's case name stops short of "In re" / "Ex parte".
    lead = re.search(r"\b(?:In re|Ex [Pp]arte|In the Matter of)\s+$", text[prev_end:full_start])
    if lead:
        full_start = prev_end + lead.start()
    name = _clean_name(text[full_start:start]) if full_start < start else None
    name = trim_name(name) if name else None
    if name and (not _CASE_NAME.search(name) or _SUFFIX_FIRST.match(name)):
        # eyecite took running text for a name, or cut one at an abbreviation
        # ("Co. v. Dammann" of "Travelers Indem. Co. v. Dammann"): no name starts with "Co.".
        name = None
    if name:
        # The name as printed may differ from the one read ("Clin - ton v. Jones").
        found = text.rfind(name, full_start, start)
        full_start = found if found >= 0 else full_start
        longer = case_name_before(text, prev_end, start)
        if (
            longer
            and longer[1] != name
            and longer[1].endswith(name)
            and not re.search(r"[.;:]\s*$", text[prev_end:full_start])
        ):
            # eyecite cut the name inside a party ("Son, Inc. v." of "George M. Brewster &
            # Son, Inc. v."; "America Ins. Co." of "First Indem. of America Ins. Co."); a
            # sentence's end before its start ("... the President. Trump v. Vance") it keeps.
            full_start, name = longer
    else:
        # eyecite stops at a lower-case word inside a name ("Comm’n on Governmental Ethics").
        before = case_name_before(text, prev_end, start)
        full_start, name = before if before else (start, None)
    if name is None:
        # "In Int’l Ass’n of Color Mfrs. v. Singh, the court considered ... 2025 WL 3721864":
        # the note names the case in its sentence, away from the citation.
        named = case_names(text, prev_end, start)
        name = named[-1][1] if named else None
    docket = None
    if name:
        # "Zogenix, Inc. v. Patrick, No. 14-11689, 2014 WL 1454696": the docket is no name.
        numbered = _DOCKET.search(name)
        if numbered:
            name, docket = name[: numbered.start()].rstrip(" ,") or None, numbered["docket"]
    antecedent = None
    if name is None:
        # "No. 14-11689, 2014 WL 1454696"; "Zogenix, No. 14-11689, 2014 WL 3339610": a
        # database citation's short name and docket, which name the case cited in full
        # before (legal_resolve).
        bare = _SHORT_NAME.search(text, prev_end, start)
        if bare:
            antecedent = _antecedent(bare["name"]) if bare["name"] else None
            docket = bare["docket"]
            if antecedent or docket:
                found = text.find(antecedent, bare.start(), start) if antecedent else -1
                if found < 0:
                    found = bare.start("no") if bare["no"] else start
                full_start = found
    after = _YEAR_PAREN.match(text, end)
    pin, year, court = None, None, None
    if after:
        end = after.end()
        pin = (after["pin"] or "").strip(" ,") or None
        year = int(after["year"])
        court = after["court"].strip(" ,") or None
    return LegalCite(
        form="full",
        kind="case",
        span=(full_start, end),
        name=name,
        volume=groups.get("volume"),
        reporter=groups.get("reporter"),
        page=groups.get("page"),
        pin=pin,
        year=year,
        court=court,
        antecedent=antecedent,
        docket=docket,
    )


_DOCKET = re.compile(r",?\s*No\.\s*(?P<docket>[\w:.\-]+(?:\s[\w:.\-]+){0,2}?)\s*,?\s*$")
# What may stand before a citation that prints no case name: a party's name alone and a
# docket number, each followed by a comma.
_SHORT_NAME = re.compile(
    r"(?:(?P<name>(?<![\w’'-])[A-Z][\w.'’&-]*(?:\s+[A-Z][\w.'’&-]*){0,3}),\s*)?"
    r"(?:(?P<no>No\.)\s*(?P<docket>[\w:.\-]+(?:\s[\w:.\-]+){0,2}?),\s*)?$"
)
_CASE_NAME = re.compile(r"\sv\.\s|^(?:In re|Ex [Pp]arte|In the Matter of)\s")
_SUFFIX_FIRST = re.compile(r"(?:Co|Inc|Corp|Ltd|LLC|Ass[’']n|Bros)\.?\s")


def _statute(text: str, cite: object, prev_end: int) -> LegalCite | None:
    groups = cite.groups  # type: ignore[attr-defined]
    start, end = cite.full_span()  # type: ignore[attr-defined]
    reporter = groups.get("reporter")
    if not reporter:
        return None
    name_match = _ACT_NAME.search(text, prev_end, start)
    name = _clean_name(name_match["name"]) if name_match else None
    if name_match and name:
        start = name_match.start() + name_match["name"].find(name)
    meta = cite.metadata  # type: ignore[attr-defined]
    year = _year(getattr(meta, "year", None))
    # The year parenthetical, after a pinpoint page if any ("114 Stat. 1549, 1549A–36 (2000)").
    after = re.match(
        r"(?:,\s*\d[\w–-]*)?\s*\((?:[^()]*\s)?(?P<year>1[6-9]\d\d|20\d\d)\s*\)", text[end:]
    )
    if after:
        year = int(after["year"])
        end += after.end()
    volume = groups.get("title") or groups.get("chapter") or groups.get("volume")
    section = groups.get("section")
    pin = (getattr(meta, "pin_cite", None) or "").strip() or None
    if reporter == "Pub. L." and section:
        # A public law is one work; "§ 102" of it is a pinpoint.
        section, pin = None, f"§ {section}" + (pin or "")
    return LegalCite(
        form="full",
        kind="statute",
        span=(start, end),
        name=name,
        volume=volume,
        reporter=reporter,
        page=groups.get("page"),
        section=section,
        pin=pin,
        year=year,
    )


def _code_section(text: str, mark: int, prev_end: int) -> LegalCite | None:
    before = _CODE_BEFORE.search(text, prev_end, mark)
    after = _CODE_SECTION.match(text, mark)
    if before is None or after is None:
        return None
    return LegalCite(
        form="full",
        kind="statute",
        span=(before.start(), after.end()),
        volume=before["title"],
        reporter=" ".join(before["code"].split()),
        section=after["section"],
        pin=after["pin"] or None,
    )


def _year(text: str | None) -> int | None:
    return int(text) if text and text.isdigit() else None


def _is_parallel(text: str, first: LegalCite, second: LegalCite) -> bool:
    return (
        first.kind == "statute"
        and first.parallel is None
        and first.reporter != second.reporter
        and bool(_PARALLEL_GAP.match(text[first.span[1] : second.span[0]]))
    )


# Between a case's first reporter and a parallel one: a pinpoint, a docket number.
_PARALLEL_CASE_GAP = re.compile(r"^,\s*(?:\d[\d–\-]*\s*,\s*)?(?:No\.\s*[^,()]{1,30},\s*)?$")


def _is_parallel_case(text: str, first: LegalCite, second: LegalCite) -> bool:
    """ "Lucas v. ..., 184 S. C. 119, 120, 191 S. E. 711, 712 (1937)": one case in two
    reporters, the year parenthetical after the second."""
    return (
        first.form == second.form == "full"
        and first.kind == second.kind == "case"
        and first.year is None
        and first.parallel is None
        and second.name is None
        and second.year is not None
        and bool(_PARALLEL_CASE_GAP.match(text[first.span[1] : second.span[0]]))
    )


def _merge_parallel_case(first: LegalCite, second: LegalCite) -> LegalCite:
    return replace(
        first,
        span=(first.span[0], second.span[1]),
        year=second.year,
        court=first.court or second.court,
        docket=first.docket or second.docket,
        parallel=" ".join(p for p in (second.volume, second.reporter, second.page) if p),
    )


def _merge_parallel(first: LegalCite, second: LegalCite) -> LegalCite:
    parallel = " ".join(p for p in (second.volume, second.reporter, second.page) if p)
    return replace(
        first,
        span=(first.span[0], second.span[1]),
        year=first.year or second.year,
        parallel=parallel,
    )


def _short(text: str, cite: object, prev_end: int) -> LegalCite:
    groups = cite.groups  # type: ignore[attr-defined]
    start, end = cite.span()  # type: ignore[attr-defined]
    match = _ANTECEDENT.search(text, prev_end, start)
    antecedent = _antecedent(match["name"]) if match else None
    full_start = _name_start(text, match, antecedent, start)
    reporter = groups.get("reporter") or ""
    # "52 Stat. at 1052" is a short form of a statute, not of a case.
    kind = "statute" if reporter in ("Stat.", "U.S.C.") else "case"
    return LegalCite(
        form="short",
        kind=kind,
        span=(full_start, end),
        volume=groups.get("volume"),
        reporter=reporter or None,
        pin=groups.get("page"),
        antecedent=antecedent,
    )


def _name_start(text: str, match: re.Match[str] | None, name: str | None, start: int) -> int:
    if match is None or not name:
        return start
    return match.start() + max(0, text.find(name, match.start(), start) - match.start())


def _id(text: str, start: int) -> LegalCite:
    tail = _ID_TAIL.match(text, start + 2)
    end = tail.end() if tail else start + 3
    pin = None
    if tail and tail["at"]:
        pin = tail["at"]
    elif tail and tail["sec"]:
        pin = " ".join(tail["sec"].split())
    return LegalCite(form="id", kind=None, span=(start, end), pin=pin)


def _supra(text: str, start: int, prev_end: int) -> LegalCite:
    match = _ANTECEDENT.search(text, prev_end, start)
    antecedent = _antecedent(match["name"]) if match else None
    full_start = _name_start(text, match, antecedent, start)
    tail = _SUPRA_TAIL.match(text, start + len("supra"))
    end = tail.end() if tail and tail.group(0).strip(" ,") else start + len("supra")
    return LegalCite(
        form="supra",
        kind=None,
        span=(full_start, end),
        pin=tail["at"] if tail else None,
        antecedent=antecedent,
        supra_note=int(tail["note"]) if tail and tail["note"] else None,
    )


__all__ = ["LEGAL_KINDS", "LegalCite", "find_legal"]
