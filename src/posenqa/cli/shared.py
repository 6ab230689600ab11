"""Helpers shared by the subcommands: default paths, common options, colour, opening an engine."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO, TypeVar

import click

from posenqa.paths import BUNDLED_PAPER, INDEX_DIR_ENV, default_index_dir, user_index_dir
from posenqa.pipeline.modes import MODES
from posenqa.textsafe import terminal_safe as safe

if TYPE_CHECKING:
    from posenqa.answer import Engine
    from posenqa.cli.progress import BuildProgress
    from posenqa.search.embedder import Embedder

#: The paper every command uses when given none (shipped inside the package).
DEFAULT_PAPER = BUNDLED_PAPER

FC = TypeVar("FC", bound=Callable[..., Any])


# Options several commands share, defined once so that their names, defaults
# and help read the same everywhere.
doc_option = click.option(
    "--doc",
    default=None,
    help="The paper: a paper of the library (its name in `posenqa library`, part of it, or "
    "its author-year or title), a PDF/text file, or the name of a built index (default: the "
    "bundled paper).",
)
model_option = click.option(
    "--model",
    type=click.Path(file_okay=False),
    default=None,
    help="A sentence-transformers model directory (default: $POSENQA_MODEL, else the "
    "bundled all-MiniLM-L6-v2).",
)
index_dir_option = click.option(
    "--index-dir",
    "index_dir",
    # Resolved when the command runs, so that $POSENQA_INDEX_DIR set late still counts.
    default=lambda: str(default_index_dir()),
    type=click.Path(file_okay=False),
    help=f"Where indexes are kept, built on first use (default: ${INDEX_DIR_ENV} when set, "
    f"else {user_index_dir()}).",
)


def mode_option(help_text: str) -> Callable[[FC], FC]:
    """The ``--mode`` option, with a help text saying what the mode ranks for."""
    return click.option(
        "--mode",
        type=click.Choice(MODES),
        default="hybrid",
        show_default=True,
        help=help_text,
    )


def use_color(flag: bool | None, stream: TextIO | None = None) -> bool:
    """Whether to style output: ``flag`` when given (``--color/--no-color``), else not
    when ``$NO_COLOR`` is set and not empty (https://no-color.org), else when
    ``stream`` (stdout) is a terminal."""
    if flag is not None:
        return flag
    if os.environ.get("NO_COLOR"):
        return False
    stream = stream if stream is not None else sys.stdout
    return bool(getattr(stream, "isatty", lambda: False)())


def injected() -> dict[str, Any]:
    """``embedder`` and ``parse`` handed in through the click context object (tests do)."""
    obj = click.get_current_context().obj
    if not isinstance(obj, dict):
        return {}
    return {key: obj[key] for key in ("embedder", "parse") if key in obj}


def open_engine(
    paper: str | Path | None,
    index_dir: str | Path,
    *,
    model: str | None = None,
    rebuild: bool = False,
    embedder: Embedder | None = None,
    progress: BuildProgress | None = None,
) -> Engine:
    """Open (building when needed) the engine of ``paper`` (default: the bundled paper).

    What happens goes to stderr: why an index is (re)built, and a progress bar for
    parsing, embedding and writing it when stderr is a terminal. ``embedder``: the
    model to build with (the library's commands share one, loaded on first use);
    ``progress``: where to draw (a library's opening display), else a display of its own.
    """
    from posenqa.answer import Engine
    from posenqa.cli.progress import BuildProgress

    extra = injected()
    embedder = extra.get("embedder") or embedder
    # A shared model not loaded yet (LazyEmbedder) is loaded after parsing, as none is.
    loading = None if getattr(embedder, "loaded", embedder) else "loading the embedding model"
    with progress or BuildProgress() as progress:
        return Engine.open(
            paper or DEFAULT_PAPER,
            index_root=index_dir,
            model=model,
            embedder=embedder,
            # Engine.open parses first, then loads the model (when none is given), then embeds.
            parse=progress.parse(extra.get("parse"), then=loading),
            progress=progress.embedded,
            log=progress.log,
            rebuild=rebuild,
        )


rerank_option = click.option(
    "--rerank/--no-rerank",
    default=None,
    help="Reread the best candidates with the cross-encoder "
    "(default: on when it is installed; off is faster).",
)


__all__ = [
    "DEFAULT_PAPER",
    "MODES",
    "doc_option",
    "index_dir_option",
    "injected",
    "mode_option",
    "model_option",
    "open_engine",
    "rerank_option",
    "safe",
    "use_color",
]
