"""What the library's commands share: opening papers and the library from the CLI's options."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from posenqa.cli.shared import injected, open_engine

if TYPE_CHECKING:
    from posenqa.answer import Engine
    from posenqa.library.engine import LibraryEngine
    from posenqa.library.manage import OpenPaper
    from posenqa.search.embedder import Embedder


def paper_opener(index_dir: str | Path, model: str | None) -> OpenPaper:
    """Open one paper's index as the single-paper commands do (progress on stderr)."""

    def open_paper(paper: str | Path) -> Engine:
        return open_engine(paper, index_dir, model=model)

    return open_paper


def model_for(root: Path, model: str | None) -> tuple[str, Callable[[], Embedder]]:
    """The embedding model's checksum (cheap: cached beside the indexes) and how to load
    the model (once, when the first file needs embedding), or the embedder a test handed in."""
    given = injected().get("embedder")
    if given is not None:
        return given.checksum, lambda: given
    from posenqa.answer import CHECKSUM_CACHE
    from posenqa.search.embedder import load_embedder, model_checksum, resolve_model_path

    path = resolve_model_path(model)
    cache = root / CHECKSUM_CACHE

    def load() -> Embedder:
        return load_embedder(path, cache)

    return model_checksum(path, cache), load


def open_library_engine(
    index_dir: str | Path, model: str | None, names: tuple[str, ...] = ()
) -> LibraryEngine:
    """The engine over the library at ``index_dir`` (``names`` restricts it to those papers)."""
    from posenqa.library.engine import engine_factory
    from posenqa.library.manage import open_library

    root = Path(index_dir)
    make = engine_factory(root, model=model, embedder=injected().get("embedder"))
    return open_library(root, paper_opener(root, model), make, names)


__all__ = ["model_for", "open_library_engine", "paper_opener"]
