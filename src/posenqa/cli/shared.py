"""Small helpers shared by the subcommands: default paths and terminal-safe text."""

from __future__ import annotations

from pathlib import Path

from posenqa.textsafe import terminal_safe as safe

#: The bundled paper, relative to the working directory (the README runs from the clone).
DEFAULT_PAPER = Path("corpus/posen-2001-wp01-8.pdf")

__all__ = ["DEFAULT_PAPER", "safe"]
