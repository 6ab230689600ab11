"""BM25 scoring, the faiss dense index, and diversification of windows."""

from __future__ import annotations

import numpy as np
import pytest

from posenqa.errors import IndexError_
from posenqa.search.bm25 import Bm25Index
from posenqa.search.dense import DenseIndex
from posenqa.search.diversify import diversify

TEXTS = [
    "The Bank of Japan cut interest rates to zero.",
    "Savings and loan institutions failed in the United States.",
    "Japanese banks hid bad loans from regulators.",
]


def test_bm25_ranks_the_document_sharing_rare_terms_first() -> None:
    index = Bm25Index(TEXTS)
    scores = index.scores("Why did savings and loan institutions fail?")
    assert int(np.argmax(scores)) == 1
    assert scores[0] == 0.0  # no shared term


def test_bm25_question_of_stop_words_scores_nothing() -> None:
    assert not Bm25Index(TEXTS).scores("why did the of").any()


def test_bm25_idf_of_unknown_term_is_zero() -> None:
    index = Bm25Index(TEXTS)
    assert index.idf("zebra") == 0.0
    assert index.idf("savings") > 0.0


def test_dense_index_returns_cosines_best_first(tmp_path) -> None:
    vectors = np.eye(3, dtype=np.float32)
    index = DenseIndex.build(vectors)
    query = np.array([0.6, 0.8, 0.0], dtype=np.float32)
    scores, positions = index.search(query)
    assert positions.tolist() == [1, 0, 2]
    assert scores.tolist() == pytest.approx([0.8, 0.6, 0.0])
    index.write(tmp_path / "d.faiss")
    again = DenseIndex.read(tmp_path / "d.faiss")
    assert (again.size, again.dim) == (3, 3)
    assert again.search(query, 1)[1].tolist() == [1]


def test_dense_read_of_garbage_is_an_index_error(tmp_path) -> None:
    (tmp_path / "bad.faiss").write_bytes(b"not a faiss index")
    with pytest.raises(IndexError_, match="unreadable faiss index"):
        DenseIndex.read(tmp_path / "bad.faiss")


def test_diversify_keeps_the_best_window_of_each_block() -> None:
    blocks = {"p1": ("b1",), "p2": ("b1",), "p3": ("b2",), "n1": (), "n2": ()}
    assert diversify(["p1", "p2", "n1", "p3", "n2"], blocks) == ["p1", "n1", "p3", "n2"]
    assert diversify(["p2", "p1", "p3"], blocks, limit=2) == ["p2", "p3"]
    # a passage joining two blocks collides with either
    joined = {"p1": ("b1", "b2"), "p2": ("b2",)}
    assert diversify(["p1", "p2"], joined) == ["p1"]


def test_large_corpora_get_the_inverted_bm25_with_the_same_scores_and_weights() -> None:
    texts = [
        "the ministry of finance and the banks",
        "bank deposit insurance in japan",
        "the savings and loan crisis in the united states",
        "",  # an empty passage is scored zero by both
        "japanese banks and american banks",
    ]
    small = Bm25Index(texts)  # rank-bm25
    large = Bm25Index(texts, max_rank_bm25_docs=0)  # the inverted index
    assert small._bm25 is not None and large._inverted is not None
    for question in ("japanese banks", "savings crisis", "zebra", "bank of japan deposit"):
        assert np.allclose(small.scores(question), large.scores(question))
    for term in ("bank", "japan", "crisis", "zebra"):
        assert small.idf(term) == pytest.approx(large.idf(term))
        assert small.weight(term) == pytest.approx(large.weight(term))


def test_a_large_dense_index_is_a_graph_that_still_finds_the_nearest_rows() -> None:
    from posenqa.search.scalable import FLAT_MAX_VECTORS

    rng = np.random.default_rng(7)
    small = DenseIndex.build(_unit_rows(rng, 50))
    assert small.exact
    vectors = _unit_rows(rng, FLAT_MAX_VECTORS + 1, dim=16)
    large = DenseIndex.build(vectors)
    assert not large.exact
    scores, positions = large.search(vectors[123], 5)
    assert positions[0] == 123
    assert scores[0] == pytest.approx(1.0, abs=1e-5)


def _unit_rows(rng: np.random.Generator, n: int, dim: int = 8) -> np.ndarray:
    rows = rng.standard_normal((n, dim)).astype(np.float32)
    return rows / np.linalg.norm(rows, axis=1, keepdims=True)
