"""The PDF parser on the bundled paper and on a tiny PDF drawn in the test.

The paper's expected values were written down from reading the PDF's pages
(its headings, printed page numbers and the notes at each page foot), not
from the parser's output.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from posenqa.document import FRONT_MATTER, INTRODUCTION, Block, Document
from posenqa.parsing import file_sha256, parse_file
from posenqa.parsing.pdf import parse_pdf


@pytest.fixture(scope="module")
def doc(corpus_pdf: Path) -> Document:
    return parse_pdf(corpus_pdf)


def _block_with(doc: Document, phrase: str) -> Block:
    found = [b for b in doc.blocks if phrase in b.text]
    assert len(found) == 1, f"{phrase!r} in {len(found)} blocks"
    return found[0]


# --------------------------------------------------------------- the paper


def test_metadata(doc: Document, corpus_pdf: Path) -> None:
    assert doc.title == (
        "Finance and Changing US-Japan Relations: Convergence Without Leverage—Until Now"
    )
    assert doc.author == "Adam S. Posen"
    assert doc.year == 2001  # the cover's date, not the file's creation date
    assert doc.source == "posen-2001-wp01-8.pdf"
    assert doc.sha256 == file_sha256(corpus_pdf)
    # Cover, printed pages 1-32, five caption-only figure pages (no figure 4).
    assert doc.pages == 1 + 32 + 5


def test_sections(doc: Document) -> None:
    assert [(s.label, s.level, s.page) for s in doc.sections] == [
        (INTRODUCTION, 1, 2),
        ("1", 1, 4),
        ("1A", 2, 5),
        ("1B", 2, 7),
        ("1C", 2, 12),
        ("2", 1, 14),
        ("2A", 2, 15),
        ("2B", 2, 20),
        ("2C", 2, 23),
        ("3", 1, 29),
    ]
    assert doc.sections[0].title == ""
    titles = {s.label: s.title for s in doc.sections}
    # A heading wrapped over two lines is one title.
    assert titles["1"] == (
        "THE COURSE OF FINANCIAL LIBERALIZATION SO FAR IN THE UNITED STATES AND JAPAN"
    )
    assert titles["1C"] == "Financial Flows between the United States and Japan"


def test_front_matter_holds_cover_and_title_page(doc: Document) -> None:
    assert doc.front_matter
    assert all(b.section == FRONT_MATTER for b in doc.front_matter)
    front = " ".join(b.text for b in doc.front_matter)
    assert "I am grateful to W. Bowman Cutter" in front
    assert "Contact: aposen@iie.com." in front
    body = " ".join(b.text for b in doc.blocks)
    assert "I am grateful" not in body
    assert doc.blocks[0].text.startswith("In the postwar era, US-Japan economic relations")


def test_notes_with_bodies_and_missing(doc: Document) -> None:
    # The PDF's page feet carry notes 1-60 and 62 (cut short at the end of
    # page 26); pages 27-32 have no note area at all.
    present = [n.number for n in doc.footnotes if not n.missing]
    assert present == [*range(1, 61), 62]
    assert doc.missing_notes == (61, *range(63, 78))
    assert any("61, 63-77" in w for w in doc.warnings)


@pytest.mark.parametrize(
    ("number", "page", "text"),
    [
        (
            1,
            2,
            "In the language of the introduction to this volume, the general picture is one of "
            "tension (instead of harmony), but more cooperation than conflict in terms of "
            "results, although there were mutual gains missed.",
        ),
        (8, 6, "Friedman, “Japan Now and the United States Then.”"),
        (
            # Runs from the foot of page 23 onto page 24.
            53,
            23,
            "The economic recommendations proffered to emerging markets by the IMF and the "
            "World Bank, and the course of Asian monetary cooperation, are also affected by the "
            "relative perceived benefits of the American and Japanese financial systems. "
            "Searight in this volume addresses these two points from an international "
            "institutions perspective, emphasizing the institutions’ independent role in "
            "forming these outcomes.",
        ),
        (
            46,
            19,
            "A concentration ratio of market share among the top 5 companies would be 60 "
            "percent in both life and non-life.",
        ),
    ],
)
def test_note_text(doc: Document, number: int, page: int, text: str) -> None:
    note = doc.footnote(number)
    assert note is not None
    assert (note.page, note.text) == (page, text)


def test_note_hyphenation_is_undone(doc: Document) -> None:
    note = doc.footnote(45)
    assert note is not None
    # "US-" / "Japan" keeps its hyphen; "Macroeconomic" was never broken.
    assert "Henning, “US-Japan Macroeconomic Relations in the Last Three Decades" in note.text
    note = doc.footnote(10)
    assert note is not None
    assert "the whole keiretsu-Main Bank system in Japan" in note.text


def test_every_marker_is_linked(doc: Document) -> None:
    for note in doc.footnotes:
        assert note.cited_by, f"note {note.number} has no marker"
        for block_id in note.cited_by:
            block = doc.block(block_id)
            assert block is not None and note.number in block.note_numbers
    cited = sorted({n for b in doc.blocks for n in b.note_numbers})
    assert cited == list(range(1, 78))


def test_marker_offset_follows_its_word(doc: Document) -> None:
    block = _block_with(doc, "In the postwar era")
    (marker,) = block.notes
    assert marker.number == 1
    assert block.text[: marker.offset].endswith("institution building and policy coordination.")
    block = _block_with(doc, "remains open—and the specific outcome")
    first = block.notes[0]
    assert first.number == 2
    assert block.text[: first.offset].endswith("remains open")


def test_no_page_numbers_or_note_text_in_paragraphs(doc: Document) -> None:
    bodies = [n.text for n in doc.footnotes if not n.missing]
    for block in (*doc.blocks, *doc.front_matter):
        assert not re.match(r"^\d+\s", block.text), block.id
        assert not re.search(r"\s\d+$", block.text), block.id
        for body in bodies:
            assert body[:50] not in block.text, (block.id, body[:50])


def test_paragraph_joined_across_a_page_break(doc: Document) -> None:
    block = _block_with(doc, "Convergence between the US and Japanese financial systems")
    assert (block.page, block.last_page) == (2, 3)
    assert (
        "financial liberalization (arguably the most transformative aspect of globalization) "
        "already is unfolding as a critical case study." in block.text
    )
    assert block.note_numbers == (2, 3)


def test_paragraph_joined_around_a_footnote_block(doc: Document) -> None:
    # Page 23 ends in mid-paragraph above notes 51-53; page 24 goes on.
    block = _block_with(doc, "US-Japan relations take place at a number of levels")
    assert (block.page, block.last_page) == (23, 24)
    assert "national wish lists. Examination reveals that the underlying" in block.text


def test_line_end_hyphenation(doc: Document) -> None:
    text = " ".join(b.text for b in doc.blocks)
    for word in ("multilateral", "opportunities", "preventing", "something", "received"):
        assert word in text
    for word in ("Glass-Steagall", "US-Japan", "day-to-day", "large-scale", "one-for-one"):
        assert word in text
    for broken in ("mul-", "oppor-", "pre-venting", "re-ceived", "some-thing", "day-today"):
        assert broken not in text


def test_quotes_and_captions(doc: Document) -> None:
    quotes = [b for b in doc.blocks if b.kind == "quote"]
    assert [q.text[:40] for q in quotes] == [
        "The resolution of the jusen industry [in",
        "[T]he grounds for crisis are laid with p",
        "As Japanese manufacturers began to show ",
        "Two broad areas of reform should be a ma",
    ]
    assert quotes[0].note_numbers == (18,)
    captions = [b for b in doc.blocks if b.kind == "caption"]
    assert [(c.page, c.text.split(":")[0]) for c in captions] == [
        (33, "Figure 1"),
        (34, "Figure 2"),
        (35, "Figure 3"),
        (36, "Figure 5"),
        (37, "Figure 6"),
    ]
    # The paragraph after a quote is a new paragraph.
    after = _block_with(doc, "The difference between the American and Japanese regulators")
    assert after.kind == "paragraph"


def test_block_ids_are_unique_and_in_order(doc: Document) -> None:
    ids = [b.id for b in (*doc.blocks, *doc.front_matter)]
    assert len(ids) == len(set(ids))
    assert [b.id for b in doc.blocks] == [f"b{k:04d}" for k in range(1, len(doc.blocks) + 1)]


def test_parse_file_dispatches_pdf(corpus_pdf: Path, doc: Document) -> None:
    assert parse_file(corpus_pdf) == doc


# ------------------------------------------------------------- tiny PDF


def test_tiny_pdf_sections_blocks_and_notes(tiny_paper: Path) -> None:
    doc = parse_pdf(tiny_paper)
    assert [(s.label, s.title, s.level, s.page) for s in doc.sections] == [
        ("1", "Introduction", 1, 1),
        ("2", "Results", 1, 2),
    ]
    first, second, third, quote, after = doc.blocks
    assert first.text == (
        "The first paragraph opens here and tells a short story about the parser, which must "
        "find this sentence. Then it goes on with a hyphenated word and ends the paragraph here."
    )
    assert [m.number for m in first.notes] == [1]
    assert first.text[: first.notes[0].offset].endswith("find this sentence.")

    assert second.text == (
        "A second paragraph runs over the page break and keeps going until the very bottom "
        "of the page where it stops in the middle of a sentence on the next page."
    )
    assert (second.page, second.last_page) == (1, 2)
    assert second.note_numbers == (2,)

    assert third.text == (
        "Digits such as 2.2 trillion yen, 137.60 and the 1990s are not notes; "
        "neither is the G-7 or a long-term view. An author said:"
    )
    assert third.notes == ()
    assert (quote.kind, quote.text) == (
        "quote",
        "Quoted words from another author are set in from both margins, to the same measure, "
        "and run over three lines of this page.",
    )
    assert (after.kind, after.text) == ("paragraph", "After the quotation the text goes on.")

    assert [(n.number, n.text, n.page, n.cited_by) for n in doc.footnotes] == [
        (1, "The note body starts here and continues on a second line.", 1, (first.id,)),
        (2, "Second note text that runs on to the next page of the paper.", 1, (second.id,)),
    ]
    assert doc.missing_notes == ()
    assert doc.warnings == ()
    assert doc.front_matter == ()


def test_tiny_pdf_without_headings_is_one_untitled_section(make_plain_pdf) -> None:
    path = make_plain_pdf(
        [
            ["A plain page with a first paragraph that has", "two lines of text."],
            ["And a second paragraph, also on", "two lines."],
        ]
    )
    doc = parse_pdf(path)
    assert [(s.label, s.title) for s in doc.sections] == [(INTRODUCTION, "")]
    assert [b.text for b in doc.blocks] == [
        "A plain page with a first paragraph that has two lines of text.",
        "And a second paragraph, also on two lines.",
    ]
    assert doc.footnotes == ()
    assert any("no section headings" in w for w in doc.warnings)


# ------------------------------------------------------------- invariants


def _words(text: str) -> set[str]:
    # Words the way a reader sees them: a hyphen at a line end or inside a
    # compound does not split a word.
    text = re.sub(r"-\s*\n\s*", "", text).replace("-", "")
    return set(re.findall(r"[A-Za-z]+", text))


def test_no_word_of_the_page_text_is_lost_or_invented(doc: Document, corpus_pdf: Path) -> None:
    from pypdf import PdfReader

    raw = _words("\n".join(page.extract_text() for page in PdfReader(corpus_pdf).pages))
    kept = _words(
        " ".join(
            [b.text for b in (*doc.blocks, *doc.front_matter)]
            + [n.text for n in doc.footnotes]
            + [f"{s.label} {s.title}" for s in doc.sections if s.label != INTRODUCTION]
        )
    )
    # A word broken over a page break (with notes in between) is two pieces in
    # the page text and one word in the document.
    missing = raw - kept
    pieces = {w for a in missing for b in missing if a + b in kept for w in (a, b)}
    assert missing - pieces == set()
    invented = {
        w for w in kept - raw if not any(w[:i] in raw and w[i:] in raw for i in range(1, len(w)))
    }
    assert invented == set()
