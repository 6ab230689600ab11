"""Fusion of rankings: expected values written as arithmetic."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from posenqa.search.fusion import min_max, ranks, reciprocal_rank_fusion, top, weighted_fusion


def test_rrf_sums_reciprocal_ranks() -> None:
    bm25 = {"d1": 9.0, "d2": 7.0, "d3": 1.0}
    dense = {"d3": 0.9, "d2": 0.5, "d1": 0.4}
    fused = reciprocal_rank_fusion([bm25, dense], k=60)
    assert fused["d1"] == 1 / (60 + 1) + 1 / (60 + 3)
    assert fused["d2"] == 1 / (60 + 2) + 1 / (60 + 2)
    assert fused["d3"] == 1 / (60 + 3) + 1 / (60 + 1)


def test_rrf_document_in_one_run_only() -> None:
    fused = reciprocal_rank_fusion([{"a": 2.0, "b": 1.0}, {"c": 0.3}], k=10)
    assert fused == {"a": 1 / (10 + 1), "b": 1 / (10 + 2), "c": 1 / (10 + 1)}


def test_ranks_break_ties_by_id() -> None:
    assert ranks({"b": 1.0, "a": 1.0, "c": 2.0}) == {"c": 1, "a": 2, "b": 3}


def test_min_max() -> None:
    assert min_max({"a": 2.0, "b": 4.0, "c": 3.0}) == {"a": 0.0, "b": 1.0, "c": (3 - 2) / (4 - 2)}
    assert min_max({"a": 5.0, "b": 5.0}) == {"a": 1.0, "b": 1.0}
    assert min_max({}) == {}


def test_weighted_fusion() -> None:
    bm25 = {"d1": 10.0, "d2": 5.0, "d3": 0.0}
    dense = {"d1": 0.2, "d2": 0.6, "d4": 0.4}
    fused = weighted_fusion([bm25, dense], [0.3, 0.7])
    assert fused["d1"] == pytest.approx(0.3 * 1.0 + 0.7 * 0.0)
    assert fused["d2"] == pytest.approx(0.3 * (5 / 10) + 0.7 * 1.0)
    assert fused["d3"] == pytest.approx(0.3 * 0.0)
    assert fused["d4"] == pytest.approx(0.7 * (0.4 - 0.2) / (0.6 - 0.2))


def test_weighted_fusion_needs_a_weight_per_run() -> None:
    with pytest.raises(ValueError, match="2 runs but 1 weights"):
        weighted_fusion([{"a": 1.0}, {"b": 1.0}], [1.0])


def test_top_orders_best_first() -> None:
    assert top({"a": 0.1, "b": 0.5, "c": 0.3}, 2) == [("b", 0.5), ("c", 0.3)]


_runs = st.lists(
    st.dictionaries(st.sampled_from([f"d{i}" for i in range(12)]), st.floats(-5, 5), max_size=8),
    min_size=1,
    max_size=3,
)


@given(_runs)
def test_fusion_returns_the_union_of_its_inputs(runs) -> None:
    union = set().union(*runs)
    assert set(reciprocal_rank_fusion(runs)) == union
    assert set(weighted_fusion(runs, [1.0 / len(runs)] * len(runs))) == union


@given(_runs)
def test_rrf_scores_are_bounded_by_the_number_of_runs(runs) -> None:
    fused = reciprocal_rank_fusion(runs, k=60)
    assert all(0 < s <= len(runs) / 61 for s in fused.values())
