"""Progress on stderr while an index is built: parsing, embedding, writing.

A :class:`BuildProgress` hands :meth:`posenqa.answer.Engine.open` its hooks (a
wrapped parser, an embedding progress callback, a log). Nothing is drawn until
one of them fires, so opening a current index shows nothing; nothing is drawn
at all when stderr is not a terminal (a pipe, a file, a test), where only the
log lines are written. rich honours ``NO_COLOR`` itself.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

import click

from posenqa.textsafe import terminal_safe as safe

if TYPE_CHECKING:
    from rich.console import Console
    from rich.progress import Progress, TaskID

    from posenqa.document import Document


class BuildProgress:
    """A rich progress display on stderr for one index build (a context manager)."""

    def __init__(self, console: Console | None = None, *, live: Progress | None = None) -> None:
        """``live``: a display already on screen (the library's opening) to draw the steps
        in, and to leave running when this build is over (its steps are removed)."""
        # rich is imported only when a build starts or a console is given: opening
        # a current index, and ``--help``, stay as light as before.
        self._console = console
        self._live = live
        self._progress: Progress | None = live
        self._tasks: list[TaskID] = []
        self._between: TaskID | None = None
        self._embed: TaskID | None = None
        self._write: TaskID | None = None

    # -- the hooks Engine.open takes ------------------------------------------

    def log(self, message: str) -> None:
        """A line of news (why the index is built): above the bars, or plain on stderr."""
        console = self._progress.console if self._progress is not None else self._terminal()
        if console is not None:
            console.print(safe(message), markup=False, highlight=False)
        else:
            click.echo(safe(message), err=True)

    def parse(
        self, parse: Callable[[Path], Document] | None = None, *, then: str | None = None
    ) -> Callable[[Path], Document]:
        """``parse`` (default: ``posenqa.parsing.parse_file``) shown as a "parsing" step,
        followed by the step ``then`` (e.g. loading the model) until embedding starts."""

        def parse_shown(path: Path) -> Document:
            if parse is None:
                from posenqa.parsing import parse_file as chosen
            else:
                chosen = parse
            task = self._add(f"parsing {click.format_filename(path.name)}", total=None)
            document = chosen(path)
            self._finish(task)
            if then is not None:
                self._between = self._add(then, total=None)
            return document

        return parse_shown

    def embedded(self, done: int, total: int) -> None:
        """``done`` of ``total`` passages and sentences embedded (then the index is written)."""
        if self._between is not None:
            self._finish(self._between)
            self._between = None
        if self._embed is None:
            self._embed = self._add("embedding passages and sentences", total=total)
        if self._progress is not None and self._embed is not None:
            self._progress.update(self._embed, completed=done, total=total, count=f"{done}/{total}")
        if done >= total and self._write is None:
            self._finish(self._embed)
            self._write = self._add("writing the index", total=None)

    # -- drawing ----------------------------------------------------------------

    def _terminal(self) -> Console | None:
        """The console to draw on (stderr by default), or None when it is not a terminal."""
        if self._console is None:
            from rich.console import Console

            self._console = Console(stderr=True)
        return self._console if self._console.is_terminal else None

    def _started(self) -> Progress | None:
        """The live display, started on first use; None when stderr is not a terminal."""
        if self._progress is not None:
            return self._progress
        console = self._terminal()
        if console is None:
            return None
        from rich.progress import (
            BarColumn,
            Progress,
            SpinnerColumn,
            TextColumn,
            TimeElapsedColumn,
        )

        self._progress = Progress(
            SpinnerColumn(finished_text="done"),
            TextColumn("{task.description}"),
            BarColumn(),
            # Counts only where there is something to count (not for parsing or writing).
            TextColumn("{task.fields[count]}"),
            TimeElapsedColumn(),
            console=console,
        )
        self._progress.start()
        return self._progress

    def _add(self, description: str, *, total: int | None) -> TaskID | None:
        progress = self._started()
        if progress is None:
            return None
        task = progress.add_task(safe(description), total=total, count="")
        self._tasks.append(task)
        return task

    def _finish(self, task: TaskID | None) -> None:
        if self._progress is None or task is None:
            return
        total = next(t.total for t in self._progress.tasks if t.id == task)
        # A step of unknown size is shown done as 1 of 1.
        self._progress.update(task, total=total or 1, completed=total or 1)

    def close(self, *, finished: bool = True) -> None:
        """Stop drawing; when ``finished``, the steps still running are marked done first
        (after a failure they are left as they stood: the error says the rest)."""
        if self._progress is None:
            return
        if self._live is not None:  # the library's display goes on without this paper's steps
            for task in self._tasks:
                self._live.remove_task(task)
            self._tasks.clear()
            return
        if finished:
            for task in self._progress.tasks:
                if not task.finished:
                    self._finish(task.id)
        self._progress.stop()
        self._progress = None

    def __enter__(self) -> BuildProgress:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close(finished=kind is None)


class OpeningProgress:
    """A spinner on stderr while a library opens, counting the papers read (a context
    manager): a library of thousands takes seconds to minutes to open, and said nothing.

    Drawn only on a terminal, and removed when the library is open (a question's
    answer follows it). A paper (re)built meanwhile shows its steps inside it
    (:meth:`build`).
    """

    def __init__(self, papers: int, console: Console | None = None) -> None:
        self.papers = papers
        self.read = 0
        self._console = console
        self._progress: Progress | None = None
        self._task: TaskID | None = None

    def __enter__(self) -> OpeningProgress:
        from rich.console import Console

        console = self._console or Console(stderr=True)
        if not console.is_terminal:
            return self
        from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

        self._progress = Progress(
            SpinnerColumn(),
            TextColumn("{task.description}"),
            TextColumn("{task.fields[count]}"),
            TimeElapsedColumn(),
            console=console,
            transient=True,
        )
        self._progress.start()
        self._task = self._progress.add_task(
            f"opening the library ({self.papers} papers)", total=None, count=""
        )
        return self

    def opened(self) -> None:
        """One more paper's index read."""
        self.read += 1
        if self._progress is not None and self._task is not None:
            self._progress.update(self._task, count=f"{self.read} read")

    def build(self) -> BuildProgress:
        """The progress of one paper's opening, drawn inside this display."""
        return BuildProgress(live=self._progress)

    def __exit__(self, *_exc: object) -> None:
        if self._progress is not None:
            self._progress.stop()
            self._progress = None
