"""The main screen: ask, browse the ranked passages, read one with its notes, copy a citation.

All slow work (opening the paper, loading the embedding model, searching)
runs in thread workers that post messages back; a failed worker becomes a
visible error here, never a crash.
"""

from __future__ import annotations

from typing import Any, ClassVar

from rich.text import Text
from textual import events, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Footer, Input, OptionList, Static
from textual.worker import Worker, WorkerState, get_current_worker

from posenqa.errors import PosenqaError
from posenqa.textsafe import terminal_safe
from posenqa.tui.cite import (
    Citation,
    copied_notice,
    formatted_references,
    note_citation,
    passage_citation,
)
from posenqa.tui.messages import (
    Answered,
    BuildLog,
    BuildProgress,
    DenseLoaded,
    EngineOpened,
    RerankFailed,
)
from posenqa.tui.render import query_terms
from posenqa.tui.screens.reader import ReaderScreen
from posenqa.tui.screens.works import WorksScreen
from posenqa.tui.searching import first_stage, reranked, supports_rerank, usable_mode
from posenqa.tui.widgets.notes_pane import NotesPane
from posenqa.tui.widgets.question_box import QuestionBox
from posenqa.tui.widgets.reading_pane import ReadingPane
from posenqa.tui.widgets.results_list import ResultsList
from posenqa.tui.widgets.status_line import StatusLine

#: Search modes in the order ctrl+s cycles through them.
MODES: tuple[str, ...] = ("hybrid", "bm25", "dense")

#: Actions that need an answer on screen.
ANSWER_ACTIONS = frozenset({"reader", "copy"})

WELCOME = (
    "Type a question about the paper and press enter.\n\n"
    "The answer is the passages of the paper that match best, with the notes they cite. "
    "Press ? for all keys."
)


def _same(a: str, b: str) -> bool:
    """Two questions are the same up to white space."""
    return " ".join(a.split()) == " ".join(b.split())


def key_is_navigation(widget: Any, key: str) -> bool:
    """Whether ``widget`` itself binds ``key`` (j/k in the lists and the passage)."""
    return any(
        key in (k.strip() for k in binding.key.split(","))
        for binding in getattr(widget, "BINDINGS", ())
        if isinstance(binding, Binding)
    )


def describe_error(error: BaseException | None) -> str:
    """One line for a failed worker: the message of a domain error, the type of a bug."""
    if error is None:
        return "unknown error"
    if isinstance(error, PosenqaError):
        return str(error)
    return f"{type(error).__name__}: {error}"


class MainScreen(Screen[None]):
    """Question box, results list, reading pane, notes pane and a status line."""

    # Every command is on a modifier or function key, as in harlequin and
    # posting: a printable key is either navigation inside the focused pane
    # (j/k) or the start of the next question (see ``on_key``). Keys the
    # question box uses itself (ctrl+a/e/k/u/w/d/x/v/z) are left to it.
    BINDINGS: ClassVar[list[BindingType]] = [
        # The footer shows what fits in 80 columns; f1 lists every key.
        Binding("f2,escape", "focus_question", "Ask", key_display="f2", show=False),
        Binding("ctrl+o", "reader", "Read"),
        Binding("ctrl+c", "copy('chicago')", "Cite"),
        Binding("ctrl+b", "copy('bibtex')", "BibTeX", show=False),
        Binding("ctrl+l", "works", "Works", show=False),
        Binding("ctrl+s", "cycle_mode", "Mode"),
        Binding("ctrl+r", "toggle_rerank", "Rerank"),
    ]

    #: Below 28 rows the question box drops its border (class ``-short``), so
    #: an 80x24 terminal keeps room for the passage.
    VERTICAL_BREAKPOINTS = [(0, "-short"), (28, "-tall")]  # noqa: RUF012 (Textual types it)

    def __init__(self) -> None:
        super().__init__()
        self.engine: Any | None = None
        self.note_refs: dict[int, tuple[Any, ...]] = {}
        self._formatted: dict[int, tuple[str, ...]] = {}
        self._works: list[Any] | None = None
        self.mode = MODES[0]
        self.answer: Any | None = None
        self.terms: tuple[str, ...] = ()
        self.pending: str | None = None
        self.latest = ""
        """The question the newest search was started for."""
        self.readiness = "opening the paper…"
        self.last = ""
        self.rerank = True
        """Whether answers are reordered by the reranker (ctrl+r)."""
        self.rerank_problem = ""
        """Why the reranker cannot run, once it failed (said once, then not tried again)."""

    def compose(self) -> ComposeResult:
        yield Static(Text(f"posenqa · opening {self.app.paper}…"), id="title-bar")  # type: ignore[attr-defined]
        yield QuestionBox(id="question")
        with Horizontal(id="panes"):
            with Vertical(id="left"):
                yield Static(id="verdict")
                yield ResultsList(id="results")
            with Vertical(id="right"):
                yield ReadingPane(id="reading")
                yield NotesPane(id="notes")
        yield StatusLine(id="status")
        yield Footer(show_command_palette=False)

    def on_mount(self) -> None:
        self.query_one("#results").border_title = "Results"
        self.query_one("#reading").border_title = "Passage"
        self.query_one("#notes").border_title = "Notes"
        self.query_one(ReadingPane).show_message(WELCOME)
        self.query_one(QuestionBox).focus()
        self._show_status()
        self.open_engine()

    # -- workers -------------------------------------------------------------

    @work(thread=True, exclusive=True, group="open", exit_on_error=False)
    def open_engine(self) -> None:
        """Open (and if needed build) the index; BM25 works as soon as this returns."""
        engine = self.app.engine_factory(  # type: ignore[attr-defined]
            progress=lambda done, total: self.post_message(BuildProgress(done, total)),
            log=lambda text: self.post_message(BuildLog(str(text))),
        )
        note_refs: dict[int, tuple[Any, ...]] = {}
        try:
            note_refs = dict(self.app.refs.note_references(engine.document))  # type: ignore[attr-defined]
        except Exception as exc:  # the answers still work without resolved references
            self.post_message(BuildLog(f"references unavailable: {describe_error(exc)}"))
        self.post_message(EngineOpened(engine, note_refs))

    @work(thread=True, exclusive=True, group="dense", exit_on_error=False)
    def load_dense(self, engine: Any) -> None:
        """Load the embedding model so hybrid and dense search become available."""
        engine.load_dense()
        self.post_message(DenseLoaded())

    @work(thread=True, exclusive=True, group="search", exit_on_error=False)
    def search(self, engine: Any, question: str, requested: str, used: str) -> None:
        """Answer ``question`` with mode ``used`` (``requested`` is reported alongside).

        The first-stage list is posted at once; with reranking on, the
        reranker's order follows when it returns. A newer question cancels
        this worker, and a cancelled worker posts nothing more.
        """
        worker = get_current_worker()
        k = self.app.k  # type: ignore[attr-defined]
        answer = first_stage(engine, question, k=k, mode=used)
        if worker.is_cancelled:
            return
        self.post_message(Answered(answer, requested))
        if not self.rerank or self.rerank_problem or not answer.hits:
            return
        if not supports_rerank(engine):
            self.post_message(RerankFailed("this engine has no reranker"))
            return
        try:
            better = reranked(engine, question, k=k, mode=used)
        except Exception as exc:  # a missing model: say so once, keep the first stage
            self.post_message(RerankFailed(describe_error(exc)))
            return
        if not worker.is_cancelled:
            self.post_message(Answered(better, requested, reranked=True))

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """The one place failed workers turn into a visible error."""
        if event.state != WorkerState.ERROR:
            return
        message = describe_error(event.worker.error)
        group = event.worker.group
        if group == "open":
            self.readiness = "could not open the paper"
            text = f"Could not open the paper: {message}"
            self.query_one(ReadingPane).show_message(Text(text, style="bold"))
        elif group == "dense":
            self.readiness = "BM25 only (embedding model failed)"
            text = f"Hybrid search unavailable, BM25 still works: {message}"
        else:
            text = f"Search failed: {message}"
        self.query_one(StatusLine).say(text, error=True)
        self.notify(terminal_safe(text), severity="error", title="Error", markup=False)

    # -- messages from workers -------------------------------------------------

    def on_engine_opened(self, message: EngineOpened) -> None:
        self.engine = message.engine
        self.note_refs = message.note_refs
        self._formatted = {}
        document = self.engine.document
        title = Text(" posenqa · ", style="bold")
        author = f"{document.author} ({document.year})" if document.year else document.author
        title.append(terminal_safe(f"{author}, {document.title}"))
        self.query_one("#title-bar", Static).update(title)
        if getattr(self.engine, "dense_ready", False):
            self.readiness = "hybrid ready"
        else:
            self.readiness = "BM25 ready · model loading…"
            self.load_dense(self.engine)
        self._show_status()
        if self.pending:
            question, self.pending = self.pending, None
            self.ask(question)

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
        self.readiness = (
            f"building the index: {message.done}/{message.total} passages and sentences embedded"
        )
        if message.done >= message.total:
            self.readiness = "index built; opening…"
        self._show_status()

    def on_build_log(self, message: BuildLog) -> None:
        self.query_one(StatusLine).say(message.text)

    def on_answered(self, message: Answered) -> None:
        answer = message.answer
        if self.latest and not _same(answer.question, self.latest):
            return  # an older question's answer, overtaken by a newer one
        # A reader who moved down the list stays on that passage when it is
        # reordered; one still on the top result sees the new top.
        listed = self.query_one(ResultsList)
        previous = listed.current if message.reranked and listed.highlighted else None
        self.answer = answer
        self.terms = query_terms(answer.question)
        verdict = self.query_one("#verdict", Static)
        if answer.abstained:
            line = Text("Not in the paper", style="bold")
            line.append(" · nearest passages:")
            verdict.set_class(True, "-abstained")
        else:
            line = Text(f"{len(answer.hits)} passages", style="bold")
            line.append(f" · confidence {answer.confidence:.2f}")
            verdict.set_class(False, "-abstained")
        verdict.update(line)
        results = self.query_one(ResultsList)
        results.show_hits(answer.hits)
        if previous is not None:
            results.highlight_passage(previous.passage.id)
        if not answer.hits:
            self.query_one(ReadingPane).show_message("No passage matched the question.")
            self.query_one(NotesPane).show_notes((), {})
        self.last = f"answered by {answer.mode}"
        if answer.mode != message.requested_mode:
            self.last += f" ({message.requested_mode} loading)"
        if message.reranked:
            self.last += ", reranked"
        elif self._will_rerank() and answer.hits:
            self.last += " · reranking…"
        self._show_status()
        box = self.query_one(QuestionBox)
        # Into the results only if the student has not started the next question.
        typing = isinstance(self.focused, QuestionBox) and not _same(box.value, answer.question)
        if not message.reranked and not typing and self.focused in (None, box):
            results.focus()

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

    # -- user input -------------------------------------------------------------

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.ask(event.value)

    def ask(self, question: str) -> None:
        """Ask ``question`` now, or as soon as the paper is open."""
        question = question.strip()
        if not question:
            self.notify("Type a question first", severity="warning")
            return
        self.query_one(QuestionBox).remember(question)
        if self.engine is None:
            self.pending = question
            self.query_one(StatusLine).say(
                "The paper is still opening; your question will run next."
            )
            return
        self._search(question)

    def _search(self, question: str) -> None:
        """Start the search worker on ``question`` in the current mode (BM25 while loading)."""
        used = usable_mode(self.engine, self.mode)
        self.latest = question
        self.query_one(StatusLine).say(f"searching ({used})…")
        self.search(self.engine, question, self.mode, used)

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option_list.id != "results":
            return
        hit = self.query_one(ResultsList).current
        if hit is None:
            return
        style = self.app.marker_style  # type: ignore[attr-defined]
        self.query_one(ReadingPane).show_hit(hit, self.terms, style)
        notes = self.query_one(NotesPane)
        footnote = self._note_of(hit)
        if footnote is not None:
            notes.show_note_result(
                footnote, self._references(footnote.number), self._citations(footnote), style
            )
            return
        references = {n.number: self._references(n.number) for n in hit.footnotes}
        notes.show_notes(hit.footnotes, references, style)

    def _note_of(self, hit: Any) -> Any | None:
        """The footnote a result is, when it is one."""
        if hit.passage.kind != "footnote" or self.engine is None:
            return None
        return self.engine.document.footnote(hit.passage.number)

    def _citations(self, footnote: Any) -> tuple[Any, ...]:
        """The body passages citing ``footnote`` (none if the references backend fails)."""
        try:
            return tuple(self.app.refs.note_citations(self.engine.document, footnote.number))  # type: ignore[attr-defined,union-attr]
        except Exception:  # the note and its works still show without them
            return ()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option_list.id in ("results", "notes"):
            self.action_reader()

    def _references(self, number: int) -> tuple[str, ...]:
        if number not in self._formatted:
            try:
                self._formatted[number] = formatted_references(
                    self.app.refs,  # type: ignore[attr-defined]
                    self.note_refs,
                    number,
                )
            except Exception as exc:  # a formatting bug must not hide the note itself
                self._formatted[number] = (f"(reference could not be formatted: {exc})",)
        return self._formatted[number]

    def _show_status(self) -> None:
        # Most useful first: a narrow terminal cuts the end of the line.
        mode = f"mode: {self.mode}" + (" + rerank" if self._will_rerank() else "")
        parts = [mode, self.last, self.readiness]
        self.query_one(StatusLine).say(" · ".join(p for p in parts if p))

    # -- actions ------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "copy" and isinstance(self.focused, Input):
            return False  # ctrl+c in the box copies the box's selected text
        if action in ANSWER_ACTIONS and (self.answer is None or not self.answer.hits):
            return None
        if action == "works" and self.engine is None:
            return None
        return True

    def on_descendant_focus(self) -> None:
        # The copy keys are shown or hidden depending on whether the box has focus.
        self.refresh_bindings()

    def on_key(self, event: events.Key) -> None:
        """Send a printable key that the focused pane does not use to the question box.

        After an answer the results have focus; a student who types the next
        question straight away starts it in the box instead of firing
        commands. The key is not lost: it becomes the first character of the
        new question (``/`` only moves to the box, as it always has).
        """
        if not event.is_printable or isinstance(self.focused, Input):
            return
        if self.focused is not None and key_is_navigation(self.focused, event.key):
            return
        event.stop()
        event.prevent_default()
        box = self.query_one(QuestionBox)
        if event.character != "/":
            box.start_question(event.character or "")
        # Focus now, not after the queued keys: a question typed fast (or
        # pasted by a terminal) arrives as many keys at once.
        self.set_focus(box)

    def on_paste(self, event: events.Paste) -> None:
        """Text pasted while a pane has focus goes to the question box too."""
        if isinstance(self.focused, Input):
            return
        event.stop()
        box = self.query_one(QuestionBox)
        box.start_question(event.text)
        self.set_focus(box)

    def action_focus_question(self) -> None:
        self.query_one(QuestionBox).focus()

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

    def action_works(self) -> None:
        if self.engine is None:
            return
        if self._works is None:
            self._works = list(self.app.refs.works_cited(self.engine.document))  # type: ignore[attr-defined]
        self.app.push_screen(
            WorksScreen(
                self.engine.document,
                self._works,
                refs=self.app.refs,  # type: ignore[attr-defined]
                note_refs=self.note_refs,
                marker_style=self.app.marker_style,  # type: ignore[attr-defined]
            )
        )

    def action_reader(self) -> None:
        hit = self.query_one(ResultsList).current
        if hit is None or self.engine is None:
            return
        document = self.engine.document
        passage = hit.passage
        note = None
        selected = self.query_one(NotesPane).current
        if isinstance(self.focused, NotesPane) and selected is not None:
            note = selected.number
        block_id = passage.block_ids[0] if passage.block_ids else None
        section = passage.section
        if passage.kind == "footnote":
            note = passage.number
            footnote = document.footnote(passage.number)
            if footnote is not None and footnote.cited_by:
                block_id = footnote.cited_by[0]
                block = document.block(block_id)
                section = block.section if block is not None else section
        self.app.push_screen(
            ReaderScreen(
                document,
                refs=self.app.refs,  # type: ignore[attr-defined]
                note_refs=self.note_refs,
                section=section,
                block_id=block_id,
                note=note,
                terms=self.terms,
                marker_style=self.app.marker_style,  # type: ignore[attr-defined]
            )
        )

    def action_copy(self, style: str) -> None:
        # Text selected with the mouse wins: ctrl+c then copies it, as anywhere.
        selected = self.get_selected_text() if style == "chicago" else None
        citation = Citation(selected, "the selected text") if selected else None
        citation = citation or self.current_citation(style)
        if citation is None:
            self.notify("Nothing to cite yet: ask a question first", severity="warning")
            return
        self.app.copy_to_clipboard(citation.text)
        self.notify(copied_notice(citation), title="Clipboard", markup=False)

    def current_citation(self, style: str) -> Citation | None:
        """The highlighted note's works when the notes pane has focus, else the passage's page."""
        hit = self.query_one(ResultsList).current
        if hit is None or self.engine is None:
            return None
        refs = self.app.refs  # type: ignore[attr-defined]
        notes = self.query_one(NotesPane)
        if self.focused is notes and notes.current is not None:
            return note_citation(refs, notes.current, self.note_refs, style)
        footnote = self._note_of(hit)
        if footnote is not None:
            return note_citation(refs, footnote, self.note_refs, style)
        return passage_citation(refs, self.engine.document, hit.passage.page, style)


__all__ = ["MODES", "MainScreen", "describe_error"]
