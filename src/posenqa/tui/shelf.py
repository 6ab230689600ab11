"""What the TUI answers from: the library's papers (or one paper alone) and the paper filter.

The screens talk to a :class:`Shelf` only. It holds the library and the papers the
filter keeps, and it answers with each hit's paper beside it. The filter is the
library engine's own (``LibraryEngine.ask(papers=...)``): the same engine and
models, the results restricted to those papers, the statistics staying the whole
library's (so a paper's scores do not change with the filter). Changing it costs
nothing, and ``posenqa ask --doc`` filters the same way: both rank the same
passages for the same papers.

A single paper's engine (``posenqa tui FILE`` on a file outside the library, and
the tests' fake engine) is shown as a library of that paper alone.
"""

from __future__ import annotations

import inspect
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

#: How many papers the description of a filter names before saying how many more.
NAMED_IN_TITLE = 3


@dataclass(frozen=True, slots=True)
class Found:
    """An answer and the paper of each hit, in hit order (as ``LibraryAnswer``)."""

    answer: Any
    papers: tuple[Any, ...]


class OnePaper:
    """One paper's engine in the shape of a library holding that paper alone."""

    def __init__(self, engine: Any) -> None:
        from posenqa.library.registry import PaperEntry

        self.engine = engine
        document = engine.document
        source = getattr(document, "source", "") or "paper"
        paper_id = Path(source).stem or "paper"
        self.paper = PaperEntry(
            paper_id, source, title=document.title, author=document.author, year=document.year
        )
        self.papers = {paper_id: self.paper}

    def document(self, paper_id: str) -> Any:
        return self.engine.document

    def references(self, paper_id: str) -> Any:
        """The paper's saved references (an engine made in memory has none)."""
        return getattr(self.engine, "references", None)

    def ask(self, question: str, *, rerank: bool | None = None, **options: Any) -> Found:
        """The engine's answer; ``papers`` (a filter) is dropped: there is one paper."""
        options.pop("papers", None)
        if rerank is not None:
            options["rerank"] = rerank
        answer = self.engine.ask(question, **options)
        return Found(answer, (self.paper,) * len(answer.hits))


def as_library(engine: Any) -> Any:
    """``engine`` as a library: a ``LibraryEngine`` as it is, one paper's engine wrapped."""
    if isinstance(engine, Shelf):
        return engine.library
    if hasattr(engine, "papers") and hasattr(engine, "paper_engine"):
        return engine  # a LibraryEngine
    return OnePaper(engine)


class Shelf:
    """The library and the papers the filter keeps (none: all).

    Changing the filter makes a new shelf (:meth:`filtered`); the shelves of one
    library share the note references they resolved.
    """

    def __init__(
        self,
        library: Any,
        selection: Sequence[str] = (),
        *,
        _notes: dict[str, dict[int, tuple[Any, ...]]] | None = None,
    ) -> None:
        self.library = as_library(library)
        self.selection = self.normalized(selection)
        """The ids of the papers searched, in library order; empty: every paper."""
        self._notes = {} if _notes is None else _notes

    def normalized(self, paper_ids: Sequence[str]) -> tuple[str, ...]:
        """``paper_ids`` (the library's) as a selection: in library order; all of them: ()."""
        from posenqa.library.registry import selection

        return selection(tuple(self.library.papers.values()), paper_ids)

    def filtered(self, paper_ids: Sequence[str]) -> Shelf:
        """The same library with only ``paper_ids`` searched (empty: every paper)."""
        return Shelf(self.library, paper_ids, _notes=self._notes)

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

    def references(self, paper_id: str) -> Any:
        """Paper ``paper_id``'s saved references, handed to the resolver (None: resolve)."""
        return self.library.references(paper_id)

    def note_refs(self, refs: Any, paper_id: str) -> dict[int, tuple[Any, ...]]:
        """Paper ``paper_id``'s notes' resolved references (``refs.note_references``), once.

        Resolved on first use (in a worker, for the papers of an answer) and kept.
        """
        notes = self._notes
        if paper_id not in notes:  # two threads may both resolve it: the same result
            saved = self.references(paper_id)
            notes[paper_id] = dict(refs.note_references(self.document(paper_id), saved))
        return notes[paper_id]

    def works(self, paper_id: str, refs: Any) -> list[Any]:
        """Paper ``paper_id``'s works cited (``refs.works_cited``), kept beside the library
        once computed (:mod:`posenqa.library.works_cache`: a thousand papers' works are
        read, not computed again, in the next session); computed each time for a paper
        outside a library."""
        document, saved = self.document(paper_id), self.references(paper_id)
        root = getattr(self.library, "root", None)
        if root is None:
            return list(refs.works_cited(document, saved))
        from posenqa.library.works_cache import paper_works

        return paper_works(Path(root), paper_id, document, saved, compute=refs.works_cited)

    def describe(self) -> str:
        """The filter in words: ``all 3 papers``, ``1 of 3 papers: Posen 2001``."""
        total = len(self.library.papers)
        if not self.selection:
            return f"all {total} papers" if total > 1 else "1 paper"
        chosen = self.chosen
        # The title bar is one line: a filter of hundreds of papers names the first few.
        names = ", ".join(p.short for p in chosen[:NAMED_IN_TITLE])
        if len(chosen) > NAMED_IN_TITLE:
            names += f" and {len(chosen) - NAMED_IN_TITLE} more"
        return f"{len(self.selection)} of {total} papers: {names}"

    # -- what the search workers call (posenqa.tui.searching) ----------------------

    @property
    def engine(self) -> Any:
        """The engine searched: every paper's passages merged (one paper's for ``OnePaper``)."""
        return self.library.engine

    @property
    def takes_rerank(self) -> bool:
        """Whether the engine can be asked with ``rerank=`` (an older one cannot)."""
        try:
            return "rerank" in inspect.signature(self.engine.ask).parameters
        except (TypeError, ValueError):
            return False

    def ask(self, question: str, *, k: int, mode: str, rerank: bool | None = None) -> Found:
        """The ``k`` best passages of the papers searched, each with its paper."""
        found = self.library.ask(
            question,
            k=k,
            mode=mode,
            rerank=rerank if self.takes_rerank else None,
            papers=self.selection or None,
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


__all__ = ["NAMED_IN_TITLE", "Found", "OnePaper", "Shelf", "as_library"]
