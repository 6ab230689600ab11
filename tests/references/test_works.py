"""Works cited and body-text short forms on a small invented paper."""

from __future__ import annotations

from posenqa.references import body_mentions, note_references, works_cited

from .conftest import make_document

NOTES = {
    1: "Ada Lovell, Panics Past (Harbor Press, 2005), p. 9.",
    2: "Carl Mendes, “Runs and Rescues,” Review of Banking 3 (2001).",
    3: "Lovell, Panics Past, p. 30.",
    4: "A comment with no citation at all.",
    5: "Ada Lovell, “Credit Cycles,” Review of Banking 7 (2007).",
}
BLOCKS = [
    ("Panics recur. Banks fail in every generation.", [1]),
    ("As Mendes argues, rescues come late. Rescues are costly.", [2]),
    ("Lovell offers a long list of panics.", [3]),
    ("Ada Lovell and Carl Mendes met at a conference in Oslo.", []),
    ("As Lovell (2007) shows, cycles repeat.", [4]),
    ("Later work by Okafor (2010) disagrees.", []),
]


def doc():  # type: ignore[no-untyped-def]
    return make_document(NOTES, BLOCKS)


def test_works_cited_merges_full_and_short_forms_with_every_place() -> None:
    works = {w.key: w for w in works_cited(doc())}
    panics = works["lovell2005panics"]
    assert [(c.note, c.page, c.section) for c in panics.cited_in] == [(1, 1, "1"), (3, 3, "1")]
    assert panics.cited_in[1].sentence == "Lovell offers a long list of panics."
    # The work's reference is the full one, without a citation's pinpoint page.
    assert panics.reference.form == "full" and panics.reference.pages is None
    assert panics.reference.publisher == "Harbor Press"


def test_body_names_resolve_through_nearby_notes() -> None:
    d = doc()
    mentions = body_mentions(d, note_references(d))
    found = {m.sentence: m.reference for m in mentions}
    assert found["As Mendes argues, rescues come late."].resolved_from == 2
    assert found["Lovell offers a long list of panics."].resolved_from == 1
    # Author and year pick Lovell's 2007 article though note 4 (the marker) cites nothing.
    assert found["As Lovell (2007) shows, cycles repeat."].key == "lovell2007credit"
    # An author-year form with no work anywhere is listed, unresolved.
    okafor = found["Later work by Okafor (2010) disagrees."]
    assert okafor.unresolved and okafor.year == 2010
    # People named without a citation's context are not citations.
    assert not any("Oslo" in s for s in found)


def test_unresolved_body_author_year_is_a_work_of_its_own() -> None:
    works = {w.key: w for w in works_cited(doc())}
    assert works["okafor2010"].reference.unresolved
    assert works["okafor2010"].cited_in[0].sentence == "Later work by Okafor (2010) disagrees."


def test_comment_only_note_has_empty_references() -> None:
    refs = note_references(doc())
    assert refs[4] == ()
    assert set(refs) == set(NOTES)
