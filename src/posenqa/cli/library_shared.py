"""What the library's commands share: opening papers and the library from the CLI's options."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from posenqa.cli.shared import injected, open_engine

if TYPE_CHECKING:
    from posenqa.answer import Engine
    from posenqa.cli.progress import OpeningProgress
    from posenqa.library.engine import LibraryEngine
    from posenqa.library.manage import OpenPaper
    from posenqa.library.registry import PaperEntry
    from posenqa.search.embedder import Embedder


def paper_opener(
    index_dir: str | Path,
    model: str | None,
    embedder: Embedder | None = None,
    opening: OpeningProgress | None = None,
) -> OpenPaper:
    """Open one paper's index as the single-paper commands do (progress on stderr), building
    it with ``embedder`` (the command's shared model) when it must be (re)built; counted
    in ``opening`` (the library's display), its build drawn there."""

    def open_paper(paper: str | Path) -> Engine:
        progress = opening.build() if opening is not None else None
        engine = open_engine(paper, index_dir, model=model, embedder=embedder, progress=progress)
        if opening is not None:
            opening.opened()
        return engine

    return open_paper


def model_for(root: Path, model: str | None) -> tuple[str, Callable[[], Embedder]]:
    """The embedding model's checksum (cheap: cached beside the indexes) and how to load
    the model (once, when the first file needs embedding), or the embedder a test handed in."""
    from posenqa.library.shared_model import LazyEmbedder

    embedder = shared_embedder(root, model)
    if isinstance(embedder, LazyEmbedder):
        return embedder.checksum, embedder.model
    return embedder.checksum, lambda: embedder


def open_library_engine(
    index_dir: str | Path, model: str | None, papers: Sequence[PaperEntry] | None = None
) -> LibraryEngine:
    """The engine over every paper of the library at ``index_dir`` (``papers``: its manifest
    as the command has just read it; default: read here)."""
    from posenqa.cli.progress import OpeningProgress
    from posenqa.library.engine import engine_factory
    from posenqa.library.manage import open_library
    from posenqa.library.registry import read_library

    root = Path(index_dir)
    embedder = shared_embedder(root, model)
    make = engine_factory(root, model=model, embedder=embedder)
    papers = read_library(root) if papers is None else papers
    with OpeningProgress(len(papers)) as opening:
        open_paper = paper_opener(root, model, embedder, opening)
        return open_library(root, open_paper, make, left_out=left_out_said, papers=papers)


def left_out_said(paper: PaperEntry, why: str) -> None:
    """Said on stderr: a paper the library cannot open is left out of the answer."""
    import click

    from posenqa.cli.shared import safe

    click.echo(
        safe(f"posenqa: left out {paper.id}: {why}; `posenqa remove {paper.id}` takes it out"),
        err=True,
    )


def paper_file(doc: str, index_dir: str | Path) -> str:
    """What opens the paper ``doc`` names (``--doc`` of the single-paper commands): a paper of
    the library by any name ``ask --doc`` takes gives its file (its index's name when the file
    is gone); a file or an index outside the library is ``doc`` itself. InputError (one line)
    when ``doc`` names nothing."""
    from posenqa.library.registry import locate, read_library

    root = Path(index_dir)
    entry = locate(root, read_library(root), doc)
    return doc if entry is None else entry.where()


def shared_embedder(root: Path, model: str | None) -> Embedder:
    """The one embedding model of a command over the library (a test's when handed in),
    loaded when first needed: once, however many papers are re-indexed on opening,
    and not at all when none is and no question needs a vector."""
    from posenqa.library.shared_model import lazy_model

    given = injected().get("embedder")
    if given is not None:
        return given  # type: ignore[no-any-return]
    return lazy_model(root, model)


__all__ = [
    "left_out_said",
    "model_for",
    "open_library_engine",
    "paper_file",
    "paper_opener",
    "shared_embedder",
]
