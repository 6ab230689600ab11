"""The reader: a whole section of the paper, a table of contents, and note markers to follow.

A marker cursor walks the section's note markers (``n``/``p``); following one
(``enter``/``f``) scrolls to the note's full text at the foot of the section,
and ``backspace``/``u`` returns to the marker.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Static, Tree

from posenqa.document import FRONT_MATTER
from posenqa.textsafe import terminal_safe
from posenqa.tui.cite import (
    Citation,
    copied_notice,
    formatted_references,
    note_citation,
    passage_citation,
)
from posenqa.tui.render import MarkerStyle, note_prompt, passage_text
from posenqa.tui.widgets.toc import TableOfContents, section_name


@dataclass(frozen=True, slots=True)
class MarkerPosition:
    """One note marker in the open section: its block, its index there, its note."""

    block_id: str
    index: int
    number: int


def section_blocks(document: Any, label: str) -> tuple[Any, ...]:
    """The blocks of section ``label`` in reading order (front matter has its own list)."""
    if label == FRONT_MATTER:
        return tuple(document.front_matter)
    return tuple(b for b in document.blocks if b.section == label)


def section_markers(blocks: Sequence[Any]) -> tuple[MarkerPosition, ...]:
    """Every note marker of ``blocks``, in reading order."""
    return tuple(
        MarkerPosition(b.id, i, m.number)
        for b in blocks
        for i, m in sorted(enumerate(b.notes), key=lambda im: (im[1].offset, im[0]))
    )


class ReaderScreen(Screen[None]):
    """Read a section in full; browse others from the contents."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Back"),
        Binding("n", "marker(1)", "Next note"),
        Binding("p", "marker(-1)", "Prev note"),
        Binding("f,enter", "follow", "Follow", key_display="enter"),
        Binding("u,backspace", "unfollow", "Return", key_display="u"),
        Binding("c,ctrl+c", "copy('chicago')", "Cite", key_display="c"),
        Binding("b,C,ctrl+b", "copy('bibtex')", "BibTeX", key_display="b"),
        Binding("j", "scroll(1)", "Down", show=False),
        Binding("k", "scroll(-1)", "Up", show=False),
        Binding("q", "close", "Back", show=False),
    ]

    #: Under 100 columns the contents get narrower (class ``-narrow``).
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]  # noqa: RUF012 (Textual types it)

    def __init__(
        self,
        document: Any,
        *,
        refs: Any,
        note_refs: Mapping[int, Sequence[Any]],
        section: str,
        block_id: str | None = None,
        note: int | None = None,
        terms: tuple[str, ...] = (),
        marker_style: MarkerStyle = "superscript",
        paper: str = "",
    ) -> None:
        """``paper`` names the paper in the reader's title (when the library holds several)."""
        super().__init__()
        self.document = document
        self.paper = paper
        self.refs = refs
        self.note_refs = note_refs
        self.section = section
        self.start_block = block_id
        self.start_note = note
        self.terms = terms
        self.marker_style: MarkerStyle = marker_style
        self.blocks: tuple[Any, ...] = ()
        self.markers: tuple[MarkerPosition, ...] = ()
        self.cursor: int | None = None
        self.following: int | None = None

    def compose(self) -> ComposeResult:
        with Horizontal(id="reader"):
            yield TableOfContents(self.document, id="toc")
            yield VerticalScroll(id="reader-body")
        yield Static(id="reader-status")
        yield Footer(show_command_palette=False)

    async def on_mount(self) -> None:
        self.query_one("#toc").border_title = "Contents"
        title = f"Reader · {self.paper}" if self.paper else "Reader"
        self.query_one("#reader-body").border_title = Text(terminal_safe(title))
        await self.load_section(self.section, block_id=self.start_block, note=self.start_note)
        self.query_one("#reader-body").focus()

    # -- building the section ------------------------------------------------

    async def load_section(
        self, label: str, *, block_id: str | None = None, note: int | None = None
    ) -> None:
        """Show section ``label``, scrolled to ``block_id``; follow ``note`` if given."""
        self.section = label
        self.blocks = section_blocks(self.document, label)
        self.markers = section_markers(self.blocks)
        self.following = None
        self.cursor = self._first_marker(block_id, note)
        body = self.query_one("#reader-body", VerticalScroll)
        await body.remove_children()
        await body.mount_all(self._section_widgets(label))
        self.query_one(TableOfContents).select_label(label)
        target = f"#blk-{block_id}" if block_id else None
        self.call_after_refresh(self._reveal, target)
        if note is not None:
            self.call_after_refresh(self._follow, note)
        self._say()

    def _first_marker(self, block_id: str | None, note: int | None) -> int | None:
        if not self.markers:
            return None
        for i, m in enumerate(self.markers):
            if (note is None or m.number == note) and (block_id is None or m.block_id == block_id):
                return i
        for i, m in enumerate(self.markers):
            if m.block_id == block_id or m.number == note:
                return i
        return 0

    def _section_widgets(self, label: str) -> list[Static]:
        section = self.document.section(label)
        title = section_name(label, section.title if section else "")
        page = f"  p. {section.page}" if section and section.page is not None else ""
        widgets = [Static(Text(title + page, style="bold"), classes="reader-heading")]
        for block in self.blocks:
            widgets.append(
                Static(
                    self._block_text(block),
                    id=f"blk-{block.id}",
                    classes=f"reader-block -{block.kind}",
                )
            )
        numbers = list(dict.fromkeys(m.number for m in self.markers))
        if numbers:
            widgets.append(Static(Text("Notes", style="bold"), classes="reader-heading"))
        for number in numbers:
            footnote = self.document.footnote(number)
            if footnote is None:
                continue
            references = formatted_references(self.refs, self.note_refs, number)
            widgets.append(
                Static(
                    note_prompt(footnote, references, self.marker_style),
                    id=f"note-{number}",
                    classes="reader-note",
                )
            )
        if not self.blocks:
            widgets.append(Static(Text("(this section has no text)", style="italic dim")))
        return widgets

    def _block_text(self, block: Any) -> Text:
        current = None
        if self.cursor is not None:
            position = self.markers[self.cursor]
            if position.block_id == block.id:
                current = position.index
        return passage_text(
            block.text,
            block.notes,
            terms=self.terms,
            marker_style=self.marker_style,
            current_marker=current,
        )

    def _refresh_block(self, block_id: str) -> None:
        block = self.document.block(block_id)
        if block is not None:
            self.query_one(f"#blk-{block_id}", Static).update(self._block_text(block))

    def _reveal(self, selector: str | None, tries: int = 5) -> None:
        body = self.query_one("#reader-body", VerticalScroll)
        if selector is None:
            body.scroll_home(animate=False)
            return
        widgets = self.query(selector)
        if not widgets:
            return
        widget = widgets.first()
        if widget.size.height == 0 and tries:
            # Just mounted and not laid out yet: its place is unknown until then.
            self.call_after_refresh(self._reveal, selector, tries - 1)
            return
        body.scroll_to_widget(widget, animate=False, top=True)

    def _say(self) -> None:
        status = self.query_one("#reader-status", Static)
        if self.following is not None:
            status.update(Text(f"Note {self.following} · u returns to its marker"))
        elif self.cursor is not None:
            position = self.markers[self.cursor]
            status.update(
                Text(
                    f"Marker {self.cursor + 1} of {len(self.markers)}: note {position.number}"
                    " · enter follows it, n/p move"
                )
            )
        else:
            status.update(Text("No note markers in this section"))

    # -- actions ---------------------------------------------------------------

    def action_close(self) -> None:
        self.dismiss(None)

    def action_scroll(self, lines: int) -> None:
        body = self.query_one("#reader-body", VerticalScroll)
        body.scroll_relative(y=lines, animate=False)

    def action_marker(self, step: int) -> None:
        if not self.markers:
            self._say()
            return
        previous = self.markers[self.cursor].block_id if self.cursor is not None else None
        self.cursor = 0 if self.cursor is None else (self.cursor + step) % len(self.markers)
        self.following = None
        current = self.markers[self.cursor].block_id
        for block_id in {previous, current} - {None}:
            self._refresh_block(block_id)  # type: ignore[arg-type]
        self._reveal(f"#blk-{current}")
        self._say()

    def action_follow(self) -> None:
        if self.cursor is None:
            self._say()
            return
        self._follow(self.markers[self.cursor].number)

    def _follow(self, number: int) -> None:
        self.following = number
        for widget in self.query(".reader-note"):
            widget.set_class(widget.id == f"note-{number}", "-current")
        self._reveal(f"#note-{number}")
        self._say()

    def action_unfollow(self) -> None:
        if self.cursor is None:
            return
        self.following = None
        for widget in self.query(".reader-note"):
            widget.remove_class("-current")
        self._reveal(f"#blk-{self.markers[self.cursor].block_id}")
        self._say()

    def action_copy(self, style: str) -> None:
        citation = self.current_citation(style)
        self.app.copy_to_clipboard(citation.text)
        self.notify(copied_notice(citation), title="Clipboard", markup=False)

    def current_citation(self, style: str) -> Citation:
        """The note being read, else the page of the passage at the top of the reader.

        The page on screen, not the marker cursor's: a reader who scrolled on
        to p. 16 cites p. 16 even when the cursor stayed on a marker of p. 15.
        """
        if self.following is not None:
            footnote = self.document.footnote(self.following)
            if footnote is not None:
                return note_citation(self.refs, footnote, self.note_refs, style)
        block = self.block_on_screen()
        page = block.page if block is not None else None
        return passage_citation(self.refs, self.document, page, style)

    def block_on_screen(self) -> Any | None:
        """The first block whose text shows in the reader (the section's first if none)."""
        body = self.query_one("#reader-body", VerticalScroll)
        top = body.scroll_offset.y
        for block in self.blocks:
            widgets = self.query(f"#blk-{block.id}")
            if not widgets:
                continue
            if widgets.first().virtual_region.bottom > top:  # a line of it shows
                return block
        return self.blocks[0] if self.blocks else None

    async def on_tree_node_selected(self, event: Tree.NodeSelected[str]) -> None:
        event.stop()
        label = event.node.data
        if label is not None and label != self.section:
            await self.load_section(label)
            self.query_one("#reader-body").focus()


__all__ = ["MarkerPosition", "ReaderScreen", "section_blocks", "section_markers"]
