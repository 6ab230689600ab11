"""The library's labels: author-year from the best metadata, a case's name for opinions."""

from __future__ import annotations

import pytest

from posenqa.document import Block, Document, Section
from posenqa.library.labels import Metadata, best_metadata, short_label


def _document(title: str, author: str, year: int | None, first_page: list[str]) -> Document:
    blocks = tuple(
        Block(f"b{i:03d}", "paragraph", "intro", 1, 1, text) for i, text in enumerate(first_page)
    )
    return Document(
        title=title, author=author, year=year, source="x.pdf", sha256="0" * 64, pages=1,
        sections=(Section("intro", "", 1, 1),), blocks=blocks, footnotes=(),
    )  # fmt: skip


# The first-page lines and metadata below are those the parser gives for the court
# opinions in ../shared/realpdfs (a court of appeals' order, an opinion whose parties
# span lines, a Supreme Court preliminary print and a slip opinion).
OPINIONS = [
    (
        _document(
            "UNITED STATES COURT OF APPEALS",
            "TENTH CIRCUIT",
            2010,
            [
                "FILED",
                "United States Court of Appeals Tenth Circuit",
                "February 5, 2010",
                "Elisabeth A. Shumaker Clerk of Court",
                "STEVEN MONTRAIL TRIPLET,",
                "Petitioner - Appellant, v. No. 06-6247",
                "(W.D. Okla.)",
                "ERIC FRANKLIN, Warden, (D.C. No. 5:06-CV-00376-C)",
                "Respondent – Appellee.",
            ],
        ),
        Metadata("Triplet v. Franklin", "U.S. Court of Appeals for the Tenth Circuit", 2010),
        "Triplet v. Franklin (10th Cir. 2010)",
    ),
    (
        _document(
            "ca3_09-1225_travelers_v_dammann_2010",
            "",
            2010,
            [
                "PRECEDENTIAL",
                "UNITED STATES COURT OF APPEALS",
                "FOR THE THIRD CIRCUIT",
                "No. 09-1225",
                "THE TRAVELERS INDEMNITY COMPANY",
                "v.",
                "DAMMANN & CO., INC. and",
                "INTERNATIONAL FLAVORS & FRAGRANCES INC.",
            ],
        ),
        Metadata(
            "Travelers Indemnity Company v. Dammann & Co.",
            "U.S. Court of Appeals for the Third Circuit",
            2010,
        ),
        "Travelers Indemnity Company v. Dammann & Co. (3d Cir. 2010)",
    ),
    (
        _document(
            "OFFICIAL REPORTS",
            "THE SUPREME COURT",
            2022,
            [
                "528 OCTOBER TERM, 2021",
                "Syllabus",
                "KEMP v. UNITED STATES",
                "certiorari to the united states court of appeals for",
                "the eleventh circuit",
            ],
        ),
        Metadata("Kemp v. United States", "Supreme Court of the United States", 2022),
        "Kemp v. United States (2022)",
    ),
    (
        # The slip's /Title carries the decision date: its year, not the term's.
        _document(
            "24-5438 Bowe v. United States (01/09/2026)",
            "",
            2025,
            [
                "(Slip Opinion) OCTOBER TERM, 2025 1",
                "See United States v. Detroit Timber & Lumber Co., 200 U. S. 321, 337.",
                "SUPREME COURT OF THE UNITED STATES",
                "Syllabus",
                "BOWE v. UNITED STATES",
            ],
        ),
        Metadata("Bowe v. United States", "Supreme Court of the United States", 2026),
        "Bowe v. United States (2026)",
    ),
]


@pytest.mark.parametrize(("document", "metadata", "label"), OPINIONS)
def test_a_court_opinion_is_named_by_its_caption_and_court(
    document: Document, metadata: Metadata, label: str
) -> None:
    assert best_metadata(document) == metadata
    assert short_label(metadata.title, metadata.author, metadata.year, "id") == label


def test_a_paper_keeps_the_parsers_metadata_without_web_addresses() -> None:
    gao = _document(
        "GAO-05-927, MANAGING FOR RESULTS", "U.S. Government Accountability Office, "
        "http://www.gao.gov", 2005, ["A paragraph that mentions v. nothing in particular."],
    )  # fmt: skip
    assert best_metadata(gao) == Metadata(
        "GAO-05-927, MANAGING FOR RESULTS", "U.S. Government Accountability Office", 2005
    )
    # A case cited in a paper's text does not make the paper an opinion.
    paper = _document("Banks", "Ann Alpha", 1999, ["As in Kane v. United States, banks failed."])
    assert best_metadata(paper) == Metadata("Banks", "Ann Alpha", 1999)


@pytest.mark.parametrize(
    ("author", "year", "label"),
    [
        ("Adam S. Posen", 2001, "Posen 2001"),
        ("Posen, Adam S.", 2001, "Posen 2001"),  # surname first
        ("Wen W. Shen, Dorothy C. Kafka", 2026, "Shen and Kafka 2026"),
        ("Ann Alpha and Ben Beta", 1999, "Alpha and Beta 1999"),
        ("John M. Abowd, Tamara Adams, Robert Ashmead", 2023, "Abowd et al. 2023"),
        # PDF info that runs the names together, two words each
        ("John Abowd Robert Ashmead Simson Garfinkel", 2019, "Abowd et al. 2019"),
        ("Martin Luther King Jr.", 1963, "King 1963"),
        ("U.S. Government Accountability Office", 2005, "GAO 2005"),
        ("Congressional Research Service", 2026, "CRS 2026"),
        ("World Bank", 2020, "World Bank 2020"),  # too short for initials
        ("", 2020, "paper-id 2020"),
        ("Ann Alpha", None, "Alpha"),
    ],
)
def test_author_year_labels(author: str, year: int | None, label: str) -> None:
    assert short_label("A Title", author, year, "paper-id") == label


def test_a_heading_names_a_case_once() -> None:
    from posenqa.library.registry import PaperEntry

    case = PaperEntry(
        id="ca10", source="/x.pdf", title="Triplet v. Franklin",
        author="U.S. Court of Appeals for the Tenth Circuit", year=2010,
    )  # fmt: skip
    assert case.heading == "Triplet v. Franklin (10th Cir. 2010)"
    paper = PaperEntry(id="p", source="/p.pdf", title="Banks", author="Ann Alpha", year=1999)
    assert paper.heading == "Alpha 1999, Banks"


def test_a_citation_of_the_tui_names_an_opinion_by_its_caption() -> None:
    import posenqa.references as refs
    from posenqa.tui.cite import passage_citation

    document, _, _ = OPINIONS[2]  # the parser's metadata: "OFFICIAL REPORTS", "THE SUPREME COURT"
    text = passage_citation(refs, document, 1, "chicago").text
    assert text.startswith("Supreme Court of the United States, Kemp v. United States"), text
