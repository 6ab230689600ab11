"""A paper whose file and index are both gone (a deleted folder, a moved disk) is left out,
said on stderr, and the library still answers from the others."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from posenqa.library.registry import bundled_entry


@pytest.fixture
def lost(run, papers, tmp_path: Path):  # type: ignore[no-untyped-def]
    """A library of alpha and beta, beta's file and index deleted; ``run``."""
    run("remove", bundled_entry().id)
    assert run("add", str(papers["alpha.txt"]), str(papers["beta.txt"])).exit_code == 0
    papers["beta.txt"].unlink()
    shutil.rmtree(tmp_path / "index" / "beta-txt")
    return run


def _left_out(papers) -> str:  # type: ignore[no-untyped-def]
    return (
        f"posenqa: left out beta-txt: its file ({papers['beta.txt']}) and its index are gone; "
        "`posenqa remove beta-txt` takes it out"
    )


@pytest.mark.parametrize(
    "args",
    [
        ("ask", "Why did regulators wait?", "--json", "--no-rerank"),
        ("cite", "regulators closing banks", "--json", "--no-rerank"),
        ("cite", "--list", "--json"),
    ],
)
def test_the_others_still_answer(lost, papers, args) -> None:  # type: ignore[no-untyped-def]
    result = lost(*args)
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines() == [_left_out(papers)]
    text = json.dumps(json.loads(result.stdout))
    assert '"alpha-txt"' in text and '"beta-txt"' not in text  # alpha's, never beta's


def test_asking_the_lost_paper_alone_says_why(lost, papers) -> None:  # type: ignore[no-untyped-def]
    result = lost("ask", "dollar", "--doc", "beta")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"Error: beta-txt cannot be searched: its file ({papers['beta.txt']}) and its index "
        "are gone (`posenqa remove beta-txt`)"
    ]
    assert lost("remove", "beta").exit_code == 0  # and it can be taken out
    assert lost("ask", "dollar", "--no-rerank").stderr == ""


def test_a_library_of_lost_papers_says_none_can_be_searched(lost, papers) -> None:  # type: ignore[no-untyped-def]
    papers["alpha.txt"].unlink()
    shutil.rmtree(papers["alpha.txt"].parents[1] / "index" / "alpha-txt")
    result = lost("ask", "dollar")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1].startswith(
        "Error: no paper of the library can be searched (beta-txt: its file"
    )
