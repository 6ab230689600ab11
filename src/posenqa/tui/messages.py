"""Messages the TUI's workers post back to the UI thread.

Workers run in threads; they never touch widgets. They post one of these and
the screen that started them updates itself on the UI thread.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from textual.message import Message

from posenqa.errors import PosenqaError

# Textual's Message calls ``__post_init__`` for dataclass subclasses, so these
# stay plain dataclasses (no slots: Message already defines __slots__).


@dataclass
class EngineOpened(Message):
    """The library is open and its BM25 index ready (the full engine, or a text-only one)."""

    engine: Any
    """A :class:`posenqa.tui.shelf.Shelf`."""
    text_only: bool = False
    """A BM25-only engine over the text, while the index is still being built."""


@dataclass
class DenseLoaded(Message):
    """The embedding model is loaded: hybrid and dense search are available."""


@dataclass
class Answered(Message):
    """A question was answered."""

    answer: Any
    requested_mode: str
    """The mode the user asked for; ``answer.mode`` is the mode that answered."""
    reranked: bool = False
    """The reranker's order of the same question's passages (a first-stage answer came before)."""
    papers: tuple[Any, ...] = ()
    """The paper of each hit, in hit order (their notes' references are resolved already)."""


@dataclass
class WorksGathered(Message):
    """The works cited by the papers of ``selection`` are merged (``LibraryWork`` list)."""

    selection: tuple[str, ...]
    works: list[Any]


@dataclass
class RerankFailed(Message):
    """The reranker could not run; the first-stage answer stands."""

    reason: str


@dataclass
class BuildProgress(Message):
    """Index building progress (``done`` of ``total`` items embedded)."""

    done: int
    total: int


@dataclass
class BuildLog(Message):
    """A line of progress text from opening or building the index."""

    text: str

    @property
    def is_warning(self) -> bool:
        """Whether it tells of a paper left out (:data:`LEFT_OUT`): worth more than a
        status line the next update replaces."""
        return self.text.startswith(LEFT_OUT)


#: How the library's opening starts a line about a paper it could not open.
LEFT_OUT = "left out "


def describe_error(error: BaseException | None) -> str:
    """One line for a failed worker: the message of a domain error, the type of a bug."""
    if error is None:
        return "unknown error"
    if isinstance(error, PosenqaError):
        return str(error)
    return f"{type(error).__name__}: {error}"


__all__ = [
    "LEFT_OUT",
    "Answered",
    "BuildLog",
    "BuildProgress",
    "DenseLoaded",
    "EngineOpened",
    "RerankFailed",
    "WorksGathered",
    "describe_error",
]
