"""What the TUI answers from: the library's papers (or one paper alone) and the paper filter.

The screens talk to a :class:`Shelf` only. It holds the whole library, the
papers the filter keeps and the engine over those papers, and it answers with
each hit's paper beside it. A filter is a library of the chosen papers alone
(:meth:`posenqa.library.engine.LibraryEngine.restricted`), so asking with a
filter answers as ``posenqa ask --doc A --doc B`` does: BM25 statistics,
reranking and abstention over those papers only.

A single paper's engine (``posenqa tui FILE`` on a file outside the library,
and the tests' fake engine) is shown as a library of that paper alone.
"""

from __future__ import annotations

import inspect
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

#: Libraries of a filter kept open besides the whole library. Each holds its own merged
#: index and, once hybrid search ran, its own embedder and reranker: about 140 MB for
#: three papers (the whole library with its models: 250 MB), so only the latest stays.
KEPT_FILTERS = 1


@dataclass(frozen=True, slots=True)
class Found:
    """An answer and the paper of each hit, in hit order (as ``LibraryAnswer``)."""

    answer: Any
    papers: tuple[Any, ...]


class OnePaper:
    """One paper's engine in the shape of a library holding that paper alone."""

    def __init__(self, engine: Any) -> None:
        self.engine = engine
        from posenqa.library.registry import PaperEntry

        document = engine.document
        source = getattr(document, "source", "") or "paper"
        paper_id = Path(source).stem or "paper"
        self.paper = PaperEntry(
            paper_id, source, title=document.title, author=document.author, year=document.year
        )
        self.papers = {paper_id: self.paper}

    def document(self, paper_id: str) -> Any:
        return self.engine.document

    def ask(self, question: str, *, k: int, mode: str, rerank: bool | None = None) -> Found:
        options = {} if rerank is None else {"rerank": rerank}
        answer = self.engine.ask(question, k=k, mode=mode, **options)
        return Found(answer, (self.paper,) * len(answer.hits))

    def restricted(self, paper_ids: Sequence[str]) -> OnePaper:
        return self


class _Shared:
    """What the shelves of one library share: resolved notes and the filters' engines."""

    def __init__(self) -> None:
        self.notes: dict[str, dict[int, tuple[Any, ...]]] = {}
        self.filters: dict[tuple[str, ...], Any] = {}
        self.lock = threading.Lock()


def as_library(engine: Any) -> Any:
    """``engine`` as a library: a ``LibraryEngine`` as it is, one paper's engine wrapped."""
    if isinstance(engine, Shelf):
        return engine.library
    if hasattr(engine, "restricted") and hasattr(engine, "papers"):
        return engine
    return OnePaper(engine)


class Shelf:
    """The library, the papers the filter keeps (none: all) and the engine over them.

    Changing the filter makes a new shelf (:meth:`filtered`, slow for a large
    library: call it in a worker); the shelves of one library share the note
    references they resolved and the filters' engines.
    """

    def __init__(
        self,
        library: Any,
        selection: Sequence[str] = (),
        *,
        _shared: _Shared | None = None,
    ) -> None:
        self.library = as_library(library)
        self.selection = self.normalized(selection)
        """The ids of the papers searched, in library order; empty: every paper."""
        self._shared = _shared or _Shared()
        self.searcher = self._searcher()

    def _searcher(self) -> Any:
        if not self.selection:
            return self.library
        filters = self._shared.filters
        with self._shared.lock:
            searcher = filters.pop(self.selection, None)
            if searcher is None:
                searcher = self.library.restricted(self.selection)
            filters[self.selection] = searcher  # the newest last
            while len(filters) > KEPT_FILTERS:
                del filters[next(iter(filters))]
        return searcher

    def normalized(self, paper_ids: Sequence[str]) -> tuple[str, ...]:
        """``paper_ids`` as a selection: the library's of them, in its order; all of them: ()."""
        wanted = set(paper_ids)
        chosen = tuple(p for p in self.library.papers if p in wanted)
        return () if len(chosen) == len(self.library.papers) else chosen

    def filtered(self, paper_ids: Sequence[str]) -> Shelf:
        """The same library with only ``paper_ids`` searched (empty: every paper)."""
        return Shelf(self.library, paper_ids, _shared=self._shared)

    # -- the papers --------------------------------------------------------------

    @property
    def papers(self) -> dict[str, Any]:
        """Every paper of the library by id, in library order (filtered or not)."""
        return dict(self.library.papers)

    @property
    def chosen(self) -> tuple[Any, ...]:
        """The papers searched: the filter's, or all of them."""
        papers = self.papers
        return (
            tuple(papers[p] for p in self.selection) if self.selection else tuple(papers.values())
        )

    def document(self, paper_id: str) -> Any:
        """The parsed paper ``paper_id``."""
        return self.library.document(paper_id)

    def note_refs(self, refs: Any, paper_id: str) -> dict[int, tuple[Any, ...]]:
        """Paper ``paper_id``'s notes' resolved references (``refs.note_references``), once.

        Resolved on first use (in a worker, for the papers of an answer) and kept.
        """
        notes = self._shared.notes
        if paper_id not in notes:  # two threads may both resolve it: the same result
            notes[paper_id] = dict(refs.note_references(self.document(paper_id)))
        return notes[paper_id]

    def describe(self) -> str:
        """The filter in words: ``all 3 papers``, ``1 of 3 papers: Posen 2001``."""
        total = len(self.library.papers)
        if not self.selection:
            return f"all {total} papers" if total > 1 else "1 paper"
        names = ", ".join(p.short for p in self.chosen)
        return f"{len(self.selection)} of {total} papers: {names}"

    # -- what the search workers call (posenqa.tui.searching) ----------------------

    @property
    def engine(self) -> Any:
        """The engine searched (the filter's papers merged)."""
        return self.searcher.engine

    @property
    def takes_rerank(self) -> bool:
        """Whether the engine can be asked with ``rerank=`` (an older one cannot)."""
        try:
            return "rerank" in inspect.signature(self.engine.ask).parameters
        except (TypeError, ValueError):
            return False

    def ask(self, question: str, *, k: int, mode: str, rerank: bool | None = None) -> Found:
        """The ``k`` best passages of the papers searched, each with its paper."""
        found = self.searcher.ask(
            question, k=k, mode=mode, rerank=rerank if self.takes_rerank else None
        )
        return Found(found.answer, tuple(found.papers))

    @property
    def dense_ready(self) -> bool:
        return bool(getattr(self.engine, "dense_ready", False))

    def load_dense(self) -> None:
        self.engine.load_dense()

    def load_reranker(self) -> Any:
        load = getattr(self.engine, "load_reranker", None)
        return self.engine if load is None else load()

    @property
    def reranker_error(self) -> str | None:
        return getattr(self.engine, "reranker_error", None)


__all__ = ["KEPT_FILTERS", "Found", "OnePaper", "Shelf", "as_library"]
