"""Works cited: every work the papers searched cite, filterable as you type, with where each
is cited. A work cited by several papers is listed once, naming each (as ``cite --list``)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import Footer, Input, OptionList, Static
from textual.widgets.option_list import Option

from posenqa.textsafe import terminal_safe
from posenqa.tui.cite import STYLE_NAMES, Citation, copied_notice
from posenqa.tui.render import MarkerStyle, paper_line
from posenqa.tui.screens.reader import ReaderScreen


def cited_in_line(work: Any) -> str:
    """Where a work is cited: "note 3 (p. 4, §2A); note 7 (p. 9)"."""
    places = []
    for citation in work.cited_in:
        details = [f"p. {citation.page}"] if citation.page is not None else []
        if citation.section:
            details.append(f"§{citation.section}")
        where = f"note {citation.note}" if citation.note is not None else "text"  # body text
        places.append(where + (f" ({', '.join(details)})" if details else ""))
    return "; ".join(places) or "not located"


def citing_line(work: Any, *, name_papers: bool) -> str:
    """Where a library work is cited, paper by paper: "Posen 2001: note 3 (p. 4); Kemp …"."""
    return "; ".join(
        (f"{c.paper.short}: " if name_papers else "") + cited_in_line(c.work) for c in work.cited_by
    )


def work_matches(needle: str, haystack: str) -> bool:
    """Every word of the filter appears somewhere in the work's text, case folded as the
    papers' filter folds it (``registry.matching``): "strasse" finds "Straße"."""
    haystack = haystack.casefold()
    return all(word in haystack for word in needle.casefold().split())


class WorksScreen(Screen[None]):
    """The works cited (``posenqa.library.works.LibraryWork``), narrowed by the filter box."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Back"),
        Binding("slash", "focus_filter", "Filter", key_display="/"),
        Binding("down", "focus_list", "List", show=False),
        Binding("c,ctrl+c", "copy('chicago')", "Cite", key_display="c"),
        Binding("b,C,ctrl+b", "copy('bibtex')", "BibTeX", key_display="b"),
        Binding("j", "move(1)", "Down", show=False),
        Binding("k", "move(-1)", "Up", show=False),
        Binding("q", "close", "Back", show=False),
    ]

    def __init__(
        self,
        works: Sequence[Any],
        *,
        notes_of: Callable[[Any], Any],
        refs: Any,
        name_papers: bool = False,
        marker_style: MarkerStyle = "superscript",
    ) -> None:
        """``notes_of(paper)`` gives a paper's document and notes (``NoteReferences``)."""
        super().__init__()
        self.works = tuple(works)
        self.notes_of = notes_of
        self.refs = refs
        self.name_papers = name_papers
        self.marker_style: MarkerStyle = marker_style
        # Formatting every work once up front keeps filtering instant.
        self.labels = tuple(
            terminal_safe(refs.format_reference(w.reference, "chicago")) for w in works
        )
        self.places = tuple(terminal_safe(citing_line(w, name_papers=name_papers)) for w in works)
        self.shown: tuple[int, ...] = ()

    def compose(self) -> ComposeResult:
        yield Input(placeholder="Filter works: author, title, year…", id="works-filter")
        yield OptionList(id="works-list")
        yield Static(id="works-status")
        yield Footer(show_command_palette=False)

    def on_mount(self) -> None:
        self.apply_filter("")
        self.query_one("#works-filter", Input).focus()

    def apply_filter(self, needle: str) -> None:
        """Show the works matching ``needle`` and count them in the status line."""
        self.shown = tuple(
            i
            for i, (work, label) in enumerate(zip(self.works, self.labels, strict=True))
            if work_matches(needle, f"{label} {_key(work)} {self.places[i]}")
        )
        options: list[Option | None] = []
        for i in self.shown:
            prompt = Text(self.labels[i])
            prompt.append("\n  cited in " + self.places[i], style="dim")
            options.extend((Option(prompt, id=f"work-{i}"), None))
        options = options[:-1]
        works_list = self.query_one("#works-list", OptionList)
        works_list.set_options(options)
        works_list.highlighted = 0 if options else None
        status = f"{len(self.shown)} of {len(self.works)} works"
        if self.name_papers:
            shared = sum(1 for w in self.works if len(w.cited_by) > 1)
            status += f" ({shared} cited by more than one paper)"
        self.query_one("#works-status", Static).update(
            Text(status + " · enter reads where it is cited")
        )

    def on_input_changed(self, event: Input.Changed) -> None:
        self.apply_filter(event.value)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.action_focus_list()

    @property
    def current(self) -> Any | None:
        """The highlighted work, or None."""
        highlighted = self.query_one("#works-list", OptionList).highlighted
        if highlighted is None or not 0 <= highlighted < len(self.shown):
            return None
        return self.works[self.shown[highlighted]]

    def action_close(self) -> None:
        self.dismiss(None)

    def action_focus_filter(self) -> None:
        self.query_one("#works-filter", Input).focus()

    def action_focus_list(self) -> None:
        self.query_one("#works-list", OptionList).focus()

    def action_move(self, step: int) -> None:
        works_list = self.query_one("#works-list", OptionList)
        if step > 0:
            works_list.action_cursor_down()
        else:
            works_list.action_cursor_up()

    def action_copy(self, style: str) -> None:
        work = self.current
        if work is None:
            self.notify("No work selected", severity="warning")
            return
        citation = Citation(
            self.refs.format_reference(work.reference, style),
            f"{STYLE_NAMES.get(style, style)} reference of {_key(work)}",
        )
        self.app.copy_to_clipboard(citation.text)
        self.notify(copied_notice(citation), title="Clipboard", markup=False)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        work = self.current
        if work is None:
            return
        # Read it where the first paper citing it (in library order) first cites it.
        citing = work.cited_by[0]
        shown = self.notes_of(citing.paper)
        if shown is None or not citing.work.cited_in:
            return
        document, first = shown.document, citing.work.cited_in[0]
        footnote = document.footnote(first.note)
        block_id = footnote.cited_by[0] if footnote is not None and footnote.cited_by else None
        block_id = getattr(first, "block", None) or block_id  # cited in the body text itself
        block = document.block(block_id) if block_id else None
        section = block.section if block is not None else first.section
        self.app.push_screen(
            ReaderScreen(
                document,
                refs=self.refs,
                note_refs=shown.note_refs,
                section=section,
                block_id=block_id,
                note=first.note,
                marker_style=self.marker_style,
                paper=paper_line(citing.paper) if self.name_papers else "",
            )
        )


def _key(work: Any) -> str:
    """The citation key of a library work (as its first citing paper gives it)."""
    return work.cited_by[0].work.key


__all__ = ["WorksScreen", "cited_in_line", "citing_line", "work_matches"]
