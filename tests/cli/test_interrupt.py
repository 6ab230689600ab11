"""Ctrl-C exits 130 quietly (issue 14: it printed "Aborted!" and exited 1)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from posenqa.cli import INTERRUPTED, cli

SRC = Path(__file__).resolve().parents[2] / "src"


def test_ctrl_c_in_a_command_exits_130_without_a_word(monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupted(*_args: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr("posenqa.evaluation.load_gold", interrupted)
    result = CliRunner().invoke(cli, ["eval"])
    assert result.exit_code == INTERRUPTED == 130
    assert "Aborted" not in result.output
    assert result.output.strip() == ""


def _sigint_as_from_a_terminal() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def test_sigint_to_a_running_posenqa_exits_130_quietly(tmp_path: Path) -> None:
    gold = tmp_path / "gold.jsonl"
    gold.write_text('{"id": "n", "question": "Who won the cup?", "kind": "negative"}\n')
    fifo = tmp_path / "run.jsonl"
    os.mkfifo(fifo)
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    command = [
        sys.executable,
        "-m",
        "posenqa",
        "eval",
        "--gold",
        str(gold),
        "--from-run",
        str(fifo),
    ]
    process = subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        cwd=tmp_path,
        # As from a terminal: a suite started in the background by a non-interactive
        # shell inherits SIGINT ignored, which posenqa (like any program) keeps.
        preexec_fn=_sigint_as_from_a_terminal,
    )
    try:
        # The write end opens (without blocking) once posenqa has opened the FIFO to
        # read it: posenqa is then waiting in the read, well inside the command.
        deadline = time.monotonic() + 60
        while True:
            try:
                writer = os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
                break
            except OSError:
                assert process.poll() is None, process.communicate()
                assert time.monotonic() < deadline
                time.sleep(0.05)
        time.sleep(0.2)
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=60)
        os.close(writer)
    finally:
        process.kill()
    assert process.returncode == 130
    assert out == b""
    assert err.strip() == b""
