"""Works cited: every work the notes cite, filterable as you type, with where each is cited."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import Footer, Input, OptionList, Static
from textual.widgets.option_list import Option

from posenqa.textsafe import terminal_safe
from posenqa.tui.cite import STYLE_NAMES, Citation, copied_notice
from posenqa.tui.render import MarkerStyle
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


def work_matches(needle: str, haystack: str) -> bool:
    """Every word of the filter appears somewhere in the work's text (case-insensitive)."""
    haystack = haystack.lower()
    return all(word in haystack for word in needle.lower().split())


class WorksScreen(Screen[None]):
    """The list of works cited, narrowed by the filter box."""

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
        document: Any,
        works: Sequence[Any],
        *,
        refs: Any,
        note_refs: Mapping[int, Sequence[Any]],
        marker_style: MarkerStyle = "superscript",
    ) -> None:
        super().__init__()
        self.document = document
        self.works = tuple(works)
        self.refs = refs
        self.note_refs = note_refs
        self.marker_style: MarkerStyle = marker_style
        # Formatting every work once up front keeps filtering instant.
        self.labels = tuple(
            terminal_safe(refs.format_reference(w.reference, "chicago")) for w in works
        )
        self.shown: tuple[int, ...] = ()

    def compose(self) -> ComposeResult:
        yield Input(placeholder="Filter works: author, title, year…", id="works-filter")
        yield OptionList(id="works-list")
        yield Static(id="works-status")
        yield Footer()

    def on_mount(self) -> None:
        self.apply_filter("")
        self.query_one("#works-filter", Input).focus()

    def apply_filter(self, needle: str) -> None:
        """Show the works matching ``needle`` and count them in the status line."""
        self.shown = tuple(
            i
            for i, (work, label) in enumerate(zip(self.works, self.labels, strict=True))
            if work_matches(needle, f"{label} {work.key} {cited_in_line(work)}")
        )
        options: list[Option | None] = []
        for i in self.shown:
            prompt = Text(self.labels[i])
            prompt.append("\n  cited in " + cited_in_line(self.works[i]), style="dim")
            options.extend((Option(prompt, id=f"work-{i}"), None))
        options = options[:-1]
        works_list = self.query_one("#works-list", OptionList)
        works_list.set_options(options)
        works_list.highlighted = 0 if options else None
        self.query_one("#works-status", Static).update(
            Text(f"{len(self.shown)} of {len(self.works)} works · enter reads where it is cited")
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
            f"{STYLE_NAMES.get(style, style)} reference of {work.key}",
        )
        self.app.copy_to_clipboard(citation.text)
        self.notify(copied_notice(citation), title="Clipboard", markup=False)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        work = self.current
        if work is None or not work.cited_in:
            return
        first = work.cited_in[0]
        footnote = self.document.footnote(first.note)
        block_id = footnote.cited_by[0] if footnote is not None and footnote.cited_by else None
        block_id = getattr(first, "block", None) or block_id  # cited in the body text itself
        block = self.document.block(block_id) if block_id else None
        section = block.section if block is not None else first.section
        self.app.push_screen(
            ReaderScreen(
                self.document,
                refs=self.refs,
                note_refs=self.note_refs,
                section=section,
                block_id=block_id,
                note=first.note,
                marker_style=self.marker_style,
            )
        )


__all__ = ["WorksScreen", "cited_in_line", "work_matches"]
