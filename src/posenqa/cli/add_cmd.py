"""``posenqa add``: put papers into the library, parsing and indexing each (progress on stderr)."""

from __future__ import annotations

from pathlib import Path

import click

from posenqa.cli.shared import index_dir_option, model_option, safe


@click.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@model_option
@index_dir_option
def add(files: tuple[str, ...], model: str | None, index_dir: str) -> None:
    """Add each FILE (a PDF or a text extraction) to the library.

    Each new or changed file is parsed and indexed on its own (the other papers'
    indexes are not touched); adding a file already in the library and unchanged
    does nothing. `posenqa ask` then searches every paper of the library.
    """
    from posenqa.cli.library_shared import paper_opener
    from posenqa.library.manage import add_paper

    root = Path(index_dir)
    opener = paper_opener(root, model)
    for file in files:
        done = add_paper(root, file, opener)
        e = done.entry
        click.echo(
            safe(
                f"{done.status}: {e.id} — {e.short}, {e.title} "
                f"({e.pages} pages, {e.notes} notes, {e.passages} passages)"
            )
        )
