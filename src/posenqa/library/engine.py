"""Several papers' indexes merged into one engine: one ranking over the whole library.

The merged engine is an ordinary :class:`~posenqa.answer.Engine` over every
passage of every paper, so everything the single-paper pipeline does applies
to the merged list: BM25 statistics (idf, mean length) are computed over the
library's passages, dense cosines come from one model and compare as they are,
and the reranker and the judge read the merged candidates. Passage ids and
block ids are prefixed with the paper's id (``posen-2001-wp01-8:p0001``) so
that papers never collide; each hit is then given back its paper's own
passage, notes and citing passages, so notes resolve within their own paper.

Nothing is stored for the merged engine: it is assembled from the papers'
indexes when opened (BM25 from the passages' terms, dense from their vectors),
which is what makes adding and removing papers incremental.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from posenqa.answer import Answer, Engine
from posenqa.document import Document
from posenqa.errors import InputError
from posenqa.library.registry import PaperEntry
from posenqa.passages import Passage
from posenqa.pipeline.explain import Hit
from posenqa.search.dense import DenseIndex
from posenqa.store import StoredIndex

if TYPE_CHECKING:
    from posenqa.search.embedder import Embedder

_SEP = ":"


@dataclass(frozen=True, slots=True)
class LibraryAnswer:
    """An answer over the library: the hits (their papers' own passages) and each hit's paper."""

    answer: Answer
    papers: tuple[PaperEntry, ...]
    """The paper of each hit, in hit order."""

    @property
    def confidence(self) -> float:
        """The merged answer's confidence (what the evaluation runner reads)."""
        return self.answer.confidence

    def to_dict(self) -> dict[str, Any]:
        """:meth:`Answer.to_dict` with a ``paper`` object (id, title, authors, year) per result."""
        data = self.answer.to_dict()
        for result, paper in zip(data["results"], self.papers, strict=True):
            result["paper"] = paper.info()
        return data


#: How many BM25 candidates the merged engine keeps per question. Fusion and the
#: reranker read a few hundred at most (``retrieve``'s ``nearest``); a passage
#: below BM25 rank 1,000 adds under 1/1060 to its RRF score. Without the cap every
#: passage with one question term went through Python dicts and sorts: ~0.3 s a
#: hybrid question at 6k passages, seconds at 46k (benchmarks/README.md).
BM25_SHORTLIST = 1000


class _Shortlist:
    """BM25 over the merged passages, keeping the best :data:`BM25_SHORTLIST` scores
    (the others read 0, as passages without a question term do)."""

    def __init__(self, bm25: Any, limit: int = BM25_SHORTLIST) -> None:
        self._bm25 = bm25
        self._limit = limit

    def scores(self, question: str) -> Any:
        import numpy as np

        scores = self._bm25.scores(question)
        if len(scores) > self._limit:
            scores = scores.copy()
            scores[np.argpartition(-scores, self._limit)[self._limit :]] = 0.0
        return scores

    def __getattr__(self, name: str) -> Any:
        return getattr(self._bm25, name)  # weight, idf, tokenizer: unchanged


class _Merged(Engine):
    """The engine over the merged passages: its dense index is built from the vectors in
    memory (nothing of the merged engine is stored; see the module's docstring)."""

    def __init__(self, stored: StoredIndex, **options: Any) -> None:
        super().__init__(stored, **options)
        self._bm25 = _Shortlist(self._bm25)  # type: ignore[assignment]

    def _read_dense(self) -> DenseIndex:
        # An exact scan, asked only for the nearest rows (as a graph index is): it is
        # built on every opening, and a graph costs ~42 s to build at 100k vectors on
        # two cores against a 44 ms scan a question (benchmarks/README.md).
        import faiss
        import numpy as np

        vectors = np.ascontiguousarray(self._stored.embeddings, dtype=np.float32)
        index = faiss.IndexFlatIP(vectors.shape[1])
        index.add(vectors)
        return _NearestOnly(index)


class _NearestOnly(DenseIndex):
    """An exact index that ``retrieve`` asks for the nearest rows only, not every row."""

    @property
    def exact(self) -> bool:
        return False


class LibraryEngine:
    """Answers questions over several papers at once."""

    def __init__(
        self,
        papers: Sequence[tuple[PaperEntry, StoredIndex]],
        root: Path,
        *,
        make_engine: Callable[[StoredIndex], Engine],
    ) -> None:
        """``papers`` in library order (the order decides ties, so a library built in any
        order of adds answers the same); ``make_engine`` builds an engine over a stored
        index with the shared settings, model and reranker."""
        import numpy as np

        if not papers:
            raise ValueError("a library engine needs at least one paper")
        self.root = root
        self.papers: dict[str, PaperEntry] = {entry.id: entry for entry, _ in papers}
        self._origin: dict[str, tuple[str, Passage]] = {}
        merged: list[Passage] = []
        for entry, stored in papers:
            for p in stored.passages:
                key = f"{entry.id}{_SEP}{p.id}"
                self._origin[key] = (entry.id, p)
                merged.append(
                    replace(p, id=key, block_ids=tuple(f"{entry.id}{_SEP}{b}" for b in p.block_ids))
                )
        vectors = np.vstack([s.embeddings for _, s in papers]).astype(np.float32, copy=False)
        sentences = np.vstack([s.sentence_embeddings for _, s in papers])
        # Each paper keeps views into the merged arrays, so its vectors are held once.
        self._stored: dict[str, StoredIndex] = {}
        row = srow = 0
        for entry, stored in papers:
            n, m = len(stored.embeddings), len(stored.sentence_embeddings)
            self._stored[entry.id] = replace(
                stored,
                embeddings=vectors[row : row + n],
                sentence_embeddings=sentences[srow : srow + m],
            )
            row, srow = row + n, srow + m
        placeholder = Document(
            title="library", author="", year=None, source="", sha256="", pages=0,
            sections=(), blocks=(), footnotes=(),
        )  # fmt: skip
        self.engine = make_engine(
            StoredIndex(
                root,
                {"library": list(self.papers)},
                placeholder,
                merged,
                vectors,
                sentences,
            )
        )
        self._make_engine = make_engine
        self._engines: dict[str, Engine] = {}

    @property
    def settings(self) -> Any:
        """The settings every paper is searched with."""
        return self.engine.settings

    def paper_engine(self, paper_id: str) -> Engine:
        """One paper's own engine (for its notes and passages when showing a hit)."""
        if paper_id not in self._engines:
            self._engines[paper_id] = self._make_engine(self._stored[paper_id])
        return self._engines[paper_id]

    def document(self, paper_id: str) -> Document:
        """The parsed paper ``paper_id``."""
        return self._stored[paper_id].document

    def restricted(self, paper_ids: Sequence[str]) -> LibraryEngine:
        """The library of ``paper_ids`` alone, from the indexes already open: it answers as
        :func:`~posenqa.library.manage.open_library` with those names does (the TUI's filter)."""
        chosen = set(paper_ids)
        unknown = chosen.difference(self.papers)
        if unknown:
            raise InputError(f"not in the library: {', '.join(sorted(unknown))}")
        return LibraryEngine(
            [(entry, self._stored[pid]) for pid, entry in self.papers.items() if pid in chosen],
            self.root,
            make_engine=self._make_engine,
        )

    def ask(
        self, question: str, *, k: int = 5, mode: str = "hybrid", rerank: bool | None = None
    ) -> LibraryAnswer:
        """The ``k`` best passages of the whole library, each with its paper."""
        answer = self.engine.ask(question, k=k, mode=mode, rerank=rerank)
        hits, papers = [], []
        for hit in answer.hits:
            paper_id, own = self._origin[hit.passage.id]
            hits.append(self._own_hit(hit, paper_id, own))
            papers.append(self.papers[paper_id])
        return LibraryAnswer(replace(answer, hits=tuple(hits)), tuple(papers))

    def _own_hit(self, hit: Hit, paper_id: str, passage: Passage) -> Hit:
        """``hit`` with its paper's passage, notes and citing passages."""
        document = self.document(paper_id)
        footnotes = tuple(n for n in map(document.footnote, passage.notes) if n is not None)
        citing: tuple[str, ...] = ()
        if passage.number is not None:
            citing = tuple(
                p.id for p in self._stored[paper_id].passages if passage.number in p.notes
            )
        return replace(hit, passage=passage, footnotes=footnotes, cited_by=citing)


def engine_factory(
    root: Path,
    *,
    model: str | None,
    embedder: Embedder | None,
    settings: Any = None,
    reranker: Any = None,
    log: Callable[[str], None] | None = None,
) -> Callable[[StoredIndex], Engine]:
    """How the library builds engines over stored indexes: one model, one reranker, shared."""
    from posenqa.answer import CHECKSUM_CACHE
    from posenqa.search.embedder import resolve_model_path

    model_path = None if embedder is not None else resolve_model_path(model)

    def make(stored: StoredIndex) -> Engine:
        cls = _Merged if "library" in stored.manifest else Engine
        return cls(
            stored,
            settings=settings,
            model_path=model_path,
            embedder=embedder,
            checksum_cache=root / CHECKSUM_CACHE,
            reranker=reranker,
            log=log,
        )

    return make


__all__ = ["LibraryAnswer", "LibraryEngine", "engine_factory"]
