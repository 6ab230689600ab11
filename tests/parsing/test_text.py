"""The plain-text parser on the paper's real text extraction.

Every expected value below was written down from reading
``corpus/posen-2001-wp01-8.txt`` (its pages, notes and headings), not copied
from the parser's output.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from posenqa.document import FRONT_MATTER, INTRODUCTION, Document
from posenqa.errors import InputError
from posenqa.parsing import parse_file
from posenqa.parsing.text import author_names, parse_text


@pytest.fixture(scope="module")
def doc(corpus_txt: Path) -> Document:
    return parse_text(corpus_txt)


def _block_with(doc: Document, phrase: str):
    found = [b for b in doc.blocks if phrase in b.text]
    assert len(found) == 1, f"{phrase!r} in {len(found)} blocks"
    return found[0]


def test_metadata(doc: Document, corpus_txt: Path) -> None:
    assert doc.title == (
        "Finance and Changing US-Japan Relations: Convergence Without Leverage—Until Now"
    )
    assert doc.author == "Adam S. Posen"
    assert doc.year == 2001
    assert doc.source == "posen-2001-wp01-8.txt"
    assert re.fullmatch(r"[0-9a-f]{64}", doc.sha256)
    # A cover without a number, printed pages 1-35, then one page per figure (5).
    assert doc.pages == 1 + 35 + 5


def test_sections(doc: Document) -> None:
    assert [(s.label, s.title, s.level, s.page) for s in doc.sections] == [
        (INTRODUCTION, "", 1, 2),
        (
            "1",
            "THE COURSE OF FINANCIAL LIBERALIZATION SO FAR IN THE UNITED STATES AND JAPAN",
            1,
            4,
        ),
        ("1A", "The United States", 2, 5),
        ("1B", "Japan", 2, 7),
        ("1C", "Financial Flows between the United States and Japan", 2, 12),
        ("2", "THE EFFECT OF FINANCIAL DEVELOPMENTS ON US-JAPAN RELATIONS TO DATE", 1, 15),
        ("2A", "Relations over Financial Regulations and Financial Services Trade", 2, 16),
        ("2B", "Relations over Capital Flows", 2, 21),
        ("2C", "Relations over the Financial Model for Emulation", 2, 24),
        (
            "3",
            "THE COMING TRANSFORMATION OF JAPANESE FINANCE AND ITS IMPACT ON US-JAPAN RELATIONS",
            1,
            31,
        ),
    ]


def test_section_boundaries(doc: Document) -> None:
    first = {s.label: next(b for b in doc.blocks if b.section == s.label) for s in doc.sections}
    assert first[INTRODUCTION].text.startswith("In the postwar era, US-Japan economic relations")
    assert first["1"].text.startswith("For this chapter, the independent variable")
    assert first["1A"].text.startswith("The United States financial system was characterized")
    assert first["1B"].text.startswith("The Japanese financial system traditionally featured")
    assert first["1C"].text.startswith("It is often observed that capital flows between nations")
    assert first["2"].text.startswith("The American and Japanese financial systems have been")
    assert first["2A"].text.startswith("In theory, banking regulators should form")
    assert first["2B"].text.startswith("The largest swing in capital flowing")
    assert first["2C"].text.startswith("US-Japan relations take place at a number of levels")
    assert first["3"].text.startswith("Looking at the time since financial deregulation began")
    # No heading text leaks into the paragraph before it.
    assert _block_with(doc, "expense of the two states").text.endswith("of the two states.")
    assert not any("STATES AND JAPAN" in b.text for b in doc.blocks)


def test_front_matter(doc: Document) -> None:
    front = " ".join(b.text for b in doc.front_matter)
    assert all(b.section == FRONT_MATTER for b in doc.front_matter)
    assert "I am grateful to W. Bowman Cutter" in front
    assert "aposen@iie.com" in front
    assert "All rights reserved" in front
    body = " ".join(b.text for b in doc.blocks)
    for phrase in ("aposen@iie.com", "All rights reserved", "Senior Fellow", "Number WP01-8"):
        assert phrase not in body


def test_block_ids_in_reading_order(doc: Document) -> None:
    ids = [b.id for b in (*doc.front_matter, *doc.blocks)]
    assert ids == [f"b{i:04d}" for i in range(1, len(ids) + 1)]


def test_notes_with_bodies_and_missing(doc: Document) -> None:
    present = {n.number for n in doc.footnotes if not n.missing}
    assert present == set(range(1, 61)) | {62}
    # 61's body is lost (its tail merged into 60), 63-77 were never extracted.
    assert doc.missing_notes == (61, *range(63, 78))
    assert all(doc.footnote(n).text == "" for n in doc.missing_notes)  # type: ignore[union-attr]
    assert any("61, 63-77" in w for w in doc.warnings)


NOTES = {
    1: "In the language of the introduction to this volume, the general picture is one of "
    "tension (instead of harmony), but more cooperation than conflict in terms of results, "
    "although there were mutual gains missed.",
    8: "Friedman, “Japan Now and the United States Then.”",
    25: "American Chamber of Commerce in Japan, US-Japan Business White Paper 2001 (Tokyo: "
    "2001). Among the G-7, the next highest ratio of FDI outflow-to-inflow is 2.8 for "
    "Germany, while all the rest are below 1.5.",
    # Continued at the top of the next page's notes.
    27: "In a speech on 23 June 1997, at Columbia University then Prime Minister Ryutaro "
    "Hashimoto said Japan had been “tempted to sell US Treasuries and buy gold” on a number "
    "of occasions, mostly arising when the United States failed to stabilize exchange rates. "
    "In an editorial in The Financial Times the next day, this remark was characterized as a "
    "“veiled threat.”",
    # "mid-" ends a line: a real hyphen before a number.
    28: "Vogel, Freer Markets, More Rules, and Steil, Illusions of Liberalization, argue that "
    "through the mid-1990s the power and preferences of Japanese (mostly MOF) bureaucrats "
    "determined a uniquely Japanese form of financial liberalization which included "
    "persistent or re-regulation. For purposes of this paper, however, the broad similarities "
    "of pressures on both the Japanese and American banking systems, the similar rise of "
    "securitized corporate finance, the common experience of financial crisis and regulatory "
    "forbearance in response, and the enhancements in information and access available to "
    "investors constitute essentially the same process of liberalization.",
    36: "Posen, Adam S., “Introduction: Financial Similarities and Monetary Differences,” in "
    "Ryoichi Mikitani and Adam S. Posen, eds., Japan’s Financial Crisis and Its Parallels to "
    "US Experience (Insititute for International Economics, 2000), pp. 7-8. This is a "
    "mainstream view in economics. Cargill, Hutchison, and Ito, Financial Policy and Central "
    "Banking in Japan; Friedman, “Japan Now and the United States Then;” Glauber and "
    "Kashyap, “Discussions of the Financial Crisis;” Hoshi and Kashyap, Corporate Financing "
    "and Governance in Japan; and Shimizu, “Convoy Regulation, Bank Management, and the "
    "Financial Crisis in Japan,” all make similar assessments.",
    41: "Sakakibara, “US-Japanese Economic Policy Conflicts and Coordination,” claims that this "
    "reform was only possible because the US government became more “pragmatic” following "
    "the Russian bond default and LTCM collapse bringing the crisis home. He blames the US "
    "puritanism on bank reform for the Japanese public’s reluctance to inject public capital "
    "into the banks. Jeffrey Shafer, “The International Aspects of Japanese Monetary "
    "Policy,” in Ryoichi Mikitani and Adam S. Posen, eds., Japan’s Financial Crisis and Its "
    "Parallels to US Experience (Institute for International Economics, 2000), strenuously "
    "contradicts this view of US government intentions.",
    # The extraction merged the tail of the lost note 61 into 60: kept as printed.
    60: "W. Carl Kester, “American and Japanese Corporate Governance: Convergence to Best "
    "Practice?” in Suzanne Berger and Ronald Dore, eds., National Diversity and Global "
    "Capitalism (Cornell University ME Sharpe, 1998), and Asher and Dugger (2000).",
    # Its continuation page was never extracted: the note stops mid-sentence.
    62: "Again, Hoshi and Kashyap, Corporate Financing and Governance in Japan, collects much "
    "of the research to date. Recently, some authors have begun to speak of Japan’s economic "
    "success in the entire postwar period as coming despite its financial system, and the US "
    "financial system making up for other",
}


@pytest.mark.parametrize("number", sorted(NOTES))
def test_note_text_whole(doc: Document, number: int) -> None:
    note = doc.footnote(number)
    assert note is not None
    assert note.text == NOTES[number]


def test_note_pages(doc: Document) -> None:
    pages = {n.number: n.page for n in doc.footnotes}
    assert (pages[1], pages[3], pages[27], pages[36], pages[41], pages[62]) == (
        2,
        3,
        14,
        17,
        18,
        27,
    )
    assert pages[61] == 27  # a missing note takes its marker's page


def _marker_offset(doc: Document, number: int):
    block = next(b for b in doc.blocks if number in b.note_numbers)
    offset = next(m.offset for m in block.notes if m.number == number)
    return block, offset


def test_markers_linked(doc: Document) -> None:
    block, offset = _marker_offset(doc, 1)
    assert block.text[:offset].endswith("institution building and policy coordination.")
    assert doc.footnote(1).cited_by == (block.id,)  # type: ignore[union-attr]
    block, offset = _marker_offset(doc, 2)
    assert block.text[:offset].endswith("remains open")
    assert block.text[offset:].startswith("—and the specific outcome")
    block, offset = _marker_offset(doc, 8)
    assert block.text[:offset].endswith("Friedman")
    assert block.text[offset:].startswith(" notes that the vacancy rate")
    block, offset = _marker_offset(doc, 43)
    assert block.text[:offset].endswith("fall 1998,")
    block, offset = _marker_offset(doc, 47)
    assert block.text[:offset].endswith("market share of 10-33 percent in the rest of the G-7.")
    block, offset = _marker_offset(doc, 50)
    assert block.text[:offset].endswith("annual inflows of 1989-90.")
    block, offset = _marker_offset(doc, 75)
    assert block.text[:offset].endswith("from defaulted borrowers")


def test_every_marker_once_in_order(doc: Document) -> None:
    order = [m.number for b in doc.blocks for m in b.notes]
    assert order == list(range(1, 78))


def test_ordinary_digits_are_not_markers(doc: Document) -> None:
    body = " ".join(b.text for b in doc.blocks)
    for phrase in (
        "2.2 trillion yen",
        "at 137.60 per dollar",
        "in the 1990s",
        "G-7 summits",
        "1997-98",
        "as of FY1998, foreign insurers",
        "4.6 percent of the total market",
        "Figures 4-5",
    ):
        assert phrase in body, phrase


def test_markers_removed_from_text(doc: Document) -> None:
    assert "coordination.1" not in _block_with(doc, "building and policy coordination").text
    assert "Friedman notes that" in _block_with(doc, "Friedman notes that").text
    assert "remains open—and" in _block_with(doc, "remains open—and").text


def test_no_page_numbers_or_note_text_in_paragraphs(doc: Document) -> None:
    body = [b.text for b in doc.blocks]
    for text in body:
        assert "  " not in text
        assert not re.search(r"\b(?:7|20) (?:appears to be|Trade in financial)", text)
    for note in doc.footnotes:
        if note.text:
            head = note.text[:45]
            assert not any(head in text for text in body), note.number
    assert not any("Among the G-7, the next highest ratio" in t for t in body)
    assert not any("ME Sharpe" in t for t in body)


def test_paragraph_joined_across_page_break(doc: Document) -> None:
    # Page 2 ends mid-sentence; its notes come between the two halves.
    block = _block_with(doc, "remains open—and")
    assert "(arguably the most transformative aspect of globalization) already" in block.text
    assert (block.page, block.last_page) == (2, 3)
    # Page 5 ends at a sentence end but the paragraph goes on (no notes in between).
    block = _block_with(doc, "short-term financing option. Meanwhile, more depositors")
    assert (block.page, block.last_page) == (5, 6)
    # A line-end hyphen at a page foot: "long-" / " term credit banks".
    assert (
        "The three long-term credit banks made the biggest shift"
        in _block_with(doc, "three long-term").text
    )


def test_paragraph_boundaries(doc: Document) -> None:
    first = _block_with(doc, "In the postwar era")
    assert first.text.endswith("the management and costs of industrial adjustment.")
    assert _block_with(doc, "Financial liberalization and integration could").text.startswith(
        "Financial liberalization and integration could change all this."
    )
    # A paragraph starting after a stray page number (" 20").
    trade = _block_with(doc, "Trade in financial services has also")
    assert trade.text.startswith("Trade in financial services has also") and trade.page == 20


def test_hyphenation(doc: Document) -> None:
    body = " ".join(b.text for b in doc.blocks)
    for phrase in (
        "holes in Glass-Steagall’s rules",
        "most of the long-term lending for industry",
        "whether such self-regulation will be effective",
        "lending to small- and medium-enterprises",
        "were non-performing",
        "one-seventh",
        "day-to-day supervision",
        "to have on-hand cash",
        "debt-to-GDP ratio",
        "cross-border portfolio equity flows",
        "Cross-shareholdings have begun",
        "mark-to-market accounting",
        "financial crisis–underscored the partial nature",
    ):
        assert phrase in body, phrase


def test_block_quotes(doc: Document) -> None:
    quotes = [b for b in doc.blocks if b.kind == "quote"]
    assert [q.text[:40] for q in quotes] == [
        "The resolution of the jusen industry [in",
        "[T]he grounds for crisis are laid with p",
        "As Japanese manufacturers began to show ",
        "Two broad areas of reform should be a ma",
    ]
    assert quotes[0].text.endswith("increased the ultimate resolution costs.")
    assert quotes[0].note_numbers == (18,)
    assert quotes[1].text.endswith("this was also the story in Japan in the 1990s...")
    assert quotes[1].note_numbers == (36,)
    assert quotes[3].text.endswith("how capital is raised and allocated [by Japanese businesses].")
    assert quotes[3].note_numbers == (70,)
    # The paragraphs that introduce them end at the colon.
    assert _block_with(doc, "put it very well").text.endswith("put it very well:")
    assert _block_with(doc, "Fukao could write").text.endswith("Fukao could write:")


def test_captions(doc: Document) -> None:
    captions = [b for b in doc.blocks if b.kind == "caption"]
    assert [c.text for c in captions] == [
        "Figure 1: Allocation of US household wealth",
        "Figure 2: Allocation of personal savings in Japan",
        "Figure 3: Foreign direct investment",
        "Figure 5: Japanese share of total foreign sales and purchases of US Treasury bonds, notes",
        "Figure 6: Performance of Dow Jones and Nikkei",
    ]
    assert doc.blocks[-1].kind == "caption"
    # The body text that mentions a figure is not a caption.
    assert _block_with(doc, "Figure 3 gives the picture").kind == "paragraph"


def test_roundtrip_json(doc: Document) -> None:
    assert Document.from_dict(doc.to_dict()) == doc


def test_parse_file_dispatches_text(corpus_txt: Path) -> None:
    assert parse_file(corpus_txt).source == corpus_txt.name


@pytest.mark.parametrize("content", [b"", b"   \n\n \t \f \n"])
def test_empty_file_is_an_input_error(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(content)
    with pytest.raises(InputError, match="no text"):
        parse_text(path)


def test_text_without_structure_is_one_untitled_section(tmp_path: Path) -> None:
    path = tmp_path / "plain.txt"
    path.write_text(
        "A first paragraph of plain prose that has no numbered heading at all.\n\n"
        "A second paragraph that says something else, also without notes.\n",
        encoding="utf-8",
    )
    doc = parse_text(path)
    assert [(s.label, s.title) for s in doc.sections] == [(INTRODUCTION, "")]
    assert [b.text for b in doc.blocks] == [
        "A first paragraph of plain prose that has no numbered heading at all.",
        "A second paragraph that says something else, also without notes.",
    ]
    assert doc.footnotes == ()
    assert any("no section headings" in w for w in doc.warnings)
    assert doc.title == "plain"  # no title page: the file name stands in
    assert (doc.author, doc.year) == ("", None)


# A single-spaced extraction of another paper: form feeds between pages, page
# numbers at the foot, a rule above the notes, "1 Introduction"-style headings,
# hyphenation that is soft (the joined word occurs elsewhere) and real.
OTHER_PAPER = """\
Bank Runs and Deposit Insurance

Jane Q. Smith

March 1999

Abstract: We study deposit insurance in a simple model.

1 Introduction

Deposit insurance prevents runs, as argued by Diamond and Dybvig.1 It
also creates moral hazard, a cost that regulation must offset. This regu-
lation is the subject of the paper.

Banks hold 2.5 percent of assets in reserves, down from 4.1 percent in
the 1980s.2

____________________
1 Diamond and Dybvig (1983), the classic reference.
2 Federal Reserve data, 1980-1998; see the appendix for the long-
term series.

                                   1
\f2 The Model

2.1 Setup

A bank has a continuum of depositors,3 each of whom may withdraw early.

____________________
3 The continuum is a normalization.

                                   2
\f"""


def test_other_paper_layout(tmp_path: Path) -> None:
    path = tmp_path / "smith.txt"
    path.write_text(OTHER_PAPER, encoding="utf-8")
    doc = parse_text(path)
    assert (doc.title, doc.author, doc.year, doc.pages) == (
        "Bank Runs and Deposit Insurance",
        "Jane Q. Smith",
        1999,
        2,
    )
    assert [(s.label, s.title, s.level, s.page) for s in doc.sections] == [
        ("1", "Introduction", 1, 1),
        ("2", "The Model", 1, 2),
        ("2.1", "Setup", 2, 2),
    ]
    assert [b.text for b in doc.blocks] == [
        "Deposit insurance prevents runs, as argued by Diamond and Dybvig. It also creates "
        "moral hazard, a cost that regulation must offset. This regulation is the subject of "
        "the paper.",
        "Banks hold 2.5 percent of assets in reserves, down from 4.1 percent in the 1980s.",
        "A bank has a continuum of depositors, each of whom may withdraw early.",
    ]
    assert [m.number for b in doc.blocks for m in b.notes] == [1, 2, 3]
    assert {n.number: n.text for n in doc.footnotes} == {
        1: "Diamond and Dybvig (1983), the classic reference.",
        2: "Federal Reserve data, 1980-1998; see the appendix for the long-term series.",
        3: "The continuum is a normalization.",
    }
    assert "Abstract: We study deposit insurance in a simple model." in [
        b.text for b in doc.front_matter
    ]


def test_running_heads_are_dropped(tmp_path: Path) -> None:
    pages = [
        f"Journal of Banking Studies, Vol. 3\n\nPage {n} holds a paragraph about a topic that "
        f"runs on for a while\nand ends on short line {n}.\n"
        for n in ("one", "two", "three", "four")
    ]
    path = tmp_path / "heads.txt"
    path.write_text("\f".join(pages), encoding="utf-8")
    doc = parse_text(path)
    assert doc.pages == 4
    texts = [b.text for b in (*doc.front_matter, *doc.blocks)]
    assert not any("Journal of Banking Studies" in t for t in texts)
    assert [t for t in texts if t.startswith("Page")] == [
        f"Page {n} holds a paragraph about a topic that runs on for a while and ends on short "
        f"line {n}."
        for n in ("one", "two", "three", "four")
    ]


def test_numbered_list_items_are_not_headings(tmp_path: Path) -> None:
    path = tmp_path / "list.txt"
    path.write_text(
        "1. Introduction\n\n"
        "We make three points in this paper, which the sections below develop:\n\n"
        "1. Banks Fail Often\n\n"
        "2. Markets Adjust Slowly\n\n"
        "3. Regulators Learn Late\n\n"
        "The rest of the paper is organised around these three points in turn.\n\n"
        "2. The Model\n\n"
        "A bank has depositors.\n",
        encoding="utf-8",
    )
    doc = parse_text(path)
    assert [(s.label, s.title) for s in doc.sections] == [
        ("1", "Introduction"),
        ("2", "The Model"),
    ]
    assert "2. Markets Adjust Slowly" in [b.text for b in doc.blocks]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Adam S. Posen", "Adam S. Posen"),
        ("by Jane Smith and J. R. Doe", "Jane Smith and J. R. Doe"),
        ("A. Author, B. Writer", "A. Author, B. Writer"),
        ("ADAM S. POSEN", "ADAM S. POSEN"),
        ("Senior Fellow,", None),
        ("Institute for International Economics", None),
        ("Convergence Without", None),  # title words, not a name
        ("FINANCE AND CHANGING", None),  # capitals without an initial: a title
        ("Posen", None),  # one word is too little
    ],
)
def test_author_names(line: str, expected: str | None) -> None:
    assert author_names(line) == expected


def test_title_and_several_authors(tmp_path: Path) -> None:
    path = tmp_path / "two.txt"
    path.write_text(
        "Bank Runs and Deposit Insurance\n\nJane Smith and John Doe\n\n"
        "June 12, 2003\n\nAbstract: A model of runs.\n\n"
        "1. Introduction\n\nRuns happen when depositors fear that others will run first.\n",
        encoding="utf-8",
    )
    doc = parse_text(path)
    assert (doc.title, doc.author, doc.year) == (
        "Bank Runs and Deposit Insurance",
        "Jane Smith and John Doe",
        2003,
    )
