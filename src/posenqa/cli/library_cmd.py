"""``posenqa library``: the papers of the library, with their metadata and index status."""

from __future__ import annotations

from pathlib import Path

import click

from posenqa.cli.shared import index_dir_option, safe
from posenqa.textsafe import json_text


@click.command()
@click.argument("words", nargs=-1)
@click.option("--json", "as_json", is_flag=True, help="Print the papers as JSON.")
@index_dir_option
def library(words: tuple[str, ...], as_json: bool, index_dir: str) -> None:
    """List the papers of the library: name, author-year, title, pages, notes, when
    indexed and whether the index is current. Names are what --doc and remove take.

    With WORDS, only the papers whose name, author, title, year or file holds every
    word (any case): `posenqa library kemp 2022`.
    """
    from posenqa.library.registry import EMPTY_LIBRARY, index_status, matching, read_library

    root = Path(index_dir)
    every = read_library(root)
    papers = matching(every, " ".join(words))
    if every and not papers:  # a filter that matches nothing is a failed search, as grep's
        raise click.ClickException(f"no paper of the {len(every)} matches {' '.join(words)!r}")
    # The manifest's fields, less its own bookkeeping (labelling version, file stamp).
    rows = [
        {
            **{k: v for k, v in p.to_dict().items() if k not in ("labels", "stat")},
            "status": index_status(root, p),
        }
        for p in papers
    ]
    if as_json:
        click.echo(json_text(rows, indent=2))
        return
    if not papers:
        # Listing an empty library succeeds (exit 0), as `ls` of an empty folder does.
        click.echo(EMPTY_LIBRARY[0].upper() + EMPTY_LIBRARY[1:] + ".")
        return
    for p, row in zip(papers, rows, strict=True):
        click.echo(safe(f"{p.id}: {p.named}"))
        facts = f"{p.pages} pages, {p.notes} notes, " if p.sha256 else ""
        when = f"indexed {p.indexed_at}; " if p.indexed_at else ""
        click.echo(safe(f"    {facts}{when}{row['status']}"))
