"""``posenqa remove``: take a paper out of the library."""

from __future__ import annotations

from pathlib import Path

import click

from posenqa.cli.shared import index_dir_option, safe


@click.command()
@click.argument("names", nargs=-1, required=True)
@index_dir_option
def remove(names: tuple[str, ...], index_dir: str) -> None:
    """Remove each paper NAME (its name in `posenqa library`, the start of it, or its file)
    from the library.

    Its index is deleted (the bundled paper's is kept, for the single-paper
    commands); no other paper is re-indexed.
    """
    from posenqa.library.manage import remove_paper
    from posenqa.library.registry import read_library, require

    root = Path(index_dir)
    papers = read_library(root)
    # Every name checked first: a misspelt last name must not leave the others removed.
    chosen = list({require(papers, name).id: name for name in names}.values())
    for name in chosen:
        entry = remove_paper(root, name)
        click.echo(safe(f"removed: {entry.id} — {entry.named}"))
