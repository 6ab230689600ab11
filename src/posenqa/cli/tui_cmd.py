"""``posenqa tui``: open the terminal UI on the library, or on one paper."""

from __future__ import annotations

import click

from posenqa.cli.shared import index_dir_option, model_option


@click.command()
@click.argument("file", type=click.Path(dir_okay=False), required=False)
@model_option
@index_dir_option
@click.option("--brackets", is_flag=True, help="Show note markers as [12] instead of superscripts.")
def tui(file: str | None, model: str | None, index_dir: str, brackets: bool) -> None:
    """Open the terminal UI on the library (the bundled paper and every paper added).

    With FILE, a paper of the library opens the library filtered to it (ctrl+f
    widens the filter); a file outside the library is opened alone. The window
    opens at once; papers are indexed (first run) and the embedding model
    loaded in the background. Press f1 inside for the keys.
    """
    from pathlib import Path

    from posenqa.errors import InputError

    # Said here, before the window opens; other problems show inside the UI. A name
    # takes what `ask --doc` takes: a paper of the library by any of its names, a file,
    # or an index under --index-dir; nothing, or several papers, is said here.
    from posenqa.library.registry import EMPTY_LIBRARY, locate, read_library

    papers = read_library(Path(index_dir))
    if file is not None:
        locate(Path(index_dir), papers, file)
    elif not papers:  # as `ask` says it, before a window that could only say it too
        raise InputError(EMPTY_LIBRARY)
    from posenqa.tui import make_app

    app = make_app(
        file,
        model=model,
        index_root=index_dir,
        marker_style="brackets" if brackets else "superscript",
    )
    app.run()
