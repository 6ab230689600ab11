"""The notes pane: the full text of each note the selected passage cites, and its references."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rich.text import Text
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from posenqa.tui.render import MarkerStyle, note_prompt


class NotesPane(OptionList):
    """Notes of the highlighted passage; the highlighted note is what ctrl+c copies here."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.notes: tuple[Any, ...] = ()

    def show_notes(
        self,
        notes: Sequence[Any],
        references: dict[int, tuple[str, ...]],
        marker_style: MarkerStyle = "superscript",
    ) -> None:
        """Show ``notes`` (Footnote objects) with each one's formatted references."""
        self.notes = tuple(notes)
        options: list[Option | None] = []
        for note in self.notes:
            prompt = note_prompt(note, references.get(note.number, ()), marker_style)
            # None draws a divider line between notes; it is not an option.
            options.extend((Option(prompt, id=f"note-{note.number}"), None))
        if not options:
            empty = Text("This passage cites no notes.", style="italic dim")
            options = [Option(empty, disabled=True)]
        self.set_options(options[:-1] if self.notes else options)
        self.highlighted = 0 if self.notes else None
        self.border_title = "Notes"
        self.border_subtitle = f"{len(self.notes)} cited" if self.notes else "none cited"

    def show_note_result(
        self,
        note: Any,
        references: tuple[str, ...],
        citations: Sequence[Any],
        marker_style: MarkerStyle = "superscript",
    ) -> None:
        """The result is itself a note: show its works in full and where the paper cites it."""
        self.notes = (note,)
        prompt = note_prompt(note, references, marker_style, citations)
        if not references:
            prompt.append("\n  (this note cites no work)", style="italic dim")
        self.set_options([Option(prompt, id=f"note-{note.number}")])
        self.highlighted = 0
        self.border_title = f"Note {note.number}: its references"
        self.border_subtitle = "^c / ^b copies them"

    @property
    def current(self) -> Any | None:
        """The highlighted note, or None."""
        if self.highlighted is None or not 0 <= self.highlighted < len(self.notes):
            return None
        return self.notes[self.highlighted]


__all__ = ["NotesPane"]
