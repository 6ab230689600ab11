"""The engine side of the main screen: opening the paper, the workers, the search state.

All slow work (opening the paper, loading the embedding model, searching,
reranking) runs in thread workers that post messages back; a failed worker
becomes a visible error here, never a crash. :class:`MainScreen` adds the
widgets and keys and implements the display hooks at the end of this class.
"""

from __future__ import annotations

from typing import Any

from textual import work
from textual.screen import Screen
from textual.worker import Worker, WorkerState, get_current_worker

from posenqa.pipeline.modes import MODES as ENGINE_MODES
from posenqa.textsafe import terminal_safe
from posenqa.tui.messages import (
    Answered,
    BuildLog,
    BuildProgress,
    DenseLoaded,
    EngineOpened,
    RerankFailed,
    WorksGathered,
    describe_error,
)
from posenqa.tui.searching import (
    RerankUnavailable,
    first_stage,
    reranked,
    supports_rerank,
    usable_mode,
    warm_reranker,
)
from posenqa.tui.shelf import Shelf

#: Search modes, in the order ctrl+s cycles through them (the engine's, hybrid first).
MODES: tuple[str, ...] = ENGINE_MODES


class AskingScreen(Screen[None]):
    """Holds the engine and the search state; asks questions in workers."""

    def __init__(self) -> None:
        super().__init__()
        self.engine: Shelf | None = None
        """The library searched, with the filter applied."""
        self.mode = MODES[0]
        self.answer: Any | None = None
        self.pending: str | None = None
        """A question asked before the paper was open, run as soon as it is."""
        self.latest = ""
        """The question the newest search was started for."""
        self.readiness = "opening…"  # what is opening: MainScreen says
        self.last = ""
        """What answered last ("answered by bm25 (hybrid loading)")."""
        self.rerank = True
        """Whether answers are reordered by the reranker (ctrl+r)."""
        self.rerank_problem = ""
        """Why the reranker cannot run, once it failed (said once, then not tried again)."""

    # -- workers -------------------------------------------------------------

    @work(thread=True, exclusive=True, group="open", exit_on_error=False)
    def open_engine(self) -> None:
        """Open (and if needed build) the indexes of the library's papers.

        BM25 works as soon as the text is indexed: when a new index must be
        built, the factory may hand over a text-only engine before embedding.
        """
        engine = self.app.engine_factory(  # type: ignore[attr-defined]
            progress=lambda done, total: self.post_message(BuildProgress(done, total)),
            log=lambda text: self.post_message(BuildLog(str(text))),
            text_ready=lambda engine: self.post_message(
                EngineOpened(Shelf(engine), text_only=True)
            ),
        )
        self.post_message(EngineOpened(Shelf(engine, self.app.selection)))  # type: ignore[attr-defined]

    @work(thread=True, exclusive=True, group="works", exit_on_error=False)
    def gather_works(self, shelf: Shelf) -> None:
        """Merge the works cited by the papers ``shelf`` searches (kept beside the library
        once computed: seconds for a thousand papers then; the first time, a minute), with
        how many papers are done in the status line."""
        import time

        from posenqa.library.works import merge_works

        refs = self.app.refs  # type: ignore[attr-defined]
        chosen = shelf.chosen
        cited, told = [], time.monotonic()
        for done, paper in enumerate(chosen, start=1):
            cited.append((paper, shelf.works(paper.id, refs)))
            if len(chosen) > 1 and time.monotonic() - told > 0.5:
                told = time.monotonic()
                text = f"gathering the works cited… {done} of {len(chosen)} papers"
                self.app.call_from_thread(self.say, text)
        self.post_message(WorksGathered(shelf.selection, merge_works(cited)))

    @work(thread=True, exclusive=True, group="dense", exit_on_error=False)
    def load_dense(self, engine: Any) -> None:
        """Load the embedding model so hybrid and dense search become available.

        Then the reranker, one model at a time on a machine with few cores,
        so that hybrid search is ready as soon as possible.
        """
        engine.load_dense()
        self.post_message(DenseLoaded())
        if self.rerank and supports_rerank(engine):
            try:
                warm_reranker(engine)
            except RerankUnavailable as exc:
                self.post_message(RerankFailed(str(exc)))

    @work(thread=True, exclusive=True, group="search", exit_on_error=False)
    def search(self, engine: Any, question: str, requested: str, used: str) -> None:
        """Answer ``question`` with mode ``used`` (``requested`` is reported alongside).

        The first-stage list is posted at once; with reranking on, the
        reranker's order follows when it returns. A newer question cancels
        this worker, and a cancelled worker posts nothing more.
        """
        worker = get_current_worker()
        k = self.app.k  # type: ignore[attr-defined]
        found = first_stage(engine, question, k=k, mode=used)
        self._resolve_notes(engine, found.papers)
        if worker.is_cancelled:
            return
        answer = found.answer
        self.post_message(Answered(answer, requested, papers=found.papers))
        if not self.rerank or self.rerank_problem or not answer.hits:
            return
        if not supports_rerank(engine):
            self.post_message(RerankFailed("this engine has no reranker"))
            return
        try:
            better = reranked(engine, question, k=k, mode=used)
        except RerankUnavailable as exc:  # a missing model: say so once, keep the first stage
            self.post_message(RerankFailed(str(exc)))
            return
        self._resolve_notes(engine, better.papers)
        if not worker.is_cancelled:
            self.post_message(
                Answered(better.answer, requested, reranked=True, papers=better.papers)
            )

    def _resolve_notes(self, shelf: Shelf, papers: tuple[Any, ...]) -> None:
        """Resolve the references of the answer's papers' notes here, off the UI thread."""
        for paper_id in dict.fromkeys(p.id for p in papers):
            try:
                shelf.note_refs(self.app.refs, paper_id)  # type: ignore[attr-defined]
            except Exception as exc:  # the answers still show without resolved references
                self.post_message(BuildLog(f"references unavailable: {describe_error(exc)}"))

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """The one place failed workers turn into a visible error."""
        if event.state != WorkerState.ERROR:
            return
        message = describe_error(event.worker.error)
        group = event.worker.group
        if group == "open":
            what = "the library" if self.app.paper == "the library" else "the paper"  # type: ignore[attr-defined]
            self.readiness = f"could not open {what}"
            text = f"Could not open {what}: {message}"
            self.show_failure(text)
        elif group == "works":
            text = f"Could not list the works cited: {message}"
        elif group == "dense":
            self.readiness = "BM25 only (embedding model failed)"
            text = f"Hybrid search unavailable, BM25 still works: {message}"
        else:
            text = f"Search failed: {message}"
        self.say(text, error=True)
        self.notify(terminal_safe(text), severity="error", title="Error", markup=False)

    # -- messages from workers -------------------------------------------------

    def on_engine_opened(self, message: EngineOpened) -> None:
        self.engine = message.engine
        self.show_library(self.engine)
        if message.text_only:
            self.readiness = "BM25 ready · building the index…"
        else:
            self._load_models()
        self._show_status()
        if self.pending:
            question, self.pending = self.pending, None
            self.ask(question)

    def apply_filter(self, paper_ids: tuple[str, ...]) -> None:
        """Search ``paper_ids`` only (none: every paper); the question on screen is asked
        again of them."""
        if self.engine is None:
            return
        wanted = self.engine.normalized(paper_ids)
        if wanted == self.engine.selection:
            return
        self.engine = self.engine.filtered(wanted)
        self.app.selection = wanted  # type: ignore[attr-defined]
        self.show_library(self.engine)
        self.last = ""
        self._show_status()
        if self.answer is not None:
            self._search(self.answer.question)

    def _load_models(self) -> None:
        """Load the embedding model of the engine searched unless it is loaded already."""
        if self.engine is not None and self.engine.dense_ready:
            self.readiness = "hybrid ready"
        elif self.engine is not None:
            self.readiness = "BM25 ready · model loading…"
            self.load_dense(self.engine)

    def on_dense_loaded(self, message: DenseLoaded) -> None:
        self.readiness = "hybrid ready"
        self._show_status()
        # The user asked for hybrid (or dense) and got BM25 while the model
        # loaded: give them what they asked for now that it is possible.
        answer = self.answer
        if answer is not None and answer.mode != self.mode and self.engine is not None:
            self.notify("Hybrid search ready: answer updated", title="Search")
            self._search(answer.question)

    def on_build_progress(self, message: BuildProgress) -> None:
        # Passages and their sentences are embedded together: "done" counts both.
        self.readiness = f"building the index: {message.done}/{message.total} embedded"
        if message.done >= message.total:
            self.readiness = "index built; opening…"
        if self.engine is not None:  # the text-only engine answers meanwhile
            self.readiness = "BM25 ready · " + self.readiness
        self._show_status()

    def on_build_log(self, message: BuildLog) -> None:
        self.say(message.text)
        if message.is_warning:  # a paper left out: said until dismissed, not overwritten
            text = terminal_safe(message.text)
            self.notify(text, title="Library", severity="warning", timeout=15, markup=False)

    def on_rerank_failed(self, message: RerankFailed) -> None:
        if self.rerank_problem:
            return
        self.rerank_problem = message.reason
        self.last = self.last.replace(" · reranking…", "")
        self._show_status()
        self.notify(
            terminal_safe(f"Reranking unavailable ({message.reason}); keeping the search order."),
            title="Reranker",
            severity="warning",
            markup=False,
        )

    def _will_rerank(self) -> bool:
        return self.rerank and not self.rerank_problem

    # -- asking ----------------------------------------------------------------

    def ask(self, question: str) -> None:
        """Ask ``question`` now, or as soon as the paper is open."""
        question = question.strip()
        if not question:
            self.notify("Type a question first", severity="warning")
            return
        self.remember(question)
        if self.engine is None:
            self.pending = question
            where = self.app.paper  # type: ignore[attr-defined]
            self.say(f"{where} is still opening; your question will run next.")
            return
        self._search(question)

    def _search(self, question: str) -> None:
        """Start the search worker on ``question`` in the current mode (BM25 while loading)."""
        used = usable_mode(self.engine, self.mode)
        self.latest = question
        self.say(f"searching ({used})…")
        self.search(self.engine, question, self.mode, used)

    def _show_status(self) -> None:
        # Most useful first: a narrow terminal cuts the end of the line.
        mode = f"mode: {self.mode}" + (" + rerank" if self._will_rerank() else "")
        parts = [mode, self.last, self.readiness]
        self.say(" · ".join(p for p in parts if p))

    def action_cycle_mode(self) -> None:
        self.mode = MODES[(MODES.index(self.mode) + 1) % len(MODES)]
        self.last = ""
        self._show_status()
        if self.answer is not None and self.engine is not None:
            self._search(self.answer.question)

    def action_toggle_rerank(self) -> None:
        if self.rerank_problem:
            self.notify(
                terminal_safe(f"Reranking unavailable: {self.rerank_problem}"),
                title="Reranker",
                severity="warning",
                markup=False,
            )
            return
        self.rerank = not self.rerank
        self.last = ""
        self._show_status()
        if self.answer is not None and self.engine is not None:
            self._search(self.answer.question)

    # -- display hooks (MainScreen) ------------------------------------------------

    def say(self, text: str, *, error: bool = False) -> None:
        """Show ``text`` in the status line."""
        raise NotImplementedError

    def show_library(self, shelf: Shelf) -> None:
        """The library is open, or the filter changed: show which papers are searched."""
        raise NotImplementedError

    def show_failure(self, text: str) -> None:
        """The paper could not be opened: say so where the passage would be."""
        raise NotImplementedError

    def remember(self, question: str) -> None:
        """Keep an asked question in the box's history."""
        raise NotImplementedError


__all__ = ["MODES", "AskingScreen"]
