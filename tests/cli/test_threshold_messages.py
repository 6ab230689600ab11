"""Every message that prints an abstention threshold prints the one the answer was judged by.

Each mode gets a distinct threshold, high enough that every answer abstains;
the message must name that mode's number (the dense message once printed the
hybrid threshold).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import posenqa.settings as settings_module
from posenqa.cli import cli
from posenqa.models.fetch_reranker import reranker_dir
from posenqa.parsing import file_sha256
from posenqa.settings import Settings

QUESTION = "Why did Japanese regulators fail to learn from the S&L crisis?"
THRESHOLDS = {"hybrid": 1.91, "bm25": 1.92, "dense": 1.93, "rerank": 1.94}


@pytest.fixture
def workspace(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fake_embedder_type, small_document_factory
) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    chosen = Settings.from_dict(
        {
            "retrieval": {
                "abstain_threshold": THRESHOLDS["hybrid"],
                "bm25_abstain_threshold": THRESHOLDS["bm25"],
                "dense_abstain_threshold": THRESHOLDS["dense"],
            },
            "judge": {"abstain_threshold": THRESHOLDS["rerank"]},
        }
    )
    monkeypatch.setattr(settings_module, "_loaded", chosen)
    paper = tmp_path / "small.pdf"
    paper.write_text("v1")
    obj = {
        "embedder": fake_embedder_type(),
        "parse": lambda p: small_document_factory(p.name, file_sha256(p)),
    }
    return {"paper": paper, "index": tmp_path / "index", "obj": obj}


def _run(ws: dict[str, Any], command: str, *args: str):  # type: ignore[no-untyped-def]
    base = ["--doc", str(ws["paper"]), "--index-dir", str(ws["index"])]
    return CliRunner().invoke(cli, [command, *args, *base], obj=ws["obj"])


@pytest.mark.parametrize("mode", ["hybrid", "bm25", "dense"])
def test_ask_prints_the_threshold_of_its_mode(workspace, mode: str) -> None:  # type: ignore[no-untyped-def]
    result = _run(workspace, "ask", QUESTION, "--mode", mode, "--no-rerank")
    assert result.exit_code == 0, result.output
    assert f"is below {THRESHOLDS[mode]:.2f})" in result.stdout
    assert "Not answered in the paper" in result.stdout


@pytest.mark.parametrize("mode", ["hybrid", "bm25", "dense"])
def test_cite_prints_the_threshold_of_its_mode(workspace, mode: str) -> None:  # type: ignore[no-untyped-def]
    result = _run(workspace, "cite", QUESTION, "--mode", mode, "--no-rerank")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Nothing in the paper supports this (confidence")
    assert f"is below {THRESHOLDS[mode]:.2f})." in result.stdout


@pytest.mark.skipif(not reranker_dir().is_dir(), reason="reranker not installed")
@pytest.mark.parametrize("command", ["ask", "cite"])
def test_reranked_answers_print_the_judges_threshold(workspace, command: str) -> None:  # type: ignore[no-untyped-def]
    result = _run(workspace, command, QUESTION, "--rerank")
    assert result.exit_code == 0, result.output
    assert f"is below {THRESHOLDS['rerank']:.2f}" in result.stdout
