"""A stored index as the search backend sees it, and the backend as the pipeline reads it.

``paper_passages`` turns a paper's stored index into the
:class:`~posenqa.search.backend.PaperPassages` a backend indexes;
``keyword_scores`` and :class:`VectorSearch` give ``pipeline.retrieve`` the
backend's answers in the shapes it reads (a score per passage; a dense index
returning positions).
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import asdict
from typing import TYPE_CHECKING, Any

from posenqa.search.backend import PaperPassages, SearchBackend
from posenqa.settings import Settings
from posenqa.store import StoredIndex, passage_terms
from posenqa.store.layout import COUNTS, TERMS, TOKENS

if TYPE_CHECKING:
    import numpy as np


def keyword_scores(
    backend: SearchBackend,
    position: dict[str, int],
    question: str,
    n: int | None,
    papers: Collection[str] | None = None,
) -> np.ndarray:
    """The backend's ``n`` best BM25 passages as a score per passage (``position``: key ->
    row), 0 for the others."""
    import numpy as np

    scores = np.zeros(len(position), dtype=np.float64)
    found = backend.keyword(question, n, papers)
    if found:
        keys, values = zip(*found, strict=True)
        rows = np.fromiter(map(position.__getitem__, keys), dtype=np.int64, count=len(keys))
        scores[rows] = values
    return scores


class VectorSearch:
    """The backend's vector search as ``pipeline.retrieve`` reads a dense index: positions
    in the engine's passages, and whether asking for every row is cheap and exact."""

    def __init__(
        self,
        backend: SearchBackend,
        position: dict[str, int],
        exact: bool,
        papers: Collection[str] | None,
    ) -> None:
        self._backend, self._position, self.exact, self._papers = backend, position, exact, papers

    def search(self, query: np.ndarray, n: int | None = None) -> tuple[np.ndarray, np.ndarray]:
        import numpy as np

        found = self._backend.vector(query, n, self._papers)
        values = np.array([v for _, v in found], dtype=np.float32)
        return values, np.array([self._position[key] for key, _ in found], dtype=np.int64)


def paper_passages(
    stored: StoredIndex, paper_id: str, settings: Settings, prefix: str = ""
) -> PaperPassages:
    """A stored index's passages as a backend indexes them (keys: ``prefix`` + passage id).

    The stored terms are used when they were made with ``settings``' tokenizer
    (always, for an index opened with those settings); else the passages are tokenized.
    """
    index_tokenizer = stored.manifest.get("settings", {}).get("tokenizer")
    terms, fingerprint = stored.terms, terms_fingerprint(stored.manifest)
    if terms is None or index_tokenizer != asdict(settings.tokenizer):
        terms, fingerprint = passage_terms(stored.passages, settings.tokenizer), ""
    return PaperPassages(
        paper_id,
        tuple(prefix + p.id for p in stored.passages),
        tuple(p.searchable for p in stored.passages),
        terms,
        stored.embeddings,
        fingerprint,
    )


def terms_fingerprint(manifest: dict[str, Any]) -> str:
    """The sha256 of an index's stored terms files, from its (verified) manifest; empty
    for an index assembled in memory."""
    files = manifest.get("files")
    if not isinstance(files, dict):
        return ""
    try:
        return "-".join(str(files[name]["sha256"]) for name in (TERMS, TOKENS, COUNTS))
    except (KeyError, TypeError):
        return ""


__all__ = ["VectorSearch", "keyword_scores", "paper_passages", "terms_fingerprint"]
