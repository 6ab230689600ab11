"""``posenqa add``, ``library``, ``remove`` and ``ask`` across the library, on small papers."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from posenqa.library.registry import bundled_entry


def test_add_list_ask_remove(run, papers) -> None:  # type: ignore[no-untyped-def]
    listed = run("library")
    assert listed.exit_code == 0 and bundled_entry().id in listed.stdout
    assert "not indexed yet" in listed.stdout
    assert run("remove", bundled_entry().id).exit_code == 0
    added = run("add", str(papers["alpha.txt"]), str(papers["beta.txt"]))
    assert added.exit_code == 0, added.output
    assert added.stdout.splitlines() == [
        "added: alpha-txt — Alpha 1999, Banks and Land (2 pages, 1 notes, 2 passages)",
        "added: beta-txt — Beta 2003, Exchange Rates (2 pages, 1 notes, 2 passages)",
    ]
    assert run("add", str(papers["alpha.txt"])).stdout.startswith("unchanged: alpha-txt")
    rows = json.loads(run("library", "--json").stdout)
    assert [(r["id"], r["status"]) for r in rows] == [
        ("alpha-txt", "indexed"),
        ("beta-txt", "indexed"),
    ]

    text = run("ask", "Did the dollar rise in 1999?", "--mode", "bm25", "--no-rerank")
    assert text.exit_code == 0, text.output
    first = text.stdout.split("\n\n")[0].splitlines()
    assert first[1] == "    Beta 2003, Exchange Rates"
    data = json.loads(
        run("ask", "Why did regulators wait?", "--json", "--mode", "bm25", "--no-rerank").stdout
    )
    assert {r["paper"]["id"] for r in data["results"]} == {"alpha-txt"}
    assert data["results"][0]["paper"] == {
        "id": "alpha-txt",
        "title": "Banks and Land",
        "authors": ["Ann Alpha"],
        "year": 1999,
    }
    only = json.loads(
        run("ask", "dollar yen land", "--doc", "beta-txt", "--json", "--no-rerank").stdout
    )
    assert {r["paper"]["id"] for r in only["results"]} == {"beta-txt"}

    removed = run("remove", "beta-txt")
    assert removed.stdout == "removed: beta-txt — Beta 2003, Exchange Rates\n"
    missing = run("ask", "dollar", "--doc", "beta-txt")
    assert missing.exit_code == 1
    assert missing.stderr.startswith("Error: beta-txt: no such file, and no paper of that name")


def test_a_file_not_in_the_library_is_answered_alone(run, papers) -> None:  # type: ignore[no-untyped-def]
    run("remove", bundled_entry().id)
    run("add", str(papers["alpha.txt"]))
    data = json.loads(
        run(
            "ask", "moral hazard", "--doc", str(papers["gamma.txt"]), "--json", "--no-rerank"
        ).stdout
    )
    assert "paper" not in data["results"][0]  # the single-paper answer, as before
    assert any("moral hazard" in r["text"] for r in data["results"])
    assert [r["id"] for r in json.loads(run("library", "--json").stdout)] == ["alpha-txt"]


def test_errors_are_one_line(run, papers, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    result = run("remove", "nope")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: nope: not in the library")
    result = run("add", str(tmp_path / "absent.pdf"))
    assert result.exit_code == 1 and "no such file" in result.stderr


def test_a_damaged_library_manifest_is_one_line(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "index").mkdir()
    (tmp_path / "index" / "library.json").write_text("{not json", encoding="utf-8")
    result = run("library")
    assert result.exit_code == 1
    assert "damaged library manifest" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def _ranked(data: dict[str, Any]) -> list[tuple[str, str, float]]:
    return [(r["paper"]["id"], r["id"], r["score"]) for r in data["results"]]


@pytest.mark.parametrize("mode", ["bm25", "dense", "hybrid"])
def test_doc_narrows_the_results_not_the_statistics_as_the_tui_filter_does(
    run, papers, opener, tmp_path: Path, mode: str
) -> None:  # type: ignore[no-untyped-def]
    from posenqa.library.manage import open_library
    from posenqa.tui.shelf import Shelf

    run("remove", bundled_entry().id)
    assert run("add", *(str(p) for p in papers.values())).exit_code == 0
    question = "Why did land prices and banks fall?"

    def ask(*extra: str) -> list[tuple[str, str, float]]:
        result = run("ask", question, "--mode", mode, "--no-rerank", "--json", *extra)
        assert result.exit_code == 0, result.output
        return _ranked(json.loads(result.stdout))

    chosen = ask("--doc", "alpha-txt", "--doc", "gamma.txt", "--k", "100")
    assert {paper for paper, _, _ in chosen} == {"alpha-txt", "gamma-txt"}
    # Each passage scores as in the whole library: the filter only drops the others.
    every = ask("--k", "100")
    assert chosen == [hit for hit in every if hit[0] in {"alpha-txt", "gamma-txt"}]

    # The TUI filtered to the same papers ranks the same passages the same.
    open_paper, make_engine, _ = opener(tmp_path / "index")
    shelf = Shelf(open_library(tmp_path / "index", open_paper, make_engine))
    found = shelf.filtered(["gamma-txt", "alpha-txt"]).ask(question, k=100, mode=mode, rerank=False)
    tui = [
        (paper.id, hit.passage.id, round(hit.score, 6))
        for hit, paper in zip(found.answer.hits, found.papers, strict=True)
    ]
    assert tui == chosen


def test_a_copy_of_a_paper_under_another_name_is_not_added_again(run, papers) -> None:  # type: ignore[no-untyped-def]
    run("remove", bundled_entry().id)
    copy = papers["alpha.txt"].parent / "alpha-copy.txt"
    copy.write_bytes(papers["alpha.txt"].read_bytes())
    assert run("add", str(papers["alpha.txt"])).exit_code == 0
    again = run("add", str(copy), str(papers["beta.txt"]), str(copy.parent / "alpha-copy.txt"))
    assert again.exit_code == 0, again.output
    assert again.stdout.splitlines() == [
        f"copy: {copy} is the same file as alpha-txt, not added again",
        "added: beta-txt — Beta 2003, Exchange Rates (2 pages, 1 notes, 2 passages)",
    ]
    # Two new copies in one command: the first is added, the second is a copy of it.
    twin = copy.parent / "gamma-twin.txt"
    twin.write_bytes(papers["gamma.txt"].read_bytes())
    both = run("add", str(papers["gamma.txt"]), str(twin))
    assert [line.split(":")[0] for line in both.stdout.splitlines()] == ["added", "copy"]
    listed = [r["id"] for r in json.loads(run("library", "--json").stdout)]
    assert listed == ["alpha-txt", "beta-txt", "gamma-txt"]


def test_a_copy_of_the_papers_folder_adds_nothing_and_a_moved_paper_is_found_again(
    run, papers, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    run("remove", bundled_entry().id)
    assert run("add", str(papers["alpha.txt"])).exit_code == 0
    backup = tmp_path / "backup"
    backup.mkdir()
    (backup / "alpha.txt").write_bytes(papers["alpha.txt"].read_bytes())
    same = run("add", str(backup / "alpha.txt"))  # same name, same bytes: a copy
    assert same.exit_code == 0, same.output
    assert (
        same.stdout
        == f"copy: {backup / 'alpha.txt'} is the same file as alpha-txt, not added again\n"
    )
    # Same name, other bytes, while the first file is there: two papers cannot share an index.
    (backup / "alpha.txt").write_text("Other\n\nAnn Other\n\n2020\n\nText.", encoding="utf-8")
    other = run("add", str(backup / "alpha.txt"))
    assert other.exit_code == 1 and "another file of the same name" in other.stderr
    # The paper moved (its file gone): adding it from its new place records that place.
    moved = tmp_path / "moved.d"
    moved.mkdir()
    papers["alpha.txt"].rename(moved / "alpha.txt")
    found = run("add", str(moved / "alpha.txt"))
    assert found.stdout.startswith("unchanged: alpha-txt"), found.output
    (entry,) = json.loads(run("library", "--json").stdout)
    assert (entry["source"], entry["status"]) == (str(moved / "alpha.txt"), "indexed")


def test_an_unreadable_file_is_one_line(run, papers, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import posenqa.parsing

    real = posenqa.parsing.file_sha256

    def guarded(path: Path) -> str:  # as chmod 000 does for a user who is not root
        if Path(path).name == "beta.txt":
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(posenqa.parsing, "file_sha256", guarded)
    run("remove", bundled_entry().id)
    result = run("add", str(papers["alpha.txt"]), str(papers["beta.txt"]))
    assert result.exit_code == 1
    assert result.stdout.startswith("added: alpha-txt")
    said = [line for line in result.stderr.splitlines() if not line.startswith("indexing ")]
    assert said == [
        f"posenqa: not added: {papers['beta.txt']}: permission denied",
        "Error: 1 of 2 files not added",
    ]


def test_names_that_match_no_paper_or_several_are_one_line(run, papers) -> None:  # type: ignore[no-untyped-def]
    run("remove", bundled_entry().id)
    folder = papers["alpha.txt"].parent
    for n in range(8):
        (folder / f"paper{n}.txt").write_text(PAPER.format(n=n), encoding="utf-8")
    assert run("add", *(str(folder / f"paper{n}.txt") for n in range(8))).exit_code == 0
    for args, said in [
        (("remove", "paper"), "Error: paper: several papers match (paper0-txt, paper1-txt, "
         "paper2-txt, paper3-txt, paper4-txt, paper5-txt and 2 more); give more of the name"),
        (("remove", "nope"), "Error: nope: not in the library (it holds: paper0-txt, paper1-txt, "
         "paper2-txt, paper3-txt, paper4-txt, paper5-txt and 2 more: `posenqa library` lists "
         "them)"),
        (("remove", ""), "Error: a paper's name is empty (`posenqa library` lists the names)"),
        (("ask", "land", "--doc", "paper"), "Error: paper: several papers match (paper0-txt, "
         "paper1-txt, paper2-txt, paper3-txt, paper4-txt, paper5-txt and 2 more); give more of "
         "the name"),
        (("ask", "land", "--doc", "paper1", "--doc", "nope"), "Error: nope: no such file, and no "
         "paper of that name in the library (it holds: paper0-txt, paper1-txt, paper2-txt, "
         "paper3-txt, paper4-txt, paper5-txt and 2 more: `posenqa library` lists them)"),
    ]:  # fmt: skip
        result = run(*args)
        assert result.exit_code == 1 and result.stderr.splitlines() == [said], args
    assert len(json.loads(run("library", "--json").stdout)) == 8  # nothing was removed
    removed = run("remove", "paper7")  # a unique start names one paper
    assert removed.stdout.startswith("removed: paper7-txt")


PAPER = "Paper {n}\n\nAnn Author\n\n2001\n\nLand prices fell in year {n}."


def test_names_from_outside_are_terminal_safe(run, papers) -> None:  # type: ignore[no-untyped-def]
    run("remove", bundled_entry().id)
    evil = papers["alpha.txt"].parent / "evil\x1b[2J\x07.txt"
    evil.write_text(PAPER.format(n=1), encoding="utf-8")
    bad = papers["alpha.txt"].parent / "bad\x1b]0;owned\x07.pdf"
    bad.write_bytes(b"not a pdf")
    result = run("add", str(evil), str(bad))
    result_remove = run("remove", "\x1b[2Jnope")
    for text in (result.stdout, result.stderr, result_remove.stderr, run("library").stdout):
        assert "\x1b" not in text and "\x07" not in text
    assert result.exit_code == 1 and result_remove.exit_code == 1


def test_tui_takes_a_paper_by_the_names_ask_doc_takes(run, papers, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from posenqa.tui import make_app

    run("remove", bundled_entry().id)
    assert run("add", str(papers["alpha.txt"]), str(papers["beta.txt"])).exit_code == 0
    index = tmp_path / "index"
    for name in ("alpha-txt", "alph", "alpha.txt", str(papers["alpha.txt"])):
        assert make_app(name, index_root=index).selection == ("alpha-txt",), name
    for name, said in [
        (
            "nope",
            "Error: nope: no such file, and no paper of that name in the library "
            "(it holds: alpha-txt, beta-txt)",
        ),
        ("", "Error: a paper's name is empty (`posenqa library` lists the names)"),
    ]:
        result = run("tui", name)
        assert result.exit_code == 1 and result.stderr.splitlines() == [said]
    run("add", str(papers["gamma.txt"]))
    (papers["alpha.txt"].parent / "alpine.txt").write_text(PAPER.format(n=3), encoding="utf-8")
    run("add", str(papers["alpha.txt"].parent / "alpine.txt"))
    result = run("tui", "alp")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "Error: alp: several papers match (alpha-txt, alpine-txt); give more of the name"
    ]


def test_an_unanswered_question_is_said_once_for_the_papers_searched(
    run, papers, opener, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    from dataclasses import replace

    from posenqa.cli.library_view import format_library_answer
    from posenqa.library.manage import open_library

    run("remove", bundled_entry().id)
    run("add", str(papers["alpha.txt"]), str(papers["beta.txt"]))
    nothing = run("ask", "zebra giraffe", "--mode", "bm25", "--no-rerank")
    assert nothing.exit_code == 0
    assert nothing.stdout.strip() == "No passage matches the question."  # no "nearest"
    open_paper, make_engine, _ = opener(tmp_path / "index")
    library = open_library(tmp_path / "index", open_paper, make_engine)
    found = library.ask("Did the dollar rise?", k=1, mode="bm25", rerank=False)
    assert found.answer.hits
    unsure = replace(found, answer=replace(found.answer, abstained=True))
    first = format_library_answer(unsure, library, color=False).splitlines()[0]
    assert first.startswith("Not answered in the papers searched (confidence")
    assert first.endswith("The nearest passages:")


def test_a_folder_adds_its_pdfs_and_text_files(run, papers, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    run("remove", bundled_entry().id)
    folder = papers["alpha.txt"].parent
    (folder / "course" / "week2").mkdir(parents=True)
    papers["beta.txt"].rename(folder / "course" / "week2" / "beta.txt")
    (folder / "course" / "notes.md").write_text("not a paper", encoding="utf-8")
    (folder / ".hidden").mkdir()
    (folder / ".hidden" / "junk.txt").write_text("junk", encoding="utf-8")
    (tmp_path / "empty").mkdir()
    result = run("add", str(folder), str(tmp_path / "empty"))
    assert result.exit_code == 1
    assert [line.split(" — ")[0] for line in result.stdout.splitlines()] == [
        "added: alpha-txt",  # papers/alpha.txt
        "added: beta-txt",  # papers/course/week2/beta.txt
        "added: gamma-txt",
    ]
    said = [line for line in result.stderr.splitlines() if not line.startswith("indexing ")]
    assert said == [
        f"posenqa: not added: {tmp_path / 'empty'}: no PDF or .txt file",
        "Error: 1 of 4 files not added",
    ]
    indexing = [line for line in result.stderr.splitlines() if line.startswith("indexing ")]
    assert indexing == [  # how far along a long add is
        "indexing alpha.txt (1 of 3)",
        "indexing beta.txt (2 of 3)",
        "indexing gamma.txt (3 of 3)",
    ]
    again = run("add", str(folder))
    assert again.exit_code == 0 and again.stdout.count("unchanged:") == 3
    # An empty name is not the current folder (Path("") is "."): nothing is added.
    empty = run("add", "", " ")
    assert empty.exit_code == 1 and empty.stdout == ""
    assert empty.stderr.splitlines() == [
        "posenqa: not added: a file's name is empty",
        "posenqa: not added: a file's name is empty",
        "Error: 2 of 2 files not added",
    ]


def test_a_paper_whose_file_and_index_are_gone_is_said_so(run, papers, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    import shutil

    run("remove", bundled_entry().id)
    run("add", str(papers["alpha.txt"]), str(papers["beta.txt"]))
    papers["beta.txt"].unlink()
    shutil.rmtree(tmp_path / "index" / "beta-txt")
    (row,) = json.loads(run("library", "beta", "--json").stdout)
    assert row["status"] == (
        f"cannot be searched: its file ({papers['beta.txt']}) and its index are gone "
        "(`posenqa remove beta-txt`)"
    )


def test_sigterm_stops_an_add_as_ctrl_c_does(papers, tmp_path: Path, fake_embedder_type) -> None:  # type: ignore[no-untyped-def]
    import os
    import signal

    from click.testing import CliRunner

    from posenqa.cli import cli

    from .conftest import parse_small

    def parse(path: Path):  # type: ignore[no-untyped-def]
        if path.name == "beta.txt":  # `timeout` or a shutdown, while beta is parsed
            os.kill(os.getpid(), signal.SIGTERM)
        return parse_small(path)

    index = tmp_path / "index"
    obj = {"embedder": fake_embedder_type(), "parse": parse}
    files = [str(papers[n]) for n in ("alpha.txt", "beta.txt", "gamma.txt")]
    before = signal.getsignal(signal.SIGTERM)
    result = CliRunner().invoke(cli, ["add", *files, "--index-dir", str(index)], obj=obj)
    assert signal.getsignal(signal.SIGTERM) is before  # put back
    assert result.exit_code == 143
    assert result.stdout.startswith("added: alpha-txt")
    assert "posenqa: interrupted: 1 added, not added: " in result.stderr
    listed = json.loads(
        CliRunner().invoke(cli, ["library", "--json", "--index-dir", str(index)]).stdout
    )
    assert "alpha-txt" in [r["id"] for r in listed]  # in the manifest, not an orphan index
