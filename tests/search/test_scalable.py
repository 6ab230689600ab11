"""The scale-out retrieval structures: InvertedBM25 against rank-bm25, top-k, index plans."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rank_bm25 import BM25Okapi

from posenqa.search.scalable import (
    DenseIndexPlan,
    InvertedBM25,
    ScaleError,
    build_dense_index,
    okapi_idf,
    plan_dense_index,
    recall_at_k,
    top_k_of,
)

# A small alphabet makes repeated terms, terms in most documents (negative idf)
# and terms in exactly half of them (idf 0) common.
terms = st.sampled_from([f"w{i}" for i in range(12)])
documents = st.lists(terms, max_size=12)
corpora = st.lists(documents, min_size=1, max_size=25).filter(lambda c: any(c))
queries = st.lists(st.sampled_from([f"w{i}" for i in range(15)]), max_size=6)
parameters = st.fixed_dictionaries(
    {
        "k1": st.floats(0.0, 3.0),
        "b": st.floats(0.0, 1.0),
        "epsilon": st.floats(0.0, 1.0),
    }
)


@settings(max_examples=300, deadline=None)
@given(corpus=corpora, query=queries, params=parameters)
def test_scores_equal_rank_bm25(corpus, query, params):
    reference = BM25Okapi(corpus, **params)
    ours = InvertedBM25.build(corpus, **params).get_scores(query)
    # rank-bm25 sums one term at a time; it computes 0/0 = nan for a document
    # lacking the term when k1 = 0, or when b = 1 and the document is empty.
    # Such a term adds 0 to such a document here.
    expected = np.zeros(len(corpus))
    for term in query:
        with np.errstate(invalid="ignore"):
            expected += np.nan_to_num(reference.get_scores([term]), nan=0.0)
    # Same operations in the same order: the floats agree to the last bit.
    np.testing.assert_array_equal(ours, expected)
    with np.errstate(invalid="ignore"):
        whole = reference.get_scores(query)
    if not np.isnan(whole).any():
        np.testing.assert_array_equal(ours, whole)


@settings(max_examples=200, deadline=None)
@given(corpus=corpora, query=queries, k=st.integers(1, 30))
def test_top_k_is_the_head_of_a_full_sort(corpus, query, k):
    index = InvertedBM25.build(corpus)
    scores = BM25Okapi(corpus).get_scores(query)
    expected = sorted(range(len(corpus)), key=lambda i: (-scores[i], i))[:k]
    ids, best = index.top_k(query, k)
    assert ids.tolist() == expected
    np.testing.assert_array_equal(best, scores[expected])


def test_negative_idf_is_floored_at_epsilon_times_mean_idf():
    # "common" is in 3 of 4 documents: idf ln(1.5/3.5) < 0, so it is floored.
    corpus = [["common", "rare"], ["common"], ["common"], ["other"]]
    index = InvertedBM25.build(corpus, epsilon=0.5)
    raw_common = math.log(4 - 3 + 0.5) - math.log(3 + 0.5)
    raw_once = math.log(4 - 1 + 0.5) - math.log(1 + 0.5)
    mean = (raw_common + raw_once + raw_once) / 3
    assert index.idf[index.vocabulary["common"]] == 0.5 * mean
    assert index.idf[index.vocabulary["rare"]] == raw_once


def test_repeated_query_terms_count_twice_and_unknown_terms_nothing():
    corpus = [["bank", "loan"], ["yen", "bank"], ["trade"]]
    index = InvertedBM25.build(corpus)
    once = index.get_scores(["loan"])
    assert np.array_equal(index.get_scores(["loan", "loan", "unseen"]), once + once)


def test_top_k_fills_with_untouched_documents_when_few_match():
    # One matching document in 30: the candidate shortcut cannot fill k = 3,
    # so the zero-scored documents follow, lowest id first.
    corpus = [[f"filler{i}"] for i in range(30)]
    corpus[5] = ["rare"]
    ids, best = InvertedBM25.build(corpus).top_k(["rare"], 3)
    assert ids.tolist() == [5, 0, 1]
    assert best[0] > 0
    assert best[1:].tolist() == [0.0, 0.0]


def test_postings_are_grouped_by_term_and_sorted_by_document():
    corpus = [["x", "y", "x"], ["y"], ["z", "x"]]
    index = InvertedBM25.build(corpus)
    x = index.vocabulary["x"]
    start, stop = index.offsets[x], index.offsets[x + 1]
    assert index.doc_ids[start:stop].tolist() == [0, 2]
    assert index.postings == 5  # (x,0) (y,0) (y,1) (z,2) (x,2)
    assert index.avgdl == 6 / 3


def test_saved_index_loads_with_the_same_scores(tmp_path):
    corpus = [["yen", "bank", "yen"], ["loan"], ["bank", "trade", "loan"]]
    index = InvertedBM25.build(corpus, k1=1.2, b=0.5)
    index.save(tmp_path / "bm25")
    loaded = InvertedBM25.load(tmp_path / "bm25")
    assert loaded.vocabulary == index.vocabulary
    assert (loaded.k1, loaded.b, loaded.avgdl) == (1.2, 0.5, index.avgdl)
    query = ["bank", "loan", "yen"]
    np.testing.assert_array_equal(loaded.get_scores(query), index.get_scores(query))


def test_damaged_saved_index_is_an_error(tmp_path):
    InvertedBM25.build([["a", "b"], ["b"]]).save(tmp_path)
    np.save(tmp_path / "doc_ids.npy", np.zeros(1, dtype=np.int32))  # one posting lost
    with pytest.raises(ScaleError, match="do not fit"):
        InvertedBM25.load(tmp_path)
    with pytest.raises(ScaleError, match="unreadable"):
        InvertedBM25.load(tmp_path / "missing")


@pytest.mark.parametrize(
    "corpus",
    [
        [],  # no documents
        [[], []],  # documents, but no terms: avgdl would be 0
    ],
)
def test_unindexable_corpora_are_errors(corpus):
    with pytest.raises(ScaleError):
        InvertedBM25.build(corpus)


def test_okapi_idf_matches_the_formula():
    idf = okapi_idf([1, 2], n_docs=10, epsilon=0.25)
    assert idf.tolist() == [math.log(9.5) - math.log(1.5), math.log(8.5) - math.log(2.5)]


def test_top_k_of_breaks_ties_by_position():
    scores = np.array([1.0, 3.0, 2.0, 3.0, 2.0, 2.0])
    ids, best = top_k_of(scores, 4)
    assert ids.tolist() == [1, 3, 2, 4]
    assert best.tolist() == [3.0, 3.0, 2.0, 2.0]
    assert top_k_of(scores, 10)[0].tolist() == [1, 3, 2, 4, 5, 0]
    with pytest.raises(ScaleError):
        top_k_of(scores, 0)


def test_recall_at_k_is_the_mean_share_found():
    exact = np.array([[1, 2, 3, 4], [5, 6, 7, 8]])
    approximate = np.array([[2, 1, 9, -1], [5, -1, -1, -1]])
    # query 1 finds 2 of its top 4, query 2 finds 1 of 4.
    assert recall_at_k(exact, approximate, 4) == (2 / 4 + 1 / 4) / 2
    assert recall_at_k(exact, approximate, 2) == (2 / 2 + 1 / 2) / 2
    with pytest.raises(ScaleError):
        recall_at_k(exact, approximate[:1], 2)


def test_plan_switches_to_hnsw_above_the_threshold():
    assert plan_dense_index(1000, flat_max=5000) == DenseIndexPlan("flat")
    assert plan_dense_index(5000, flat_max=5000).kind == "flat"
    plan = plan_dense_index(5001, flat_max=5000, ef_search=48)
    assert (plan.kind, plan.m, plan.ef_search) == ("hnsw", 32, 48)
    with pytest.raises(ScaleError):
        plan_dense_index(-1)


def _unit_vectors(n: int, dim: int, seed: int) -> np.ndarray:
    vectors = np.random.default_rng(seed).standard_normal((n, dim)).astype(np.float32)
    return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def test_both_index_kinds_find_a_stored_vector_first():
    data = _unit_vectors(2000, 32, seed=1)
    queries = data[[7, 1234, 1999]]
    flat = build_dense_index(data, DenseIndexPlan("flat"))
    hnsw = build_dense_index(data, DenseIndexPlan("hnsw", m=16, ef_search=64))
    assert type(flat).__name__ == "IndexFlatIP"
    assert type(hnsw).__name__ == "IndexHNSWFlat"
    for index in (flat, hnsw):
        _, ids = index.search(queries, 10)
        assert ids[:, 0].tolist() == [7, 1234, 1999]
    _, exact = flat.search(data[:50], 10)
    _, approximate = hnsw.search(data[:50], 10)
    assert recall_at_k(exact, approximate, 10) > 0.8


def test_dense_index_rejects_a_flat_array():
    with pytest.raises(ScaleError):
        build_dense_index(np.zeros(384, dtype=np.float32))
