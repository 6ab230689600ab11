"""Fixtures for retrieval tests: the real embedding model, loaded once, and the
reference search backend the backend contract tests compare against."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

import numpy as np
import pytest
from rank_bm25 import BM25Okapi

from posenqa.search.backend import BackendStats, PaperPassages, Scored
from posenqa.search.tokenize import tokenize
from posenqa.settings import TokenizerSettings


@pytest.fixture(scope="session")
def real_embedder():  # type: ignore[no-untyped-def]
    from posenqa.search.embedder import load_embedder

    return load_embedder()


@pytest.fixture(scope="session")
def reference_backend_type() -> type[ReferenceBackend]:
    """:class:`ReferenceBackend` (tests cannot import conftest)."""
    return ReferenceBackend


class ReferenceBackend:
    """A tiny in-memory reference backend: the search contract written as plainly as possible.

    rank-bm25 over every passage held (papers in order of id) and an exact numpy cosine
    over every vector, recomputed at each question: slow and obviously right. The
    contract tests run every backend beside it.
    """

    def __init__(self, tokenizer: TokenizerSettings | None = None) -> None:
        self.tokenizer = tokenizer or TokenizerSettings()
        self.papers: dict[str, PaperPassages] = {}

    def add(self, paper: PaperPassages) -> None:
        self.papers[paper.paper_id] = paper

    def remove(self, paper_id: str) -> None:
        self.papers.pop(paper_id, None)

    def _rows(self) -> list[tuple[str, str, list[str], Any]]:
        rows = []
        for paper_id in sorted(self.papers):
            paper = self.papers[paper_id]
            for i, (key, terms) in enumerate(zip(paper.keys, paper.terms.lists(), strict=True)):
                rows.append(
                    (paper_id, key, terms, paper.vectors[i] if len(paper.vectors) else None)
                )
        return rows

    def _bm25(self) -> BM25Okapi:
        return BM25Okapi([terms or ["\x00"] for _, _, terms, _ in self._rows()])

    def keyword(
        self, question: str, n: int | None, papers: Collection[str] | None = None
    ) -> Scored:
        rows = self._rows()
        terms = tokenize(question, self.tokenizer)
        if not rows or not terms:
            return []
        scores = self._bm25().get_scores(terms)
        found = [
            (i, float(s))
            for i, s in enumerate(scores)
            if s > 0 and (papers is None or rows[i][0] in papers)
        ]
        found.sort(key=lambda pair: (-pair[1], pair[0]))
        return [(rows[i][1], s) for i, s in found[:n]]

    def vector(
        self, query: np.ndarray, n: int | None, papers: Collection[str] | None = None
    ) -> Scored:
        found = [
            (i, float(np.dot(row[3], query)))
            for i, row in enumerate(self._rows())
            if papers is None or row[0] in papers
        ]
        found.sort(key=lambda pair: (-pair[1], pair[0]))
        rows = self._rows()
        return [(rows[i][1], s) for i, s in found[:n]]

    def weight(self, term: str) -> float:
        rows = self._rows()
        bm25 = self._bm25() if rows else None
        if bm25 is not None and term in bm25.idf:
            return max(float(bm25.idf[term]), 0.0)
        size = len(rows)
        return max(float(np.log((size - 1 + 0.5) / 1.5)), 0.0) if size > 1 else 1.0

    def stats(self) -> BackendStats:
        rows = self._rows()
        dims = {p.vectors.shape[1] for p in self.papers.values() if p.vectors.ndim == 2}
        terms = {t for _, _, ts, _ in rows for t in ts}
        return BackendStats(len(self.papers), len(rows), max(dims, default=None), len(terms))
