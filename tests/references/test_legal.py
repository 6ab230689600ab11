"""Legal citations found by eyecite; the case behind Id., supra and short cites resolved."""

from __future__ import annotations

import pytest

from posenqa.references import format_reference, resolve_notes
from posenqa.references.legal import find_legal


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Terry v. Ohio, 392 U.S. 1, 27 (1968).",
            {
                "form": "full",
                "kind": "case",
                "name": "Terry v. Ohio",
                "volume": "392",
                "reporter": "U.S.",
                "page": "1",
                "pin": "27",
                "year": 1968,
                "court": None,
            },
        ),
        (  # eyecite#321: the next citation's "(Pa. 2022)" must not become this one's year
            "Terry v. Ohio, 392 U.S. 1, 27 (1968). Foo v. Bar, 287 A.3d 300 (Pa. 2022).",
            {"name": "Terry v. Ohio", "year": 1968},
        ),
        (
            "See In re Aurora Dairy Corp. Organic Milk Mktg. & Sales Pracs. Litig., "
            "621 F.3d 781, 792 (8th Cir. 2010).",
            {
                "name": "In re Aurora Dairy Corp. Organic Milk Mktg. & Sales Pracs. Litig.",
                "court": "8th Cir.",
                "year": 2010,
            },
        ),
        ("Wardlow, 528 U.S. at 125.", {"form": "short", "antecedent": "Wardlow", "pin": "125"}),
        (  # the antecedent stops at the previous citation's parenthetical
            "(Pa. 2022). Washington, 287 A.3d at 308.",
            {"form": "short", "antecedent": "Washington", "volume": "287", "reporter": "A.3d"},
        ),
        ("Id. at 478-80.", {"form": "id", "pin": "478-80"}),
        (  # a sentence's last word and a signal are no case name (Trump v. United States, n. 2)
            "the sitting President. See 520 U. S., at 684.",
            {"form": "short", "antecedent": None, "volume": "520", "pin": "684"},
        ),
        (  # a case name starts at its first capital (Bowe v. United States, dissent n. 3)
            "the majority points to its citation of Utah v. Evans, 536 U. S. 452 (2002).",
            {"form": "full", "name": "Utah v. Evans", "year": 2002},
        ),
        ("See, e.g., id. §§ 342–343.", {"form": "id", "pin": "§§ 342–343"}),
        (
            "See Adkins, Pepper & Sykes, supra note 34, at 17.",
            {
                "form": "supra",
                "antecedent": "Adkins, Pepper & Sykes",
                "supra_note": 34,
                "pin": "17",
            },
        ),
        (  # a docket number is no part of a case name
            "Zogenix, Inc. v. Patrick, No. 14-11689, 2014 WL 1454696, at *1 (D. Mass. Apr. 15, "
            "2014).",
            {"name": "Zogenix, Inc. v. Patrick", "docket": "14-11689", "reporter": "WL"},
        ),
        (  # a database citation with a short name: kept to name the case cited before
            "Zogenix, No. 14-11689, 2014 WL 3339610, at *4 (D. Mass. July 8, 2014).",
            {"name": None, "antecedent": "Zogenix", "docket": "14-11689", "year": 2014},
        ),
        (  # one case in two reporters: the year parenthetical after the second is its year
            "Lucas v. North Carolina Mut. Life Ins. Co., 184 S. C. 119, 120, 191 S. E. 711, 712 "
            "(1937) (collecting cases).",
            {
                "name": "Lucas v. North Carolina Mut. Life Ins. Co.",
                "year": 1937,
                "page": "119",
                "parallel": "191 S. E. 711",
            },
        ),
        (  # a parallel database citation with its docket number
            "United States v. Simmons, 142 F.3d 1279, No. 97-40678, 1998 WL 224564, at *3 "
            "(5th Cir. 1998) (unpublished).",
            {
                "name": "United States v. Simmons",
                "year": 1998,
                "court": "5th Cir.",
                "parallel": "1998 WL 224564",
            },
        ),
        (  # Federal Cases print the case's own number before the court and year
            "United States v. Burr, 25 F. Cas. 187, 192 (No. 14,694) (CC Va. 1807) (Burr II).",
            {"name": "United States v. Burr", "pin": "192", "court": "CC Va.", "year": 1807},
        ),
        (  # a section with a letter, which eyecite leaves unclassified
            "See 21 U.S.C. § 360k(a).",
            {
                "form": "full",
                "kind": "statute",
                "volume": "21",
                "reporter": "U.S.C.",
                "section": "360k",
                "pin": "(a)",
            },
        ),
        (  # a public law and its Statutes at Large page are one act
            "See Drug Amendments of 1962, Pub. L. No. 87-781, § 102, 76 Stat. 780, 781.",
            {
                "kind": "statute",
                "name": "Drug Amendments of 1962",
                "reporter": "Pub. L.",
                "volume": "87-781",
                "pin": "§ 102",
                "parallel": "76 Stat. 780",
            },
        ),
    ],
)
def test_find_legal(text: str, expected: dict[str, object]) -> None:
    first = find_legal(text)[0]
    assert {k: getattr(first, k) for k in expected} == expected


def test_no_legal_citation_in_academic_notes() -> None:
    assert (
        find_legal("Benjamin Friedman, Japan Now (Washington, DC: Brookings, 2000), p. 12.") == ()
    )


NOTES = {
    1: "Terry v. Ohio, 392 U.S. 1, 27 (1968).",
    2: "Id. at 30.",
    3: "See Illinois v. Wardlow, 528 U.S. 119, 124 (2000); "
    "Commonwealth v. Washington, 287 A.3d 300, 305 (Pa. 2022).",
    4: "Wardlow, 528 U.S. at 125.",
    5: "Washington, 287 A.3d at 308.",
    6: "Benjamin Friedman, Japan Now and the United States Then (Washington, DC: Brookings, "
    "2000), p. 12. See also 21 U.S.C. § 360k(a).",
    7: "Id. § 337(a).",
    8: "Terry, supra note 1, at 29.",
    9: "Peter Barton Hutt, FOOD & DRUG LAW 424–25 (5th ed. 2022).",
    10: "See id. at 425.",
    11: "Friedman, Japan Now, p. 3. Id. at 4.",
    12: "HUTT, supra note 9, at 430.",
}


@pytest.fixture(scope="module")
def resolved() -> dict[int, tuple]:  # type: ignore[type-arg]
    return resolve_notes(NOTES.items())


def test_id_names_the_previous_case_across_notes(resolved: dict[int, tuple]) -> None:  # type: ignore[type-arg]
    (terry,) = resolved[1]
    (idem,) = resolved[2]
    assert idem.form == "id" and not idem.unresolved
    assert (idem.key, idem.title, idem.resolved_from, idem.pages) == (
        terry.key,
        "Terry v. Ohio",
        1,
        "30",
    )
    assert format_reference(idem, "chicago") == "Terry v. Ohio, 392 U.S. 1, 30 (1968)."


def test_short_case_cites_name_their_full_case(resolved: dict[int, tuple]) -> None:  # type: ignore[type-arg]
    wardlow, washington = resolved[3]
    (short_w,) = resolved[4]
    (short_p,) = resolved[5]
    assert (short_w.key, short_w.title, short_w.pages, short_w.resolved_from) == (
        wardlow.key,
        "Illinois v. Wardlow",
        "125",
        3,
    )
    assert (short_p.key, short_p.title, short_p.court) == (
        washington.key,
        "Commonwealth v. Washington",
        "Pa.",
    )


def test_a_note_holds_academic_and_legal_references(resolved: dict[int, tuple]) -> None:  # type: ignore[type-arg]
    friedman, statute = resolved[6]
    assert friedman.kind == "book" and friedman.authors == ("Benjamin Friedman",)
    assert (statute.kind, statute.section, statute.pages) == ("statute", "360k", "(a)")
    (other_section,) = resolved[7]
    # Id. § 337(a) after 21 U.S.C. § 360k(a): the same code at another section.
    assert (other_section.form, other_section.volume, other_section.section) == ("id", "21", "337")
    assert other_section.key != statute.key
    assert format_reference(other_section, "chicago") == "21 U.S.C. § 337(a)."


def test_supra_note_names_the_work_in_that_note(resolved: dict[int, tuple]) -> None:  # type: ignore[type-arg]
    (supra,) = resolved[8]
    assert (supra.form, supra.title, supra.pages, supra.resolved_from) == (
        "supra",
        "Terry v. Ohio",
        "29",
        1,
    )


def test_id_after_a_source_no_resolver_parses_names_it_as_printed(
    resolved: dict[int, tuple],
) -> None:  # type: ignore[type-arg]
    # Note 9's book is in Bluebook form, which neither resolver parses: "id." must not jump
    # back to Terry, and names the book as the paper prints it.
    (idem,) = resolved[10]
    assert (idem.form, idem.kind, idem.resolved_from, idem.pages) == ("id", "unknown", 9, "425")
    assert idem.printed == "Peter Barton Hutt, FOOD & DRUG LAW 424–25 (5th ed. 2022)"
    assert format_reference(idem, "chicago") == (
        "Peter Barton Hutt, FOOD & DRUG LAW 424–25 (5th ed. 2022), at 425."
    )
    (supra,) = resolved[12]
    assert (supra.form, supra.key, supra.pages) == ("supra", idem.key, "430")


def test_id_after_an_academic_short_form_names_that_book(resolved: dict[int, tuple]) -> None:  # type: ignore[type-arg]
    short, idem = resolved[11]
    assert short.kind == "book" and not short.unresolved
    assert (idem.form, idem.key, idem.pages, idem.resolved_from) == ("id", short.key, "4", 6)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # eyecite names the title number of the C.F.R. "chapter"
        ("21 C.F.R. § 101.13(b) (2025).", ("21", "C.F.R.", "101.13", "(b)", 2025)),
        ("28 U.S.C. § 2254(d)(1).", ("28", "U.S.C.", "2254", "(d)(1)", None)),
    ],
)
def test_code_sections(text: str, expected: tuple[object, ...]) -> None:
    (found,) = find_legal(text)
    assert (found.volume, found.reporter, found.section, found.pin, found.year) == expected


def test_supra_without_a_name_is_a_cross_reference_not_a_citation() -> None:
    # "See supra note 20" and "See supra “Background”" point at the paper itself.
    assert find_legal("See supra note 20.") == ()
    assert find_legal("See supra “Preemption Based on the FD&C Act’s Enforcement Scheme.”") == ()
