"""The PDF and its plain-text extraction must parse to the same paper.

The two parsers share no code beyond the final note linking, so where they
agree after normalising typography (whitespace, dashes, quotes, line-end
hyphenation) each checks the other. Page numbers are not compared: the text
extraction comes from a differently paginated printing.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest

from posenqa.document import Document
from posenqa.parsing.pdf import parse_pdf

text_parser = pytest.importorskip("posenqa.parsing.text")


def normalise(text: str) -> str:
    """Typography-blind text: one dash, straight quotes, single spaces, no hyphens in words."""
    text = unicodedata.normalize("NFKC", text)
    text = re.sub(r"[‐‑‒–—―]", "-", text)
    text = re.sub(r"[‘’‚‛′]", "'", text)
    text = re.sub(r"[“”„‟″]", '"', text)
    text = re.sub(r"\s*-\s*", "-", text)
    # Whether a word broken at a line end kept its hyphen depends on where each
    # printing broke its lines; compare words without in-word hyphens.
    text = re.sub(r"(?<=[A-Za-z])-(?=[a-z])", "", text)
    return " ".join(text.split())


@pytest.fixture(scope="module")
def both(corpus_pdf: Path, corpus_txt: Path) -> tuple[Document, Document]:
    return parse_pdf(corpus_pdf), text_parser.parse_text(corpus_txt)


def test_same_sections(both: tuple[Document, Document]) -> None:
    pdf, txt = both
    assert [(s.label, s.level) for s in pdf.sections] == [(s.label, s.level) for s in txt.sections]
    assert [normalise(s.title) for s in pdf.sections] == [normalise(s.title) for s in txt.sections]


def test_same_notes(both: tuple[Document, Document]) -> None:
    pdf, txt = both
    assert [(n.number, n.missing) for n in pdf.footnotes] == [
        (n.number, n.missing) for n in txt.footnotes
    ]
    for a, b in zip(pdf.footnotes, txt.footnotes, strict=True):
        assert normalise(a.text) == normalise(b.text), f"note {a.number}"


def test_same_body_text_and_markers(both: tuple[Document, Document]) -> None:
    pdf, txt = both
    for section in pdf.sections:
        in_pdf = [b for b in pdf.blocks if b.section == section.label]
        in_txt = [b for b in txt.blocks if b.section == section.label]
        words_pdf = normalise(" ".join(b.text for b in in_pdf))
        words_txt = normalise(" ".join(b.text for b in in_txt))
        assert words_pdf == words_txt, f"section {section.label}"
        markers_pdf = [n for b in in_pdf for n in b.note_numbers]
        markers_txt = [n for b in in_txt for n in b.note_numbers]
        assert markers_pdf == markers_txt, f"section {section.label}"
    assert [b.kind for b in pdf.blocks if b.kind != "paragraph"] == [
        b.kind for b in txt.blocks if b.kind != "paragraph"
    ]


def test_paragraph_boundaries_mostly_agree(both: tuple[Document, Document]) -> None:
    # The extraction loses first-line indents, so a text parser must guess some
    # paragraph breaks that the PDF shows; nearly all must still agree.
    pdf, txt = both
    starts_pdf = {normalise(b.text)[:60] for b in pdf.blocks}
    starts_txt = {normalise(b.text)[:60] for b in txt.blocks}
    shared = len(starts_pdf & starts_txt)
    assert shared >= 0.95 * max(len(starts_pdf), len(starts_txt))
