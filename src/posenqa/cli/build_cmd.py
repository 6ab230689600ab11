"""``posenqa build``: parse papers and build their search indexes, with progress on stderr."""

from __future__ import annotations

import time

import click

from posenqa.cli.shared import DEFAULT_PAPER, index_dir_option, model_option, open_engine, safe


@click.command()
@click.argument("files", nargs=-1, type=click.Path(dir_okay=False))
@model_option
@index_dir_option
def build(files: tuple[str, ...], model: str | None, index_dir: str) -> None:
    """Build (or rebuild) the search index of each FILE (default: the bundled paper).

    Parses the paper, cuts it into passages, embeds them and writes the index
    under INDEX_DIR/<name>/, replacing any older index atomically. A progress
    bar on stderr follows each step when stderr is a terminal.
    """
    for file in files or (str(DEFAULT_PAPER),):
        started = time.perf_counter()
        engine = open_engine(file, index_dir, model=model, rebuild=True)
        notes = sum(1 for p in engine.passages if p.kind == "footnote")
        click.echo(
            safe(
                f"{engine.index_path}: {len(engine.passages) - notes} passages and {notes} notes "
                f"of {engine.document.source}, model {engine.manifest['model']['name']}, "
                f"{time.perf_counter() - started:.1f}s"
            )
        )
