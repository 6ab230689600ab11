"""Earlier questions, browsed with the arrow keys like a shell's history."""

from __future__ import annotations


class QuestionHistory:
    """Questions in the order asked (no consecutive repeats) and a browsing cursor.

    ``back`` and ``forward`` move the cursor; the line being typed before
    browsing started is kept as the draft and returned when browsing past the
    newest question.
    """

    def __init__(self, limit: int = 100) -> None:
        self.limit = limit
        self.items: list[str] = []
        self._cursor: int | None = None
        self._draft = ""

    def add(self, question: str) -> None:
        """Record an asked question and stop browsing."""
        question = question.strip()
        if question and (not self.items or self.items[-1] != question):
            self.items.append(question)
            del self.items[: -self.limit]
        self._cursor = None
        self._draft = ""

    def back(self, current: str) -> str:
        """The question before the cursor (the newest one when not browsing)."""
        if not self.items:
            return current
        if self._cursor is None:
            self._draft = current
            self._cursor = len(self.items)
        self._cursor = max(self._cursor - 1, 0)
        return self.items[self._cursor]

    def forward(self, current: str) -> str:
        """The question after the cursor; the draft after the newest one."""
        if self._cursor is None:
            return current
        self._cursor += 1
        if self._cursor >= len(self.items):
            self._cursor = None
            return self._draft
        return self.items[self._cursor]


__all__ = ["QuestionHistory"]
