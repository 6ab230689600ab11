"""The question box: an Input that keeps a history of earlier questions."""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.widgets import Input

from posenqa.tui.history import QuestionHistory


class QuestionBox(Input):
    """Type a question, enter asks it; up and down recall earlier questions.

    Letters typed here are text, never commands: Input consumes printable
    keys before bindings of its ancestors are checked, and the screen's
    commands are all on modifier or function keys.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "history_back", "Earlier question", show=False),
        Binding("down", "history_forward", "Later question", show=False),
    ]

    def __init__(self, **kwargs: object) -> None:
        super().__init__(
            placeholder="Ask a question about the paper, then press enter",
            **kwargs,  # type: ignore[arg-type]
        )
        self.history = QuestionHistory()

    def start_question(self, text: str) -> None:
        """Replace the box's text with ``text`` (the first keys of a new question).

        Called just before the box gets focus: that focus must not select the
        text, or the next key typed would replace it.
        """
        self.select_on_focus = False
        self.value = text
        self.cursor_position = len(text)

    def on_focus(self) -> None:
        # This handler runs before Input's own (subclass first): restore the
        # flag only once the whole focus event has been handled.
        self.call_later(self._select_on_focus_again)

    def _select_on_focus_again(self) -> None:
        self.select_on_focus = True

    def remember(self, question: str) -> None:
        """Add an asked question to the history."""
        self.history.add(question)

    def action_history_back(self) -> None:
        self.value = self.history.back(self.value)
        self.cursor_position = len(self.value)

    def action_history_forward(self) -> None:
        self.value = self.history.forward(self.value)
        self.cursor_position = len(self.value)


__all__ = ["QuestionBox"]
