"""The search backend contract: what the first stage asks of whatever holds the passages.

One small interface so the embedded default (:mod:`posenqa.search.embedded`:
BM25 and faiss in this process, over the papers' stored indexes) and a
distributed engine (OpenSearch, Vespa, Qdrant; docs/scale.md) can serve the
same pipeline. A backend holds the passages of papers, added and removed one
paper at a time, and answers two questions: the best passages for a question's
keywords (BM25 with library-wide statistics) and for a question's vector
(cosine), each optionally restricted to some papers. Everything after that
(fusion, reranking, judging, explaining) stays in posenqa.

The contract, checked for every backend by ``tests/search/test_backend_contract.py``:

* results are ``(key, score)`` pairs, best first; ``keyword`` ties in the order
  the papers sort by id and each paper's passages in their order (``vector`` ties
  in any order: approximate engines cannot promise one);
* ``keyword`` returns only passages with a positive score; ``vector`` returns
  cosines of every passage it ranks; ``n`` None asks for all of them;
* ``papers`` restricts the results, never the statistics: a passage scores the
  same whichever papers are asked for;
* adding a paper already held replaces it; the results after any sequence of adds
  and removes equal those of a backend given the final papers from scratch.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol, runtime_checkable

if TYPE_CHECKING:
    import numpy as np

    from posenqa.store.terms import PassageTerms

#: Best first: (passage key, score).
Scored = list[tuple[str, float]]


@dataclass(frozen=True, slots=True)
class PaperPassages:
    """One paper's passages as a backend indexes them."""

    paper_id: str
    keys: tuple[str, ...]
    """Each passage's key, unique across the backend (what results name)."""
    texts: tuple[str, ...]
    """Each passage's searchable text (for engines that analyze text themselves)."""
    terms: PassageTerms
    """Each passage's terms by posenqa's tokenizer (stored in the paper's index)."""
    vectors: np.ndarray
    """float32 (passages, dim), L2-normalized: one row per passage; no rows at all for a
    paper searched by keyword only (a text-only engine while its vectors are made)."""
    fingerprint: str = ""
    """What identifies ``terms`` (e.g. the sha256 of the stored terms files), so that a
    backend may save statistics derived from them; empty: they cannot be identified."""

    def __post_init__(self) -> None:
        sizes = {len(self.keys), len(self.texts), len(self.terms.counts)}
        if len(sizes) != 1 or len(self.vectors) not in (0, len(self.keys)):
            raise ValueError(f"paper {self.paper_id!r}: keys, texts, terms and vectors differ")


@dataclass(frozen=True, slots=True)
class BackendStats:
    """What a backend holds."""

    papers: int
    passages: int
    dim: int | None
    """Vector dimension (None while empty)."""
    terms: int
    """Distinct keyword terms over all passages."""


@runtime_checkable
class SearchBackend(Protocol):
    """Keyword and vector search over the passages of several papers."""

    def add(self, paper: PaperPassages) -> None:
        """Index ``paper``'s passages (replacing any the backend holds for that paper)."""

    def remove(self, paper_id: str) -> None:
        """Drop paper ``paper_id``'s passages (nothing happens when it is not held)."""

    def keyword(
        self, question: str, n: int | None, papers: Collection[str] | None = None
    ) -> Scored:
        """The ``n`` best passages by BM25 over the question's terms (positive scores only)."""

    def vector(
        self, query: np.ndarray, n: int | None, papers: Collection[str] | None = None
    ) -> Scored:
        """The ``n`` passages nearest to the L2-normalized ``query`` vector, by cosine."""

    def weight(self, term: str) -> float:
        """How much a (tokenized) question term matters: its idf over every passage held."""

    def stats(self) -> BackendStats:
        """How many papers, passages and terms the backend holds."""


__all__ = ["BackendStats", "PaperPassages", "Scored", "SearchBackend"]
