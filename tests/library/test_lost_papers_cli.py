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


@pytest.mark.parametrize("args", [("ask", "dollar"), ("cite", "--list")])
def test_a_library_of_lost_papers_says_none_can_be_searched(lost, papers, args) -> None:  # type: ignore[no-untyped-def]
    # cite --list had printed "Works cited in 0 papers" and exited 0
    papers["alpha.txt"].unlink()
    shutil.rmtree(papers["alpha.txt"].parents[1] / "index" / "alpha-txt")
    result = lost(*args)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.splitlines()[-1].startswith(
        "Error: no paper of the library can be searched (beta-txt: its file"
    )


def test_the_listing_ends_with_what_needs_care(lost) -> None:  # type: ignore[no-untyped-def]
    listed = lost("library").stdout.splitlines()
    assert listed[-1] == "2 papers; 1 cannot be searched"


def test_the_summary_counts_each_kind_of_status() -> None:
    from posenqa.cli.library_cmd import summary

    statuses = [
        "indexed",
        "indexed (source file gone; the index is used as it is)",
        "file changed (re-indexed on use)",
        "file changed (re-indexed on use)",
        "not indexed yet",
    ]
    assert summary(statuses, 1000) == (
        "5 of 1000 papers; 1 source file gone, 2 file changed, 1 not indexed yet"
    )
    assert summary(["indexed"], 1) == "1 paper, all indexed"
