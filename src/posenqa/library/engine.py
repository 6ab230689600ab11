"""Several papers' indexes merged into one engine: one ranking over the whole library.

The merged engine is an ordinary :class:`~posenqa.answer.Engine` over every
passage of every paper, so everything the single-paper pipeline does applies
to the merged list: BM25 statistics (idf, mean length) are computed over the
library's passages, dense cosines come from one model and compare as they are,
and the reranker and the judge read the merged candidates. Passage ids and
block ids are prefixed with the paper's id (``posen-2001-wp01-8:p0001``) so
that papers never collide; each hit is then given back its paper's own
passage, notes and citing passages, so notes resolve within their own paper.

Its first stage is the embedded :class:`~posenqa.search.backend.SearchBackend`
given every paper (``paper_passages``): nothing is stored for the merged engine,
it is assembled from the papers' indexes when opened (BM25 merged from each
paper's stored terms, dense from their vectors), which is what makes adding and
removing papers incremental; nothing is tokenized or split again.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from posenqa.answer import Answer, Engine
from posenqa.document import Document, Footnote
from posenqa.library.registry import PaperEntry
from posenqa.passages import Passage
from posenqa.pipeline.explain import Hit
from posenqa.search.embedded import EmbeddedBackend
from posenqa.search.stored import paper_passages
from posenqa.store import StoredIndex
from posenqa.store.layout import LIBRARY_BM25
from posenqa.store.rows import StackedRows

if TYPE_CHECKING:
    from posenqa.references.cache import SavedReferences
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


class MakeEngine(Protocol):
    """Builds an engine over a stored index (``papers``: a merged library's papers)."""

    def __call__(
        self, stored: StoredIndex, *, papers: Sequence[tuple[str, StoredIndex]] | None = None
    ) -> Engine: ...


class _Merged(Engine):
    """The engine over the merged passages: the embedded backend over every paper, asked
    for the best :data:`BM25_SHORTLIST` BM25 candidates and the nearest vectors only."""

    keyword_limit = BM25_SHORTLIST
    # An exact scan built at every opening (a graph costs ~42 s to build at 100k vectors
    # on two cores against a 44 ms scan a question), asked for the nearest rows only.
    rank_every_vector = False

    def __init__(
        self, stored: StoredIndex, *, papers: Sequence[tuple[str, StoredIndex]], **options: Any
    ) -> None:
        from posenqa.settings import default_settings

        settings = options.get("settings") or default_settings()
        r = settings.retrieval
        backend = EmbeddedBackend(
            settings.tokenizer,
            k1=r.bm25_k1,
            b=r.bm25_b,
            bm25_cache=stored.path / LIBRARY_BM25,  # the library's folder
        )
        for paper_id, own in papers:
            backend.add(paper_passages(own, paper_id, settings, prefix=f"{paper_id}{_SEP}"))
        self._documents = {paper_id: own.document for paper_id, own in papers}
        super().__init__(stored, backend=backend, **options)

    def paper_year(self, passage: Passage) -> int | None:
        """The year of the hit's own paper (the merged engine's document is a stand-in)."""
        return self._documents[passage.id.split(_SEP, 1)[0]].year

    def footnotes_of(self, passage: Passage) -> tuple[Footnote, ...]:
        """The notes the hit cites, from its own paper: the judge reads them as it does
        for the paper alone (a question about a source is answered by a cited note)."""
        own = self._documents[passage.id.split(_SEP, 1)[0]]
        return tuple(n for n in map(own.footnote, passage.notes) if n is not None)


class LibraryEngine:
    """Answers questions over several papers at once."""

    def __init__(
        self,
        papers: Sequence[tuple[PaperEntry, StoredIndex]],
        root: Path,
        *,
        make_engine: MakeEngine,
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
        # The papers' memory-mapped vectors, stacked without copying: the sentence
        # ranker reads its candidates' rows only, and the dense index copies the
        # passage vectors once, into faiss.
        vectors = StackedRows([s.embeddings for _, s in papers])
        sentences = StackedRows([s.sentence_embeddings for _, s in papers])
        self._stored: dict[str, StoredIndex] = {entry.id: stored for entry, stored in papers}
        counts = np.concatenate([s.sentence_rows() for _, s in papers]).astype(np.int32)
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
                sentence_counts=counts,
            ),
            papers=[(entry.id, self._stored[entry.id]) for entry, _ in papers],
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

    def references(self, paper_id: str) -> SavedReferences | None:
        """Paper ``paper_id``'s saved references (``references.works_cited(doc, saved)``)."""
        return self._stored[paper_id].references

    def ask(self, question: str, **options: Any) -> LibraryAnswer:
        """The best passages of the whole library, each with its paper; ``options`` are
        :meth:`Engine.ask`'s (``k``, ``mode``, ``rerank``, and ``papers``: ids to restrict
        the results to, the statistics staying the whole library's)."""
        answer = self.engine.ask(question, **options)
        hits, owners = [], []
        for hit in answer.hits:
            paper_id, own = self._origin[hit.passage.id]
            hits.append(self._own_hit(hit, paper_id, own))
            owners.append(self.papers[paper_id])
        return LibraryAnswer(replace(answer, hits=tuple(hits)), tuple(owners))

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
) -> MakeEngine:
    """How the library builds engines over stored indexes: one model, one reranker, shared."""
    from posenqa.answer import CHECKSUM_CACHE
    from posenqa.search.embedder import resolve_model_path

    model_path = None if embedder is not None else resolve_model_path(model)

    def make(
        stored: StoredIndex, *, papers: Sequence[tuple[str, StoredIndex]] | None = None
    ) -> Engine:
        options: dict[str, Any] = {
            "settings": settings,
            "model_path": model_path,
            "embedder": embedder,
            "checksum_cache": root / CHECKSUM_CACHE,
            "reranker": reranker,
            "log": log,
        }
        if papers is not None:
            return _Merged(stored, papers=papers, **options)
        return Engine(stored, **options)

    return make


__all__ = ["BM25_SHORTLIST", "LibraryAnswer", "LibraryEngine", "MakeEngine", "engine_factory"]
