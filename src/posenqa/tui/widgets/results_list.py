"""The results list: one entry per hit, with rank, relevance bar, place and opening words."""

from __future__ import annotations

from typing import Any, ClassVar

from textual.binding import Binding, BindingType
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from posenqa.tui.render import bar_fractions, hit_prompt


class ResultsList(OptionList):
    """The ranked passages of the current answer; highlighting one shows it in the reading pane."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
    ]

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.hits: tuple[Any, ...] = ()

    def show_hits(self, hits: tuple[Any, ...]) -> None:
        """Replace the entries with ``hits`` and highlight the first one."""
        self.hits = tuple(hits)
        self._render_hits()
        self.highlighted = 0 if self.hits else None

    def _render_hits(self) -> None:
        fractions, absolute = bar_fractions(self.hits)
        # Room for one line inside the border and the option padding.
        width = self.scrollable_content_region.width or 36
        self.set_options(
            Option(hit_prompt(h, f, width, f if absolute else None), id=f"hit-{i}")
            for i, (h, f) in enumerate(zip(self.hits, fractions, strict=True))
        )
        self.border_subtitle = "bar: relevance" if absolute else "bar: best to weakest"

    def on_resize(self) -> None:
        # The opening words are cut to the width: cut them again when it changes.
        if self.hits:
            highlighted = self.highlighted
            self._render_hits()
            self.highlighted = highlighted

    def highlight_passage(self, passage_id: str) -> None:
        """Highlight the hit of passage ``passage_id`` if it is listed."""
        for i, hit in enumerate(self.hits):
            if hit.passage.id == passage_id:
                self.highlighted = i
                return

    @property
    def current(self) -> Any | None:
        """The highlighted hit, or None."""
        if self.highlighted is None or not 0 <= self.highlighted < len(self.hits):
            return None
        return self.hits[self.highlighted]


__all__ = ["ResultsList"]
