"""The rerank stage's pool and order, fusion by mode, and mode labels."""

from __future__ import annotations

import pytest

from posenqa.errors import QuestionError
from posenqa.pipeline.fuse import fuse, order
from posenqa.pipeline.modes import LABELS, label, parse_label
from posenqa.pipeline.rerank import candidate_pool, relevance, reorder
from posenqa.pipeline.retrieve import FirstStage
from posenqa.settings import RetrievalSettings


def test_pool_is_the_first_depth_then_new_dense_candidates() -> None:
    assert candidate_pool(["a", "b", "c", "d"], ["c", "x", "y", "z"], 3, 2) == [
        "a",
        "b",
        "c",
        "x",
        "y",
    ]
    assert candidate_pool(["a", "b"], ["x"], 5, 0) == ["a", "b"]


def test_reorder_sorts_by_logit_and_keeps_first_stage_order_on_ties() -> None:
    assert reorder(["a", "b", "c"], [1.0, 3.0, 1.0]) == [("b", 3.0), ("a", 1.0), ("c", 1.0)]
    with pytest.raises(ValueError, match="2 candidates but 1 scores"):
        reorder(["a", "b"], [1.0])


def test_relevance_is_platt_scaling() -> None:
    assert relevance(0.0, 1.0, 0.0) == 0.5
    assert relevance(2.0, 0.5, -1.0) == 0.5
    assert 0.0 < relevance(-3.0, 1.0, 0.0) < relevance(3.0, 1.0, 0.0) < 1.0


def test_hybrid_fuses_by_reciprocal_rank_and_single_modes_pass_through() -> None:
    first = FirstStage({"bm25": {"a": 5.0, "b": 1.0}, "dense": {"b": 0.9, "a": 0.1}})
    fused = fuse(first, "hybrid", RetrievalSettings(rrf_k=60))
    assert fused == {"a": 1 / 61 + 1 / 62, "b": 1 / 62 + 1 / 61}
    assert fuse(first, "bm25", RetrievalSettings()) == {"a": 5.0, "b": 1.0}


def test_order_keeps_one_passage_per_block() -> None:
    scores = {"a": 3.0, "b": 2.0, "c": 1.0}
    blocks = {"a": ("B1",), "b": ("B1",), "c": ("B2",)}
    assert order(scores, blocks) == ["a", "c"]
    assert order(scores, None, 2) == ["a", "b"]


def test_labels() -> None:
    assert LABELS == (
        "hybrid+rerank",
        "hybrid",
        "bm25+rerank",
        "bm25",
        "dense+rerank",
        "dense",
    )
    assert label("bm25", True) == "bm25+rerank" and parse_label("dense+rerank") == ("dense", True)
    assert parse_label("hybrid") == ("hybrid", False)
    with pytest.raises(QuestionError, match="unknown mode"):
        parse_label("hybrid+magic")
