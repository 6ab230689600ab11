"""Legal citations that need the body text or a later note: names, short forms, typos."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from posenqa.references import (
    note_references,
    resolve_notes,
    sequence_references,
    works_cited,
)
from posenqa.references.legal import find_legal
from posenqa.references.legal_body import BODY
from posenqa.references.legal_names import case_names
from posenqa.references.records import reference_status
from posenqa.references.works import resolution

from .conftest import make_document

REAL_PDFS = Path(
    os.environ.get("POSENQA_REAL_PDFS", Path(__file__).resolve().parents[3] / "shared" / "realpdfs")
)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        # eyecite stops at the lower-case "on" inside the name
        (
            "See Cent. Maine Power Co. v. Maine Comm’n on Governmental Ethics & Election "
            "Pracs., 144 F.4th 9, 31 (1st Cir. 2025).",
            "Cent. Maine Power Co. v. Maine Comm’n on Governmental Ethics & Election Pracs.",
        ),
        # "In" opens the sentence; it is not "In re"
        (
            "In Goldson v. Carver Boat Corp., 707 A.2d 193 (N.J. Super. Ct. App. Div. 1998), "
            "the court held so.",
            "Goldson v. Carver Boat Corp.",
        ),
        # eyecite starts the name at "Co."
        (
            "Travelers Indem. Co. v. Dammann & Co., Inc., 592 F. Supp. 2d 752 (D.N.J. 2008).",
            "Travelers Indem. Co. v. Dammann & Co., Inc.",
        ),
        ("Ex Parte Dickerson, 94 P.2d 951, 954 (Okla. Crim. App. 1939).", "Ex Parte Dickerson"),
        # eyecite starts these names inside a party
        (
            "See also George M. Brewster & Son, Inc. v. Catalytic Constr. Co., 109 A.2d 805 "
            "(N.J. 1954).",
            "George M. Brewster & Son, Inc. v. Catalytic Constr. Co.",
        ),
        ("See 2-J Corp. v. Tice, 126 F.3d 539 (3d Cir. 1997).", "2-J Corp. v. Tice"),
        # a sentence ends before the name: it is not part of it
        ("It was the President. Trump v. Vance, 591 U. S. 786 (2020).", "Trump v. Vance"),
        # a name broken at a line end
        ("Boechler v. Com - missioner, 596 U. S. 199, 203 (2022).", "Boechler v. Commissioner"),
        (
            "See, e.g., NJOY, LLC v. Imiracle (HK) Ltd., 760 F. Supp. 3d 1084, 1096 "
            "(S.D. Cal. 2024).",
            "NJOY, LLC v. Imiracle (HK) Ltd.",
        ),
        # the note names the case in a sentence, then gives a docket number and a WL cite
        (
            "In Int’l Ass’n of Color Mfrs. v. Singh, the district court considered a law. "
            "No. 2:25-cv-00588, 2025 WL 3721864, at *2 (S.D.W. Va. Dec. 23, 2025).",
            "Int’l Ass’n of Color Mfrs. v. Singh",
        ),
        # a Supreme Court note: the name in the sentence, the citation after the quotation
        (
            "As we explained in Fischer v. United States, Section 1512(c)(2) covers acts. "
            "603 U. S. ___, ___ (2024) (slip op., at 16).",
            "Fischer v. United States",
        ),
    ],
)
def test_case_names_eyecite_misses(text: str, name: str) -> None:
    cite = next(c for c in find_legal(text) if c.kind == "case")
    assert cite.name == name


def test_a_page_that_ends_a_sentence_is_no_part_of_the_next_name() -> None:
    text = "Pub. L. No. 87-781, § 202, 76 Stat. 780, 793. In Wyeth v. Levine, the Court said so."
    assert [n for _, n in case_names(text)] == ["Wyeth v. Levine"]
    refs = resolve_notes([(1, f"{text} 555 U.S. 555, 567 (2009).")])
    assert refs[1][-1].title == "Wyeth v. Levine"
    assert [n for _, n in case_names("See 310 Assocs. v. Smith, 1 F.3d 2.")] == [
        "310 Assocs. v. Smith"
    ]


def test_case_names_in_running_text() -> None:
    text = "The Court in United States v. Wooten held so, as in re-reading Smith's brief."
    assert [n for _, n in case_names(text)] == ["United States v. Wooten"]


def test_a_case_name_is_not_an_author() -> None:
    # The academic grammar read "United States, Section 1512(c)(2) covers ..." as a work.
    refs = resolve_notes(
        [
            (
                1,
                "As we explained in Fischer v. United States, Section 1512(c)(2) covers acts. "
                "603 U. S. ___, ___ (2024).",
            )
        ]
    )[1]
    assert [(r.kind, r.title, r.year) for r in refs] == [("case", "Fischer v. United States", 2024)]


def test_short_form_before_its_full_citation() -> None:
    refs = resolve_notes(
        [
            (1, "Ebner, 838 F.3d at 965."),
            (2, "Ebner v. Fresh, Inc., 838 F.3d 958, 965 (9th Cir. 2016)."),
        ]
    )
    (short,) = refs[1]
    assert (short.title, short.resolved_from, short.unresolved) == (
        "Ebner v. Fresh, Inc.",
        2,
        False,
    )
    assert short.key == refs[2][0].key


def test_misprinted_volume_resolves_by_the_unique_name() -> None:
    refs = resolve_notes(
        [(1, "Wyeth v. Levine, 555 U.S. 555, 565 (2009)."), (2, "Levine, 55 U.S. at 574.")]
    )
    (short,) = refs[2]
    assert (short.title, short.first_page, short.pages) == ("Wyeth v. Levine", "555", "574")


def test_note_short_form_names_a_case_cited_in_the_body() -> None:
    doc = make_document(
        {
            1: "See 520 U. S., at 684.",
            2: "Fitzgerald, 457 U. S., at 749.",
            3: "Fitzgerald, 457 U. S., at 812.",
            4: "Fitzgerald, 457 U. S., at 700.",
        },
        [
            ("The Court said so. Clinton v. Jones, 520 U. S. 681, 694, n. 19.", []),
            ("Again. Clinton v. Jones, 520 U. S. 681, 697 (1997).", [1]),
            (
                "Nixon v. Fitzgerald, 457 U. S. 731 (1982); "
                "Harlow v. Fitzgerald, 457 U. S. 800 (1982).",
                [2],
            ),
        ],
    )
    refs = note_references(doc)
    (clinton,) = refs[1]
    # The year comes from the body's second citation (the first omits it).
    assert (clinton.title, clinton.first_page, clinton.year, clinton.pages) == (
        "Clinton v. Jones",
        "681",
        1997,
        "684",
    )
    assert reference_status(clinton) == "short form, full citation in the text of the paper"
    # Two cases in 457 U. S. are Fitzgerald's: the pinpoint page is in the one that
    # starts last before it (a volume prints its cases in order).
    assert [refs[n][0].title for n in (2, 3)] == ["Nixon v. Fitzgerald", "Harlow v. Fitzgerald"]
    # A page before both cases fits neither: left unresolved.
    (before,) = refs[4]
    assert before.unresolved


def test_database_citations_name_the_case_by_docket_or_short_name() -> None:
    refs = resolve_notes(
        [
            (
                1,
                "Zogenix, Inc. v. Patrick, No. 14-11689, 2014 WL 1454696 (D. Mass. Apr. 15, 2014).",
            ),
            (
                2,
                "Zogenix, No. 14-11689, 2014 WL 3339610, at *4 (D. Mass. July 8, 2014), vacated "
                "in part, No. 14-11689, 2014 WL 4273251 (D. Mass. Aug. 28, 2014).",
            ),
            (3, "See Zogenix, 2014 WL 4273251, at *3."),
            (4, "Sorsaia, 2023 WL 5490179 at *10."),  # names no case cited before
        ]
    )
    first, (second, third), (again,), (unnamed,) = refs[1], refs[2], refs[3], refs[4]
    assert first[0].title == "Zogenix, Inc. v. Patrick"  # the docket is not the name
    # Three decisions in one case: three works, each named and dated.
    assert [(r.title, r.year, r.first_page) for r in (second, third)] == [
        ("Zogenix, Inc. v. Patrick", 2014, "3339610"),
        ("Zogenix, Inc. v. Patrick", 2014, "4273251"),
    ]
    assert len({first[0].key, second.key, third.key}) == 3
    assert again.key == third.key and again.title == "Zogenix, Inc. v. Patrick"
    assert unnamed.title is None


def test_a_key_is_made_from_the_completed_citation() -> None:
    # An opinion's text may begin a page inside a name and print no year the first time.
    refs = resolve_notes(
        [
            (1, "Tube Co. v. Sawyer, 343 U. S. 579, 585."),
            (2, "Youngstown Sheet & Tube Co. v. Sawyer, 343 U. S. 579, 634 (1952)."),
            (3, "United States v. Burr, 25 F. Cas. 187, 191."),
            (4, "United States v. Burr, 25 F. Cas. 187, 192 (No. 14,694) (CC Va. 1807)."),
            (5, "United States v. Burr, 25 F. Cas. 30, 34 (No. 14,692d) (CC Va. 1807)."),
        ]
    )
    keys = [refs[n][0].key for n in range(1, 6)]
    assert keys[:2] == ["youngstown1952", "youngstown1952"]
    # Two cases of one name and year: two keys, each with the year.
    assert keys[2] == keys[3] != keys[4]
    assert {keys[2], keys[4]} == {"burr1807", "burr1807-2"}
    assert refs[1][0].title == "Youngstown Sheet & Tube Co. v. Sawyer"


def test_id_in_the_text_after_the_record_or_a_brief_names_no_case() -> None:
    doc = make_document(
        {},
        [
            ("Clinton v. Jones, 520 U. S. 681, 697 (1997). See id., at 698.", []),
            ("The Government disagrees. Brief for United States 46; see id., at 10.", []),
            ("Clinton v. Jones, 520 U. S. 681, 697 (1997). He acted, id., at 188, ¶11.", []),
        ],
    )
    body = resolution(doc)
    assert not body[(BODY, 0)][1].unresolved  # Id. after the case names it
    (brief,) = body[(BODY, 1)]
    assert brief.unresolved  # after a brief: the brief, which no resolver reads
    assert body[(BODY, 2)][1].unresolved  # a paragraph pinpoint is the record's


def test_a_title_before_a_year_is_no_author_year_citation() -> None:
    doc = make_document(
        {1: "Ann Taylor, The Book 3 (2000)."},
        [
            ("T. Paine, Common Sense (1776), reprinted in The Great Works 11 (1877).", []),
            ("As Taylor (2000) argues, and as Mill (1859) wrote.", [1]),
        ],
    )
    keys = [w.key for w in works_cited(doc)]
    assert not any(k.startswith("sense") for k in keys)
    assert any(k.startswith("mill1859") for k in keys)  # unresolved, but a citation


def test_note_citation_without_a_name_takes_the_one_its_sentence_gives() -> None:
    doc = make_document(
        {1: "392 U.S. 1, 27 (1968).", 2: "Id. at 30."},
        [("In Terry v. Ohio, the Court held that a brief stop is lawful.", [1, 2])],
    )
    refs = sequence_references(doc)
    assert refs[("", 1)][0].title == "Terry v. Ohio"
    assert refs[("", 2)][0].title == "Terry v. Ohio"


# -- the shared real PDFs ---------------------------------------------------------


def _real(name: str) -> Path:
    path = REAL_PDFS / name
    if not path.is_file():
        pytest.skip(f"{path} is not available (see tests/conftest.py)")
    return path


@pytest.mark.parametrize(
    ("pdf", "note", "title"),
    [
        # "See 520 U. S., at 684.": Clinton v. Jones is cited in the opinion's text
        ("scotus_slip_23-939_trump_v_united_states_2024.pdf", ("court", 2), "Clinton v. Jones"),
        # "Castro, 540 U. S., at 383": Castro is cited in full in the text
        (
            "scotus_slip_24-5438_bowe_v_united_states_2026.pdf",
            ("court", 4),
            "Castro v. United States",
        ),
        # "Travelers Indem., 592 F. Supp. 2d at 768": the decision below, cited in the text
        (
            "ca3_09-1225_travelers_v_dammann_2010.pdf",
            ("", 16),
            "Travelers Indem. Co. v. Dammann & Co., Inc.",
        ),
        # "531 U.S. 341, 343 (2001).": the body sentence carrying the marker names Buckman
        (
            "crs_R48915_preemption_fdca_2026.pdf",
            ("", 68),
            "Buckman v. Plaintiff’s Legal Committee",
        ),
        # "Zogenix, No. 14-11689, 2014 WL 3339610": the case note 252 and the text name
        ("crs_R48915_preemption_fdca_2026.pdf", ("", 255), "Zogenix, Inc. v. Patrick"),
        # "See Zogenix, 2014 WL 4273251, at *3.": the decision note 255 cites by docket
        ("crs_R48915_preemption_fdca_2026.pdf", ("", 256), "Zogenix, Inc. v. Patrick"),
    ],
)
def test_real_opinions_name_the_full_case(pdf: str, note: tuple[str, int], title: str) -> None:
    from posenqa.parsing import parse_file

    doc = parse_file(_real(pdf))
    refs = sequence_references(doc)[note]
    assert refs, f"note {note} has no references"
    assert any(r.title == title and not r.unresolved for r in refs), [r.title for r in refs]


def test_academic_text_does_not_import_eyecite() -> None:
    # eyecite takes over a second to import: "ask" on an academic paper must not pay it.
    # Dates ("23 June 1998", "1 April 1") once looked like "volume Reporter page".
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from posenqa.references.legal import find_legal\n"
        "assert find_legal('Nikkei Weekly, 23 June 1998, p. 3; 1 April 1999 at 2.') == ()\n"
        "assert 'eyecite' not in sys.modules\n"
        "assert find_legal('Terry, 392 U.S. at 27.')\n"
        "assert 'eyecite' in sys.modules\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the sentence before an act's name is not part of it; the year follows a pinpoint
        (
            "The provision was first added by the Medicine Equity and Drug Safety Act, "
            "Pub. L. No. 106-387, § 745, 114 Stat. 1549, 1549A–36 (2000).",
            ("Medicine Equity and Drug Safety Act", 2000, None),
        ),
        # commas inside an act's name
        (
            "See the Medicare Prescription Drug, Improvement, and Modernization Act of 2003, "
            "Pub. L. No. 108-173, § 1121(a), 117 Stat. 2066 (2003).",
            ("Medicare Prescription Drug, Improvement, and Modernization Act of 2003", 2003, None),
        ),
        # a space before the closing parenthesis
        (
            "Watson v. Air Methods Corp., 870 F.3d 812, 817 (8th Cir. 2017 ).",
            ("Watson v. Air Methods Corp.", 2017, "8th Cir."),
        ),
    ],
)
def test_statute_names_and_years(text: str, expected: tuple[object, ...]) -> None:
    cite = find_legal(text)[0]
    assert (cite.name, cite.year, cite.court) == expected


@pytest.mark.parametrize(
    ("text", "authors"),
    [
        # an author credit in a citation of a report: the report's author (references.reports),
        # not an author-year citation "Kuersten (2023)"
        (
            "See CRS In Focus IF11291, Introduction to Tort Law, by Andreas Kuersten (2023).",
            [("Andreas Kuersten",)],
        ),
        # a state code's publisher and year
        ("See, e.g., CAL. HEALTH & SAFETY CODE § 109025(a) (West 2026) (prohibiting).", []),
        # the last word of a title in small capitals
        ("See AM. NONSMOKERS’ RTS. FOUND., SMOKEFREE STATE OR LOCAL LAWS (2026).", []),
        # still author-year citations
        ("As argued by Posen (2001), the banks failed.", [("Posen",)]),
        ("See OECD (2001), p. 4.", [("OECD",)]),
    ],
)
def test_bluebook_credits_are_not_author_year_citations(
    text: str, authors: list[tuple[str, ...]]
) -> None:
    assert [r.authors for r in resolve_notes([(1, text)])[1]] == authors


def test_works_cited_include_cases_the_body_text_cites() -> None:
    from posenqa.references import works_cited

    doc = make_document(
        {1: "See 520 U. S., at 684."},
        [
            ("The Court relied on Clinton v. Jones, 520 U. S. 681, 697 (1997).", [1]),
            ("So did Nixon v. Fitzgerald, 457 U. S. 731 (1982). Id., at 749.", []),
        ],
    )
    works = {w.reference.title: w for w in works_cited(doc)}
    clinton = works["Clinton v. Jones"]
    assert [(c.note, c.block) for c in clinton.cited_in] == [(1, None), (None, "b0001")]
    assert clinton.reference.year == 1997 and clinton.reference.form == "full"
    # Cited only in the text, twice (the full citation and "Id."), in one sentence each.
    nixon = works["Nixon v. Fitzgerald"]
    assert [(c.note, c.page, c.sentence) for c in nixon.cited_in] == [
        (None, 2, "So did Nixon v. Fitzgerald, 457 U. S. 731 (1982)."),
        (None, 2, "Id., at 749."),
    ]
    assert nixon.cited_in[0].note_ref == "text"


def test_cite_list_says_where_the_text_cites_a_case(tmp_path: Path) -> None:
    import json

    from click.testing import CliRunner

    from posenqa.cli import cli
    from posenqa.store import DOCUMENT

    doc = make_document(
        {1: "See 520 U. S., at 684."},
        [("The Court relied on Clinton v. Jones, 520 U. S. 681, 697 (1997).", [1])],
    )
    (tmp_path / "op").mkdir()
    (tmp_path / "op" / DOCUMENT).write_text(json.dumps(doc.to_dict()), encoding="utf-8")
    result = CliRunner().invoke(
        cli, ["cite", "--list", "--doc", "op", "--index-dir", str(tmp_path)]
    )
    assert result.exit_code == 0, result.output
    assert "Clinton v. Jones, 520 U. S. 681 (1997)." in result.output
    assert "cited in n. 1 (p. 1, 1), text p. 1 (1)" in result.output


def test_every_citation_of_a_case_gets_its_fullest_name_and_year() -> None:
    # A page break left "Youngstown Sheet &" in the block before; the year comes later.
    doc = make_document(
        {1: "See 343 U. S., at 635."},
        [
            ("Tube Co. v. Sawyer, 343 U. S. 579, 585. In the latter case, the Court held.", []),
            ("As in Youngstown Sheet & Tube Co. v. Sawyer, 343 U. S. 579, 634 (1952).", [1]),
        ],
    )
    refs = sequence_references(doc)[("", 1)]
    assert [(r.title, r.year) for r in refs] == [("Youngstown Sheet & Tube Co. v. Sawyer", 1952)]
