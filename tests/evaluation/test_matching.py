"""Normalisation and matching: note markers, typography, and numbers that must survive."""

from __future__ import annotations

import pytest

from posenqa.evaluation.matching import (
    evidence_matches,
    first_evidence_rank,
    first_note_rank,
    normalize,
    result_notes,
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        # marker glued to a word
        ("undercapitalized banking system4 will", "undercapitalized banking system will"),
        # marker glued to sentence punctuation
        ("policy coordination.1 They have", "policy coordination. they have"),
        ("Japan,6 and non-governmental", "japan, and non-governmental"),
        # marker after a closing curly quote and a period
        (
            "the “Financial Supervisory Bureau”.21 Combined",
            'the "financial supervisory bureau". combined',
        ),
        # bracketed markers, with or without a space before them
        ("a claim [12] here", "a claim here"),
        ("a claim[3].", "a claim."),
        # superscript digits (NFKC alone would turn them into ordinary digits)
        ("states’ rules⁷ and more¹²", "states' rules and more"),
        ("tension² remains", "tension remains"),
        # NFKC: ligatures and full-width letters
        ("ﬁnancial ﬂows", "financial flows"),
        ("ＭＯＦ", "mof"),
        # curly quotes fold to straight ones
        ("“caught up” with officials’ time", '"caught up" with officials\' time'),
        # every dash folds to "-" and swallows the spaces around it
        ("Leverage—  Until Now", "leverage-until now"),
        ("since 1988–the amount", "since 1988-the amount"),
        ("mature – both in terms", "mature-both in terms"),
        # whitespace: newlines, tabs and runs collapse; ends are trimmed
        ("  two\n  lines\tand   tabs ", "two lines and tabs"),
        # soft hyphen and zero-width space vanish
        ("inter\u00adnational\u200b trade", "international trade"),
        # case folds
        ("The BANK of Japan", "the bank of japan"),
        # numbers standing alone are kept
        ("$220 billion in 1980 and 24 percent", "$220 billion in 1980 and 24 percent"),
        ("(1999)", "(1999)"),
        # a year range keeps both years
        ("the 1989-90 inflows", "the 1989-90 inflows"),
    ],
)
def test_normalize_table(raw: str, expected: str) -> None:
    assert normalize(raw) == expected


def test_normalize_is_idempotent_on_tricky_text() -> None:
    text = "at 137.60 per dollar; 2.2 trillion yen; 1989-90.50 When; G-7.47 and “x”.3"
    assert normalize(normalize(text)) == normalize(text)


@pytest.mark.parametrize(
    ("evidence", "text"),
    [
        # evidence from the extraction (marker glued on), text from the parser (marker removed)
        (
            "undercapitalized banking system4 will change",
            "an undercapitalized banking system will change",
        ),
        ("Bureau”.21 Combined with", "the Bureau”. Combined with the granting"),
        # and the other way round
        ("policy coordination. They have", "policy coordination.1 They have deepened"),
        # a decimal in both: consistent, whether the evidence stops at it or goes on
        (
            "support the yen at 137.60",
            "intervened jointly to support the yen at 137.60 per dollar.",
        ),
        ("at 137.60 per dollar", "to support the yen at 137.60 per dollar."),
        (
            "when 2.2 trillion yen were issued",
            "created in 1988, when 2.2 trillion yen were issued in",
        ),
        # a note after a year range: text without the marker still holds the evidence
        ("inflows of 1989-90.50 When", "the capital inflows of 1989-90. When Senator Hollings"),
        ("inflows of 1989-90. When", "the capital inflows of 1989-90.50 When Senator Hollings"),
        # a note after an abbreviation with a digit
        ("in the rest of the G-7.47", "share of 10-33 percent in the rest of the G-7."),
        # typography differs across extractions
        ("Convergence Without Leverage—Until Now", "CONVERGENCE WITHOUT LEVERAGE—  UNTIL NOW"),
        ("“caught up” with", 'Japan "caught up" with the United States'),
    ],
)
def test_evidence_matches_across_marker_and_typography_differences(
    evidence: str, text: str
) -> None:
    assert evidence_matches([evidence], text)


@pytest.mark.parametrize(
    ("evidence", "text"),
    [
        # a different integer part is a different number
        ("the yen at 137.60", "the yen at 138.60 per dollar"),
        ("2.2 trillion yen", "3.2 trillion yen"),
        # a year is not a note marker: it must match exactly
        ("inflows of 1989-90", "inflows of 1989-91"),
        ("in 1988", "in 1998"),
        # words still have to be there
        ("banking system will change", "banking sector will change"),
    ],
)
def test_evidence_does_not_match_different_text(evidence: str, text: str) -> None:
    assert not evidence_matches([evidence], text)


def test_any_evidence_string_is_enough_and_empty_evidence_never_matches() -> None:
    assert evidence_matches(["not here", "the yen"], "the yen rose")
    assert not evidence_matches([], "the yen rose")


def test_first_evidence_rank_is_one_based() -> None:
    results = [{"text": "nothing relevant"}, {"text": "The yen rose."}, {"text": "the yen again"}]
    assert first_evidence_rank(["the yen"], results) == 2
    assert first_evidence_rank(["the dollar"], results) is None


def test_result_notes_counts_what_a_result_is_and_what_it_cites() -> None:
    footnote = {"kind": "footnote", "number": 7, "footnotes": []}
    passage = {"kind": "passage", "number": None, "footnotes": [{"number": 3}, {"number": 9}]}
    assert result_notes(footnote) == {7}
    assert result_notes(passage) == {3, 9}
    # a passage's own "number" is not a note
    assert result_notes({"kind": "passage", "number": 4, "footnotes": []}) == set()


def test_first_note_rank_finds_a_footnote_result_or_a_citing_passage() -> None:
    results = [
        {"kind": "passage", "footnotes": [{"number": 1}]},
        {"kind": "passage", "footnotes": [{"number": 5}]},
        {"kind": "footnote", "number": 8, "footnotes": []},
    ]
    assert first_note_rank([5], results) == 2
    assert first_note_rank([8, 99], results) == 3
    assert first_note_rank([2], results) is None
    assert first_note_rank([], results) is None
