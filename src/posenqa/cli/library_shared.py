"""What the library's commands share: opening papers and the library from the CLI's options."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from posenqa.cli.shared import injected, open_engine

if TYPE_CHECKING:
    from posenqa.answer import Engine
    from posenqa.library.engine import LibraryEngine
    from posenqa.library.manage import OpenPaper


def paper_opener(index_dir: str | Path, model: str | None) -> OpenPaper:
    """Open one paper's index as the single-paper commands do (progress on stderr)."""

    def open_paper(paper: str | Path) -> Engine:
        return open_engine(paper, index_dir, model=model)

    return open_paper


def open_library_engine(
    index_dir: str | Path, model: str | None, names: tuple[str, ...] = ()
) -> LibraryEngine:
    """The engine over the library at ``index_dir`` (``names`` restricts it to those papers)."""
    from posenqa.library.engine import engine_factory
    from posenqa.library.manage import open_library

    root = Path(index_dir)
    make = engine_factory(root, model=model, embedder=injected().get("embedder"))
    return open_library(root, paper_opener(root, model), make, names)


__all__ = ["open_library_engine", "paper_opener"]
