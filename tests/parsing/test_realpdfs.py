"""The PDF parser on two real papers from other typesetters (skipped when they are absent).

Expected note numbers and pages were written down from reading the PDFs'
pages (the note areas at each page foot and the printed page numbers), not
from the parser's output:

- the CRS report (Word, via iText): notes 1-52 with a plain raised number,
  printed page 1 on physical page 5, notes 20 and 36 running on to the next
  page under a "(continued...)" line;
- the arXiv paper (pdfLaTeX): notes 1-31 with raised numbers, printed page
  numbers in the running head, and symbol notes (*, †) on the title page.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from posenqa.document import Document
from posenqa.parsing.pdf import parse_pdf

# Beside the checkout (as REAL_PDFS in tests/conftest.py; conftest modules are not
# importable under --import-mode=importlib), or the machine's shared folder.
REAL_PDFS = next(
    (
        d
        for d in (
            Path(__file__).resolve().parents[3] / "shared" / "realpdfs",
            Path("/work/shared/realpdfs"),
        )
        if d.is_dir()
    ),
    Path(__file__).resolve().parents[3] / "shared" / "realpdfs",
)
CRS = REAL_PDFS / "crs_R48913_corporate_tax_revenue_maximizing_rate.pdf"
ARXIV = REAL_PDFS / "census_2010_reconstruction_abowd_arxiv2312.11283.pdf"


def _pages(spec: dict[int, tuple[int, ...]]) -> dict[int, int]:
    return {n: page for page, numbers in spec.items() for n in numbers}


# Printed page -> the notes whose bodies start at its foot.
CRS_NOTE_PAGES = _pages(
    {
        1: (1, 2, 3, 4, 5),
        2: (6, 7),
        3: (8,),
        4: (9, 10, 11, 12),
        5: (13,),
        6: (14, 15),
        7: (16, 17, 18, 19, 20),
        8: (21, 22, 23),
        9: (24, 25, 26, 27, 28),
        10: (29, 30),
        11: (31, 32),
        12: (33, 34, 35, 36),
        13: (37, 38, 39),
        14: (40, 41, 42, 43),
        15: (44, 45, 46),
        17: (47,),
        18: (48, 49, 50),
        19: (51, 52),
    }
)
ARXIV_NOTE_PAGES = _pages(
    {
        5: (1,),
        6: (2, 3),
        13: (4, 5),
        14: (6, 7, 8, 9),
        15: (10, 11),
        16: (12, 13),
        17: (14, 15),
        21: (16,),
        24: (17, 18),
        27: (19,),
        30: (20,),
        32: (21,),
        33: (22, 23),
        34: (24,),
        36: (25, 26),
        40: (27,),
        41: (28, 29, 30),
        44: (31,),
    }
)


def _parse(path: Path) -> Document:
    if not path.exists():
        pytest.skip(f"{path.name} is not available")
    return parse_pdf(path)


@pytest.fixture(scope="module")
def crs() -> Document:
    return _parse(CRS)


@pytest.fixture(scope="module")
def arxiv() -> Document:
    return _parse(ARXIV)


@pytest.mark.parametrize(
    ("name", "expected"), [("crs", CRS_NOTE_PAGES), ("arxiv", ARXIV_NOTE_PAGES)]
)
def test_every_numbered_note_found_with_its_page(
    name: str, expected: dict[int, int], request: pytest.FixtureRequest
) -> None:
    doc: Document = request.getfixturevalue(name)
    assert {n.number: n.page for n in doc.footnotes} == expected
    assert doc.missing_notes == ()


@pytest.mark.parametrize("name", ["crs", "arxiv"])
def test_every_note_is_cited_by_a_body_block(name: str, request: pytest.FixtureRequest) -> None:
    doc: Document = request.getfixturevalue(name)
    for note in doc.footnotes:
        assert note.cited_by, f"note {note.number} has no marker"
    assert not [w for w in doc.warnings if "no marker" in w]


def test_crs_notes_continue_across_pages(crs: Document) -> None:
    note = crs.footnote(20)
    assert note is not None
    assert note.text.startswith("See Joint Committee on Taxation, U.S. International Tax Policy")
    assert "which compared 2017 and 2018 tax data; and U.S. Department of the Treasury" in note.text
    assert note.text.endswith("which compared Commerce Department data from 2000 through 2019.")
    assert "continued" not in note.text
    note = crs.footnote(36)
    assert note is not None
    assert note.text.startswith("Ali Balki, “The Corporate Income Tax Rate Maximizing")
    assert note.text.endswith("THE_UNITED_STATES_AND_TURKIYE.")


def test_crs_printed_pages_differ_from_physical(crs: Document) -> None:
    intro = next(s for s in crs.sections if s.title == "Introduction")
    assert intro.page == 1  # physical page 5
    assert crs.blocks[0].text.startswith("Economists have long recognized")
    # Running heads and footers never reach the text.
    for block in crs.blocks:
        assert not re.search(r"Congressional Research Service\s+\d", block.text), block.id
        assert not block.text.startswith("Corporate Taxation: The Revenue-Maximizing Tax Rate")


def test_arxiv_sections_with_dotted_numbers(arxiv: Document) -> None:
    labels = [s.label for s in arxiv.sections]
    for label in ("1", "2", "2.1", "2.4", "3", "3.1", "4", "4.2", "5", "8", "8.3", "11"):
        assert label in labels
    levels = {s.label: s.level for s in arxiv.sections}
    assert (levels["2"], levels["2.1"]) == (1, 2)
    titles = {s.label: s.title for s in arxiv.sections}
    assert titles["1"] == "Introduction"
    assert titles["2.3"] == "Related Work"  # a run-in heading: its paragraph is body text
    assert arxiv.blocks[0].section == "1"


def test_arxiv_symbol_notes_are_not_numbered_notes(arxiv: Document) -> None:
    assert all(n.number >= 1 for n in arxiv.footnotes)
    assert not any("Corresponding author" in n.text for n in arxiv.footnotes)
    assert arxiv.title == "The 2010 Census Confidentiality Protections Failed, Here’s How and Why"
    note = arxiv.footnote(12)
    assert note is not None
    assert "Experian Marketing Solutions Incorporated, Infogroup Incorporated" in note.text


def test_arxiv_list_items_are_blocks_with_their_wrapped_lines(arxiv: Document) -> None:
    items = [b for b in arxiv.blocks if b.section == "1" and b.text.startswith("•")]
    assert len(items) == 8  # the contributions listed in the introduction
    assert items[0].text == (
        "• the first demonstration supported by a national statistical agency that the "
        "reconstruction predicted by Dinur and Nissim (2003) is feasible at scale using its "
        "flagship publication;"
    )
