"""The results list: one entry per hit, with rank, relevance bar, paper, place and opening words."""

from __future__ import annotations

from typing import Any

from textual.widgets import OptionList
from textual.widgets.option_list import Option

from posenqa.tui.render import bar_fractions, hit_prompt


class ResultsList(OptionList):
    """The ranked passages of the current answer; highlighting one shows it in the reading pane."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.hits: tuple[Any, ...] = ()
        self.papers: tuple[Any, ...] = ()
        """The paper of each hit."""
        self.name_papers = False
        """Whether each entry names its paper (the library holds several)."""

    def show_hits(
        self, hits: tuple[Any, ...], papers: tuple[Any, ...] = (), *, name_papers: bool = False
    ) -> None:
        """Replace the entries with ``hits`` (from ``papers``) and highlight the first one."""
        self.hits = tuple(hits)
        self.papers = tuple(papers)
        self.name_papers = name_papers and len(self.papers) == len(self.hits)
        self._render_hits()
        self.highlighted = 0 if self.hits else None

    def _render_hits(self) -> None:
        fractions, absolute = bar_fractions(self.hits)
        # Room for one line inside the border and the option padding.
        width = self.scrollable_content_region.width or 36
        papers = self.papers if self.name_papers else (None,) * len(self.hits)
        self.set_options(
            Option(hit_prompt(h, f, width, f if absolute else None, paper=p), id=f"hit-{i}")
            for i, (h, f, p) in enumerate(zip(self.hits, fractions, papers, strict=True))
        )
        self.border_subtitle = "bar: chance it answers" if absolute else "bar: best to weakest"

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

    @property
    def current_paper(self) -> Any | None:
        """The paper of the highlighted hit, or None."""
        if self.highlighted is None or not 0 <= self.highlighted < len(self.papers):
            return None
        return self.papers[self.highlighted]


__all__ = ["ResultsList"]
