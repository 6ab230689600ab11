"""``posenqa build``: parse papers and build their search indexes, with progress on stderr."""

from __future__ import annotations

import sys
import time
from typing import Any

import click

from posenqa.cli.shared import DEFAULT_PAPER, index_dir_option, model_option, safe


class _Progress:
    """A click progress bar on stderr, created when the total is first known."""

    def __init__(self, label: str) -> None:
        self.label = label
        self.bar: Any = None
        self.done = 0

    def __call__(self, done: int, total: int) -> None:
        if self.bar is None:
            self.bar = click.progressbar(length=total, label=self.label, file=sys.stderr)
            self.bar.__enter__()
        self.bar.update(done - self.done)
        self.done = done

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)


@click.command()
@click.argument("files", nargs=-1, type=click.Path(dir_okay=False))
@model_option
@index_dir_option
def build(files: tuple[str, ...], model: str | None, index_dir: str) -> None:
    """Build (or rebuild) the search index of each FILE (default: the bundled paper).

    Parses the paper, cuts it into passages, embeds them and writes the index
    under INDEX_DIR/<name>/, replacing any older index atomically.
    """
    from posenqa.answer import Engine
    from posenqa.cli.ask_cmd import injected

    for file in files or (str(DEFAULT_PAPER),):
        started = time.perf_counter()
        progress = _Progress(safe(f"embedding {click.format_filename(file)}"))
        try:
            engine = Engine.open(
                file,
                index_root=index_dir,
                model=model,
                progress=progress,
                log=lambda message: click.echo(safe(message), err=True),
                rebuild=True,
                **injected(),
            )
        finally:
            progress.close()
        notes = sum(1 for p in engine.passages if p.kind == "footnote")
        click.echo(
            safe(
                f"{engine.index_path}: {len(engine.passages) - notes} passages and {notes} notes "
                f"of {engine.document.source}, model {engine.manifest['model']['name']}, "
                f"{time.perf_counter() - started:.1f}s"
            )
        )
