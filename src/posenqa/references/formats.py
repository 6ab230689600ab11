"""A Reference -> text in one of five citation formats. Pure functions.

* ``text``: an author-date bibliography entry, for reading.
* ``chicago``: the note form, as a paper of this kind prints it.
* ``bibtex``: one entry; parses with bibtexparser; the key is ``Reference.key``.
* ``ris``: ``TY`` first, ``ER`` last, ``TAG  - value`` lines.
* ``csl-json``: a one-item CSL-JSON array (validates against the bundled schema).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from posenqa.errors import PosenqaError
from posenqa.references.bibtex import bibtex_entry, tex_escape
from posenqa.references.legal_formats import (
    LEGAL_KINDS,
    legal_bibtex,
    legal_csl,
    legal_ris,
    legal_text,
)
from posenqa.references.model import Reference
from posenqa.references.names import given_names, inverted, is_corporate, join_names, surname

STYLES: tuple[str, ...] = ("text", "chicago", "bibtex", "ris", "csl-json")

_RIS_TYPES = {
    "book": "BOOK",
    "chapter": "CHAP",
    "article": "JOUR",
    "report": "RPRT",
    "mimeo": "UNPB",
    "web": "ELEC",
    "unknown": "GEN",
}
_CSL_TYPES = {
    "book": "book",
    "chapter": "chapter",
    "article": "article-journal",
    "report": "report",
    "mimeo": "manuscript",
    "web": "webpage",
    "unknown": "document",
}


class StyleError(PosenqaError):
    """An unknown citation style name."""


def format_reference(ref: Reference, style: str) -> str:
    """``ref`` in ``style``: one of :data:`STYLES`, or a CSL style (a bundled name or a
    ``.csl`` path, see :mod:`~posenqa.references.csl`) as it cites the work at its pinpoint."""
    if style not in STYLES:
        from posenqa.references.csl import csl_citations

        return csl_citations([ref], style)[0]
    if ref.printed:
        return _format_printed(ref, style)
    if ref.kind in LEGAL_KINDS or (ref.unresolved and ref.form in ("id", "supra")):
        return _format_legal(ref, style)
    if style == "text":
        return text_entry(ref)
    if style == "chicago":
        return chicago_note(ref)
    if style == "bibtex":
        return bibtex_entry(ref, not_in_full(ref))
    if style == "ris":
        return ris_record(ref)
    if style == "csl-json":
        return json.dumps([csl_item(ref)], ensure_ascii=False, indent=2)
    raise StyleError(f"unknown citation style {style!r} (choose from {', '.join(STYLES)})")


def _format_printed(ref: Reference, style: str) -> str:
    """A source known only as printed: the printing itself, and in exports a note saying so."""
    printed = ref.printed or ""
    said = f"As printed in the paper (not parsed into fields): {printed}"
    if style in ("text", "chicago"):
        at = f", at {ref.pages}" if ref.pages and style == "chicago" else ""
        return f"{printed}{at}."
    if style == "bibtex":
        year = f",\n  year = {{{ref.year}}}" if ref.year is not None else ""
        return f"@misc{{{ref.key},\n  note = {{{tex_escape(said)}}}{year}\n}}"
    if style == "ris":
        lines = [("TY", "GEN"), ("N1", said)]
        if ref.year is not None:
            lines.append(("PY", str(ref.year)))
        return "\n".join([*(_ris_line(t, v) for t, v in [*lines, ("ID", ref.key)]), "ER  - "])
    if style == "csl-json":
        return json.dumps([csl_item(ref)], ensure_ascii=False, indent=2)
    raise StyleError(f"unknown citation style {style!r} (choose from {', '.join(STYLES)})")


def _format_legal(ref: Reference, style: str) -> str:
    if style in ("text", "chicago"):
        return legal_text(ref, pinpoint=style == "chicago")
    if style == "bibtex":
        return legal_bibtex(ref, not_in_full(ref))
    if style == "ris":
        lines = legal_ris(ref)
        if ref.unresolved:
            lines.append(("N1", not_in_full(ref) or ""))
        return "\n".join([*(_ris_line(t, v) for t, v in lines), "ER  - "])
    if style == "csl-json":
        return json.dumps([csl_item(ref)], ensure_ascii=False, indent=2)
    raise StyleError(f"unknown citation style {style!r} (choose from {', '.join(STYLES)})")


def not_in_full(ref: Reference) -> str | None:
    """For a work the paper never gives in full: a note saying so, and how the paper cites it."""
    if not ref.unresolved:
        return None
    if ref.kind in LEGAL_KINDS or ref.form in ("id", "supra"):
        printed = legal_text(ref).split(" [")[0]
    else:
        printed = chicago_note(ref).removesuffix(".")
    if ref.ambiguous:
        return f"The paper cites this only as “{printed}”, which fits several works it cites."
    return f"The paper never gives this work in full; it cites it only as “{printed}”."


def format_entry(ref: Reference, style: str) -> str:
    """``ref`` as a bibliography entry: a CSL style's entry form, else :func:`format_reference`."""
    if style not in STYLES:
        from posenqa.references.csl import csl_bibliography

        if ref.unresolved or ref.printed:
            return format_reference(ref, "text")
        return csl_bibliography([ref], style)[0]
    return format_reference(ref, style)


def format_references(refs: Sequence[Reference], style: str) -> str:
    """Several references in one style: a bibliography, a .bib/.ris file, or one CSL array.

    The export formats (bibtex, ris, csl-json) hold each key once, as a file must.
    A CSL style gives its bibliography, in its own order.
    """
    if style not in STYLES:
        from posenqa.references.csl import csl_bibliography

        return "\n".join(csl_bibliography(refs, style))
    if style in ("bibtex", "ris", "csl-json"):
        refs = list({r.key: r for r in reversed(refs)}.values())[::-1]
    if style == "csl-json":
        return json.dumps([csl_item(r) for r in refs], ensure_ascii=False, indent=2)
    separator = "\n" if style in ("text", "chicago") else "\n\n"
    return separator.join(format_reference(r, style) for r in refs)


# -- text and chicago ---------------------------------------------------------


def _pub(ref: Reference) -> str:
    parts = [ref.edition] if ref.edition else []
    if ref.place and ref.publisher:
        parts.append(f"{ref.place}: {ref.publisher}")
    elif ref.place:
        parts.append(f"{ref.place}:")
    elif ref.publisher:
        parts.append(ref.publisher)
    if ref.year is not None:
        if parts and parts[-1].endswith(":"):
            parts[-1] = f"{parts[-1]} {ref.year}"
        else:
            parts.append(str(ref.year))
    return ", ".join(parts)


def _pages(pages: str | None) -> str:
    if not pages:
        return ""
    return f"pp. {pages}" if "-" in pages else f"p. {pages}"


def chicago_note(ref: Reference) -> str:
    """The note form: ``Author, "Chapter," in Eds., eds., Book (Publisher, Year), p. N.``"""
    authors = join_names(ref.authors)
    title = ref.title or ""
    if (ref.unresolved and ref.form in ("author-year", "body")) or not title:
        core = f"{authors} ({ref.year})" if ref.year is not None else authors
        return core + (f", {_pages(ref.pages)}" if ref.pages else "") + "."
    if ref.unresolved:
        return f"{authors}, “{title}”" + (f", {_pages(ref.pages)}" if ref.pages else "") + "."
    pub = _pub(ref)
    head = f"{authors}, "
    if ref.kind == "chapter":
        eds = "eds." if len(ref.editors) > 1 else "ed."
        body = f"“{_comma_in(title)}” in "
        if ref.editors:
            body += f"{join_names(ref.editors)}, {eds}, "
        body += ref.container or ""
    elif ref.kind == "article":
        body = f"“{_comma_in(title)}” {ref.container or ''}"
        if ref.volume:
            body += f" {ref.volume}"
    elif ref.kind == "mimeo":
        body = f"“{_comma_in(title)}” Mimeograph"
    elif ref.kind == "report" and ref.container:
        body = f"“{_comma_in(title)}” {ref.container}" + (f" {ref.number}" if ref.number else "")
    elif ref.kind == "report" and ref.number:
        body = f"{title}, {ref.number}"
    else:
        body = title
    paren = pub
    if ref.url and not pub:
        paren = ref.url
    text = head + body + (f" ({paren})" if paren else "")
    if ref.url and pub:
        text += f", {ref.url}"
    if ref.pages:
        text += (": " if ref.kind == "article" else ", ") + (
            ref.pages if ref.kind == "article" else _pages(ref.pages)
        )
    return text + "."


def _comma_in(title: str) -> str:
    # Chicago puts the comma inside the closing quotation mark, unless ? or ! ends the title.
    return title if title.endswith(("?", "!")) else f"{title},"


def text_entry(ref: Reference) -> str:
    """An author-date bibliography entry: ``Posen, Adam S. 1998. Title. Publisher.``"""
    if not ref.authors:
        names = "Anonymous"
    elif len(ref.authors) == 1:
        names = inverted(ref.authors[0])
    elif len(ref.authors) == 2 and inverted(ref.authors[0]) == ref.authors[0]:
        names = " and ".join(ref.authors)  # bare surnames of a short form: nothing inverted
    else:
        # The first name is inverted, so a comma must precede "and" even for two authors.
        first = inverted(ref.authors[0])
        names = ", ".join([first, *ref.authors[1:-1]]) + ", and " + ref.authors[-1]
    year = str(ref.year) if ref.year is not None else "n.d."
    parts = [f"{names.removesuffix('.')}. {year}."]
    if ref.title:
        quoted = ref.kind in ("chapter", "article", "mimeo") or (
            ref.kind == "report" and ref.container
        )
        end = "" if ref.title.endswith(("?", "!", ".")) else "."
        parts.append(f"“{ref.title}{end}”" if quoted else f"{ref.title}{end}")
    if ref.kind == "chapter" and ref.container:
        edited = f", edited by {join_names(ref.editors)}" if ref.editors else ""
        parts.append(f"In {ref.container}{edited}.")
    elif ref.kind == "article" and ref.container:
        parts.append(f"{ref.container}{' ' + ref.volume if ref.volume else ''}.")
    elif ref.kind == "mimeo":
        parts.append("Mimeograph.")
    elif ref.container or ref.number:
        # A report's series and number: "CRS Report R45825." / "GAO-04-38."
        parts.append(" ".join(p for p in (ref.container, ref.number) if p) + ".")
    place_pub = ": ".join(p for p in (ref.place, ref.publisher) if p)
    if place_pub:
        parts.append(place_pub if place_pub.endswith(".") else f"{place_pub}.")  # "D.C."
    if ref.url:
        parts.append(f"{ref.url}.")
    if ref.pages:
        parts.append(f"{_pages(ref.pages)}.")
    if ref.unresolved:
        parts.append("[not found in full in the paper]")
    return " ".join(parts)


# -- ris ----------------------------------------------------------------------


def _ris_line(tag: str, value: str) -> str:
    return f"{tag}  - {' '.join(value.split())}"


def ris_record(ref: Reference) -> str:
    """One RIS record: ``TY`` first, ``ER`` last, one ``AU`` per author."""
    lines = [_ris_line("TY", _RIS_TYPES.get(ref.kind, "GEN"))]
    lines += [_ris_line("AU", inverted(a)) for a in ref.authors if a != "et al."]
    if ref.title:
        lines.append(_ris_line("TI", ref.title))
    if ref.container:
        lines.append(_ris_line("T2", ref.container))
    lines += [_ris_line("A2", inverted(e)) for e in ref.editors]
    if ref.volume:
        lines.append(_ris_line("VL", ref.volume))
    if ref.edition:
        lines.append(_ris_line("ET", ref.edition))
    if ref.year is not None:
        lines.append(_ris_line("PY", str(ref.year)))
    if ref.publisher:
        lines.append(_ris_line("PB", ref.publisher))
    if ref.place:
        lines.append(_ris_line("CY", ref.place))
    if ref.number:
        lines.append(_ris_line("SN", ref.number))  # a report's number (RIS: SN for RPRT)
    if ref.pages:
        first, _, last = ref.pages.partition("-")
        lines.append(_ris_line("SP", first))
        if last:
            lines.append(_ris_line("EP", last))
    if ref.url:
        lines.append(_ris_line("UR", ref.url))
    if ref.kind == "mimeo":
        lines.append(_ris_line("M3", "Mimeograph"))
    if ref.unresolved:
        lines.append(_ris_line("N1", not_in_full(ref) or ""))
    lines.append(_ris_line("ID", ref.key))
    lines.append("ER  - ")
    return "\n".join(lines)


# -- csl-json -----------------------------------------------------------------


def _csl_name(name: str) -> dict[str, str]:
    if is_corporate(name) or name == "et al.":
        return {"literal": name}
    given = given_names(name)
    return {"family": surname(name), "given": given} if given else {"family": surname(name)}


def csl_item(ref: Reference) -> dict[str, Any]:
    """One CSL-JSON item (``id`` is the key)."""
    if ref.printed:
        item = {"id": ref.key, "type": "document", "note": f"As printed: {ref.printed}"}
        if ref.year is not None:
            item["issued"] = {"date-parts": [[ref.year]]}
        return item
    if ref.kind in LEGAL_KINDS:
        item = legal_csl(ref)
        if ref.unresolved:
            item["note"] = not_in_full(ref)
        return item
    item: dict[str, Any] = {"id": ref.key, "type": _CSL_TYPES.get(ref.kind, "document")}
    if ref.authors:
        item["author"] = [_csl_name(a) for a in ref.authors if a != "et al."]
    if ref.editors:
        item["editor"] = [_csl_name(e) for e in ref.editors]
    if ref.title:
        item["title"] = ref.title
    if ref.container:
        field = "collection-title" if ref.kind == "report" else "container-title"
        item[field] = ref.container
    if ref.publisher:
        item["publisher"] = ref.publisher
    if ref.place:
        item["publisher-place"] = ref.place
    if ref.number:
        item["number"] = ref.number
    if ref.year is not None:
        item["issued"] = {"date-parts": [[ref.year]]}
    if ref.pages:
        item["page"] = ref.pages
    if ref.volume:
        item["volume"] = ref.volume
    if ref.edition:
        item["edition"] = ref.edition
    if ref.url:
        item["URL"] = ref.url
    if ref.kind == "mimeo":
        item["genre"] = "Mimeograph"
    if ref.unresolved:
        item["note"] = not_in_full(ref)
    return item


__all__ = [
    "STYLES",
    "StyleError",
    "bibtex_entry",
    "chicago_note",
    "csl_item",
    "format_entry",
    "format_reference",
    "format_references",
    "inverted",
    "join_names",
    "not_in_full",
    "ris_record",
    "text_entry",
]
