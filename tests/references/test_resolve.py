"""Short forms -> full references, on invented notes (no paper-specific names)."""

from __future__ import annotations

from posenqa.references.resolve import resolve_notes

CHAPTER = (
    "Ada Lovell, “Credit Cycles and Their Discontents,” in Ben Ortiz, ed., Money Matters "
    "(Harbor Press, 2003)."
)
BOOK = "Ada Lovell, Panics Past (Harbor Press, 2005), p. 9."
JOINT = "Carl Mendes and Ada Lovell, “Discontents,” Review of Banking 3 (2001)."


def by_note(notes: dict[int, str]):  # type: ignore[no-untyped-def]
    return resolve_notes(notes.items())


def test_short_form_resolves_to_earlier_full_reference_and_copies_fields() -> None:
    refs = by_note({1: CHAPTER, 2: "Lovell, “Credit Cycles,” p. 12."})
    (full,) = refs[1]
    (short,) = refs[2]
    assert short.resolved_from == 1 and not short.unresolved
    assert short.key == full.key == "lovell2003credit"
    assert (short.title, short.container, short.editors) == (
        full.title,
        "Money Matters",
        ("Ben Ortiz",),
    )
    # The pinpoint is the short form's own, not the full reference's.
    assert short.pages == "12" and full.pages is None
    assert short.note == 2 and short.form == "short"


def test_short_form_before_its_full_reference_looks_later() -> None:
    refs = by_note({4: "Lovell, Panics Past, p. 3.", 5: BOOK})
    (short,) = refs[4]
    assert short.resolved_from == 5 and short.key == "lovell2005panics"


def test_title_words_pick_one_of_an_authors_works() -> None:
    refs = by_note({1: CHAPTER, 2: BOOK, 3: "Lovell, Panics Past; Lovell, “Credit Cycles.”"})
    assert [r.resolved_from for r in refs[3]] == [2, 1]


def test_exact_author_list_wins_over_a_joint_work_with_the_same_title_start() -> None:
    refs = by_note(
        {
            1: JOINT,
            2: "Ada Lovell, “Discontents,” Review of Banking 4 (2002).",
            3: "Lovell, “Discontents.” Mendes and Lovell, “Discontents.”",
        }
    )
    single, joint = refs[3]
    assert single.resolved_from == 2
    assert joint.resolved_from == 1


def test_two_works_fitting_equally_are_ambiguous() -> None:
    refs = by_note(
        {
            1: "Ada Lovell, “Panics and Manias,” Review of Banking 1 (1999).",
            2: "Ada Lovell, “Panics and Crashes,” Review of Banking 2 (2000).",
            3: "Lovell, “Panics.”",
        }
    )
    (short,) = refs[3]
    assert short.unresolved and short.ambiguous
    refs = by_note(
        {
            1: "Ada Lovell, “Bank Panics in History,” Review of Banking 1 (1999).",
            2: "Ada Lovell, “Bank Panics in Theory,” Review of Banking 2 (2000).",
            3: "Lovell, “Bank Panics.”",
        }
    )
    (short,) = refs[3]
    assert short.unresolved and short.ambiguous and short.resolved_from is None


def test_author_year_without_full_reference_is_unresolved_not_guessed() -> None:
    refs = by_note({1: BOOK, 2: "Lovell (1990) disagrees, as do Mendes and Lovell (2001)."})
    first, second = refs[2]
    # Lovell has a full reference, but not one from 1990.
    assert first.unresolved and first.year == 1990 and first.resolved_from is None
    assert second.unresolved and second.authors == ("Mendes", "Lovell")


def test_author_year_resolves_when_author_and_year_match() -> None:
    refs = by_note({1: JOINT, 2: "As shown by Mendes and Lovell (2001), cycles persist."})
    (ref,) = refs[2]
    assert ref.resolved_from == 1 and ref.form == "author-year"


def test_ibid_is_the_previous_notes_single_work() -> None:
    refs = by_note({1: BOOK, 2: "Ibid., p. 14.", 3: "Ibid."})
    (ibid,) = refs[2]
    assert (ibid.resolved_from, ibid.key, ibid.pages, ibid.form) == (
        1,
        "lovell2005panics",
        "14",
        "ibid",
    )
    (again,) = refs[3]
    assert again.resolved_from == 1 and again.pages is None


def test_ibid_after_a_note_with_two_works_is_ambiguous() -> None:
    refs = by_note({1: f"{BOOK} {CHAPTER}", 2: "Ibid."})
    (ibid,) = refs[2]
    assert ibid.unresolved and ibid.ambiguous


def test_unknown_author_short_form_stays_unresolved() -> None:
    refs = by_note({1: BOOK, 2: "Zhou, “A Different Paper,” p. 2."})
    (ref,) = refs[2]
    assert ref.unresolved and not ref.ambiguous and ref.title == "A Different Paper"


def test_keys_of_distinct_works_with_the_same_base_get_suffixes() -> None:
    refs = by_note(
        {
            1: "Ada Lovell, Panics (Harbor Press, 2005).",
            2: "Ada Lovell, “Panics and Crashes,” Review of Banking 5 (2005).",
            3: "Ada Lovell, Panics (Harbor Press, 2005).",
        }
    )
    assert [r.key for n in (1, 2, 3) for r in refs[n]] == [
        "lovell2005panicsa",
        "lovell2005panicsb",
        # The same work given in full again keeps its key.
        "lovell2005panicsa",
    ]


def test_every_note_is_in_the_result_even_comment_only() -> None:
    refs = by_note({1: "Just a remark.", 2: BOOK})
    assert refs[1] == () and len(refs[2]) == 1
