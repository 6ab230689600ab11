"""BM25 (Okapi) ranking over texts, with rank-bm25: a score for every text.

The engines do not use it: they ask the search backend (``search/embedded.py``),
which merges the terms stored in each paper's index into the inverted index and
ranks only the best ``n``. This class scores texts given as strings, and is the
yardstick the backend's scores are tested against (``tests/search``). Past
``RANK_BM25_MAX_DOCS`` passages, rank-bm25's per-document Python loop gets slow
(2 s a question at 1M), so the same scores come from the numpy inverted index in
``search/scalable.py`` instead (benchmarks/README.md).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
from rank_bm25 import BM25Okapi

from posenqa.search.scalable import RANK_BM25_MAX_DOCS, InvertedBM25
from posenqa.search.tokenize import tokenize
from posenqa.settings import TokenizerSettings


class Bm25Index:
    """BM25 scores of a question against a fixed list of documents (by position)."""

    def __init__(
        self,
        texts: Sequence[str],
        tokenizer: TokenizerSettings | None = None,
        *,
        k1: float = 1.5,
        b: float = 0.75,
        max_rank_bm25_docs: int = RANK_BM25_MAX_DOCS,
    ) -> None:
        self.tokenizer = tokenizer or TokenizerSettings()
        self.size = len(texts)
        corpus = [tokenize(t, self.tokenizer) for t in texts]
        # Both backends divide by the corpus size and mean length: give them a
        # harmless placeholder document rather than special-casing emptiness.
        padded = [c or ["\x00"] for c in corpus] or [["\x00"]]
        self._inverted: InvertedBM25 | None = None
        self._bm25: BM25Okapi | None = None
        if len(padded) > max_rank_bm25_docs:
            self._inverted = InvertedBM25.build(padded, k1=k1, b=b)
            vocabulary, idf = self._inverted.vocabulary, self._inverted.idf
            self._idf = {term: float(idf[i]) for term, i in vocabulary.items()}
        else:
            self._bm25 = BM25Okapi(padded, k1=k1, b=b)
            self._idf = {term: float(value) for term, value in self._bm25.idf.items()}

    def scores(self, question: str) -> np.ndarray:
        """A BM25 score per document (0 where no question term occurs)."""
        terms = tokenize(question, self.tokenizer)
        if not terms or self.size == 0:
            return np.zeros(self.size, dtype=np.float64)
        engine = self._inverted if self._inverted is not None else self._bm25
        return np.asarray(engine.get_scores(terms), dtype=np.float64)[: self.size]  # type: ignore[union-attr]

    def idf(self, term: str) -> float:
        """The index's idf of an already tokenized term (0 for unseen terms)."""
        return self._idf.get(term, 0.0)

    def weight(self, term: str) -> float:
        """How much a question term matters: its idf, or for a term the paper never uses,
        the idf of a term found in one document (an unknown word is as telling as the rarest)."""
        if term in self._idf:
            return max(self._idf[term], 0.0)
        return max(math.log((self.size - 1 + 0.5) / (1 + 0.5)), 0.0) if self.size > 1 else 1.0


__all__ = ["Bm25Index"]
