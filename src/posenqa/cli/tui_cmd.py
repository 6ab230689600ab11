"""``posenqa tui``: open the terminal UI on a paper."""

from __future__ import annotations

import click

from posenqa.cli.shared import DEFAULT_PAPER, index_dir_option, model_option


@click.command()
@click.argument("file", type=click.Path(dir_okay=False), default=str(DEFAULT_PAPER))
@model_option
@index_dir_option
@click.option("--brackets", is_flag=True, help="Show note markers as [12] instead of superscripts.")
def tui(file: str, model: str | None, index_dir: str, brackets: bool) -> None:
    """Open the terminal UI on FILE (default: the bundled paper).

    The window opens at once; the paper is indexed (first run) and the
    embedding model loaded in the background. Press f1 inside for the keys.
    """
    from pathlib import Path

    from posenqa.errors import InputError

    # Said here, before the window opens; other problems show inside the UI.
    # (A bare name may also be an index under --index-dir, as for `ask`.)
    if not Path(file).exists() and not (Path(index_dir) / file).is_dir():
        raise InputError(f"{file}: no such file, and no index of that name under {index_dir}")
    from posenqa.tui import make_app

    app = make_app(
        file,
        model=model,
        index_root=index_dir,
        marker_style="brackets" if brackets else "superscript",
    )
    app.run()
