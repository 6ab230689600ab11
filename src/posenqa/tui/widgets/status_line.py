"""The status line: search readiness, the mode asked for and the mode that answered."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from posenqa.textsafe import terminal_safe


class StatusLine(Static):
    """One line under the panes; errors show in the error colour until the next update."""

    def say(self, message: str, *, error: bool = False) -> None:
        """Show ``message`` (plain text, never parsed as markup)."""
        self.set_class(error, "-error")
        self.update(Text(terminal_safe(message)))


__all__ = ["StatusLine"]
