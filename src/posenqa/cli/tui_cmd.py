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

    # Said here, before the window opens; other problems show inside the UI.
    # (A bare name may also be a paper of the library or an index under --index-dir,
    # as for `ask --doc`; several papers matching it is said here too.)
    if file is not None and not file.strip():
        raise InputError("the paper's name is empty")
    if file is not None and not Path(file).is_file() and not (Path(index_dir) / file).is_dir():
        from posenqa.library.registry import find, read_library

        if find(read_library(Path(index_dir)), file) is None:
            raise InputError(f"{file}: no such file, and no index of that name under {index_dir}")
    from posenqa.tui import make_app

    app = make_app(
        file,
        model=model,
        index_root=index_dir,
        marker_style="brackets" if brackets else "superscript",
    )
    app.run()
