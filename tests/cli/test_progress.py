"""Progress while an index is built: drawn on a terminal, silent otherwise, NO_COLOR honoured."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from rich.console import Console

from posenqa.answer import Engine
from posenqa.cli import cli
from posenqa.cli.progress import BuildProgress
from posenqa.parsing import file_sha256

# An SGR sequence setting a foreground or background colour (30-37, 38;..., 40-47, 90-97, ...).
COLOUR = re.compile(r"\x1b\[(?:[0-9;]*;)?(?:3[0-8]|4[0-8]|9[0-7]|10[0-7])(?:;[0-9;]*)?m")


@pytest.fixture
def paper(tmp_path: Path) -> Path:
    path = tmp_path / "small.pdf"
    path.write_text("v1")
    return path


def _open(
    paper: Path, progress: BuildProgress, embedder: Any, parse: Any, then: str | None = None
) -> Engine:
    with progress:
        return Engine.open(
            paper,
            index_root=paper.parent / "index",
            embedder=embedder,
            parse=progress.parse(parse, then=then),
            progress=progress.embedded,
            log=progress.log,
        )


@pytest.fixture
def parse(small_document_factory):  # type: ignore[no-untyped-def]
    return lambda p: small_document_factory(p.name, file_sha256(p))


def _terminal(**kwargs: Any) -> tuple[Console, io.StringIO]:
    out = io.StringIO()
    return Console(file=out, force_terminal=True, width=120, **kwargs), out


def test_a_build_on_a_terminal_shows_each_step(paper: Path, fake_embedder_type, parse) -> None:  # type: ignore[no-untyped-def]
    console, out = _terminal()
    engine = _open(paper, BuildProgress(console), fake_embedder_type(), parse, then="loading")
    drawn = out.getvalue()
    assert "no index yet; building the index of small.pdf" in drawn  # the log, above the bars
    steps = [
        "parsing small.pdf",
        "loading",
        "embedding passages and sentences",
        "writing the index",
    ]
    # Each step is drawn finished ("done" in the spinner's place), one after the other.
    shown = [re.search(rf"done {re.escape(step)}\b", drawn) for step in steps]
    assert all(shown), drawn
    assert [m.start() for m in shown if m] == sorted(m.start() for m in shown if m)
    counts = {(int(a), int(b)) for a, b in re.findall(r"(\d+)/(\d+)", drawn)}
    total = max(b for _, b in counts)
    assert (total, total) in counts  # the embedding bar reached its end
    assert total > len(engine.passages)  # passages and their sentences are counted


def test_opening_a_current_index_draws_nothing(paper: Path, fake_embedder_type, parse) -> None:  # type: ignore[no-untyped-def]
    _open(paper, BuildProgress(_terminal()[0]), fake_embedder_type(), parse)
    console, out = _terminal()
    _open(paper, BuildProgress(console), fake_embedder_type(), parse)
    assert out.getvalue() == ""


def test_off_a_terminal_only_the_log_line_is_written(  # type: ignore[no-untyped-def]
    paper: Path, fake_embedder_type, parse, capsys: pytest.CaptureFixture[str]
) -> None:
    out = io.StringIO()
    _open(paper, BuildProgress(Console(file=out)), fake_embedder_type(), parse)
    assert out.getvalue() == ""
    assert capsys.readouterr().err == "no index yet; building the index of small.pdf\n"


def test_no_color_leaves_the_bars_uncoloured(  # type: ignore[no-untyped-def]
    paper: Path, fake_embedder_type, parse, monkeypatch: pytest.MonkeyPatch
) -> None:
    console, out = _terminal()
    _open(paper, BuildProgress(console), fake_embedder_type(), parse)
    assert COLOUR.search(out.getvalue())  # the pattern does see rich's colours

    (paper.parent / "index").rename(paper.parent / "old-index")
    monkeypatch.setenv("NO_COLOR", "1")
    console, out = _terminal()
    _open(paper, BuildProgress(console), fake_embedder_type(), parse)
    assert "embedding passages and sentences" in out.getvalue()
    assert not COLOUR.search(out.getvalue())


def test_a_failed_parse_stops_the_display_and_is_one_line(  # type: ignore[no-untyped-def]
    paper: Path, fake_embedder_type
) -> None:
    from posenqa.errors import InputError

    def broken(path: Path) -> Any:
        raise InputError(f"{path.name}: not a PDF")

    result = CliRunner().invoke(
        cli,
        ["build", str(paper), "--index-dir", str(paper.parent / "index")],
        obj={"embedder": fake_embedder_type(), "parse": broken},
    )
    assert result.exit_code == 1
    assert "small.pdf: not a PDF" in result.stderr
    assert "Traceback" not in result.output


def test_build_through_the_cli_off_a_terminal_draws_no_bar(
    paper: Path, fake_embedder_type, parse
) -> None:  # type: ignore[no-untyped-def]
    result = CliRunner().invoke(
        cli,
        ["build", str(paper), "--index-dir", str(paper.parent / "index")],
        obj={"embedder": fake_embedder_type(), "parse": parse},
    )
    assert result.exit_code == 0, result.output
    assert result.stderr == "building the index of small.pdf\n"
    assert "\x1b[" not in result.output
