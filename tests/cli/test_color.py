"""NO_COLOR (https://no-color.org): set and not empty, ``ask`` styles nothing unless told to."""

from __future__ import annotations

import io
import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest

from posenqa.cli.shared import use_color


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize(
    ("flag", "no_color", "tty", "expected"),
    [
        (None, None, True, True),  # a terminal, nothing said: colour
        (None, None, False, False),  # a pipe: plain
        (None, "1", True, False),  # NO_COLOR set: plain even on a terminal
        (None, "", True, True),  # NO_COLOR empty counts as unset
        (True, "1", False, True),  # --color is the user's explicit choice, over NO_COLOR
        (False, None, True, False),  # --no-color
    ],
)
def test_use_color(
    monkeypatch: pytest.MonkeyPatch,
    flag: bool | None,
    no_color: str | None,
    tty: bool,
    expected: bool,
) -> None:
    if no_color is None:
        monkeypatch.delenv("NO_COLOR", raising=False)
    else:
        monkeypatch.setenv("NO_COLOR", no_color)
    assert use_color(flag, _Tty() if tty else io.StringIO()) is expected


def _ask_in_a_terminal(cwd: Path, env: dict[str, str], *args: str) -> str:
    """``python -m posenqa ask ARGS`` with stdout and stderr on a pseudo-terminal."""
    source = str(Path(__file__).resolve().parents[2] / "src")
    env = {**env, "PYTHONPATH": source + os.pathsep + env.get("PYTHONPATH", "")}
    main, child = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-m", "posenqa", "ask", *args],
        cwd=cwd,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=child,
        stderr=child,
    )
    os.close(child)
    chunks = []
    while True:
        try:
            data = os.read(main, 65536)
        except OSError:  # EIO: the child closed the terminal
            break
        if not data:
            break
        chunks.append(data)
    os.close(main)
    assert proc.wait(timeout=300) == 0, b"".join(chunks).decode(errors="replace")
    return b"".join(chunks).decode("utf-8", errors="replace")


@pytest.fixture
def bm25_ready(tmp_path: Path, fake_embedder_type, small_document_factory) -> Path:  # type: ignore[no-untyped-def]
    """An index a fresh process can answer from in BM25 mode without loading any model:
    keyed to the real model's checksum (a hash of its files) but embedded by the fake."""
    from posenqa.answer import Engine
    from posenqa.parsing import file_sha256
    from posenqa.search.embedder import default_model_path, model_checksum

    paper = tmp_path / "small.pdf"
    paper.write_text("v1")
    fake = fake_embedder_type()
    fake.checksum = model_checksum(default_model_path())
    Engine.open(
        paper,
        index_root=tmp_path / "index",
        embedder=fake,
        parse=lambda p: small_document_factory(p.name, file_sha256(p)),
    )
    return paper


@pytest.mark.parametrize(("no_color", "styled"), [(None, True), ("1", False), ("", True)])
def test_ask_on_a_terminal_honours_no_color(
    bm25_ready: Path, tmp_path: Path, no_color: str | None, styled: bool
) -> None:
    env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
    if no_color is not None:
        env["NO_COLOR"] = no_color
    env["POSENQA_INDEX_DIR"] = str(tmp_path / "index")
    work = tmp_path / "work"
    work.mkdir()
    out = _ask_in_a_terminal(
        work,
        env,
        "Why did regulators not learn from the S&L crisis?",
        "--mode",
        "bm25",
        "--no-rerank",  # the subject is colour; the cross-encoder would cost seconds
        "--doc",
        str(bm25_ready),
    )
    assert "Lessons of the S&L crisis" in out
    assert ("\x1b[" in out) is styled
