"""A Reference -> one BibTeX entry, complete for its type. Pure functions.

Each entry type has fields BibTeX requires (``@techreport`` needs
``institution``, ``@incollection`` needs ``booktitle`` and ``publisher``...).
An entry is never written with a required field missing:

* a report by an organization names no separate publisher: the organization is
  its institution (as Chicago omits a publisher that repeats the author);
* otherwise the entry becomes ``@misc`` and a ``note`` says which part the
  paper does not give, so a bibliography shows what is missing, not a broken entry.

A work the paper cites only in a short form ("Taylor (2000)") is ``@misc``
with a ``note`` saying the paper never gives it in full and how it cites it.
"""

from __future__ import annotations

import re

from posenqa.references.model import Reference
from posenqa.references.names import inverted, is_corporate

_TYPES = {
    "book": "book",
    "chapter": "incollection",
    "article": "article",
    "report": "techreport",
    "mimeo": "unpublished",
    "web": "misc",
    "unknown": "misc",
}

#: BibTeX's required fields per entry type (btxdoc, "Entry Types"); "author" for a
#: book may be "editor" instead.
REQUIRED: dict[str, tuple[str, ...]] = {
    "article": ("author", "title", "journal", "year"),
    "book": ("author", "title", "publisher", "year"),
    "incollection": ("author", "title", "booktitle", "publisher", "year"),
    "techreport": ("author", "title", "institution", "year"),
    "unpublished": ("author", "title", "note"),
    "misc": (),
}
_FIELD_WORDS = {
    "author": "author",
    "title": "title",
    "journal": "journal",
    "publisher": "publisher",
    "booktitle": "book title",
    "institution": "institution",
    "year": "year",
    "note": "note",
}

_LATEX_SPECIAL = re.compile(r"([&%$#_{}])")


def tex_escape(value: str) -> str:
    """``value`` with LaTeX's special characters escaped."""
    value = value.replace("\\", r"\textbackslash{}")
    value = _LATEX_SPECIAL.sub(r"\\\1", value)
    return value.replace("~", r"\textasciitilde{}").replace("^", r"\textasciicircum{}")


def _bib_name(name: str) -> str:
    if is_corporate(name):
        return "{" + tex_escape(name) + "}"
    if name == "et al.":
        return "others"
    return tex_escape(inverted(name))


def bibtex_entry(ref: Reference, not_in_full: str | None = None) -> str:
    """One BibTeX entry keyed ``ref.key``; ``not_in_full``: the note for a short-form-only work."""
    kind = _TYPES.get(ref.kind, "misc")
    fields = _fields(ref)
    names = {name for name, _ in fields}
    missing = [f for f in REQUIRED[kind] if f not in names]
    if kind == "book" and "author" in missing and "editor" in names:
        missing.remove("author")
    notes = []
    if ref.unresolved:
        kind = "misc"
        notes.append(not_in_full or "The paper never gives this work in full.")
    elif missing:
        # Downgrade rather than write an entry BibTeX calls incomplete; say what is missing.
        what = " or ".join(_FIELD_WORDS[f] for f in missing)
        notes.append(f"The paper gives no {what} for this {ref.kind}.")
        if kind == "incollection" and "booktitle" in names:
            fields = [
                ("howpublished", f"In {v}") if n == "booktitle" else (n, v) for n, v in fields
            ]
        elif kind == "article" and "journal" in names:
            fields = [("howpublished", v) if n == "journal" else (n, v) for n, v in fields]
        kind = "misc"
    if notes:
        existing = next((v for n, v in fields if n == "note"), None)
        fields = [(n, v) for n, v in fields if n != "note"]
        fields.append(("note", " ".join([*([existing] if existing else []), *notes])))
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@{kind}{{{ref.key},\n{body}\n}}"


def _fields(ref: Reference) -> list[tuple[str, str]]:
    fields: list[tuple[str, str]] = []
    if ref.authors:
        fields.append(("author", " and ".join(_bib_name(a) for a in ref.authors)))
    if ref.title:
        fields.append(("title", tex_escape(ref.title)))
    if ref.kind == "chapter":
        if ref.container:
            fields.append(("booktitle", tex_escape(ref.container)))
        if ref.editors:
            fields.append(("editor", " and ".join(_bib_name(e) for e in ref.editors)))
    elif ref.kind == "article":
        if ref.container:
            fields.append(("journal", tex_escape(ref.container)))
        if ref.volume:
            fields.append(("volume", tex_escape(ref.volume)))
    elif ref.kind == "report":
        institution = ref.publisher
        if institution is None and len(ref.authors) == 1 and is_corporate(ref.authors[0]):
            institution = ref.authors[0]  # a report an organization issues itself
        if institution:
            fields.append(("institution", tex_escape(institution)))
        if ref.container:
            fields.append(("type", tex_escape(ref.container)))
        if ref.number:
            fields.append(("number", tex_escape(ref.number)))
    elif ref.kind == "mimeo":
        fields.append(("note", "Mimeograph"))
    elif ref.container:
        fields.append(("howpublished", tex_escape(ref.container)))
    if ref.publisher and ref.kind != "report":
        fields.append(("publisher", tex_escape(ref.publisher)))
    if ref.place:
        fields.append(("address", tex_escape(ref.place)))
    if ref.year is not None:
        fields.append(("year", str(ref.year)))
    if ref.edition:
        fields.append(("edition", tex_escape(ref.edition)))
    if ref.pages:
        fields.append(("pages", ref.pages.replace("-", "--")))
    if ref.url:
        fields.append(("url", ref.url if "://" in ref.url else f"http://{ref.url}"))
    return fields


__all__ = ["REQUIRED", "bibtex_entry", "tex_escape"]
