"""The embedded search backend: BM25 and faiss in this process, over the papers' stored indexes.

The default :class:`~posenqa.search.backend.SearchBackend`, the one that runs out
of the box for one paper and for a library. Papers are kept in order of id, so
results never depend on the order they were added in. Nothing is tokenized: the
BM25 index is merged from each paper's stored terms (term ids mapped to one
library vocabulary) into :class:`~posenqa.search.scalable.InvertedBM25`, whose
scores are rank-bm25's; a question touches only its terms' postings and only the
best ``n`` passages are ranked. Dense search is one faiss index over every
passage's vector. Both are (re)built lazily, on the first question after a change.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from posenqa.errors import IndexError_
from posenqa.search.backend import BackendStats, PaperPassages, Scored
from posenqa.search.tokenize import tokenize
from posenqa.settings import TokenizerSettings

if TYPE_CHECKING:
    import numpy as np

    from posenqa.search.dense import DenseIndex
    from posenqa.search.scalable import InvertedBM25
    from posenqa.store.rows import StackedRows
    from posenqa.store.terms import PassageTerms

#: The term a passage without any term is given, as rank-bm25 needs one per document.
PLACEHOLDER = "\x00"

#: Makes the dense index over the papers' vectors (rows in key order).
MakeDense = Callable[["StackedRows"], "DenseIndex"]


@dataclass(frozen=True, slots=True)
class Bulk:
    """Many papers' passages held as one set of arrays (a library's pack), in key order:
    what :class:`PaperPassages` gives a paper at a time, for all of them at once."""

    keys: Sequence[str]
    spans: dict[str, tuple[int, int]]
    """Each paper's rows, papers in order of id."""
    vectors: np.ndarray
    """float32 (passages, dim), L2-normalized."""
    terms: Callable[[], PassageTerms]
    """Every passage's terms over one vocabulary numbered in order of first occurrence
    (read only when the merged BM25 must be built)."""
    fingerprints: Sequence[tuple[str, int, str]]
    """(paper id, passages, fingerprint of its terms) of each paper: the saved BM25's key."""


class EmbeddedBackend:
    """BM25 (inverted index) and faiss over the papers' stored terms and vectors."""

    def __init__(
        self,
        tokenizer: TokenizerSettings | None = None,
        *,
        k1: float = 1.5,
        b: float = 0.75,
        make_dense: MakeDense | None = None,
        bm25_cache: Path | None = None,
    ) -> None:
        """``make_dense`` builds the dense index over the vectors (default: an exact
        inner-product scan in memory; one paper's engine reads its stored faiss file).
        ``bm25_cache``: a folder where the merged BM25 index is saved and read back
        while the papers held are the same (:mod:`posenqa.search.bm25_cache`)."""
        self.tokenizer = tokenizer or TokenizerSettings()
        self.k1, self.b = k1, b
        self._make_dense = make_dense or _flat
        self._bm25_cache = bm25_cache
        self._papers: dict[str, PaperPassages] = {}
        self._bulk: Bulk | None = None
        self._lock = threading.Lock()
        self._layout: _Layout | None = None
        self._bm25: InvertedBM25 | None = None
        self._dense: DenseIndex | None = None

    @classmethod
    def over(cls, bulk: Bulk, tokenizer: TokenizerSettings, **options: Any) -> EmbeddedBackend:
        """The backend over the papers of ``bulk`` (``options``: the constructor's). It
        answers as one given the same papers by :meth:`add`; it is read-only (a library
        opened from its pack is reopened after a change, which packs it again)."""
        backend = cls(tokenizer, **options)
        backend._bulk = bulk
        return backend

    # -- the contract -----------------------------------------------------------

    def add(self, paper: PaperPassages) -> None:
        """Index ``paper``'s passages (replacing the paper's earlier ones)."""
        self._writable()
        with self._lock:
            self._papers[paper.paper_id] = paper
            self._layout = self._bm25 = self._dense = None

    def remove(self, paper_id: str) -> None:
        """Drop paper ``paper_id``'s passages."""
        self._writable()
        with self._lock:
            if self._papers.pop(paper_id, None) is not None:
                self._layout = self._bm25 = self._dense = None

    def keyword(
        self, question: str, n: int | None, papers: Collection[str] | None = None
    ) -> Scored:
        """The ``n`` best passages by BM25 (positive scores), ties by position."""
        import numpy as np

        from posenqa.search.scalable import top_k_of

        terms = tokenize(question, self.tokenizer)
        layout, bm25 = self._parts()
        if not terms or bm25 is None:
            return []
        scores = bm25.get_scores(terms)[: layout.size]
        allowed = layout.rows(papers)
        candidates = np.flatnonzero(scores > 0)
        if allowed is not None:
            candidates = candidates[allowed[candidates]]
        if not len(candidates) or n == 0:
            return []
        picked, values = top_k_of(scores[candidates], _limit(n, len(candidates)))
        keys = layout.keys
        return list(
            zip([keys[i] for i in candidates[picked].tolist()], values.tolist(), strict=True)
        )

    def vector(
        self, query: np.ndarray, n: int | None, papers: Collection[str] | None = None
    ) -> Scored:
        """The ``n`` nearest passages by cosine (every passage when ``n`` is None)."""
        import numpy as np

        layout, dense = self._layout_now(), self.dense()
        allowed = layout.rows(papers)
        if allowed is None:
            values, positions = dense.search(query, n)
        else:
            ids = np.flatnonzero(allowed)
            values, positions = dense.search(query, _limit(n, len(ids)), within=ids)
        keys = layout.keys
        return [
            (keys[i], v) for v, i in zip(values.tolist(), positions.tolist(), strict=True) if i >= 0
        ]

    def weight(self, term: str) -> float:
        """The term's idf (at least 0), or for a term no passage has, the idf of a term
        found in one passage (an unknown word is as telling as the rarest)."""
        import math

        bm25 = self._bm25  # read once: a concurrent add() may reset the attribute
        if bm25 is not None and term in bm25.vocabulary:  # the common case, without the lock
            return max(float(bm25.idf[bm25.vocabulary[term]]), 0.0)
        layout, bm25 = self._parts()
        if bm25 is not None and layout.size and term in bm25.vocabulary:
            return max(float(bm25.idf[bm25.vocabulary[term]]), 0.0)
        size = layout.size
        return max(math.log((size - 1 + 0.5) / (1 + 0.5)), 0.0) if size > 1 else 1.0

    def stats(self) -> BackendStats:
        """Papers, passages, vector dimension and distinct terms held."""
        layout, bm25 = self._parts()
        bulk = self._bulk
        vectors = [bulk.vectors] if bulk is not None else [p.vectors for p in self._papers.values()]
        dims = {v.shape[1] for v in vectors if v.ndim == 2 and len(v)}
        terms = 0 if bm25 is None else len(set(bm25.vocabulary) - {PLACEHOLDER})
        # The layout has a span a paper, whether the papers were added or came in bulk.
        return BackendStats(len(layout.spans), layout.size, max(dims, default=None), terms)

    def _writable(self) -> None:
        if self._bulk is not None:
            raise TypeError("a backend over a library's pack is read-only: reopen the library")

    # -- the embedded parts -------------------------------------------------------

    def dense(self) -> DenseIndex:
        """The dense index over every passage's vector (built or read now if needed)."""
        with self._lock:
            if self._dense is None:
                layout = self._layout_locked()
                if self._bulk is not None:
                    from posenqa.store.rows import StackedRows

                    vectors = StackedRows([self._bulk.vectors], self._bulk.vectors.shape[1])
                else:
                    vectors = layout.vectors(self._ordered())
                dense = self._make_dense(vectors)
                if dense.size != layout.size:
                    raise IndexError_(
                        f"the dense index holds {dense.size} vectors for {layout.size} passages"
                    )
                self._dense = dense
            return self._dense

    def _parts(self) -> tuple[_Layout, InvertedBM25 | None]:
        with self._lock:
            layout = self._layout_locked()
            if self._bm25 is None and layout.size:
                papers = self._ordered()
                bulk = self._bulk

                def build() -> InvertedBM25:
                    if bulk is not None:  # one part: numbered as the papers' would be
                        return merged_bm25([bulk.terms()], k1=self.k1, b=self.b)
                    return merged_bm25([p.terms for p in papers], k1=self.k1, b=self.b)

                if self._bm25_cache is None:
                    self._bm25 = build()
                else:
                    from posenqa.search.bm25_cache import cache_key, cached_bm25

                    parts = (
                        [(p.paper_id, len(p.keys), p.fingerprint) for p in papers]
                        if bulk is None
                        else bulk.fingerprints
                    )
                    key = cache_key(parts, k1=self.k1, b=self.b)
                    self._bm25 = cached_bm25(self._bm25_cache, key, layout.size, build)
            return layout, self._bm25

    def _layout_now(self) -> _Layout:
        with self._lock:
            return self._layout_locked()

    def _layout_locked(self) -> _Layout:
        if self._layout is None:
            bulk = self._bulk
            if bulk is not None:
                self._layout = _Layout(bulk.keys, bulk.spans)
            else:
                self._layout = _Layout.of(self._ordered())
        return self._layout

    def _ordered(self) -> list[PaperPassages]:
        return [self._papers[i] for i in sorted(self._papers)]


class _Layout:
    """Which rows (positions in the merged passages) hold which paper's passages."""

    def __init__(self, keys: Sequence[str], spans: dict[str, tuple[int, int]]) -> None:
        self.keys = keys
        self.spans = spans
        self.size = len(keys)

    @classmethod
    def of(cls, papers: Sequence[PaperPassages]) -> _Layout:
        keys: list[str] = []
        spans = {}
        for p in papers:
            spans[p.paper_id] = (len(keys), len(keys) + len(p.keys))
            keys.extend(p.keys)
        return cls(keys, spans)

    def rows(self, papers: Collection[str] | None) -> np.ndarray | None:
        """A boolean mask of the rows of ``papers`` (None: no restriction)."""
        import numpy as np

        if papers is None:
            return None
        mask = np.zeros(self.size, dtype=bool)
        for paper in papers:
            if paper in self.spans:
                mask[slice(*self.spans[paper])] = True
        return mask

    @staticmethod
    def vectors(papers: Sequence[PaperPassages]) -> StackedRows:
        """Every passage's vector in row order, each paper's array as it is (no copy)."""
        from posenqa.store.rows import StackedRows

        dim = next((p.vectors.shape[1] for p in papers if p.vectors.ndim == 2), 1)
        return StackedRows([p.vectors for p in papers if len(p.vectors)], dim)


def merged_bm25(parts: Sequence[PassageTerms], *, k1: float, b: float) -> InvertedBM25:
    """One BM25 index over the passages of several papers' stored terms, in order.

    Term ids are mapped to one vocabulary numbered in order of first occurrence
    over all passages, and a passage without terms gets :data:`PLACEHOLDER` where
    it stands, so the scores are rank-bm25's over the concatenated corpus, bit for bit.
    """
    import numpy as np

    from posenqa.search.scalable import InvertedBM25

    vocabulary: dict[str, int] = {}
    ids, lengths = [], []
    for part in parts:
        local, term_ids, counts = _with_placeholder(part)
        mapping = np.fromiter(
            (vocabulary.setdefault(t, len(vocabulary)) for t in local),
            dtype=np.int64,
            count=len(local),
        )
        ids.append(mapping[term_ids] if len(term_ids) else term_ids.astype(np.int64))
        lengths.append(counts)
    if not lengths or not sum(len(c) for c in lengths):
        raise ValueError("no passages to index")
    return InvertedBM25.from_ids(
        vocabulary, np.concatenate(ids), np.concatenate(lengths), k1=k1, b=b
    )


def _with_placeholder(part: PassageTerms) -> tuple[list[str], np.ndarray, np.ndarray]:
    """The paper's vocabulary, term ids and counts with :data:`PLACEHOLDER` as the one term
    of each empty passage, numbered where it first occurs."""
    import numpy as np

    vocabulary = list(part.vocabulary)
    ids = np.asarray(part.ids, dtype=np.int64)
    counts = np.asarray(part.counts, dtype=np.int64)
    empty = np.flatnonzero(counts == 0)
    if not len(empty):
        return vocabulary, ids, counts
    offsets = part.offsets
    before = ids[: offsets[empty[0]]]
    # Term ids count in order of first occurrence: the terms seen before the first
    # empty passage are exactly ids 0..max, so the placeholder comes next.
    at = int(before.max()) + 1 if len(before) else 0
    vocabulary.insert(at, PLACEHOLDER)
    ids = np.where(ids >= at, ids + 1, ids)
    pieces = np.split(ids, offsets[1:-1])
    for i in empty:
        pieces[i] = np.array([at], dtype=np.int64)
    counts = np.maximum(counts, 1)
    return vocabulary, np.concatenate(pieces), counts


def _limit(n: int | None, available: int) -> int:
    return available if n is None else min(n, available)


def _flat(vectors: StackedRows) -> DenseIndex:
    """An exact inner-product scan over ``vectors`` (built in memory at every opening),
    added a paper at a time so that only faiss holds a copy of all of them."""
    import faiss
    import numpy as np

    from posenqa.search.dense import DenseIndex

    index = faiss.IndexFlatIP(vectors.dim)
    for part in vectors.parts:
        index.add(np.ascontiguousarray(part, dtype=np.float32))
    return DenseIndex(index)


__all__ = ["PLACEHOLDER", "Bulk", "EmbeddedBackend", "MakeDense", "merged_bm25"]
