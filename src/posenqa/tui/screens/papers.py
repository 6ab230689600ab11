"""The paper filter: tick the papers of the library to search (all, one or several), the
list narrowed by typing.

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
from textual.widgets import Footer, Input, SelectionList, Static
from textual.widgets.selection_list import Selection

from posenqa.library.registry import search_text
from posenqa.textsafe import terminal_safe
from posenqa.tui.render import paper_line
from posenqa.tui.screens.works import work_matches


def paper_label(paper: Any) -> Text:
    """``Posen 2001 · Finance and Changing US-Japan Relations`` then, dim, its index name and
    size (one line: a checklist shows one line of each entry)."""
    label = Text(terminal_safe(paper_line(paper)))
    label.stylize("bold", 0, len(terminal_safe(paper.short)))
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
    """A checklist of the library's papers, narrowed as you type; enter searches the ticked
    papers shown.

    A library of a thousand papers does not fit a screen: typing a part of a paper's
    name, author, title or year narrows the list (every word must match, any case), and
    enter then searches the ticked papers the list shows (typing ``kemp`` and enter
    searches Kemp's paper alone). Ticks are kept while the filter changes.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        # Enter applies (a list would toggle with it); space ticks, as in any checklist.
        Binding("enter", "apply", "Search these", priority=True),
        Binding("down", "focus_list", "List", show=False),
        Binding("slash", "focus_filter", "Filter", key_display="/"),
        Binding("o", "only", "Only this"),
        Binding("a", "all", "All"),
        Binding("n", "none", "None shown", show=False),
        Binding("escape,ctrl+f", "cancel", "Cancel"),
    ]

    def __init__(self, papers: Sequence[Any], selection: Sequence[str]) -> None:
        super().__init__()
        self.papers = tuple(papers)
        self.selection = tuple(selection)
        chosen = set(self.selection)
        self._ticked = {p.id for p in self.papers if not chosen or p.id in chosen}
        """The ids of the papers ticked, shown or not (the list holds those shown)."""
        # Made once: filtering a thousand papers on each key must not format them again.
        self._labels = {p.id: paper_label(p) for p in self.papers}
        self._texts = {p.id: terminal_safe(search_text(p)) for p in self.papers}
        self.needle = ""
        self.shown: tuple[str, ...] = tuple(p.id for p in self.papers)

    def compose(self) -> ComposeResult:
        with Vertical(id="papers-box") as box:
            box.border_title = "Papers to search"
            yield Input(placeholder="Filter papers: name, author, title, year…", id="papers-filter")
            yield SelectionList[str](id="papers-list")
            yield Static(id="papers-status")
        yield Footer(show_command_palette=False)

    def on_mount(self) -> None:
        self._show()
        self.query_one(Input).focus()

    # -- the filter ----------------------------------------------------------------

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self._sync()
        self.needle = event.value
        self.shown = tuple(
            p.id for p in self.papers if work_matches(self.needle, self._texts[p.id])
        )
        self._show()

    def _show(self) -> None:
        """The papers shown, ticked as they were, the first highlighted; the count below."""
        listing = self.query_one(SelectionList)
        listing.clear_options()
        listing.add_options([Selection(self._labels[i], i, i in self._ticked) for i in self.shown])
        listing.highlighted = 0 if self.shown else None
        self._count()

    def _sync(self) -> None:
        """Take the ticks of the papers shown from the list (space changed them there)."""
        listing = self.query_one(SelectionList)
        self._ticked = (self._ticked - set(self.shown)) | set(listing.selected)

    def _count(self) -> None:
        ticked = len(self._ticked & set(self.shown))
        filtered = bool(self.needle.split())
        shown = (
            f"{len(self.shown)} of {len(self.papers)} papers shown"
            if filtered
            else (f"{len(self.papers)} papers")
        )
        what = "the ticked papers shown" if filtered else "the ticked ones (none: all)"
        self.query_one("#papers-status", Static).update(
            Text(f"{shown}, {ticked} ticked · space ticks · enter searches {what}")
        )

    def on_selection_list_selected_changed(self, event: SelectionList.SelectedChanged) -> None:
        event.stop()
        self._sync()
        self._count()

    # -- what is searched ------------------------------------------------------------

    @property
    def ticked(self) -> tuple[str, ...]:
        """The ids of the papers ticked and shown, in library order."""
        self._sync()
        shown = set(self.shown)
        return tuple(p.id for p in self.papers if p.id in self._ticked and p.id in shown)

    def action_apply(self) -> None:
        ticked = self.ticked
        if not ticked and self.needle.split():
            what = "No paper shown is ticked" if self.shown else "No paper matches the filter"
            self.notify(what, severity="warning")
            return
        self.dismiss(ticked)

    def action_only(self) -> None:
        """Search the highlighted paper alone."""
        listing = self.query_one(SelectionList)
        if listing.highlighted is not None and self.shown:
            self.dismiss((self.shown[listing.highlighted],))

    def action_all(self) -> None:
        self.dismiss(())

    def action_none(self) -> None:
        """Untick the papers shown (then tick the few to search)."""
        self.query_one(SelectionList).deselect_all()

    def action_focus_list(self) -> None:
        self.query_one(SelectionList).focus()

    def action_focus_filter(self) -> None:
        self.query_one(Input).focus()

    def action_cancel(self) -> None:
        self.dismiss(None)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Letters type in the filter: the list's letter commands are shown (and work) in
        # the list only; down leaves the filter for the list, and in the list moves in it.
        typing = isinstance(self.focused, Input)
        if action in ("only", "all", "none", "focus_filter"):
            return not typing
        return typing if action == "focus_list" else True


__all__ = ["PapersScreen", "paper_label"]
