"""A case or statute Reference -> text, BibTeX, RIS and CSL-JSON. Pure functions.

The conventions followed:

* text and note forms: the Bluebook form a law review prints, which Chicago
  (14.176) adopts for legal cases: "Terry v. Ohio, 392 U.S. 1, 27 (1968)";
  "21 U.S.C. § 360k(a)"; "Drug Amendments of 1962, Pub. L. No. 87-781, 76 Stat. 780".
* BibTeX: biblatex's legal entry types, ``@jurisdiction`` for a case and
  ``@legislation`` for a statute, with the field mapping Zotero's Better BibLaTeX
  uses (reporter -> journaltitle, court -> institution, first page -> pages).
* RIS: ``TY  - CASE`` and ``TY  - STAT`` (reporter or code in ``T2``, section in ``SE``).
* CSL-JSON: ``legal_case`` (court in ``authority``, reporter in ``container-title``)
  and ``legislation`` (code in ``container-title``, title number in ``volume``).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from posenqa.references.bibtex import tex_escape
from posenqa.references.model import Reference

#: The kinds this module formats.
LEGAL_KINDS = ("case", "statute")


def citation_text(ref: Reference, *, pinpoint: bool = True) -> str:
    """The citation as a law review prints it, without a final period."""
    if ref.kind == "statute":
        return _statute_text(ref, pinpoint=pinpoint)
    name = ref.title or "[case name not printed]"
    cite = " ".join(
        " ".join(p.split()) for p in (ref.volume, ref.container, ref.first_page or "___") if p
    )
    if pinpoint and ref.pages:
        cite += f", {ref.pages}"
    paren = " ".join(p for p in (ref.court, str(ref.year) if ref.year else None) if p)
    return f"{name}, {cite}" + (f" ({paren})" if paren else "")


def _statute_text(ref: Reference, *, pinpoint: bool) -> str:
    code = ref.container or ""
    if code == "Pub. L.":
        core = f"Pub. L. No. {ref.volume}"
    elif ref.section:
        core = " ".join(p for p in (ref.volume, code, f"§ {ref.section}") if p)
    else:
        core = " ".join(p for p in (ref.volume, code, ref.first_page) if p)
    if pinpoint and ref.pages:
        core += ref.pages if ref.pages.startswith("(") else f", {ref.pages}"
    if ref.parallel:
        core += f", {ref.parallel}"
    if ref.title:
        core = f"{ref.title}, {core}"
    return core + (f" ({ref.year})" if ref.year else "")


def legal_text(ref: Reference, *, pinpoint: bool = True) -> str:
    """The reading form; an unresolved Id., supra or short form says so."""
    if ref.unresolved and ref.form in ("id", "supra", "short"):
        what = {"id": "Id.", "supra": f"{ref.title or ''}, supra".lstrip(", ")}.get(
            ref.form, f"{ref.title or ''}, {ref.volume or ''} {ref.container or ''}".strip(", ")
        )
        at = f" at {ref.pages}" if ref.pages else ""
        why = "several authorities fit" if ref.ambiguous else "not found in full in the paper"
        return f"{what}{at} [{why}]"
    return citation_text(ref, pinpoint=pinpoint) + "."


def legal_bibtex(ref: Reference, not_in_full: str | None = None) -> str:
    """One biblatex ``@jurisdiction`` or ``@legislation`` entry (``not_in_full``: see bibtex)."""
    fields = [("title", tex_escape(ref.title or citation_text(ref, pinpoint=False)))]
    if ref.container:
        fields.append(("journaltitle", tex_escape(ref.container)))
    if ref.volume:
        fields.append(("volume", tex_escape(ref.volume)))
    if ref.kind == "case":
        kind = "jurisdiction"
        if ref.first_page:
            fields.append(("pages", tex_escape(ref.first_page)))
        if ref.court:
            fields.append(("institution", tex_escape(ref.court)))
    else:
        kind = "legislation"
        if ref.section:
            fields.append(("pages", tex_escape(f"§ {ref.section}")))
    if ref.year is not None:
        fields.append(("year", str(ref.year)))
    # What the title and year do not say (reporter and court, or code), so a style that
    # knows no legal fields (a @jurisdiction falls back to @misc) still shows it, once.
    rest = _beyond_name(ref)
    if rest:
        fields.append(("note", tex_escape(rest)))
    if ref.unresolved:
        fields.append(("addendum", tex_escape(not_in_full or "Not given in full in the paper.")))
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@{kind}{{{ref.key},\n{body}\n}}"


def _beyond_name(ref: Reference) -> str | None:
    """The citation without the name and year the entry's own fields give: "392 U.S. 1",
    "287 A.3d 300 (Pa.)", "Pub. L. No. 87-781, 76 Stat. 780"; None for an untitled
    code section, whose title is the whole citation."""
    if not ref.title:
        return None
    bare = citation_text(replace(ref, title=None, year=None), pinpoint=False)
    # A case without a name prints "[case name not printed], 392 U.S. 1": keep what follows.
    return bare.split(", ", 1)[1] if ref.kind == "case" else bare


def legal_ris(ref: Reference) -> list[tuple[str, str]]:
    """The (tag, value) lines of one RIS record, ``TY`` first, without ``ER``."""
    lines = [("TY", "CASE" if ref.kind == "case" else "STAT")]
    lines.append(("TI", ref.title or citation_text(ref, pinpoint=False)))
    if ref.container:
        lines.append(("T2", ref.container))
    if ref.volume:
        lines.append(("VL", ref.volume))
    if ref.kind == "case":
        if ref.first_page:
            lines.append(("SP", ref.first_page))
        if ref.court:
            lines.append(("PB", ref.court))
    elif ref.section:
        lines.append(("SE", ref.section))
    if ref.year is not None:
        lines.append(("PY", str(ref.year)))
    lines.append(("N1", citation_text(ref, pinpoint=False)))
    return lines


def legal_csl(ref: Reference) -> dict[str, Any]:
    """One CSL-JSON item of type ``legal_case`` or ``legislation``."""
    item: dict[str, Any] = {
        "id": ref.key,
        "type": "legal_case" if ref.kind == "case" else "legislation",
    }
    # A code section has no title of its own ("21 U.S.C. § 331" is volume, code and section).
    if ref.title or ref.kind == "case":
        item["title"] = ref.title or citation_text(ref, pinpoint=False)
    if ref.container:
        item["container-title"] = ref.container
    if ref.volume:
        item["volume"] = ref.volume
    if ref.kind == "case":
        if ref.first_page:
            item["page"] = ref.first_page
        if ref.court:
            item["authority"] = ref.court
    elif ref.section:
        item["section"] = ref.section
    if ref.year is not None:
        item["issued"] = {"date-parts": [[ref.year]]}
    return item


__all__ = [
    "LEGAL_KINDS",
    "citation_text",
    "legal_bibtex",
    "legal_csl",
    "legal_ris",
    "legal_text",
]
