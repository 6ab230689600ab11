"""The paper filter: tick the papers of the library to search (all, one or several).

Dismissed with the ids ticked (none ticked: every paper), or None when cancelled.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer, SelectionList, Static
from textual.widgets.selection_list import Selection

from posenqa.textsafe import terminal_safe


def paper_label(paper: Any) -> Text:
    """``Posen 2001 · Finance and Changing US-Japan Relations`` then, dim, its index name and
    size (one line: a checklist shows one line of each entry)."""
    label = Text(terminal_safe(paper.short), style="bold")
    if paper.title:
        label.append(" · " + terminal_safe(paper.title))
    sizes = [
        f"{n} {what}" + ("s" if n != 1 else "")
        for n, what in (
            (getattr(paper, "pages", 0), "page"),
            (getattr(paper, "notes", 0), "note"),
        )
        if n
    ]
    label.append("  (" + terminal_safe(", ".join([paper.id, *sizes])) + ")", style="dim")
    return label


class PapersScreen(ModalScreen[tuple[str, ...] | None]):
    """A checklist of the library's papers; enter searches the ticked ones."""

    BINDINGS: ClassVar[list[BindingType]] = [
        # Enter applies (a list would toggle with it); space ticks, as in any checklist.
        Binding("enter", "apply", "Search these", priority=True),
        Binding("o", "only", "Only this"),
        Binding("a", "all", "All"),
        Binding("escape,ctrl+f", "cancel", "Cancel"),
    ]

    def __init__(self, papers: Sequence[Any], selection: Sequence[str]) -> None:
        super().__init__()
        self.papers = tuple(papers)
        self.selection = tuple(selection)

    def compose(self) -> ComposeResult:
        chosen = set(self.selection)
        with Vertical(id="papers-box") as box:
            box.border_title = "Papers to search"
            yield SelectionList[str](
                *(
                    Selection(paper_label(p), p.id, not chosen or p.id in chosen)
                    for p in self.papers
                ),
                id="papers-list",
            )
            yield Static(
                Text("space ticks a paper · enter searches the ticked ones (none: all)"),
                id="papers-status",
            )
        yield Footer(show_command_palette=False)

    def on_mount(self) -> None:
        self.query_one(SelectionList).focus()

    @property
    def ticked(self) -> tuple[str, ...]:
        """The ids of the papers ticked, in library order."""
        ticked = set(self.query_one(SelectionList).selected)
        return tuple(p.id for p in self.papers if p.id in ticked)

    def action_apply(self) -> None:
        self.dismiss(self.ticked)

    def action_only(self) -> None:
        """Search the highlighted paper alone."""
        listing = self.query_one(SelectionList)
        if listing.highlighted is not None:
            self.dismiss((self.papers[listing.highlighted].id,))

    def action_all(self) -> None:
        self.dismiss(())

    def action_cancel(self) -> None:
        self.dismiss(None)


__all__ = ["PapersScreen", "paper_label"]
