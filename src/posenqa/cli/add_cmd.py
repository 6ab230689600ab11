"""``posenqa add``: put papers into the library, parsing and indexing each (progress on stderr)."""

from __future__ import annotations

import contextlib
import signal
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import click

from posenqa.cli.shared import index_dir_option, injected, model_option, safe

if TYPE_CHECKING:
    from posenqa.cli.progress import BuildProgress
    from posenqa.library.manage import Added
    from posenqa.library.prepare import Failure


@click.command()
@click.argument("files", nargs=-1, required=True, type=click.Path())
@click.option(
    "--workers",
    type=click.IntRange(min=0),
    default=None,
    help="Processes that parse files while the model embeds others (default: one fewer than "
    "the cores, the model keeping one; 0 parses here, one file after another).",
)
@model_option
@index_dir_option
def add(files: tuple[str, ...], workers: int | None, model: str | None, index_dir: str) -> None:
    """Add each FILE (a PDF or a text extraction) to the library; a folder adds the PDFs
    and .txt files in it, at any depth.

    Each new or changed file is parsed and indexed on its own (the other papers'
    indexes are not touched); adding a file already in the library and unchanged
    does nothing, nor does adding a copy of one under another name. Files are
    parsed in worker processes while the embedding model, loaded once, embeds the
    ones parsed before. A file that cannot be added is
    reported and the others are added (the exit status is then 1); Ctrl-C keeps
    the papers added so far. `posenqa ask` then searches every paper of the library.
    """
    from posenqa.cli import INTERRUPTED
    from posenqa.cli.library_shared import model_for
    from posenqa.library.ingest import add_files

    root = Path(index_dir)
    paths, empty = _expanded(files)
    for folder in empty:
        said = "a file's name is empty" if not folder.strip() else f"{folder}: no PDF or .txt file"
        click.echo(safe(f"posenqa: not added: {said}"), err=True)
    checksum, load = model_for(root, model)
    parse = injected().get("parse")
    shown = _Shown(len(dict.fromkeys(paths)))
    with _terminated_as_interrupted() as terminated:
        try:
            report = add_files(
                root,
                paths,
                checksum=checksum,
                embedder=load,
                parse=parse,
                # A parser handed in by a test is used here unless workers are asked for.
                workers=workers if parse is None or workers is not None else 0,
                on_result=shown.result,
                progress=shown.progress,
            )
        finally:
            shown.close()
    if report.interrupted:
        click.echo(
            safe(f"posenqa: interrupted: {len(report.added)} added, not added: ")
            + ", ".join(safe(f) for f in report.not_done),
            err=True,
        )
        sys.exit(TERMINATED if terminated else INTERRUPTED)
    if report.failed or empty:
        failed = len(report.failed) + len(empty)
        total = len(report.added) + failed
        raise click.ClickException(f"{failed} of {total} files not added")


#: The exit status of a program stopped by SIGTERM (128 + 15), as shells expect.
TERMINATED = 143


@contextlib.contextmanager
def _terminated_as_interrupted() -> Iterator[list[bool]]:
    """SIGTERM (``timeout``, a shutdown, a job scheduler) stops the add as Ctrl-C does: the
    papers indexed so far are written into the library's manifest, not left as indexes
    it does not list. Yields ``[True]`` once SIGTERM came."""
    came = [False]

    def stop(_signal: int, _frame: object) -> None:
        came[0] = True
        raise KeyboardInterrupt

    try:
        previous = signal.signal(signal.SIGTERM, stop)
    except ValueError:  # not the main thread (an embedding application): left as it is
        yield came
        return
    try:
        yield came
    finally:
        signal.signal(signal.SIGTERM, previous)


def _expanded(files: tuple[str, ...]) -> tuple[list[str], list[str]]:
    """``files`` with each folder replaced by its papers
    (:func:`posenqa.library.manage.papers_in`); and the folders that hold none, and the
    empty names."""
    from posenqa.library.manage import papers_in

    paths: list[str] = []
    empty: list[str] = []
    for file in files:
        if not file.strip():  # Path("") is the current folder: never added by accident
            empty.append(file)
            continue
        folder = Path(file).expanduser()
        if not folder.is_dir():
            paths.append(file)  # a file, or a name add_files says is missing
            continue
        found = papers_in(folder)
        paths.extend(str(p) for p in found)
        if not found:
            empty.append(file)
    return paths, empty


class _Shown:
    """Each finished file on stdout, each failure on stderr, and the embedding of the
    paper being indexed as a progress bar on stderr (when it is a terminal)."""

    def __init__(self, files: int = 0) -> None:
        self._bar: BuildProgress | None = None
        self._path: Path | None = None
        self._files = files
        self._done = 0
        """Files finished (added, unchanged, copies, failures): which one is being indexed."""

    def progress(self, path: Path, done: int, total: int) -> None:
        from posenqa.cli.progress import BuildProgress

        if path != self._path:
            self.close()
            self._bar, self._path = BuildProgress(), path
            # Adding a folder of hundreds takes hours: say how far along this file is.
            where = f" ({self._done + 1} of {self._files})" if self._files > 1 else ""
            self._bar.log(f"indexing {path.name}{where}")
        if self._bar is not None:
            self._bar.embedded(done, total)

    def result(self, result: Added | Failure) -> None:
        from posenqa.library.manage import COPY
        from posenqa.library.prepare import Failure

        self.close()
        self._done += 1
        if isinstance(result, Failure):
            click.echo(safe(f"posenqa: not added: {result.reason}"), err=True)
            return
        e = result.entry
        if result.status == COPY:
            click.echo(safe(f"copy: {result.file} is the same file as {e.id}, not added again"))
            return
        click.echo(
            safe(
                f"{result.status}: {e.id} — {e.named} "
                f"({e.pages} pages, {e.notes} notes, {e.passages} passages)"
            )
        )

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()
        self._bar, self._path = None, None
