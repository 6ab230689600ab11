"""Helpers shared by the subcommands: default paths, common options, terminal-safe text."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from posenqa.textsafe import terminal_safe as safe

#: The bundled paper, relative to the working directory (the README runs from the clone).
DEFAULT_PAPER = Path("corpus/posen-2001-wp01-8.pdf")

FC = TypeVar("FC", bound=Callable[..., Any])

#: The retrieval modes every command that asks offers.
MODES = ("hybrid", "bm25", "dense")

# Options several commands share, defined once so that their names, defaults
# and help read the same everywhere.
doc_option = click.option(
    "--doc",
    default=None,
    help="The paper: a PDF/text file or the name of a built index (default: the bundled paper).",
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
    default="index",
    show_default=True,
    type=click.Path(file_okay=False),
    help="Where indexes are kept (built on first use).",
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
    "mode_option",
    "model_option",
    "rerank_option",
    "safe",
]
