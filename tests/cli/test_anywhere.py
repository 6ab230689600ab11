"""Every command works from a directory outside the checkout, on the bundled paper.

The working directory is a temporary folder; indexes go where ``$POSENQA_INDEX_DIR``
or ``--index-dir`` say (never into the user's real data directory). The embedder is
the fake one handed in through the click context, except in the subprocess tests,
which need no model at all.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from posenqa.cli import cli
from posenqa.paths import BUNDLED_PAPER, INDEX_DIR_ENV, user_index_dir

INDEX = "posen-2001-wp01-8"


@pytest.fixture(autouse=True)
def _no_reranker(monkeypatch: pytest.MonkeyPatch) -> None:
    """Answer without the cross-encoder: these tests are about paths, and reading
    every candidate with it costs minutes on a shared machine."""
    from posenqa.answer import Engine

    monkeypatch.setattr(Engine, "load_reranker", lambda self: None)


@pytest.fixture
def elsewhere(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A working directory outside the checkout, with the index folder set by the variable."""
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    monkeypatch.setenv(INDEX_DIR_ENV, str(tmp_path / "indexes"))
    return tmp_path


@pytest.fixture
def fake(fake_embedder_type) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    return {"embedder": fake_embedder_type()}


def _invoke(obj: dict[str, Any] | None, *args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(cli, list(args), obj=obj)


def test_ask_uses_the_bundled_paper_and_the_variables_index_folder(
    elsewhere: Path, fake: dict[str, Any]
) -> None:
    result = _invoke(fake, "ask", "Steil illusion of liberalization", "--mode", "bm25")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("1. [")
    assert (elsewhere / "indexes" / INDEX / "params.json").is_file()
    assert not (elsewhere / "work" / "index").exists()  # nothing written where it runs


def test_index_dir_option_beats_the_variable(elsewhere: Path, fake: dict[str, Any]) -> None:
    chosen = elsewhere / "chosen"
    result = _invoke(fake, "build", "--index-dir", str(chosen))
    assert result.exit_code == 0, result.output
    assert (chosen / INDEX / "params.json").is_file()
    assert not (elsewhere / "indexes").exists()


def test_cite_a_claim_from_elsewhere(elsewhere: Path, fake: dict[str, Any]) -> None:
    result = _invoke(fake, "cite", "securities markets liberalization", "--json")
    assert result.exit_code == 0, result.output
    support = json.loads(result.stdout)
    assert support["query"] == "securities markets liberalization"
    found = support["notes"] + support["passages"]
    assert found
    # The library holds the bundled paper from the start; each finding names it.
    assert {item["paper"]["id"] for item in found} == {INDEX}


def test_eval_uses_the_bundled_gold_set_from_elsewhere(
    elsewhere: Path, fake: dict[str, Any]
) -> None:
    from posenqa.evaluation import load_gold, select_split
    from posenqa.paths import BUNDLED_GOLD

    result = _invoke(fake, "eval", "--mode", "bm25", "--split", "dev", "--json")
    assert result.exit_code == 0, result.output
    scores = json.loads(result.stdout)
    assert scores["gold"] == str(BUNDLED_GOLD)
    assert scores["questions"] == len(select_split(load_gold(BUNDLED_GOLD), "dev"))
    assert scores["manifest"]["source"] == str(BUNDLED_PAPER)


@pytest.mark.parametrize("args", [["tui"], []])  # `posenqa` alone opens the TUI too
def test_tui_opens_on_the_library_from_elsewhere(
    elsewhere: Path, monkeypatch: pytest.MonkeyPatch, args: list[str]
) -> None:
    opened: list[dict[str, Any]] = []

    class App:
        def run(self) -> None:
            opened[-1]["ran"] = True

    def make_app(paper: str | None, **kwargs: Any) -> App:
        opened.append({"paper": paper, **kwargs})
        return App()

    monkeypatch.setattr("posenqa.tui.make_app", make_app)
    result = _invoke(None, *args)
    assert result.exit_code == 0, result.output
    assert opened[0]["paper"] is None  # the whole library, which holds the bundled paper
    assert Path(opened[0]["index_root"]) == elsewhere / "indexes"
    assert opened[0]["ran"]


def test_the_group_help_says_indexes_can_move() -> None:
    result = _invoke(None, "--help")
    assert result.exit_code == 0, result.output
    assert f"${INDEX_DIR_ENV}" in result.output and "--index-dir" in result.output


@pytest.mark.parametrize("name", ["ask", "build", "cite", "eval", "tui"])
def test_help_says_where_indexes_live(name: str) -> None:
    result = _invoke(None, name, "--help")
    assert result.exit_code == 0, result.output
    text = " ".join(result.output.split())
    assert f"${INDEX_DIR_ENV}" in text
    assert " ".join(str(user_index_dir()).split()) in text


def _posenqa(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """``python -m posenqa ARGS`` in a fresh process, run in ``cwd``."""
    source = str(Path(__file__).resolve().parents[2] / "src")
    env = {**os.environ, "PYTHONPATH": source + os.pathsep + os.environ.get("PYTHONPATH", "")}
    return subprocess.run(
        [sys.executable, "-m", "posenqa", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_cite_a_note_in_a_fresh_process_from_elsewhere(elsewhere: Path) -> None:
    done = _posenqa(elsewhere / "work", "cite", "--note", "22", "--json")
    assert done.returncode == 0, done.stderr
    note = json.loads(done.stdout)
    assert note["number"] == 22
    assert note["references"][0]["resolved_from"] == 11  # "Steil, Illusions" in full in n. 11


def test_a_missing_paper_is_one_line_from_elsewhere(elsewhere: Path) -> None:
    done = _posenqa(elsewhere / "work", "ask", "anything?", "--doc", "nowhere.pdf")
    assert done.returncode == 1
    assert "nowhere.pdf: no such file" in done.stderr
    assert "Traceback" not in done.stderr
