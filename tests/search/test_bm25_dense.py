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
