"""The judge's features and verdict: pure functions on a question and a passage."""

from __future__ import annotations

import math
from typing import Any

import pytest

from posenqa.pipeline.answer_type import wanted_type
from posenqa.pipeline.judge import (
    FEATURE_NAMES,
    Features,
    beyond_paper,
    confidence,
    features,
    judge,
    lacking_type,
    notice,
    sigmoid,
    support,
    year_missing,
)
from posenqa.search.tokenize import tokenize
from posenqa.settings import JudgeSettings


def type_missing(*args: Any, **kwargs: Any) -> bool:
    """Whether the answer-type check finds a kind the question wants missing."""
    return lacking_type(*args, **kwargs) is not None


PASSAGE = (
    "The Bank of Japan kept rates low through the decade. "
    "Japan pledged $4 billion to the Thai rescue in 1997. "
    "Foreign banks opened branches in Tokyo."
)


@pytest.mark.parametrize(
    ("question", "beyond"),
    [
        ("What did the Bank of Japan do during the 2008 crisis?", True),
        ("How did Japan Post Bank perform after its 2007 privatization?", True),
        ("What has happened to keiretsu since then?", True),
        ("What did the Bank of Japan do in 1998?", False),
        ("What did the Bank of Japan do in 2001?", False),  # the paper's own year
        ("How did the Bank of Japan respond to the crisis?", False),
    ],
)
def test_beyond_paper(question: str, beyond: bool) -> None:
    assert beyond_paper(question, 2001) is beyond


def test_a_paper_without_a_year_is_beyond_only_by_the_words() -> None:
    assert not beyond_paper("What did the Bank of Japan do in 2008?", None)
    assert beyond_paper("What has the Bank of Japan done since then?", None)


def test_type_missing_looks_at_sentences_near_the_question_terms() -> None:
    q = "How much did Japan pledge to the Thai rescue?"
    assert not type_missing(q, PASSAGE, tokenize(q))
    q = "How much did foreign banks invest in their Tokyo branches?"
    # The sentence about foreign banks and Tokyo holds no amount; the $4 billion is elsewhere.
    assert type_missing(q, PASSAGE, tokenize(q))
    q = "What did foreign banks do in Tokyo?"  # open question: nothing to miss
    assert not type_missing(q, PASSAGE, tokenize(q))


def test_a_second_question_in_the_sentence_is_checked_too() -> None:
    # The passage dates the pledge but gives no count of lenders: a question asking both
    # is not answered by it, and the reason names what it lacks.
    q = "When did Japan pledge money to the Thai rescue, and how many lenders joined it?"
    read = features(q, PASSAGE, [1.0], tokenize(q), lambda _t: 1.0, None, 2001)
    assert read.wanted == "date" and read.type_missing and read.lacking == "number"
    verdict = judge(read, JudgeSettings(abstain_threshold=0.5, weight_type=-5.0))
    assert verdict.abstain and "the best passage states no number for it" in verdict.reasons
    q = "When did Japan pledge money to the Thai rescue, and how much did it pledge?"
    read = features(q, PASSAGE, [1.0], tokenize(q), lambda _t: 1.0, None, 2001)
    assert not read.type_missing and read.lacking is None


def test_confidence_is_the_logistic_of_the_weighted_features() -> None:
    f = Features(logit=2.0, type_missing=True, missing=0.5, beyond=False, wanted="amount")
    s = JudgeSettings(weight_logit=0.5, weight_type=-2.0, weight_missing=-1.0, bias=0.25)
    assert confidence(f, s) == pytest.approx(1 / (1 + math.exp(-(0.25 + 0.5 * 2 - 2 - 0.5))))


def test_judge_abstains_below_the_threshold_and_says_why() -> None:
    f = Features(
        logit=-4.0, type_missing=True, missing=0.6, beyond=True, wanted="date", paper_year=2001
    )
    weighed = {"weight_time": -1.0, "weight_type": -1.0, "weight_missing": -1.0}
    verdict = judge(f, JudgeSettings(abstain_threshold=0.5, **weighed))
    assert verdict.abstain and verdict.threshold == 0.5
    assert verdict.reasons == (
        "it asks about a time after the paper (2001)",
        "the best passage states no date for it",
        "the best passage lacks 60% of its terms",
    )
    # A signal the fit gave no weight decided nothing: it is not offered as a reason.
    unweighed = judge(f, JudgeSettings(abstain_threshold=0.5, weight_type=-1.0))
    assert unweighed.reasons == ("the best passage states no date for it",)
    sure = Features(logit=8.0, type_missing=False, missing=0.0, beyond=False, wanted=None)
    assert not judge(sure, JudgeSettings(abstain_threshold=0.5)).abstain


def test_nothing_about_the_question_means_no_confidence_at_all() -> None:
    off = Features(logit=-11.0, type_missing=False, missing=1.0, beyond=False, wanted=None)
    settings = JudgeSettings(weight_logit=0.0, bias=5.0, min_logit=-8.0)
    assert confidence(off, settings) == 0.0
    verdict = judge(off, settings)
    assert verdict.abstain
    assert verdict.reasons[0] == "no passage is about it (reranker score -11.00 below -8.00)"


def test_features_round_trip_through_a_run_record() -> None:
    f = Features(logit=1.5, type_missing=False, missing=0.25, beyond=True, wanted=None)
    assert Features.from_dict(f.to_dict()) == f


def test_notice_prints_the_threshold_it_was_given() -> None:
    text = notice("Not answered in the paper", 0.123, 0.456, ["it asks about 2008"])
    assert text == "Not answered in the paper (confidence 0.12 is below 0.46; it asks about 2008)"


def test_sigmoid_is_safe_far_from_zero() -> None:
    assert sigmoid(-1000) == 0.0 and sigmoid(1000) == 1.0 and sigmoid(0) == 0.5


@pytest.mark.parametrize(
    ("question", "beyond"),
    [
        # "Eventually" is the end of the paper's own story, not a time after it.
        ("What did the Japanese banks eventually do with their bad loans?", False),
        ("Who in the end bought the bank?", False),
    ],
)
def test_eventually_is_no_time_after_the_paper(question: str, beyond: bool) -> None:
    assert beyond_paper(question, 2001) is beyond


@pytest.mark.parametrize(
    ("question", "text", "missing"),
    [
        ("What was the vacancy rate in 1990?", "It was 3 percent in 1980 and 19 in 1986.", True),
        ("What was the vacancy rate in 1986?", "It was 3 percent in 1980 and 19 in 1986.", False),
        # A range ending in the year mentions it; a decade is mentioned by any of its years.
        ("What happened to lending in 1990?", "Lending rose in 1989-90.", False),
        ("How did lending grow in the 1990s?", "Lending grew fast in 1993.", False),
        ("How did lending grow in the 1980s?", "Lending grew fast in 1993.", True),
        ("How did lending grow?", "Lending grew fast in 1993.", False),  # no year asked
        ("What cost $1990 million?", "The plan cost a lot.", False),  # an amount, not a year
    ],
)
def test_year_missing(question: str, text: str, missing: bool) -> None:
    assert year_missing(question, text) is missing


def test_a_year_in_a_cited_note_counts() -> None:
    q = "What did the bank lose in 1995?"
    text = "The bank lost heavily in 1994."
    assert year_missing(q, text)
    assert not year_missing(q, text, [(len(text), "Losses peaked in 1995.")])


def test_a_passage_that_dates_nothing_misses_no_year() -> None:
    # The year may only name the event; a passage naming no year gives no other time.
    q = "How did Japan's neighbours see the American response to the crisis of 1997-98?"
    assert not year_missing(q, "Its neighbors feel abused or ignored by American policymakers.")
    assert year_missing(q, "In 1999 its neighbors felt abused by American policymakers.")


def test_the_year_of_a_claim_whose_source_is_asked_need_not_be_in_the_note() -> None:
    note = "Hoshi and Kashyap, Corporate Financing and Governance in Japan."
    q = "Whose work documents the rise of SME lending by Japanese banks up to 1990?"
    read = features(q, note, [4.0], tokenize(q), lambda t: 1.0, None, 2001)
    assert read.wanted == "source" and not read.year_missing
    q = "How did SME lending by Japanese banks grow up to 1990?"
    read = features(q, "SME lending grew in 1985.", [4.0], tokenize(q), lambda t: 1.0, None, 2001)
    assert read.year_missing


def test_type_missing_reads_the_notes_a_near_sentence_cites() -> None:
    text = "Daiwa hid losses in New York. Foreign banks opened branches in Tokyo."
    q = "How large were the losses Daiwa hid?"
    assert type_missing(q, text, tokenize(q))
    # Note 7's marker stands after the first sentence: its body is part of what it states.
    note = (len("Daiwa hid losses in New York."), "The losses came to $1.1 billion.")
    assert not type_missing(q, text, tokenize(q), notes=[note])
    # A note cited by a sentence far from the question's terms does not answer it.
    far = (len(text), "The losses came to $1.1 billion.")
    assert type_missing(q, text, tokenize(q), notes=[far])


def test_a_question_for_a_source_is_not_checked() -> None:
    # On the development sets the source check caught no negative and refused answerable
    # questions whose first passage gave the source another way.
    text = "Keiretsu were partly an American creation. Banks lent widely."
    q = "Which work does the author cite for keiretsu being an American creation?"
    assert wanted_type(q) == "source"
    assert not type_missing(q, text, tokenize(q))


def test_a_question_for_a_named_law_reads_the_citation_after_the_proposition() -> None:
    q = "Which state's code does the Court give as an example of the rules it drew on?"
    claim = "The rule drew its text from existing state procedural rules."
    cite = "See, e. g., Cal. Civ. Proc. Code § 473 (1872)."
    assert not type_missing(q, f"{claim} {cite}", tokenize(q), near_share=0.5)
    assert type_missing(q, claim, tokenize(q), near_share=0.5)
    # A citation before the proposition, or after a sentence about something else, is
    # another proposition's source.
    other = "Courts could not reopen judgments at will."
    assert type_missing(q, f"{cite} {claim} {other}", tokenize(q), near_share=0.5)
    assert type_missing(q, f"{claim} {other} {cite}", tokenize(q), near_share=0.5)
    # The citation's year is no date asked for.
    when = "When did the rule draw its text from existing state procedural rules?"
    assert type_missing(when, f"{claim} {cite}", tokenize(when), near_share=0.5)
    # A case's name is no judge's: a question for people does not read the citation.
    who = "Which judges sat on the panel that dismissed the request?"
    panel = "A three-judge panel dismissed the request."
    ruling = "See In re Bowe, 24-10 (CA11 2024)."
    assert type_missing(who, f"{panel} {ruling}", tokenize(who), near_share=0.5)
    # A citation's page is no count asked for.
    many = "How many state rules did the rule draw its text from?"
    assert type_missing(many, f"{claim} {cite}", tokenize(many), near_share=0.5)


def test_support_is_the_mean_of_the_three_best_logits() -> None:
    assert support([5.0, 2.0, -1.0, 9.0]) == pytest.approx((9 + 5 + 2) / 3)
    assert support([4.0]) == 4.0  # a single candidate supports alone


def test_old_run_records_read_without_the_newer_features() -> None:
    old = {"logit": 1.0, "type_missing": False, "missing": 0.2, "beyond": False, "wanted": None}
    f = Features.from_dict(old)
    assert not f.year_missing and f.support == 1.0  # the best logit stands for the rest
    assert f.lacking is None
    doubted = Features.from_dict({**old, "type_missing": True, "wanted": "date"})
    assert doubted.lacking == "date"  # before compound questions, the one kind wanted
    assert len(f.vector()) == len(FEATURE_NAMES)


def test_near_share_reads_only_the_sentences_about_the_asked_thing() -> None:
    text = (
        "Foreign banks had 87 branches in Japan. "
        "Foreign insurers won a large share of the third sector of Japanese insurance."
    )
    q = "What share of the third sector did foreign insurers win?"
    # Any sentence with a question term ("foreign") lets the 87 branches pass as the share.
    assert not type_missing(q, text, tokenize(q), near_share=0.0)
    # The sentence about the third sector holds no figure: the share is not given.
    assert type_missing(q, text, tokenize(q), near_share=1.0)
    answered = text.replace("a large share", "a 30 percent share")
    assert not type_missing(q, answered, tokenize(q), near_share=1.0)


def test_the_sentence_found_by_meaning_is_read_with_the_one_found_by_terms() -> None:
    # The question's terms ("savings", "lenders") are in the first sentence; the answer
    # is in the next one, which a reader (or the embedding) finds by its meaning.
    text = "The savings lenders were rivals of the big banks. Their assets tripled in a decade."
    q = "How much did the savings lenders' holdings expand?"
    assert type_missing(q, text, tokenize(q), near_share=1.0)
    best = "Their assets tripled in a decade."
    assert not type_missing(q, text, tokenize(q), near_share=1.0, also=(best,))
    # A sentence without the kind asked for changes nothing.
    assert type_missing(q, text, tokenize(q), near_share=1.0, also=("They were rivals.",))


def test_a_year_the_passage_never_mentions_is_a_reason_given() -> None:
    f = Features(
        logit=3.0, type_missing=False, missing=0.1, beyond=False, wanted=None, year_missing=True
    )
    verdict = judge(f, JudgeSettings(weight_year=-5.0, abstain_threshold=0.5))
    assert verdict.abstain
    assert verdict.reasons == ("the best passage does not mention the year it names",)


def test_a_sure_reranker_overrules_a_missing_type_and_year() -> None:
    # The sentence about foreign banks and Tokyo holds no amount, and no year 1995.
    q = "How much did foreign banks invest in their Tokyo branches in 1995?"

    def read(logit: float) -> Features:
        return features(q, PASSAGE, [logit], tokenize(q), lambda _: 1.0, None, 2001, sure_logit=8.5)

    doubted = read(8.4)
    assert doubted.type_missing and doubted.year_missing
    sure = read(8.5)
    assert not sure.type_missing and not sure.year_missing
    assert sure.wanted == doubted.wanted == wanted_type(q)  # what was asked is still told
    # Without a sure score (the default) the patterns always decide.
    assert features(q, PASSAGE, [50.0], tokenize(q), lambda _: 1.0, None, 2001).type_missing


def test_the_sure_score_sits_above_the_floor_and_the_threshold_it_overrules() -> None:
    # Overruled at sure_logit, the confidence must clear the threshold, or the gate would
    # decide nothing (the shipped calibration).
    from posenqa.settings import load_settings

    settings = load_settings().judge
    assert settings.sure_logit > settings.min_logit
    f = Features(
        logit=settings.sure_logit, type_missing=False, missing=0.0, beyond=False, wanted=None
    )
    assert not judge(f, settings).abstain
