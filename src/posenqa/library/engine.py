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

import functools
from collections import OrderedDict
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from posenqa.answer import Answer, Engine
from posenqa.document import Document, Footnote
from posenqa.library.registry import PaperEntry
from posenqa.passages import Passage
from posenqa.pipeline.explain import Hit
from posenqa.search.embedded import Bulk, EmbeddedBackend
from posenqa.search.stored import paper_passages
from posenqa.store import IndexKey, StoredIndex
from posenqa.store.layout import LIBRARY_BM25
from posenqa.store.pack import SEP as _SEP
from posenqa.store.pack import Pack
from posenqa.store.reading import read_document, read_index
from posenqa.store.rows import StackedRows

if TYPE_CHECKING:
    from posenqa.references.cache import SavedReferences
    from posenqa.search.embedder import Embedder


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
    """Builds an engine over a stored index (``papers``: a merged library's papers; ``pack``:
    a library read from its pack)."""

    def __call__(
        self,
        stored: StoredIndex,
        *,
        papers: Sequence[tuple[str, StoredIndex]] | None = None,
        pack: Pack | None = None,
    ) -> Engine: ...


class _Merged(Engine):
    """The engine over the merged passages: the embedded backend over every paper, asked
    for the best :data:`BM25_SHORTLIST` BM25 candidates and the nearest vectors only."""

    keyword_limit = BM25_SHORTLIST
    # An exact scan built at every opening (a graph costs ~42 s to build at 100k vectors
    # on two cores against a 44 ms scan a question), asked for the nearest rows only.
    rank_every_vector = False

    def __init__(
        self,
        stored: StoredIndex,
        *,
        papers: Sequence[tuple[str, StoredIndex]] = (),
        pack: Pack | None = None,
        **options: Any,
    ) -> None:
        from posenqa.settings import default_settings

        settings = options.get("settings") or default_settings()
        r = settings.retrieval
        backend_options: dict[str, Any] = {
            "k1": r.bm25_k1,
            "b": r.bm25_b,
            "bm25_cache": stored.path / LIBRARY_BM25,
        }
        if pack is None:
            backend = EmbeddedBackend(settings.tokenizer, **backend_options)
            for paper_id, own in papers:
                backend.add(paper_passages(own, paper_id, settings, prefix=f"{paper_id}{_SEP}"))
            super().__init__(stored, backend=backend, **options)
            return
        # The pack's faiss file, memory-mapped: nothing to fill, nothing copied.
        backend_options["make_dense"] = lambda _vectors: pack.dense()
        backend = EmbeddedBackend.over(_bulk(pack), settings.tokenizer, **backend_options)
        empty = replace(stored, passages=[], sentence_counts=stored.sentence_rows()[:0])
        super().__init__(empty, backend=backend, **options)
        # The passage tables Engine builds from a list of passages, served from the pack:
        # a question reads its candidates' passages only, parsed when first asked for.
        self.passages = _PackedPassages(pack)  # type: ignore[assignment]
        self._stored = stored
        self._ids = pack.keys
        self._position = {key: row for row, key in enumerate(pack.keys)}
        self._by_id = _Rows(self._position, self.passages.__getitem__)  # type: ignore[assignment]
        self._blocks = _Rows(self._position, lambda row: self.passages[row].block_ids)  # type: ignore[assignment]
        starts = pack.sentence_starts
        self._sentence_rows = _Rows(  # type: ignore[assignment]
            self._position, lambda row: (int(starts[row]), int(starts[row + 1]))
        )
        # Which passages cite a note is answered per paper (LibraryEngine._own_hit).
        self._cited_by = {}

    #: Each paper's own document by paper id, given by the LibraryEngine that owns this
    #: engine (from a pack, a paper's document is read when first asked for).
    document_of: Callable[[str], Document] | None = None

    def paper_year(self, passage: Passage) -> int | None:
        """The year of the hit's own paper (the merged engine's document is a stand-in)."""
        if self.document_of is None:
            return super().paper_year(passage)
        return self.document_of(passage.id.split(_SEP, 1)[0]).year

    def footnotes_of(self, passage: Passage) -> tuple[Footnote, ...]:
        """The notes the hit cites, from its own paper: the judge reads them as it does
        for the paper alone (a question about a source is answered by a cited note)."""
        if self.document_of is None:
            return super().footnotes_of(passage)
        own = self.document_of(passage.id.split(_SEP, 1)[0])
        return own.footnotes_numbered(passage.notes)


def _bulk(pack: Pack) -> Bulk:
    return Bulk(
        pack.keys,
        pack.spans,
        pack.vectors,
        pack.terms,
        [(p.id, p.passages, p.fingerprint) for p in pack.papers],
    )


class _PackedPassages(Sequence[Passage]):
    """The library's passages (keys as ids) read from its pack when asked for; the last
    few thousand asked for are kept."""

    def __init__(self, pack: Pack) -> None:
        self.pack = pack
        self.own = functools.lru_cache(maxsize=4096)(pack.passage)
        self._merged = functools.lru_cache(maxsize=4096)(self._make)

    def __len__(self) -> int:
        return self.pack.size

    def __getitem__(self, row: Any) -> Any:
        if isinstance(row, slice):
            return [self._merged(i) for i in range(*row.indices(len(self)))]
        if not 0 <= row < len(self):
            raise IndexError(row)
        return self._merged(row)

    def _make(self, row: int) -> Passage:
        return _prefixed(self.own(row), self.pack.paper_of(row))


class _Rows(Mapping[str, Any]):
    """Key -> ``value(row)`` of the key's row: an Engine's table over every passage,
    computed when a key is asked for."""

    def __init__(self, position: dict[str, int], value: Callable[[int], Any]) -> None:
        self._position, self._value = position, value

    def __getitem__(self, key: str) -> Any:
        return self._value(self._position[key])

    def __iter__(self) -> Iterator[str]:
        return iter(self._position)

    def __len__(self) -> int:
        return len(self._position)


def _prefixed(p: Passage, paper_id: str) -> Passage:
    """Paper ``paper_id``'s passage ``p`` as the merged engine knows it (ids prefixed)."""
    blocks = tuple(f"{paper_id}{_SEP}{b}" for b in p.block_ids)
    return replace(p, id=f"{paper_id}{_SEP}{p.id}", block_ids=blocks)


class _Papers(Protocol):
    """Where a library engine finds each paper's own passages, document and index."""

    def origin(self, key: str) -> tuple[str, Passage]: ...
    def citing(self, paper_id: str, number: int) -> tuple[str, ...]: ...
    def stored(self, paper_id: str) -> StoredIndex: ...
    def document(self, paper_id: str) -> Document: ...
    def references(self, paper_id: str) -> SavedReferences | None: ...


class _Opened:
    """The papers' indexes, all read when the library was opened."""

    def __init__(self, papers: Sequence[tuple[PaperEntry, StoredIndex]]) -> None:
        self._stored = {entry.id: stored for entry, stored in papers}
        self._origin = {
            f"{entry.id}{_SEP}{p.id}": (entry.id, p)
            for entry, stored in papers
            for p in stored.passages
        }

    def origin(self, key: str) -> tuple[str, Passage]:
        return self._origin[key]

    def citing(self, paper_id: str, number: int) -> tuple[str, ...]:
        return tuple(p.id for p in self._stored[paper_id].passages if number in p.notes)

    def stored(self, paper_id: str) -> StoredIndex:
        return self._stored[paper_id]

    def document(self, paper_id: str) -> Document:
        return self._stored[paper_id].document

    def references(self, paper_id: str) -> SavedReferences | None:
        return self._stored[paper_id].references


#: Parsed documents a library opened from its pack keeps, the least recently used
#: dropped first: the judge and the shown hits read the document of each hit's paper,
#: so a long session over thousands of papers would otherwise keep one per paper
#: it ever answered from. More than a page of results (``--k`` is at most 100), so
#: one answer never reads a document twice.
DOCUMENTS_KEPT = 256


class _FromPack:
    """The papers of a library opened from its pack: passages from the pack, each paper's
    document read and verified when first asked for (and its index, for its own engine,
    which ``LibraryEngine.paper_engine`` keeps)."""

    def __init__(
        self, root: Path, pack: Pack, passages: _PackedPassages, position: dict[str, int]
    ) -> None:
        self.root, self.pack, self._passages, self._position = root, pack, passages, position
        self._documents: OrderedDict[str, tuple[Document, SavedReferences | None]] = OrderedDict()

    def origin(self, key: str) -> tuple[str, Passage]:
        return key.split(_SEP, 1)[0], self._passages.own(self._position[key])

    def citing(self, paper_id: str, number: int) -> tuple[str, ...]:
        return self.pack.citing(paper_id).get(number, ())

    def stored(self, paper_id: str) -> StoredIndex:
        return read_index(self.root / paper_id)

    def document(self, paper_id: str) -> Document:
        return self._document(paper_id)[0]

    def references(self, paper_id: str) -> SavedReferences | None:
        return self._document(paper_id)[1]

    def _document(self, paper_id: str) -> tuple[Document, SavedReferences | None]:
        if paper_id in self._documents:
            self._documents.move_to_end(paper_id)
        else:
            self._documents[paper_id] = read_document(self.root / paper_id)
            if len(self._documents) > DOCUMENTS_KEPT:
                self._documents.popitem(last=False)
        return self._documents[paper_id]


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
        merged: list[Passage] = [
            _prefixed(p, entry.id) for entry, stored in papers for p in stored.passages
        ]
        # The papers' memory-mapped vectors, stacked without copying: the sentence
        # ranker reads its candidates' rows only, and the dense index copies the
        # passage vectors once, into faiss.
        vectors = StackedRows([s.embeddings for _, s in papers])
        sentences = StackedRows([s.sentence_embeddings for _, s in papers])
        counts = np.concatenate([s.sentence_rows() for _, s in papers]).astype(np.int32)
        entries = [entry for entry, _ in papers]
        stored = _library_index(root, entries, merged, vectors, sentences, counts)
        engine = make_engine(stored, papers=[(entry.id, s) for entry, s in papers])
        self._setup(entries, root, engine, _Opened(papers), make_engine)

    @classmethod
    def packed(
        cls, entries: Sequence[PaperEntry], pack: Pack, root: Path, *, make_engine: MakeEngine
    ) -> LibraryEngine:
        """The engine over the library's ``pack`` (holding ``entries``, in library order):
        opening reads the pack's few files, and a paper's own files when a hit of it is
        shown."""
        if not entries:
            raise ValueError("a library engine needs at least one paper")
        stored = _library_index(root, entries, [], pack.vectors, pack.sentences, pack.counts[:, 1])
        engine = make_engine(stored, pack=pack)
        papers = _FromPack(root, pack, engine.passages, engine._position)  # type: ignore[arg-type]
        library = cls.__new__(cls)
        library._setup(entries, root, engine, papers, make_engine)
        return library

    def _setup(
        self,
        entries: Sequence[PaperEntry],
        root: Path,
        engine: Engine,
        papers: _Papers,
        make_engine: MakeEngine,
    ) -> None:
        self.root = root
        self.papers: dict[str, PaperEntry] = {entry.id: entry for entry in entries}
        self.engine = engine
        self._papers = papers
        self._make_engine = make_engine
        if isinstance(engine, _Merged):
            engine.document_of = papers.document
        self._engines: dict[str, Engine] = {}

    @property
    def settings(self) -> Any:
        """The settings every paper is searched with."""
        return self.engine.settings

    def paper_engine(self, paper_id: str) -> Engine:
        """One paper's own engine (for its notes and passages when showing a hit)."""
        if paper_id not in self._engines:
            self._engines[paper_id] = self._make_engine(self._papers.stored(paper_id))
        return self._engines[paper_id]

    def document(self, paper_id: str) -> Document:
        """The parsed paper ``paper_id``."""
        return self._papers.document(paper_id)

    def references(self, paper_id: str) -> SavedReferences | None:
        """Paper ``paper_id``'s saved references (``references.works_cited(doc, saved)``)."""
        return self._papers.references(paper_id)

    def ask(self, question: str, **options: Any) -> LibraryAnswer:
        """The best passages of the whole library, each with its paper; ``options`` are
        :meth:`Engine.ask`'s (``k``, ``mode``, ``rerank``, and ``papers``: ids to restrict
        the results to, the statistics staying the whole library's)."""
        answer = self.engine.ask(question, **options)
        hits, owners = [], []
        for hit in answer.hits:
            paper_id, own = self._papers.origin(hit.passage.id)
            hits.append(self._own_hit(hit, paper_id, own))
            owners.append(self.papers[paper_id])
        return LibraryAnswer(replace(answer, hits=tuple(hits)), tuple(owners))

    def _own_hit(self, hit: Hit, paper_id: str, passage: Passage) -> Hit:
        """``hit`` with its paper's passage, notes and citing passages."""
        footnotes: tuple[Any, ...] = ()
        if passage.notes:  # the paper's document is read (from its pack, once) only then
            document = self.document(paper_id)
            footnotes = document.footnotes_numbered(passage.notes)
        citing: tuple[str, ...] = ()
        if passage.number is not None:
            citing = self._papers.citing(paper_id, passage.number)
        before = hit.placed_before
        if before is not None:  # the citing passage's id in its paper, as the hit's is
            before = self._papers.origin(before)[1].id
        return replace(
            hit, passage=passage, footnotes=footnotes, cited_by=citing, placed_before=before
        )


def _library_index(
    root: Path,
    entries: Sequence[PaperEntry],
    passages: list[Passage],
    vectors: Any,
    sentences: Any,
    counts: Any,
) -> StoredIndex:
    """The stored index the merged engine is given (the library has no document of its own)."""
    placeholder = Document(
        title="library", author="", year=None, source="", sha256="", pages=0,
        sections=(), blocks=(), footnotes=(),
    )  # fmt: skip
    return StoredIndex(
        root,
        {"library": [entry.id for entry in entries]},
        placeholder,
        passages,
        vectors,
        sentences,
        sentence_counts=counts,
    )


class EngineFactory:
    """How the library builds engines over stored indexes: one model, one reranker, shared;
    and what every paper's index must have been built with (:meth:`index_key`)."""

    def __init__(
        self,
        root: Path,
        *,
        model: str | None,
        embedder: Embedder | None,
        settings: Any = None,
        reranker: Any = None,
        log: Callable[[str], None] | None = None,
    ) -> None:
        from posenqa.answer import CHECKSUM_CACHE
        from posenqa.search.embedder import resolve_model_path

        self.root = root
        self._embedder = embedder
        self._model_path = None if embedder is not None else resolve_model_path(model)
        self._options: dict[str, Any] = {
            "settings": settings,
            "model_path": self._model_path,
            "embedder": embedder,
            "checksum_cache": root / CHECKSUM_CACHE,
            "reranker": reranker,
            "log": log,
        }

    def __call__(
        self,
        stored: StoredIndex,
        *,
        papers: Sequence[tuple[str, StoredIndex]] | None = None,
        pack: Pack | None = None,
    ) -> Engine:
        if papers is not None or pack is not None:
            return _Merged(stored, papers=papers or (), pack=pack, **self._options)
        return Engine(stored, **self._options)

    def index_key(self) -> IndexKey:
        """What a paper's index must have been built with to be current, its document
        apart (:meth:`IndexKey.current <posenqa.store.IndexKey.current>`, as for
        ``Engine.open`` and adding: parser, model, settings, splitter, tokenizer)."""
        from posenqa.search.embedder import index_model_checksum
        from posenqa.settings import default_settings

        checksum = index_model_checksum(
            self._embedder, self._model_path, self._options["checksum_cache"]
        )
        settings = self._options["settings"] or default_settings()
        return IndexKey.current(None, checksum, settings)


#: How the library's commands make their engine factory (the name they have always used).
engine_factory = EngineFactory


__all__ = [
    "BM25_SHORTLIST",
    "EngineFactory",
    "LibraryAnswer",
    "LibraryEngine",
    "MakeEngine",
    "engine_factory",
]
