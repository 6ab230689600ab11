"""Citations for writers: what each note cites, the works cited, and export formats.

The public API::

    note_references(doc)  -> {note number: (Reference, ...)}   short forms resolved
    works_cited(doc)      -> [Work(key, reference, cited_in=(Citation, ...))]
    format_reference(ref, style) -> str    style in STYLES, or a CSL style (csl.CSL_STYLES, a .csl)
    cite_paper(doc, page, style) -> str    the paper itself ("Posen 2001, p. 12")
    check_quote(doc, quote) -> QuoteMatch  is the quotation in the paper?

Parsing and resolution are pure functions of note texts (``parse_note``,
``resolve_notes``), so they work on any paper's notes, not only a Document's.
"""

from __future__ import annotations

from posenqa.references.body import BodyMention, body_mentions
from posenqa.references.formats import (
    STYLES,
    StyleError,
    csl_item,
    format_entry,
    format_reference,
    format_references,
)
from posenqa.references.model import Citation, Passage, QuoteMatch, Reference, Work
from posenqa.references.paper import PageError, cite_paper, paper_reference
from posenqa.references.parse import parse_note
from posenqa.references.quotes import QuoteError, check_quote
from posenqa.references.resolve import resolve_notes
from posenqa.references.works import (
    marker_sentence,
    note_citations,
    note_references,
    sequence_references,
    works_cited,
)

__all__ = [
    "STYLES",
    "BodyMention",
    "Citation",
    "PageError",
    "Passage",
    "QuoteError",
    "QuoteMatch",
    "Reference",
    "StyleError",
    "Work",
    "body_mentions",
    "check_quote",
    "cite_paper",
    "csl_item",
    "format_entry",
    "format_reference",
    "format_references",
    "marker_sentence",
    "note_citations",
    "note_references",
    "paper_reference",
    "parse_note",
    "resolve_notes",
    "sequence_references",
    "works_cited",
]
