"""The reading pane: the selected passage with the question's terms and best sentence marked."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from posenqa.textsafe import terminal_safe
from posenqa.tui.render import BEST_STYLE, MarkerStyle, paper_line, passage_text, place_label


class ReadingPane(VerticalScroll):
    """A scrollable view of one passage."""

    def compose(self) -> ComposeResult:
        yield Static(id="reading-heading")
        yield Static(id="reading-text")

    def show_hit(
        self,
        hit: Any,
        terms: tuple[str, ...],
        marker_style: MarkerStyle,
        *,
        paper: Any | None = None,
    ) -> None:
        """Show ``hit``'s passage: heading with its place (and ``paper``), then the text."""
        passage = hit.passage
        heading = Text()
        if paper is not None:
            heading.append(terminal_safe(paper_line(paper)) + "\n", style="bold")
        heading.append(terminal_safe(place_label(passage)), style="bold")
        title = getattr(passage, "section_title", "") or ""
        if title and passage.kind != "footnote":
            heading.append("  " + terminal_safe(title), style="italic")
        self.query_one("#reading-heading", Static).update(heading)
        body = passage_text(
            passage.text,
            passage.markers,
            terms=terms,
            best_sentence=hit.best_sentence,
            best_span=getattr(hit, "best_span", None),
            marker_style=marker_style,
        )
        self.query_one("#reading-text", Static).update(body)
        self.scroll_home(animate=False)
        self.border_subtitle = "underlined: best sentence"
        best = next((s.start for s in body.spans if str(s.style) == BEST_STYLE), None)
        if best:
            self.call_after_refresh(self._scroll_to_offset, body, best)

    def _scroll_to_offset(self, body: Text, offset: int) -> None:
        """Scroll so the line holding character ``offset`` of ``body`` is near the top."""
        text_widget = self.query_one("#reading-text", Static)
        width = text_widget.content_region.width
        if width <= 0:
            return
        # Rich wraps by dividing the text, so line lengths add up to offsets.
        lines = body.wrap(self.app.console, width)
        seen = 0
        for number, line in enumerate(lines):
            seen += len(line.plain)
            if seen > offset:
                top = text_widget.virtual_region.y
                self.scroll_to(y=max(top + number - 1, 0), animate=False)
                return

    def show_message(self, message: str | Text) -> None:
        """Show a plain message instead of a passage (welcome, loading, nothing found)."""
        self.query_one("#reading-heading", Static).update("")
        text = message if isinstance(message, Text) else Text(message)
        self.query_one("#reading-text", Static).update(text)
        self.border_subtitle = ""


__all__ = ["ReadingPane"]
