"""Retrieval structures for corpora far larger than one paper.

For one paper, ``rank_bm25.BM25Okapi`` and an exact ``faiss.IndexFlatIP`` are
the right tools: a few hundred passages score in well under a millisecond.
Both scan every document per query, so their cost grows linearly with the
corpus (rank-bm25 even loops over the documents in Python, once per query
term). ``benchmarks/bench.py --scale`` measures where that stops being
acceptable; this module is what the design switches to past that point:

* :class:`InvertedBM25` -- an inverted index in numpy arrays. Each term's
  postings hold the ids of the documents containing it and their precomputed
  BM25 term weights, so a query touches only its own terms' postings. Its
  scores are the same numbers ``BM25Okapi.get_scores`` returns for the same
  tokenized corpus and parameters, including rank-bm25's floor for negative
  idf (``epsilon`` times the mean idf).
* :func:`plan_dense_index` / :func:`build_dense_index` -- an exact inner
  product scan below a size threshold, an HNSW graph above it.

faiss is imported only inside the functions that need it.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import numpy as np

from posenqa.errors import PosenqaError

if TYPE_CHECKING:
    import faiss


_FORMAT = 1
_ARRAYS = ("idf", "offsets", "doc_ids", "weights", "doc_len")


class ScaleError(PosenqaError):
    """A corpus, query or vector set cannot be indexed or searched as given."""


@dataclass(frozen=True, slots=True)
class InvertedBM25:
    """BM25 (Okapi, rank-bm25 variant) over an inverted index held in numpy arrays.

    Build it with :meth:`build`. Postings of term ``t`` are the slice
    ``offsets[t]:offsets[t + 1]`` of ``doc_ids`` and ``weights``, sorted by doc id.
    """

    vocabulary: dict[str, int]
    """Term -> term id, numbered in order of first occurrence in the corpus."""
    idf: np.ndarray
    """float64 idf per term id, negative values already floored as rank-bm25 does."""
    offsets: np.ndarray
    """int64, one more than the vocabulary: where each term's postings start."""
    doc_ids: np.ndarray
    """int32 document id per posting."""
    weights: np.ndarray
    """float64 BM25 weight of the term in the document, per posting."""
    doc_len: np.ndarray
    """int64 number of terms per document."""
    avgdl: float
    k1: float
    b: float
    epsilon: float

    @property
    def size(self) -> int:
        """Number of documents."""
        return int(self.doc_len.shape[0])

    @property
    def postings(self) -> int:
        """Number of (term, document) pairs stored."""
        return int(self.doc_ids.shape[0])

    @property
    def nbytes(self) -> int:
        """Bytes held by the numpy arrays (the vocabulary dict not included)."""
        arrays = (self.idf, self.offsets, self.doc_ids, self.weights, self.doc_len)
        return sum(a.nbytes for a in arrays)

    @classmethod
    def build(
        cls,
        corpus: Sequence[Sequence[str]],
        *,
        k1: float = 1.5,
        b: float = 0.75,
        epsilon: float = 0.25,
    ) -> InvertedBM25:
        """Index a tokenized corpus (one list of terms per document)."""
        flat: list[str] = []
        lengths_list: list[int] = []
        for doc in corpus:  # one pass, so a lazily made corpus is made once
            flat.extend(doc)
            lengths_list.append(len(doc))
        if not lengths_list:
            raise ScaleError("cannot build a BM25 index over an empty corpus")
        if not flat:
            raise ScaleError("cannot build a BM25 index: no document has any term")
        # Term ids in order of first occurrence (dict.fromkeys keeps it), which
        # is also the order rank-bm25 sums idfs in. map() keeps the per-term
        # work in C: this is the only pass over every term.
        vocabulary = {term: i for i, term in enumerate(dict.fromkeys(flat))}
        term_ids = np.fromiter(map(vocabulary.__getitem__, flat), dtype=np.int64, count=len(flat))
        del flat
        lengths = np.array(lengths_list, dtype=np.int64)
        return cls.from_ids(vocabulary, term_ids, lengths, k1=k1, b=b, epsilon=epsilon)

    @classmethod
    def from_ids(
        cls,
        vocabulary: dict[str, int],
        term_ids: np.ndarray,
        lengths: np.ndarray,
        *,
        k1: float = 1.5,
        b: float = 0.75,
        epsilon: float = 0.25,
    ) -> InvertedBM25:
        """Index a corpus already turned into term ids: ``term_ids`` (every document's
        terms, documents in order), ``lengths`` (terms per document). ``vocabulary``
        must number terms in order of first occurrence, for rank-bm25's exact scores."""
        lengths = np.asarray(lengths, dtype=np.int64)
        term_ids = np.asarray(term_ids, dtype=np.int64)
        if not len(lengths):
            raise ScaleError("cannot build a BM25 index over an empty corpus")
        if not len(term_ids):
            raise ScaleError("cannot build a BM25 index: no document has any term")
        if int(lengths.sum()) != len(term_ids):
            raise ScaleError("document lengths do not add up to the number of terms")
        total = len(term_ids)
        n_docs, n_terms = len(lengths), len(vocabulary)
        docs_of_tokens = np.repeat(np.arange(n_docs, dtype=np.int64), lengths)
        # Term-major keys: unique() both counts term frequencies and leaves the
        # postings grouped by term and sorted by document.
        keys, tf = np.unique(term_ids * n_docs + docs_of_tokens, return_counts=True)
        del docs_of_tokens
        posting_terms = keys // n_docs
        doc_ids = (keys % n_docs).astype(np.int32)
        del keys
        df = np.bincount(posting_terms, minlength=n_terms)
        offsets = np.zeros(n_terms + 1, dtype=np.int64)
        np.cumsum(df, out=offsets[1:])
        idf = okapi_idf(df.tolist(), n_docs, epsilon)
        avgdl = total / n_docs
        weights = term_weights(idf[posting_terms], tf, lengths[doc_ids], avgdl, k1, b)
        return cls(vocabulary, idf, offsets, doc_ids, weights, lengths, avgdl, k1, b, epsilon)

    def get_scores(self, query: Sequence[str]) -> np.ndarray:
        """A float64 score per document, as ``BM25Okapi.get_scores(query)`` returns.

        Repeated query terms count once per repetition and unknown terms add
        nothing, both as in rank-bm25.
        """
        scores = np.zeros(self.size, dtype=np.float64)
        for start, stop in self._spans(query):
            # Within one term's postings doc ids are unique, so a fancy-indexed
            # += is safe here and much faster than np.add.at.
            scores[self.doc_ids[start:stop]] += self.weights[start:stop]
        return scores

    def top_k(self, query: Sequence[str], k: int) -> tuple[np.ndarray, np.ndarray]:
        """The ``k`` best documents: (ids, scores), best first, ties by lower id.

        When the query's postings touch few documents only those are ranked;
        every other document scores exactly 0.
        """
        if k < 1:
            raise ScaleError(f"k must be at least 1, got {k}")
        spans = self._spans(query)
        touched = sum(stop - start for start, stop in spans)
        scores = np.zeros(self.size, dtype=np.float64)
        for start, stop in spans:
            scores[self.doc_ids[start:stop]] += self.weights[start:stop]
        if 0 < touched < self.size // 4:
            candidates = np.unique(np.concatenate([self.doc_ids[a:z] for a, z in spans]))
            ids, best = top_k_of(scores[candidates], k)
            # Untouched documents score 0: the shortcut is exact only when
            # every kept candidate beats them (negative idf floors exist).
            if len(ids) == k and best[-1] > 0:
                return candidates[ids].astype(np.int64), best
        return top_k_of(scores, k)

    def save(self, directory: Path) -> None:
        """Write the index as plain files: ``.npy`` arrays, ``terms.json``, ``params.json``."""
        directory.mkdir(parents=True, exist_ok=True)
        for name in _ARRAYS:
            np.save(directory / f"{name}.npy", getattr(self, name), allow_pickle=False)
        terms = sorted(self.vocabulary, key=self.vocabulary.__getitem__)
        (directory / "terms.json").write_text(json.dumps(terms), encoding="utf-8")
        params = {"format": _FORMAT, "k1": self.k1, "b": self.b, "epsilon": self.epsilon}
        params["avgdl"] = self.avgdl
        (directory / "params.json").write_text(json.dumps(params), encoding="utf-8")

    @classmethod
    def load(cls, directory: Path, *, mmap: bool = False) -> InvertedBM25:
        """Read an index written by :meth:`save`; ScaleError when missing or inconsistent.

        ``mmap``: the arrays are read-only memory maps (a question pages in its terms'
        postings only)."""
        mode = "r" if mmap else None
        try:
            params = json.loads((directory / "params.json").read_text(encoding="utf-8"))
            terms = json.loads((directory / "terms.json").read_text(encoding="utf-8"))
            arrays = {
                name: np.load(directory / f"{name}.npy", mmap_mode=mode, allow_pickle=False)
                for name in _ARRAYS
            }
        except (OSError, ValueError) as exc:
            raise ScaleError(f"{directory}: unreadable BM25 index ({exc})") from exc
        if params.get("format") != _FORMAT:
            raise ScaleError(f"{directory}: BM25 index format {params.get('format')!r}")
        consistent = len(terms) == len(arrays["idf"]) == len(arrays["offsets"]) - 1 and int(
            arrays["offsets"][-1]
        ) == len(arrays["doc_ids"]) == len(arrays["weights"])
        if not consistent:
            raise ScaleError(f"{directory}: BM25 index arrays do not fit together")
        vocabulary = {term: i for i, term in enumerate(terms)}
        return cls(
            vocabulary,
            **arrays,
            avgdl=float(params["avgdl"]),
            k1=float(params["k1"]),
            b=float(params["b"]),
            epsilon=float(params["epsilon"]),
        )

    def _spans(self, query: Sequence[str]) -> list[tuple[int, int]]:
        spans = []
        for term in query:
            term_id = self.vocabulary.get(term)
            if term_id is not None:
                spans.append((int(self.offsets[term_id]), int(self.offsets[term_id + 1])))
        return spans


def okapi_idf(doc_freqs: Sequence[int], n_docs: int, epsilon: float) -> np.ndarray:
    """rank-bm25's Okapi idf per term: ``ln((N - n + 0.5) / (n + 0.5))``.

    Negative idfs (terms in more than half the documents) are replaced by
    ``epsilon`` times the mean of the *unfloored* idfs. ``math.log`` and a
    left-to-right sum keep the numbers bit-identical to rank-bm25's.
    """
    if not doc_freqs:
        raise ScaleError("cannot compute idf for an empty vocabulary")
    raw = [math.log(n_docs - n + 0.5) - math.log(n + 0.5) for n in doc_freqs]
    total = 0.0
    for value in raw:
        total += value
    floor = epsilon * (total / len(raw))
    return np.array([floor if value < 0 else value for value in raw], dtype=np.float64)


def term_weights(
    idf: np.ndarray, tf: np.ndarray, doc_len: np.ndarray, avgdl: float, k1: float, b: float
) -> np.ndarray:
    """BM25 weight per posting, written in rank-bm25's operation order (same rounding)."""
    return idf * (tf * (k1 + 1) / (tf + k1 * (1 - b + b * doc_len / avgdl)))


def top_k_of(scores: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Positions and values of the ``k`` largest scores, best first, ties by lower position."""
    if k < 1:
        raise ScaleError(f"k must be at least 1, got {k}")
    n = scores.shape[0]
    if n == 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=scores.dtype)
    if k >= n:
        picked = np.arange(n)
    else:
        threshold = scores[np.argpartition(scores, n - k)[n - k :]].min()
        above = np.flatnonzero(scores > threshold)
        # argpartition breaks ties arbitrarily; fill the last places with the
        # lowest-positioned ties so results are deterministic.
        ties = np.flatnonzero(scores == threshold)[: k - len(above)]
        picked = np.concatenate([above, ties])
    order = np.lexsort((picked, -scores[picked]))
    picked = picked[order].astype(np.int64)
    return picked, scores[picked]


def recall_at_k(exact: np.ndarray, approximate: np.ndarray, k: int) -> float:
    """Mean share of each query's exact top-``k`` ids found in its approximate top-``k``.

    Both arguments are (queries, >= k) id arrays; ``-1`` (faiss's "no result") never matches.
    """
    if exact.ndim != 2 or approximate.ndim != 2 or exact.shape[0] != approximate.shape[0]:
        raise ScaleError("recall needs two (queries, k) id arrays with the same number of rows")
    if k < 1 or exact.shape[1] < k or approximate.shape[1] < k:
        raise ScaleError(f"recall@{k} needs at least {k} ids per query")
    if exact.shape[0] == 0:
        raise ScaleError("recall needs at least one query")
    found = [
        len(set(e[:k].tolist()) & (set(a[:k].tolist()) - {-1})) / k
        for e, a in zip(exact, approximate, strict=True)
    ]
    return float(np.mean(found))


IndexKind = Literal["flat", "hnsw"]


@dataclass(frozen=True, slots=True)
class DenseIndexPlan:
    """Which faiss index to build for a corpus, and its parameters."""

    kind: IndexKind
    m: int = 32
    """HNSW: graph neighbours per node (ignored for flat)."""
    ef_construction: int = 40
    ef_search: int = 64
    """HNSW: candidate list length at query time; higher is slower and more exact."""


#: Up to this many vectors an exact scan costs at most ~0.3x of embedding the
#: question (about 12 ms for all-MiniLM-L6-v2 on 2 cores): 1.8 ms at 10k, 44 ms
#: at 100k, 300 ms at 1M; HNSW answers in 0.3-3.4 ms at every measured size.
#: From ``benchmarks/bench.py --scale``, see benchmarks/README.md.
FLAT_MAX_VECTORS = 20_000
#: recall@10 0.999 at 100k and 0.988 at 1M (synthetic 384-d vectors of
#: intrinsic dimension 32), 2.0 / 3.4 ms per query; efSearch 128 falls to 0.94 at 1M.
HNSW_EF_SEARCH = 256
#: Up to this many passages rank-bm25's per-document Python loop stays under
#: ~3 ms a query (15.6 ms at 10k, 2.1 s at 1M); past it use :class:`InvertedBM25`
#: (0.16 ms at 10k, 14 ms at 1M, same scores).
RANK_BM25_MAX_DOCS = 2_000


def plan_dense_index(
    n_vectors: int,
    *,
    flat_max: int = FLAT_MAX_VECTORS,
    m: int = 32,
    ef_search: int = HNSW_EF_SEARCH,
) -> DenseIndexPlan:
    """Exact inner-product scan up to ``flat_max`` vectors, an HNSW graph above."""
    if n_vectors < 0:
        raise ScaleError(f"a corpus cannot hold {n_vectors} vectors")
    if n_vectors <= flat_max:
        return DenseIndexPlan("flat")
    return DenseIndexPlan("hnsw", m=m, ef_search=ef_search)


def build_dense_index(vectors: np.ndarray, plan: DenseIndexPlan | None = None) -> faiss.Index:
    """A faiss inner-product index over normalized float32 ``vectors`` (n, d), per ``plan``."""
    import faiss

    if vectors.ndim != 2 or vectors.shape[1] == 0:
        raise ScaleError(f"vectors must be a non-empty (n, d) array, got shape {vectors.shape}")
    plan = plan or plan_dense_index(vectors.shape[0])
    data = np.ascontiguousarray(vectors, dtype=np.float32)
    dim = data.shape[1]
    index: Any
    if plan.kind == "flat":
        index = faiss.IndexFlatIP(dim)
    else:
        index = faiss.IndexHNSWFlat(dim, plan.m, faiss.METRIC_INNER_PRODUCT)
        index.hnsw.efConstruction = plan.ef_construction
        index.hnsw.efSearch = plan.ef_search
    index.add(data)
    return index


__all__ = [
    "FLAT_MAX_VECTORS",
    "HNSW_EF_SEARCH",
    "RANK_BM25_MAX_DOCS",
    "DenseIndexPlan",
    "InvertedBM25",
    "ScaleError",
    "build_dense_index",
    "okapi_idf",
    "plan_dense_index",
    "recall_at_k",
    "term_weights",
    "top_k_of",
]
