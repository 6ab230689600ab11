"""A library's opening on a terminal: a spinner naming the library's size and counting the
papers read, a paper re-indexed meanwhile drawn inside it; nothing off a terminal."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import click
import pytest
from rich.console import Console

from posenqa.cli.library_shared import paper_opener
from posenqa.cli.progress import OpeningProgress
from posenqa.library.engine import engine_factory
from posenqa.library.ingest import add_files
from posenqa.library.manage import open_library, remove_paper
from posenqa.library.registry import bundled_entry


@pytest.fixture
def library(tmp_path: Path, papers, fake_embedder_type, small_parser):  # type: ignore[no-untyped-def]
    """A library of alpha and beta; (root, embedder, obj for the click context)."""
    root = tmp_path / "index"
    embedder = fake_embedder_type()
    remove_paper(root, bundled_entry().id)
    files = [papers["alpha.txt"], papers["beta.txt"]]
    add_files(root, files, checksum=embedder.checksum, embedder=lambda: embedder,
              parse=small_parser, workers=0)  # fmt: skip
    return root, embedder, {"embedder": embedder, "parse": small_parser}


def _open(library: Any, console: Console) -> Any:  # type: ignore[no-untyped-def]
    root, embedder, obj = library
    context = click.Context(click.Command("ask"), obj=obj)
    with context.scope(), OpeningProgress(2, console) as opening:
        make = engine_factory(root, model=None, embedder=embedder)
        opened = open_library(root, paper_opener(root, None, embedder, opening), make)
    return opened, opening


def test_opening_on_a_terminal_names_the_library_and_counts_the_papers(library) -> None:  # type: ignore[no-untyped-def]
    out = io.StringIO()
    opened, opening = _open(library, Console(file=out, force_terminal=True, width=100))
    assert len(opened.papers) == 2
    drawn = out.getvalue()
    assert "opening the library (2 papers)" in drawn
    assert opening.read in (0, 2)  # 0 when the library opens from its pack, unread
    if opening.read:
        assert "2 read" in drawn


def test_a_paper_rebuilt_while_the_library_opens_is_drawn_inside(library, papers) -> None:  # type: ignore[no-untyped-def]
    papers["beta.txt"].write_text(
        papers["beta.txt"].read_text() + "\n\nA new paragraph.", encoding="utf-8"
    )
    out = io.StringIO()
    opened, _ = _open(library, Console(file=out, force_terminal=True, width=100))
    drawn = out.getvalue()  # one live display: a second would raise rich's LiveError
    assert "building the index of beta.txt" in drawn or "re-index" in drawn, drawn
    assert "embedding passages and sentences" in drawn
    assert "A new paragraph." in opened.document("beta-txt").blocks[-1].text


def test_off_a_terminal_nothing_is_drawn(library) -> None:  # type: ignore[no-untyped-def]
    out = io.StringIO()
    _open(library, Console(file=out, width=100))
    assert out.getvalue() == ""
