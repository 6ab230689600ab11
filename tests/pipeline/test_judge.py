"""The judge's features and verdict: pure functions on a question and a passage."""

from __future__ import annotations

import math

import pytest

from posenqa.pipeline.judge import (
    Features,
    beyond_paper,
    confidence,
    judge,
    notice,
    sigmoid,
    type_missing,
)
from posenqa.search.tokenize import tokenize
from posenqa.settings import JudgeSettings

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


def test_type_missing_looks_at_sentences_near_the_question_terms() -> None:
    q = "How much did Japan pledge to the Thai rescue?"
    assert not type_missing(q, PASSAGE, tokenize(q))
    q = "How much did foreign banks invest in their Tokyo branches?"
    # The sentence about foreign banks and Tokyo holds no amount; the $4 billion is elsewhere.
    assert type_missing(q, PASSAGE, tokenize(q))
    q = "What did foreign banks do in Tokyo?"  # open question: nothing to miss
    assert not type_missing(q, PASSAGE, tokenize(q))


def test_confidence_is_the_logistic_of_the_weighted_features() -> None:
    f = Features(logit=2.0, type_missing=True, missing=0.5, beyond=False, wanted="amount")
    s = JudgeSettings(weight_logit=0.5, weight_type=-2.0, weight_missing=-1.0, bias=0.25)
    assert confidence(f, s) == pytest.approx(1 / (1 + math.exp(-(0.25 + 0.5 * 2 - 2 - 0.5))))


def test_judge_abstains_below_the_threshold_and_says_why() -> None:
    f = Features(logit=-4.0, type_missing=True, missing=0.6, beyond=True, wanted="date")
    verdict = judge(f, JudgeSettings(abstain_threshold=0.5))
    assert verdict.abstain and verdict.threshold == 0.5
    assert verdict.reasons == (
        "it asks about a time after the paper (2001)",
        "the best passage states no date for it",
        "the best passage lacks 60% of its terms",
    )
    sure = Features(logit=8.0, type_missing=False, missing=0.0, beyond=False, wanted=None)
    assert not judge(sure, JudgeSettings(abstain_threshold=0.5)).abstain


def test_features_round_trip_through_a_run_record() -> None:
    f = Features(logit=1.5, type_missing=False, missing=0.25, beyond=True, wanted=None)
    assert Features.from_dict(f.to_dict()) == f


def test_notice_prints_the_threshold_it_was_given() -> None:
    text = notice("Not answered in the paper", 0.123, 0.456, ["it asks about 2008"])
    assert text == "Not answered in the paper (confidence 0.12 is below 0.46; it asks about 2008)"


def test_sigmoid_is_safe_far_from_zero() -> None:
    assert sigmoid(-1000) == 0.0 and sigmoid(1000) == 1.0 and sigmoid(0) == 0.5
