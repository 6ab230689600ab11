"""The real paper: every short form found by reading its notes, resolved to the right note.

Run on both inputs: the PDF and the (faulty) text extraction must agree.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from posenqa.document import Document
from posenqa.references import body_mentions, note_references, works_cited

# note -> notes holding the full references of its short forms, in order of appearance.
SHORT_FORMS = {
    8: [7],  # Friedman, "Japan Now and the United States Then."
    12: [3],  # Vogel, Freer Markets, More Rules.
    13: [7],  # Friedman, "...", p. 41
    14: [11, 3],  # Steil, Illusions of Liberalization, and Vogel, Freer Markets, More Rules.
    15: [10],  # Ogata, "Financial Markets in Japan."
    16: [11],
    20: [2],  # Posen, Restoring Japan's Economic Growth, chapter 4
    22: [11],
    28: [3, 11],
    32: [21],  # Dwyer, "US-Japan Financial Market Relations ..." (first name dropped)
    33: [11],
    # Cargill, Hutchison, and Ito; Friedman; Glauber and Kashyap; Hoshi and Kashyap; Shimizu
    36: [18, 7, 9, 10, 17],
    37: [7, 9],
    39: [40],  # the full reference comes one note later
    41: [40],
    42: [41],  # Shafer, "International Aspects ..." (leading "The" dropped)
    45: [31],
    # Henning's short title fits only his mimeograph (not his 1994 book); "Kashyap" alone
    # picks his own chapter (34), not Glauber and Kashyap's (9) with the same title.
    48: [31, 34],
    57: [40],
    58: [10],
    62: [10],
}
# note -> author-year forms with no full reference anywhere in the paper
UNRESOLVED = {
    47: [("ACCJ",)],
    55: [("Clarida",)],
    56: [("Taylor",)],
    58: [("Fukao", "Kester")],
    60: [("Asher", "Dugger")],
}
# note -> authors of the full references it gives
FULL = {
    2: [("Suzanne Berger",), ("Adam S. Posen",)],
    3: [("Frances McCall Rosenbluth",), ("Steven Vogel",)],
    7: [("Benjamin Friedman",)],
    10: [("Shijuro Ogata",), ("Takeo Hoshi", "Anil Kashyap")],
    36: [("Adam S. Posen",)],
    41: [("Jeffrey Shafer",)],
    48: [("Toshiki Jinushi", "Yoshihiro Kuroki", "Ryuzo Miyao")],
    55: [("C. Randall Henning",)],
    60: [("W. Carl Kester",)],
}
# body block naming an author -> the note holding the work's full reference
BODY = [
    ("Friedman notes", 7),
    ("As Ogata notes", 10),
    ("Shimizu carefully documents", 17),
    ("Cargill, Hutchison, and Ito put it", 18),
    ("Steil offers", 11),
    ("As described in Steil", 11),
    ("Posen characterizes", 36),
    ("Sakakibara recalls", 40),
    ("Sakakibara describes", 40),
    ("Fukao could write", 59),
]


@pytest.fixture(params=["paper_txt", "paper_pdf"])
def paper(request: pytest.FixtureRequest) -> Document:
    return request.getfixturevalue(request.param)


def test_every_short_form_resolves_to_its_full_reference(paper: Document) -> None:
    refs = note_references(paper)
    for number, expected in SHORT_FORMS.items():
        shorts = [r for r in refs[number] if r.form == "short"]
        assert [r.resolved_from for r in shorts] == expected, number
        for ref in shorts:
            full = next(r for r in refs[ref.resolved_from] if r.key == ref.key)
            assert (ref.title, ref.year, ref.publisher) == (full.title, full.year, full.publisher)


def test_author_year_forms_without_full_reference_stay_unresolved(paper: Document) -> None:
    refs = note_references(paper)
    for number, expected in UNRESOLVED.items():
        loose = [r for r in refs[number] if r.unresolved]
        assert [r.authors for r in loose] == expected, number
        assert all(r.resolved_from is None and not r.ambiguous for r in loose)
    # Nothing else in the paper is unresolved.
    others = {n for n, rs in refs.items() for r in rs if r.unresolved}
    assert others == set(UNRESOLVED)


def test_full_references_found(paper: Document) -> None:
    refs = note_references(paper)
    for number, expected in FULL.items():
        assert [r.authors for r in refs[number] if r.form == "full"] == expected, number


def test_note_7_is_the_friedman_chapter(paper: Document) -> None:
    (ref,) = note_references(paper)[7]
    assert ref.kind == "chapter"
    assert ref.title == "Japan Now and the United States Then: Lessons from the Parallels"
    assert ref.editors == ("Ryoichi Mikitani", "Adam S. Posen")
    assert ref.container == "Japan’s Financial Crisis and Its Parallels to US Experience"
    assert (ref.publisher, ref.year, ref.key) == (
        "Institute for International Economics",
        2000,
        "friedman2000japan",
    )
    text = paper.footnote(7).text  # type: ignore[union-attr]
    assert text[ref.span[0] : ref.span[1]].startswith("Benjamin Friedman, “Japan Now")


def test_body_sentences_naming_authors_resolve_through_nearby_notes(paper: Document) -> None:
    refs = note_references(paper)
    mentions = body_mentions(paper, refs)
    for phrase, origin in BODY:
        found = [m for m in mentions if phrase in m.sentence]
        assert found, phrase
        assert found[0].reference.resolved_from == origin, phrase
    # "Steil and Vogel paint ..." names two authors: two works.
    pair = [m.reference.resolved_from for m in mentions if "Steil and Vogel" in m.sentence]
    assert pair == [11, 3]
    # "As analyzed in Posen" (its note is missing): Posen has three works, so ambiguous.
    posen = [m.reference for m in mentions if "analyzed in Posen" in m.sentence]
    assert len(posen) == 1 and posen[0].ambiguous
    # A person named without citation context is not a citation.
    assert not [m for m in mentions if "poster children" in m.sentence]


def test_works_cited_dedupes_full_and_short_forms(paper: Document) -> None:
    works = works_cited(paper)
    keys = [w.key for w in works]
    assert len(keys) == len(set(keys))
    by_key = {w.key: w for w in works}
    steil = by_key["steil1995illusions"]
    assert [c.note for c in steil.cited_in] == [11, 14, 16, 22, 28, 33]
    assert steil.reference.form == "full" and steil.reference.pages is None
    # Each citation carries the section and the sentence of the block citing the note.
    first = steil.cited_in[0]
    assert first.section == "1B" and first.sentence and "Glass-Steagall" in first.sentence
    assert by_key["taylor2000"].reference.unresolved
    # The body's "NDU (2000)" (its note is missing) is listed too, unresolved.
    assert by_key["ndu2000"].reference.unresolved
    distinct_full = {
        r.key for rs in note_references(paper).values() for r in rs if r.form == "full"
    }
    assert distinct_full <= set(keys)


def test_another_papers_notes(corpus_pdf: Path) -> None:
    """A government report with notes in another style: no parentheses, "Ibid."."""
    from posenqa.parsing import parse_file

    # tests/conftest.py's REAL_PDFS: ../shared/realpdfs beside the project.
    real_pdfs = corpus_pdf.parent.parent.parent / "shared" / "realpdfs"
    pdf = real_pdfs / "crs_R48913_corporate_tax_revenue_maximizing_rate.pdf"
    if not pdf.is_file():
        pytest.skip(f"{pdf} is not available")
    refs = note_references(parse_file(pdf))
    full = [r for rs in refs.values() for r in rs if r.form == "full"]
    assert len(full) >= 25
    assert sum(1 for r in full if r.url) >= 10
    clausing = [r for rs in refs.values() for r in rs if r.key.startswith("clausing2007")]
    # Given in full twice, then by a short form that resolves to the first.
    shorts = [r for r in clausing if r.form == "short"]
    assert shorts and all(r.resolved_from == clausing[0].note for r in shorts)
    assert all(r.container == "International Tax and Public Finance" for r in clausing)
