"""Government reports cited by their number: CRS and GAO reports. Pure functions.

Legal writing and the reports themselves cite a report by its issuer's number,
in one of three forms, which neither the academic grammar nor eyecite reads:

* CRS's own: "CRS Report R45825, Federal Preemption: A Legal Primer, by Bryan L.
  Adkins, Alexander H. Pepper, and Jay B. Sykes (2023)";
* GAO's own: "GAO, Managing for Results: ..., GAO-01-592 (Washington, D.C.: May 25,
  2001)", and later the number alone ("GAO-01-592.");
* the Bluebook's: "CONG. RSCH. SERV., R12345, TITLE (2020)", "U.S. GOV'T
  ACCOUNTABILITY OFF., GAO-05-927, TITLE 12 (2005)", an author's name first or not.

:func:`find_reports` returns each as a :class:`Reference` of kind ``report`` with
its number and issuer; the number alone comes back as a ``short`` form, which
:func:`resolve_reports` points at the full citation of that number anywhere in
the paper (or, with none, keeps as a report known only by its number).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import replace

from posenqa.references.heads import make_reference
from posenqa.references.legal_names import SIGNAL
from posenqa.references.model import Reference

CRS = "Congressional Research Service"
_GAO_NUMBER = r"GAO(?:/[A-Z]{2,6})?-\d{2}-\d{2,5}[A-Z]{0,3}"
_CRS_NUMBER = r"(?:R|RL|RS|IF|IN|LSB|RLS)\d{3,6}"
# CRS's own form, up to the title (its end is found by _crs).
_CRS_OWN = re.compile(
    rf"\bCRS\s+(?P<series>Report|In\s+Focus|Insight|Legal\s+Sidebar)\s+(?:No\.\s*)?"
    rf"(?P<number>{_CRS_NUMBER})\s*,\s*"
)
# GAO's own form: "GAO, Title, GAO-01-592 (Washington, D.C.: May 25, 2001)".
_GAO_OWN = re.compile(
    rf"\bGAO,\s+(?P<title>[^;()]{{3,300}}?),\s+(?P<number>{_GAO_NUMBER})\b\s*,?\s*"
    r"(?:\((?P<where>[^()]*?(?P<year>(?:19|20)\d\d))\))?"
)
# Issuers as the Bluebook abbreviates them, and their names.
_ISSUERS = {
    "CONG. RSCH. SERV.": CRS,
    "CONG. RESEARCH SERV.": CRS,
    "U.S. GOV’T ACCOUNTABILITY OFF.": "U.S. Government Accountability Office",
    "U.S. GOV'T ACCOUNTABILITY OFF.": "U.S. Government Accountability Office",
    "U.S. GEN. ACCT. OFF.": "U.S. General Accounting Office",
    "U.S. GEN. ACCOUNTING OFF.": "U.S. General Accounting Office",
}
_BLUEBOOK = re.compile(
    r"(?:(?P<authors>(?:[A-Z][A-Za-z.’'\-]*\s+){1,3}[A-Z][A-Za-z.’'\-]*"
    r"(?:(?:,|,?\s+&)\s+(?:[A-Z][A-Za-z.’'\-]*\s+){1,3}[A-Z][A-Za-z.’'\-]*)*),\s+)?"
    r"(?P<issuer>" + "|".join(re.escape(k) for k in _ISSUERS) + r"),\s+"
    rf"(?:No\.\s*)?(?P<number>{_GAO_NUMBER}|{_CRS_NUMBER}),\s+"
    r"(?P<title>[^();]{3,300}?)(?:,?\s+(?:at\s+)?(?P<pin>\d[\d–\-]*))?\s*"
    r"\((?P<date>[^()]*?(?P<year>(?:19|20)\d\d))\)"
)
_BARE_GAO = re.compile(rf"\b{_GAO_NUMBER}\b")
# The end of a CRS citation: its year parenthetical, or the end of its sentence or clause.
_YEAR = re.compile(r"\((?:[^()]*\s)?(?P<year>(?:19|20)\d\d)\)")
_STOP = re.compile(r";|(?<=[a-z]{2})\s?\.(?=\s|$)|(?<=\))\.(?=\s|$)")
_PIN = re.compile(r",?\s*at\s+(?P<pin>\d[\d–\-]*)\s*$")
_BY = re.compile(r",?\s*(?:coordinated\s+)?by\s+")


def find_reports(text: str) -> list[Reference]:
    """The report citations in one note's text, in order: full ones (``form`` "full")
    and numbers standing alone (``form`` "short", resolved by :func:`resolve_reports`)."""
    found: list[Reference] = []
    for match in _BLUEBOOK.finditer(text):
        found.append(_bluebook(match))
    for match in _CRS_OWN.finditer(text):
        if not _inside(match.start(), found):
            found.append(_crs(text, match))
    for match in _GAO_OWN.finditer(text):
        if not _inside(match.start("number"), found):
            found.append(_gao(match))
    for match in _BARE_GAO.finditer(text):
        if not _inside(match.start(), found):
            found.append(_report(match.span(), number=match.group(0), form="short"))
    return sorted(found, key=lambda r: r.span[0])


def resolve_reports(
    refs: Mapping[tuple[str, int], Iterable[Reference]], used_keys: set[str]
) -> dict[tuple[str, int], tuple[Reference, ...]]:
    """Reports keyed by number across the paper: each full citation a work with its own
    key, each number standing alone the full citation of that number (wherever it is), or
    a report known only by its number. ``used_keys`` (the other works') are avoided."""
    full: dict[str, Reference] = {}
    for items in refs.values():
        for ref in items:
            if ref.form == "full":
                full.setdefault(_identity(ref), ref)
    keys: dict[str, str] = {}
    result: dict[tuple[str, int], tuple[Reference, ...]] = {}
    for place, items in refs.items():
        out = []
        for ref in items:
            identity = _identity(ref)
            if identity not in keys:
                keys[identity] = _new_key(_base_key(ref), used_keys)
            work = full.get(identity)
            if ref.form == "full" or work is None:
                out.append(replace(ref, key=keys[identity], form="full"))
            else:
                out.append(
                    replace(
                        work,
                        key=keys[identity],
                        note=ref.note,
                        span=ref.span,
                        pages=ref.pages,
                        form="short",
                        resolved_from=work.note,
                    )
                )
        result[place] = tuple(out)
    return result


def _identity(ref: Reference) -> str:
    return re.sub(r"[^a-z0-9]", "", (ref.number or "").lower())


def _base_key(ref: Reference) -> str:
    number = re.sub(r"[^a-z0-9]+", "-", (ref.number or "report").lower()).strip("-")
    return number if number.startswith("gao") else f"crs-{number}"


def _new_key(base: str, used: set[str]) -> str:
    key, suffix = base, 1
    while key in used:
        suffix += 1
        key = f"{base}-{suffix}"
    used.add(key)
    return key


def _inside(position: int, found: list[Reference]) -> bool:
    return any(r.span[0] <= position < r.span[1] for r in found)


def _report(span: tuple[int, int], **fields: object) -> Reference:
    number = str(fields.get("number") or "")
    if number.startswith("GAO") and "publisher" not in fields:
        fields["publisher"] = "GAO"  # the issuer, as GAO names itself
        fields.setdefault("authors", ("GAO",))
    return replace(make_reference(0, span), kind="report", **fields)  # type: ignore[arg-type]


def _crs(text: str, match: re.Match[str]) -> Reference:
    """ "CRS Report R45825, Title, by A, B, and C (2023), at 4": up to the year parenthetical,
    or the end of the sentence or clause when it prints none."""
    start = match.end()
    stop = _STOP.search(text, start)
    end = stop.start() if stop else len(text)
    year_match = _YEAR.search(text, start, end + 1)
    year = None
    if year_match and year_match.start() < end:
        year, end = int(year_match["year"]), year_match.end()
        after = re.match(r",?\s*at\s+(?P<pin>\d[\d–\-]*)", text[end:])
        pin = after["pin"] if after else None
        body = text[start : year_match.start()]
        end += after.end() if after else 0
    else:
        pin, body = None, text[start:end]
    inner_pin = _PIN.search(body)
    if inner_pin:
        pin, body = pin or inner_pin["pin"], body[: inner_pin.start()]
    title, authors = body, ()
    by = _BY.search(body)
    if by:
        title, authors = body[: by.start()], _names(body[by.end() :])
    series = " ".join(match["series"].split())
    return _report(
        (match.start(), end),
        title=" ".join(title.split()).strip(" ,") or None,
        authors=authors,
        container=f"CRS {series}",
        number=match["number"],
        publisher=CRS,
        year=year,
        pages=pin,
    )


def _gao(match: re.Match[str]) -> Reference:
    where = match["where"] or ""
    place = where.split(":", 1)[0].strip() if ":" in where else None
    return _report(
        match.span(),
        title=" ".join(match["title"].split()),
        number=match["number"],
        place=place,
        year=int(match["year"]) if match["year"] else None,
    )


def _bluebook(match: re.Match[str]) -> Reference:
    start, authors = match.start(), match["authors"] or ""
    signal = SIGNAL.match(authors)
    if signal:  # "See JANE DOE, CONG. RSCH. SERV., ...": the signal is no name
        start, authors = start + signal.end(), authors[signal.end() :]
    return _report(
        (start, match.end()),
        authors=_names(authors),
        title=" ".join(match["title"].split()),
        number=match["number"],
        publisher=_ISSUERS[match["issuer"]],
        year=int(match["year"]),
        pages=match["pin"],
    )


def _names(text: str) -> tuple[str, ...]:
    """ "Bryan L. Adkins, Alexander H. Pepper, and Jay B. Sykes" -> each name."""
    parts = re.split(r",\s*and\s+|\s+and\s+|\s*&\s*|,\s*", text.strip(" ,."))
    return tuple(" ".join(p.split()) for p in parts if p.strip())


__all__ = ["CRS", "find_reports", "resolve_reports"]
