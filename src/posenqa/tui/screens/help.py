"""The help screen: every key, grouped by where it works, and what the scores mean."""

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
    ("Main", "type", "letters always go to the question box, even from the results or notes"),
    ("Main", "enter", "ask the question in the box"),
    ("Main", "↑ ↓ in the box", "earlier / later questions"),
    ("Main", "f2  escape  /", "back to the question box"),
    ("Main", "↑ ↓", "move through results or notes; scroll the passage"),
    ("Main", "tab  shift+tab", "next / previous pane"),
    ("Main", "ctrl+s", "switch search mode: hybrid → bm25 → dense"),
    ("Main", "ctrl+r", "reranking on / off (reorders the results when the reranker is there)"),
    (
        "Main",
        "ctrl+f",
        "choose the papers to search: all, one or several (the title bar says which)",
    ),
    ("Main", "ctrl+o  (enter on a result)", "read the passage in its section of its paper"),
    ("Main", "ctrl+l", "list the works the papers searched cite, each work once"),
    (
        "Main",
        "ctrl+c",
        "copy a Chicago citation: the selected note's works, a note result's works, "
        "or the passage's page",
    ),
    ("Main", "ctrl+b", "copy the same as BibTeX"),
    ("Reader", "n  p", "next / previous note marker"),
    ("Reader", "enter  f", "follow the marker to its note"),
    ("Reader", "backspace  u", "back from the note to the marker"),
    ("Reader", "tab", "between contents and text; enter on a section opens it"),
    ("Reader", "c  b", "copy the citation of the note being read, or of the page on screen"),
    ("Reader", "escape  q", "back to the results"),
    ("Papers", "type", "narrow the list: words of a name, author, title or year; ↓ to the list"),
    ("Papers", "space  enter", "tick a paper; search the ticked ones shown (none ticked: all)"),
    ("Papers", "o  a  n", "only the highlighted paper; all papers; untick those shown"),
    ("Papers", "/", "back to the filter from the list"),
    ("Works", "type", "filter the works; ↓ or tab moves to the list"),
    ("Works", "c  b", "copy the selected work as Chicago / BibTeX"),
    ("Works", "enter", "read where the selected work is cited"),
    ("Anywhere", "ctrl+t", "light / dark theme"),
    ("Anywhere", "f1", "this help"),
    ("Anywhere", "escape", "close a screen"),
    ("Anywhere", "ctrl+q", "quit (no letter key ever quits)"),
)

#: What the numbers on the main screen mean, in a reader's words.
SCORES_HELP = (
    "The number beside each result, and the bar, is the estimated chance that the passage "
    "answers the question, when the reranker has read the passages: 0% to 100%, comparable "
    "between questions, modes and papers. The line above the results repeats it for the best "
    "passage. Before the reranker has read them (or with reranking off) the bar only compares "
    "the results of this list (longest: best match, shortest: weakest) and no number is "
    "shown, because raw search scores mean nothing on their own.\n\n"
    '"Not in the paper" is decided separately: a judge weighs the best passage\'s score with '
    "what the question asks for (a date, an amount, a name; a time after the paper) into a "
    "confidence that the paper answers at all. Below a threshold chosen on the gold question "
    "set, posenqa says so, with that confidence, the threshold and its reasons, and still "
    "lists the nearest passages. Either way it is a signal, not a guarantee: check the passage."
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
    """A modal list of the keys and what the scores mean; escape, q, ? or f1 closes it."""

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
            yield Static(Text("Scores", style="bold"), classes="help-heading")
            yield Static(Text(SCORES_HELP))

    def action_scroll(self, direction: str) -> None:
        box = self.query_one("#help-box", VerticalScroll)
        if direction == "down":
            box.scroll_down(animate=False)
        else:
            box.scroll_up(animate=False)


__all__ = ["KEYS", "SCORES_HELP", "HelpScreen", "help_table"]
