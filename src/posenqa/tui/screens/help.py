"""The help screen: every key, grouped by where it works."""

from __future__ import annotations

from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

#: (where, key, what) rows; the single source for the help text.
KEYS: tuple[tuple[str, str, str], ...] = (
    ("Main", "enter", "ask the question in the box"),
    ("Main", "↑ ↓ in the box", "earlier / later questions"),
    ("Main", "/", "back to the question box"),
    ("Main", "↑ ↓  j k", "move through results or notes; scroll the passage"),
    ("Main", "tab  shift+tab", "next / previous pane"),
    ("Main", "m", "switch search mode: hybrid → bm25 → dense"),
    ("Main", "r  (enter on a result)", "read the passage in its section"),
    ("Main", "w", "works cited"),
    ("Main", "c", "copy a Chicago citation: the selected note's works, or the passage's page"),
    ("Main", "b  C", "copy the same as BibTeX"),
    ("Reader", "n  p", "next / previous note marker"),
    ("Reader", "enter  f", "follow the marker to its note"),
    ("Reader", "backspace  u", "back from the note to the marker"),
    ("Reader", "tab", "between contents and text; enter on a section opens it"),
    ("Reader", "c  b", "copy the citation of the current note or page"),
    ("Works", "type", "filter the works; ↓ or tab moves to the list"),
    ("Works", "c  b", "copy the selected work as Chicago / BibTeX"),
    ("Works", "enter", "read where the selected work is cited"),
    ("Anywhere", "t", "light / dark theme"),
    ("Anywhere", "? or f1", "this help"),
    ("Anywhere", "escape", "close a screen"),
    ("Anywhere", "q  ctrl+q", "quit (q types a q inside a text box)"),
)


def help_table() -> Table:
    """The key table shown on the help screen."""
    table = Table(box=None, show_header=True, header_style="bold", expand=True, padding=(0, 1))
    table.add_column("where", style="dim", no_wrap=True)
    table.add_column("key", style="bold", no_wrap=True)
    table.add_column("does", ratio=1)
    previous = ""
    for where, key, what in KEYS:
        table.add_row(where if where != previous else "", key, what)
        previous = where
    return table


class HelpScreen(ModalScreen[None]):
    """A modal list of the keys; any of escape, q or ? closes it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark,f1", "dismiss", "Close", show=True),
        Binding("j,down", "scroll('down')", "Down", show=False),
        Binding("k,up", "scroll('up')", "Up", show=False),
    ]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-box") as box:
            box.border_title = "Keys"
            yield Static(Text("posenqa answers from the paper only; nothing is generated."))
            yield Static(help_table())

    def action_scroll(self, direction: str) -> None:
        box = self.query_one("#help-box", VerticalScroll)
        if direction == "down":
            box.scroll_down(animate=False)
        else:
            box.scroll_up(animate=False)


__all__ = ["KEYS", "HelpScreen", "help_table"]
