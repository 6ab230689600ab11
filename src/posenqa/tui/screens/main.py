"""The main screen: ask, browse the ranked passages, read one with its notes, copy a citation.

The engine side (workers, search state) is :class:`AskingScreen`; this
screen lays out the widgets, shows answers and handles the keys.
"""

from __future__ import annotations

from typing import Any, ClassVar

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Footer, Input, OptionList, Static

from posenqa.textsafe import terminal_safe
from posenqa.tui.cite import (
    Citation,
    NoteReferences,
    copied_notice,
    note_citation,
    passage_citation,
)
from posenqa.tui.messages import Answered, WorksGathered
from posenqa.tui.places import note_of, reader_target, same_question
from posenqa.tui.render import paper_line, query_terms
from posenqa.tui.screens.asking import MODES, AskingScreen
from posenqa.tui.screens.papers import PapersScreen
from posenqa.tui.screens.reader import ReaderScreen
from posenqa.tui.screens.works import WorksScreen
from posenqa.tui.shelf import Shelf
from posenqa.tui.widgets.notes_pane import NotesPane
from posenqa.tui.widgets.question_box import QuestionBox
from posenqa.tui.widgets.reading_pane import ReadingPane
from posenqa.tui.widgets.results_list import ResultsList
from posenqa.tui.widgets.status_line import StatusLine
from posenqa.tui.widgets.verdict import Verdict

#: Actions that need an answer on screen.
ANSWER_ACTIONS = frozenset({"reader", "copy"})

WELCOME = (
    "Type a question about the paper and press enter.\n\n"
    "The answer is the passages of the paper that match best, with the notes they cite. "
    "Letters always type here; commands are on ctrl and function keys. Press f1 for all keys."
)
LIBRARY_WELCOME = (
    "Type a question about your papers and press enter.\n\n"
    "The answer is the passages of the library that match best, each under its paper, with "
    "the notes they cite. ctrl+f chooses the papers to search. Letters always type here; "
    "commands are on ctrl and function keys. Press f1 for all keys."
)


class MainScreen(AskingScreen):
    """Question box, results list, reading pane, notes pane and a status line."""

    # Every command is on a modifier or function key, as in harlequin and
    # posting: a printable key is always text, the start of the next question
    # when a pane has focus (see ``on_key``); the panes move with the arrows.
    # Keys the question box uses itself (ctrl+a/e/k/u/w/d/x/v/z) are left to it.
    BINDINGS: ClassVar[list[BindingType]] = [
        # The footer shows what fits in 80 columns; f1 lists every key.
        Binding("f2,escape", "focus_question", "Ask", key_display="f2", show=False),
        Binding("ctrl+o", "reader", "Read"),
        Binding("ctrl+c", "copy('chicago')", "Cite"),
        Binding("ctrl+b", "copy('bibtex')", "BibTeX", show=False),
        Binding("ctrl+f", "papers", "Papers"),
        Binding("ctrl+l", "works", "Works", show=False),
        Binding("ctrl+s", "cycle_mode", "Mode"),
        Binding("ctrl+r", "toggle_rerank", "Rerank"),
    ]

    #: Below 28 rows the question box drops its border (class ``-short``), so
    #: an 80x24 terminal keeps room for the passage.
    VERTICAL_BREAKPOINTS = [(0, "-short"), (28, "-tall")]  # noqa: RUF012 (Textual types it)

    def __init__(self) -> None:
        super().__init__()
        self._notes: dict[str, NoteReferences] = {}
        """Each paper's notes, formatted for the notes pane (by paper id)."""
        self._works: dict[tuple[str, ...], list[Any]] = {}
        """The works cited by the papers of each filter, merged."""
        self.terms: tuple[str, ...] = ()

    def compose(self) -> ComposeResult:
        yield Static(Text(f"posenqa · opening {self.app.paper}…"), id="title-bar")  # type: ignore[attr-defined]
        yield QuestionBox(id="question")
        with Horizontal(id="panes"):
            with Vertical(id="left"):
                yield Verdict(id="verdict")
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
        self.readiness = f"opening {self.app.paper}…"  # type: ignore[attr-defined]
        self._show_status()
        self.open_engine()

    # -- display hooks of AskingScreen ------------------------------------------

    def say(self, text: str, *, error: bool = False) -> None:
        self.query_one(StatusLine).say(text, error=error)

    def show_library(self, shelf: Shelf) -> None:
        self.query_one("#title-bar", Static).update(title_line(shelf))
        if len(shelf.papers) > 1:
            box = self.query_one(QuestionBox)
            box.placeholder = "Ask a question of the papers searched, then press enter"
            if self.answer is None:
                self.query_one(ReadingPane).show_message(LIBRARY_WELCOME)
        self.refresh_bindings()

    def show_failure(self, text: str) -> None:
        self.query_one(ReadingPane).show_message(Text(text, style="bold"))

    def remember(self, question: str) -> None:
        self.query_one(QuestionBox).remember(question)

    # -- showing answers --------------------------------------------------------

    def on_answered(self, message: Answered) -> None:
        answer = message.answer
        if self.latest and not same_question(answer.question, self.latest):
            return  # an older question's answer, overtaken by a newer one
        # A reader who moved down the list stays on that passage when it is
        # reordered; one still on the top result sees the new top.
        listed = self.query_one(ResultsList)
        previous = listed.current if message.reranked and listed.highlighted else None
        self.answer = answer
        self.terms = query_terms(answer.question)
        self.query_one(Verdict).show(answer)
        results = self.query_one(ResultsList)
        shelf = self.engine
        several = shelf is not None and len(shelf.papers) > 1
        results.show_hits(answer.hits, message.papers, name_papers=several)
        if previous is not None:
            results.highlight_passage(previous.passage.id)
        # A new list highlighted on the same row sends no highlight event: show it here.
        self.show_current()
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
        typing = isinstance(self.focused, QuestionBox) and not same_question(
            box.value, answer.question
        )
        if not message.reranked and not typing and self.focused in (None, box):
            results.focus()

    # -- user input -------------------------------------------------------------

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.ask(event.value)

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option_list.id == "results":
            self.show_current()

    def show_current(self) -> None:
        """Show the highlighted result in the reading pane and its notes in the notes pane."""
        results = self.query_one(ResultsList)
        hit, paper = results.current, results.current_paper
        if hit is None:
            return
        style = self.app.marker_style  # type: ignore[attr-defined]
        named = paper if results.name_papers else None
        self.query_one(ReadingPane).show_hit(hit, self.terms, style, paper=named)
        notes, shown = self.query_one(NotesPane), self.notes_of(paper)
        if shown is None:
            return
        footnote = note_of(shown.document, hit)
        if footnote is not None:
            number = footnote.number
            notes.show_note_result(
                footnote, shown.formatted(number), shown.citations(number), style
            )
            return
        references = {n.number: shown.formatted(n.number) for n in hit.footnotes}
        notes.show_notes(hit.footnotes, references, style)

    def notes_of(self, paper: Any | None) -> NoteReferences | None:
        """``paper``'s notes for display (its references resolved within that paper)."""
        if paper is None or self.engine is None:
            return None
        if paper.id not in self._notes:
            refs = self.app.refs  # type: ignore[attr-defined]
            try:
                note_refs = self.engine.note_refs(refs, paper.id)
            except Exception:  # resolved in the search worker, which said why it failed
                note_refs = {}
            self._notes[paper.id] = NoteReferences(refs, self.engine.document(paper.id), note_refs)
        return self._notes[paper.id]

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option_list.id in ("results", "notes"):
            self.action_reader()

    # -- actions ------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "copy" and parameters == ("chicago",) and isinstance(self.focused, Input):
            return False  # ctrl+c in the box copies the box's selected text
        if action in ANSWER_ACTIONS and (self.answer is None or not self.answer.hits):
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
        if not event.is_printable:
            return
        box = self.query_one(QuestionBox)
        if self.focused is box:
            # The box takes every printable key it is sent, so this one was sent to a
            # pane: typed in the same burst as the key that moved the focus here (a fast
            # typist, a terminal's paste), before the focus had moved. It goes on the
            # question, not lost.
            event.stop()
            event.prevent_default()
            box.insert_text_at_cursor(event.character or "")
            return
        if isinstance(self.focused, Input):
            return
        event.stop()
        event.prevent_default()
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

    def _opened(self) -> Shelf | None:
        """The library searched, or None (said: a library of thousands opens for seconds,
        and a key that did nothing meanwhile looked broken)."""
        if self.engine is None:
            where = self.app.paper  # type: ignore[attr-defined]
            # A file's name: never markup, never a terminal's escape.
            text = terminal_safe(f"Still opening {where}: a moment")
            self.notify(text, severity="warning", markup=False)
        return self.engine

    def action_papers(self) -> None:
        """Choose the papers to search (all, one or several) in a picker."""
        shelf = self._opened()
        if shelf is None:
            return

        def chosen(paper_ids: tuple[str, ...] | None) -> None:
            if paper_ids is not None:
                self.apply_filter(paper_ids)

        self.app.push_screen(PapersScreen(tuple(shelf.papers.values()), shelf.selection), chosen)

    def action_works(self) -> None:
        """The works cited by the papers searched, the same work listed once (gathered in a
        worker the first time: seconds for a few papers)."""
        shelf = self._opened()
        if shelf is None:
            return
        if shelf.selection in self._works:
            self._show_works(shelf)
            return
        self.say("gathering the works cited…")
        self.gather_works(shelf)

    def on_works_gathered(self, message: WorksGathered) -> None:
        self._works[message.selection] = message.works
        self._show_status()
        shelf = self.engine
        # Not if the filter changed meanwhile, or another screen is open now.
        if shelf is not None and shelf.selection == message.selection and self.is_current:
            self._show_works(shelf)

    def _show_works(self, shelf: Shelf) -> None:
        self.app.push_screen(
            WorksScreen(
                self._works[shelf.selection],
                notes_of=self.notes_of,
                refs=self.app.refs,  # type: ignore[attr-defined]
                name_papers=len(shelf.papers) > 1,
                marker_style=self.app.marker_style,  # type: ignore[attr-defined]
            )
        )

    def action_reader(self) -> None:
        results = self.query_one(ResultsList)
        paper = results.current_paper
        hit, shown = results.current, self.notes_of(paper)
        if hit is None or shown is None:
            return
        notes = self.query_one(NotesPane)
        selected = notes.current.number if self.focused is notes and notes.current else None
        target = reader_target(shown.document, hit, selected)
        self.app.push_screen(
            ReaderScreen(
                shown.document,
                refs=self.app.refs,  # type: ignore[attr-defined]
                note_refs=shown.note_refs,
                section=target.section,
                block_id=target.block_id,
                note=target.note,
                terms=self.terms,
                marker_style=self.app.marker_style,  # type: ignore[attr-defined]
                paper=paper_line(paper) if results.name_papers and paper is not None else "",
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
        results = self.query_one(ResultsList)
        hit, shown = results.current, self.notes_of(results.current_paper)
        if hit is None or shown is None:
            return None
        refs = self.app.refs  # type: ignore[attr-defined]
        notes = self.query_one(NotesPane)
        if self.focused is notes and notes.current is not None:
            return note_citation(refs, notes.current, shown.note_refs, style)
        footnote = note_of(shown.document, hit)
        if footnote is not None:
            return note_citation(refs, footnote, shown.note_refs, style)
        return passage_citation(refs, shown.document, hit.passage.page, style)


def title_line(shelf: Shelf) -> Text:
    """The title bar: the paper when the library holds one, else the papers searched."""
    title = Text(" posenqa · ", style="bold")
    if len(shelf.papers) == 1:
        paper = next(iter(shelf.papers.values()))
        document = shelf.document(paper.id)
        author = f"{document.author} ({document.year})" if document.year else document.author
        title.append(terminal_safe(f"{author}, {document.title}"))
        return title
    title.append("searching ")
    title.append(terminal_safe(shelf.describe()), style="bold" if shelf.selection else "")
    title.append("  (^f changes)", style="dim")
    return title


__all__ = ["MODES", "MainScreen", "title_line"]
