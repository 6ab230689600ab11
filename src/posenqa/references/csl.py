"""References -> text in any CSL style, through citeproc-py.

Four official CSL styles ship with posenqa (``styles/``, CC BY-SA 3.0; their
provenance is in ``styles/README.md``): Chicago notes-bibliography, Chicago
author-date, APA 7 and MLA 9. Any other independent CSL file can be named by path.

``csl_citations`` gives each reference as the style cites it at a place (a note
or an in-text citation, with the reference's pinpoint as the locator);
``csl_bibliography`` gives the bibliography entries, in the style's order.
Output is plain text: a terminal shows no italics.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import replace
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from posenqa.references.formats import StyleError, csl_item, format_reference
from posenqa.references.model import Reference

#: ``--style`` names of the bundled styles -> their files in ``styles/``.
CSL_STYLES: dict[str, str] = {
    "chicago-notes-bibliography": "chicago-notes-bibliography.csl",
    "chicago-author-date": "chicago-author-date.csl",
    "apa": "apa.csl",
    "mla": "modern-language-association.csl",
}
_CSL = "{http://purl.org/net/xbiblio/csl}"

#: Other names writers use for the same styles ("chicago" alone is ``--format chicago``).
ALIASES: dict[str, str] = {
    "chicago-notes": "chicago-notes-bibliography",
    "apa7": "apa",
    "mla9": "mla",
    "modern-language-association": "mla",
}


def style_file(style: str) -> Path:
    """The CSL file for a bundled style name or a path to a ``.csl`` file."""
    name = ALIASES.get(style.lower(), style.lower())
    if name in CSL_STYLES:
        return Path(str(resources.files("posenqa.references") / "styles" / CSL_STYLES[name]))
    path = Path(style)
    if path.suffix.lower() == ".csl":
        if not path.is_file():
            raise StyleError(f"{style}: no such CSL file")
        return path
    names = ", ".join(CSL_STYLES)
    raise StyleError(f"unknown citation style {style!r} (choose from {names}, or a .csl file)")


def csl_citations(refs: Sequence[Reference], style: str) -> list[str]:
    """Each reference as ``style`` cites it, its pinpoint pages as the locator.

    A reference with no full form in the paper (an unresolved short form, an
    "Id." that names nothing) cannot be put in any style: it comes back in
    posenqa's own text form, which says so; a source known only as printed
    comes back as printed.
    """
    from citeproc import Citation, CitationItem
    from citeproc.source import Locator

    cited = [r for r in refs if not (r.unresolved or r.printed)]
    bibliography = _bibliography(cited, style, pinned=True)
    citations: dict[int, Any] = {}
    for i, ref in enumerate(refs):
        if ref.unresolved or ref.printed:
            continue
        extra: dict[str, Any] = {}
        if ref.pages and not _subsection(ref):
            label = "section" if ref.pages.startswith("§") else "page"
            extra["locator"] = Locator(label, ref.pages.lstrip("§ "))
        citation = Citation([CitationItem(_item_key(ref), **extra)])
        bibliography.register(citation)
        citations[i] = citation
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return [
            _clean(str(bibliography.cite(citations[i], _ignore)))
            if i in citations
            else format_reference(ref, "text")
            for i, ref in enumerate(refs)
        ]


def csl_bibliography(refs: Sequence[Reference], style: str) -> list[str]:
    """The bibliography entries of ``refs`` (each work once), in ``style``'s order.

    Works the paper never gives in full are left out: a style cannot render them;
    sources known only as printed follow, as printed.
    """
    from citeproc import Citation, CitationItem

    cited = [r for r in refs if not (r.unresolved or r.printed)]
    bibliography = _bibliography(cited, style, pinned=False)
    for key in dict.fromkeys(r.key for r in cited):
        bibliography.register(Citation([CitationItem(key)]))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        entries = [_clean(str(entry)) for entry in bibliography.bibliography()]
    printed = {r.key: format_reference(r, "text") for r in refs if r.printed}
    return entries + list(printed.values())


def _subsection(ref: Reference) -> bool:
    """A statute cited at a subsection: "21 U.S.C. § 360k(a)" is the section "360k(a)"."""
    return ref.kind == "statute" and bool(ref.pages) and str(ref.pages).startswith("(")


def _item_key(ref: Reference) -> str:
    return f"{ref.key}{ref.pages}" if _subsection(ref) else ref.key


def _item(ref: Reference, *, titled: bool, sections: bool = True) -> dict[str, Any]:
    """The CSL item a style renders (``sections``: the style prints a ``section``)."""
    item = csl_item(replace(ref, pages=None))
    if _subsection(ref):
        item["id"] = _item_key(ref)
        item["section"] = f"{ref.section}{ref.pages}"
    if ref.kind != "statute":
        return item
    if ref.container == "Pub. L." and ref.volume:
        # Styles print volume, then code ("87-781 Pub. L."): a public law is "Pub. L. No. 87-781".
        item["container-title"] = f"Pub. L. No. {ref.volume}"
        item.pop("volume", None)
    printed = format_reference(replace(ref, pages=None, year=None), "text").rstrip(".")
    if not sections:
        # A style that never prints a section (MLA 9) would give "U.S.C., vol. 21": the
        # citation as a law review prints it stands in for code, title and section.
        for name in ("container-title", "volume", "section"):
            item.pop(name, None)
        # In the text, an act is named by its name alone ("(Drug Amendments of 1962, sec. 102)").
        item["title"] = ref.title if titled and ref.title else printed
    elif "title" not in item and titled:
        # An in-text citation names a work by author or title; a code section has neither.
        item["title"] = printed
    return item


def _ignore(_item: object) -> None:
    """citeproc-py's callback for a citation of an unknown key: every key is known here."""


def _clean(text: str) -> str:
    return " ".join(text.split())


def _bibliography(refs: Sequence[Reference], style: str, *, pinned: bool) -> Any:
    from citeproc import CitationStylesBibliography, formatter
    from citeproc.source.json import CiteProcJSON

    loaded = _load_style(str(style_file(style)))
    note_style = loaded.root.find(f".//{_CSL}category[@citation-format='note']") is not None
    sections = _prints_sections(str(style_file(style)))
    # The item describes the work; the pinpoint goes in each citation's locator.
    items: dict[str, dict[str, Any]] = {}
    for ref in refs:
        key = _item_key(ref) if pinned else ref.key
        item = _item(
            ref if pinned else replace(ref, pages=None),
            titled=pinned and not note_style,
            sections=sections,
        )
        items.setdefault(key, item)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        source = CiteProcJSON(list(items.values()))
        return CitationStylesBibliography(loaded, source, formatter.plain)


@lru_cache(maxsize=8)
def _prints_sections(path: str) -> bool:
    """Does the style print a statute's section? (MLA 9 prints a newspaper's only.)"""
    from citeproc import Citation, CitationItem, CitationStylesBibliography, formatter
    from citeproc.source.json import CiteProcJSON

    probe = {"id": "p", "type": "legislation", "container-title": "C", "section": "9731"}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        bibliography = CitationStylesBibliography(
            _load_style(path), CiteProcJSON([probe]), formatter.plain
        )
        bibliography.register(Citation([CitationItem("p")]))
        return any("9731" in str(entry) for entry in bibliography.bibliography())


@lru_cache(maxsize=8)
def _load_style(path: str) -> Any:
    from citeproc import CitationStylesStyle
    from lxml import etree

    _patch_citeproc()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            loaded = CitationStylesStyle(path, validate=False)
    except (etree.XMLSyntaxError, OSError, ValueError) as exc:
        raise StyleError(f"{path}: not a CSL style ({exc})") from exc
    root = loaded.root
    if root is None or root.find(f"{_CSL}citation") is None:
        # A dependent style only points at its parent; citeproc-py cannot follow it.
        raise StyleError(f"{path}: a dependent CSL style; give its independent parent style")
    return loaded


@lru_cache(maxsize=1)
def _patch_citeproc() -> None:
    """Two CSL 1.0.2 rules citeproc-py 0.11 does not follow, which the bundled styles use.

    * ``initialize="false"`` on a name: given names stay whole ("Benjamin
      Friedman", as Chicago and MLA print them), not reduced to initials.
    * Title case keeps "v." and "vs." lower case (they are on the specification's
      list of words title case leaves alone), so "Terry v. Ohio" is not "Terry V. Ohio".
    """
    from citeproc import model

    original = model.Name.initialize

    def initialize(self: Any, given: Any, mark: Any, context: Any) -> Any:
        if self.get("initialize") == "false":
            return given
        return original(self, given, mark, context)

    model.Name.initialize = initialize
    model.TextCased._stop_words = [*model.TextCased._stop_words, "v.", "vs.", "versus"]

    repress = model.Substitute.add_to_repressed_list

    def add_to_repressed_list(self: Any, child: Any, context: Any) -> None:
        repress(self, child, context)
        if child.get("macro") is None:
            return
        # A macro standing in for the author ("title-short" when a case or an act has no
        # author) suppresses the variables it printed, as CSL 1.0.2 says; citeproc-py 0.11
        # suppresses only a variable named on the substitute's own child, so MLA printed
        # "Terry v. Ohio. Terry v. Ohio. U.S., vol. 392".
        repressed = context.get_layout().repressed
        pending, seen = [child.get_macro(child.get("macro"))], set()
        while pending:
            macro = pending.pop()
            for text in macro.iter(child.tag):
                if text.get("variable"):
                    repressed.setdefault(child.tag, []).append(text.get("variable"))
                name = text.get("macro")
                if name and name not in seen:
                    seen.add(name)
                    pending.append(child.get_macro(name))

    model.Substitute.add_to_repressed_list = add_to_repressed_list


__all__ = ["ALIASES", "CSL_STYLES", "csl_bibliography", "csl_citations", "style_file"]
