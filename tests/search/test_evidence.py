"""Best sentence and question coverage: pure functions, weights written out."""

from __future__ import annotations

import pytest

from posenqa.search.evidence import best_spans, coverage, sentence_spans

WEIGHTS = {"banks": 1.0, "japan": 2.0, "zebra": 3.0}


def weight(term: str) -> float:
    return WEIGHTS.get(term, 0.5)


def test_coverage_is_the_weighted_share_of_terms_found() -> None:
    q = ["banks", "japan", "zebra"]
    assert coverage(q, "Banks in Japan.", weight) == pytest.approx((1.0 + 2.0) / (1.0 + 2.0 + 3.0))
    assert coverage(q, "Nothing here.", weight) == 0.0
    assert coverage([], "Banks.", weight) == 0.0
    # repeated question terms count once
    assert coverage(["japan", "japan"], "Japan.", weight) == 1.0


def test_best_span_prefers_the_sentence_with_heavier_terms() -> None:
    text = "Banks failed. Japan waited. Banks in Japan failed."
    (span,) = best_spans([text], ["banks", "japan"], weight)
    assert text[span[0] : span[1]] == "Banks in Japan failed."


def test_ties_go_to_the_earlier_sentence() -> None:
    text = "Japan first. Japan again."
    (span,) = best_spans([text], ["japan"], weight)
    assert text[span[0] : span[1]] == "Japan first."


def test_similarities_add_to_the_term_score() -> None:
    text = "Japan first. Japan again."
    (span,) = best_spans([text], ["japan"], weight, similarities=[[0.1, 0.4]])
    assert text[span[0] : span[1]] == "Japan again."


def test_text_without_sentences_is_its_own_span() -> None:
    assert sentence_spans("") == [(0, 0)]
    assert best_spans(["no stop"], ["zebra"], weight) == [(0, 7)]
