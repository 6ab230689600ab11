"""Metrics on hand-made run records; expected values are written as arithmetic."""

from __future__ import annotations

import pytest

from posenqa.evaluation.gold import GoldQuestion
from posenqa.evaluation.metrics import (
    hit_rank,
    mrr_at,
    percentile,
    rate,
    recall_at,
    score_mode,
    separation_auc,
)


def _q(qid: str, kind: str, evidence: tuple[str, ...] = (), notes: tuple[int, ...] = ()):
    return GoldQuestion(qid, f"question {qid}?", kind, evidence, notes, None, "dev")


def _passage(text: str, notes: tuple[int, ...] = ()) -> dict:
    return {"kind": "passage", "number": None, "text": text,
            "footnotes": [{"number": n, "text": ""} for n in notes]}  # fmt: skip


def test_recall_and_mrr() -> None:
    ranks = [1, 3, None, 12]
    assert recall_at(ranks, 1) == 1 / 4
    assert recall_at(ranks, 3) == 2 / 4
    assert recall_at(ranks, 10) == 2 / 4
    assert mrr_at(ranks, 10) == pytest.approx((1 / 1 + 1 / 3 + 0 + 0) / 4)
    # rank 12 counts once k reaches it
    assert mrr_at(ranks, 12) == pytest.approx((1 / 1 + 1 / 3 + 0 + 1 / 12) / 4)


def test_empty_groups_have_no_score_rather_than_zero() -> None:
    assert recall_at([], 5) is None
    assert mrr_at([], 10) is None
    assert rate([]) is None
    assert percentile([], 50) is None


def test_percentile_interpolates_linearly() -> None:
    values = [40.0, 10.0, 30.0, 20.0]
    assert percentile(values, 50) == (20.0 + 30.0) / 2
    # position (4 - 1) * 0.95 = 2.85: between the 3rd (30) and 4th (40) values
    assert percentile(values, 95) == pytest.approx(30.0 + (40.0 - 30.0) * 0.85)
    assert percentile([7.0], 95) == 7.0


def test_separation_auc_counts_pairs_and_half_ties() -> None:
    # pairs (answerable, negative): (0.9, 0.1) win, (0.9, 0.5) win, (0.5, 0.1) win, (0.5, 0.5) tie
    assert separation_auc([0.9, 0.5], [0.1, 0.5]) == (1 + 1 + 1 + 0.5) / 4
    assert separation_auc([0.1], [0.9]) == 0 / 1
    assert separation_auc([0.5], []) is None


def test_hit_rank_uses_evidence_or_for_bare_citation_questions_the_notes() -> None:
    results = [_passage("nothing"), _passage("the yen at 137.60", notes=(4,))]
    assert hit_rank(_q("a", "fact", ("yen at 137.60",)), results) == 2
    assert hit_rank(_q("b", "citation", (), (4,)), results) == 2
    # with evidence, a citation question needs the evidence, not just the note
    assert hit_rank(_q("c", "citation", ("not there",), (4,)), results) is None
    assert hit_rank(_q("d", "negative"), results) is None


def test_score_mode_over_kinds_notes_abstention_and_latency() -> None:
    questions = [
        _q("f1", "fact", ("alpha",)),
        _q("f2", "fact", ("beta",)),
        _q("p1", "paraphrase", ("gamma",)),
        _q("c1", "citation", ("delta",), (5,)),
        _q("n1", "negative"),
        _q("n2", "negative"),
    ]
    records = [
        # f1: hit at rank 1
        {
            "id": "f1",
            "abstained": False,
            "confidence": 0.8,
            "latency_ms": 10.0,
            "results": [_passage("alpha")],
        },
        # f2: hit at rank 3, and wrongly abstained
        {
            "id": "f2",
            "abstained": True,
            "latency_ms": 20.0,
            "results": [_passage("x"), _passage("y"), _passage("beta")],
        },
        # p1: no hit
        {"id": "p1", "abstained": False, "latency_ms": 30.0, "results": [_passage("x")]},
        # c1: evidence at rank 2; its note is cited by rank 1 already
        {
            "id": "c1",
            "abstained": False,
            "latency_ms": 40.0,
            "results": [_passage("x", notes=(5,)), _passage("delta")],
        },
        {
            "id": "n1",
            "abstained": True,
            "confidence": 0.3,
            "latency_ms": 50.0,
            "results": [_passage("x")],
        },
        {"id": "n2", "abstained": False, "latency_ms": 60.0, "results": []},
    ]
    scores = score_mode(questions, records)
    # answerable first-hit ranks: f1 1, f2 3, p1 none, c1 2
    assert scores.overall["R@1"] == 1 / 4
    assert scores.overall["R@3"] == 3 / 4
    assert scores.overall["R@10"] == 3 / 4
    assert scores.overall["MRR@10"] == pytest.approx((1 / 1 + 1 / 3 + 0 + 1 / 2) / 4)
    assert scores.by_kind["fact"]["R@1"] == 1 / 2
    assert scores.by_kind["fact"]["MRR@10"] == pytest.approx((1 / 1 + 1 / 3) / 2)
    assert scores.by_kind["paraphrase"]["R@10"] == 0 / 1
    assert scores.by_kind["citation"]["R@1"] == 0 / 1
    assert "concept" not in scores.by_kind  # no concept questions: no row
    assert scores.citation == {"note@1": 1 / 1, "note@3": 1 / 1, "note@5": 1 / 1}
    assert scores.negatives_abstained == 1 / 2
    assert scores.false_abstention == 1 / 4
    # only f1 (0.8) and n1 (0.3) carry a confidence: one pair, won
    assert scores.confidence_auc == 1 / 1
    assert scores.latency_ms["p50"] == (30.0 + 40.0) / 2
    assert scores.counts == {
        "answerable": 4,
        "negative": 2,
        "fact": 2,
        "paraphrase": 1,
        "citation": 1,
    }


def test_questions_without_a_record_count_as_misses() -> None:
    questions = [_q("f1", "fact", ("alpha",)), _q("f2", "fact", ("beta",))]
    scores = score_mode(questions, [{"id": "f1", "results": [_passage("alpha")]}])
    assert scores.overall["R@10"] == 1 / 2
    assert scores.latency_ms == {"p50": None, "p95": None}
    assert scores.negatives_abstained is None


def test_off_topic_questions_are_counted_apart_from_the_on_topic_negatives() -> None:
    questions = [
        _q("f1", "fact", ("alpha",)),
        _q("n1", "negative"),
        _q("o1", "offtopic"),
        _q("o2", "offtopic"),
        _q("o3", "offtopic"),
    ]
    records = [
        {"id": "f1", "abstained": False, "confidence": 0.8, "results": [_passage("alpha")]},
        {"id": "n1", "abstained": False, "confidence": 0.6, "results": [_passage("x")]},
        # an off-topic confidence far below everything must not flatter the AUC
        {"id": "o1", "abstained": True, "confidence": 0.0, "results": [_passage("x")]},
        {"id": "o2", "abstained": True, "confidence": 0.0, "results": [_passage("x")]},
        {"id": "o3", "abstained": False, "confidence": 0.9, "results": [_passage("x")]},
    ]
    scores = score_mode(questions, records)
    assert scores.offtopic_abstained == 2 / 3
    assert scores.negatives_abstained == 0 / 1
    assert scores.false_abstention == 0 / 1
    assert scores.confidence_auc == 1 / 1  # f1 against n1 only
    assert scores.counts["offtopic"] == 3 and scores.counts["negative"] == 1
    assert scores.to_dict()["offtopic_abstained"] == 2 / 3
    # A set without off-topic questions reports none (no row in the tables).
    assert score_mode(questions[:2], records[:2]).offtopic_abstained is None
