"""Adding many files at once: worker processes parse, the model (loaded once) embeds here."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from click.testing import CliRunner

from posenqa.cli import cli
from posenqa.library.ingest import ThreadPlan, add_files, plan_threads
from posenqa.library.manage import ADDED, UNCHANGED, remove_paper
from posenqa.library.prepare import Failure
from posenqa.library.registry import bundled_entry, read_library


@pytest.mark.parametrize(
    ("files", "workers", "available", "plan"),
    [
        (10, None, 2, ThreadPlan(1, 1)),  # two cores: one parses, the model keeps one
        (10, None, 8, ThreadPlan(7, 1)),
        (10, 3, 8, ThreadPlan(3, 5)),  # the model gets the cores the workers leave
        (1, None, 8, ThreadPlan(0, 0)),  # one file: parsed here, a worker costs more
        (10, None, 1, ThreadPlan(0, 0)),  # one core: nothing to overlap
        (2, 6, 8, ThreadPlan(2, 6)),  # never more workers than files
        (10, 0, 8, ThreadPlan(0, 0)),  # asked for none: serial, the model on every core
    ],
)
def test_thread_plan(files: int, workers: int | None, available: int, plan: ThreadPlan) -> None:
    assert plan_threads(files, workers, available) == plan


@pytest.fixture
def files(papers: dict[str, Path]) -> list[Path]:
    """The three small papers (parsed by the real text parser) and a broken PDF between them."""
    broken = papers["alpha.txt"].parent / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4\nthis is not a PDF body\n")
    return [papers["alpha.txt"], broken, papers["beta.txt"], papers["gamma.txt"]]


class _Loader:
    """Hands out one embedder, counting how often the model was loaded."""

    def __init__(self, embedder: Any) -> None:
        self.embedder = embedder
        self.loads = 0

    def __call__(self) -> Any:
        self.loads += 1
        return self.embedder


def _add(root: Path, files: list[Path], embedder: Any, workers: int) -> Any:
    if bundled_entry().id in {p.id for p in read_library(root)}:
        remove_paper(root, bundled_entry().id)
    loader = _Loader(embedder)
    report = add_files(root, files, checksum=embedder.checksum, embedder=loader, workers=workers)
    return report, loader


def _index(root: Path, paper: str) -> tuple[list[str], np.ndarray]:
    passages = (root / paper / "passages.jsonl").read_text(encoding="utf-8").splitlines()
    return passages, np.load(root / paper / "embeddings.npy")


def test_workers_add_the_good_files_report_the_bad_one_and_match_a_serial_add(
    tmp_path: Path, files: list[Path], fake_embedder_type
) -> None:  # type: ignore[no-untyped-def]
    parallel, serial = tmp_path / "parallel", tmp_path / "serial"
    report, loader = _add(parallel, files, fake_embedder_type(), workers=1)
    assert report.plan.workers == 1
    assert [a.entry.id for a in report.added] == ["alpha-txt", "beta-txt", "gamma-txt"]
    assert {a.status for a in report.added} == {ADDED}
    (bad,) = report.failed
    assert bad.file == str(files[1].resolve()) and "broken.pdf" in bad.reason
    assert "\n" not in bad.reason and "Traceback" not in bad.reason
    assert loader.loads == 1  # the model is loaded once for all the files
    assert [p.id for p in read_library(parallel)] == ["alpha-txt", "beta-txt", "gamma-txt"]

    report, _ = _add(serial, files, fake_embedder_type(), workers=0)
    assert report.plan == ThreadPlan(0, 0)
    for paper in ("alpha-txt", "beta-txt", "gamma-txt"):
        a, b = _index(parallel, paper), _index(serial, paper)
        assert a[0] == b[0]
        assert np.array_equal(a[1], b[1])


def test_adding_again_embeds_nothing_and_loads_no_model(
    tmp_path: Path, papers: dict[str, Path], fake_embedder_type
) -> None:  # type: ignore[no-untyped-def]
    root = tmp_path / "index"
    embedder = fake_embedder_type()
    _add(root, [papers["alpha.txt"], papers["beta.txt"]], embedder, workers=0)
    calls = embedder.calls
    report, loader = _add(root, [papers["beta.txt"], papers["alpha.txt"]], embedder, workers=1)
    assert [(a.entry.id, a.status) for a in report.added] == [
        ("beta-txt", UNCHANGED),
        ("alpha-txt", UNCHANGED),
    ]
    assert loader.loads == 0 and embedder.calls == calls


class _Interrupting:
    """An embedder that is interrupted (Ctrl-C) while embedding its ``at``-th paper."""

    def __init__(self, embedder: Any, at: int) -> None:
        self._embedder, self._at, self._papers = embedder, at, 0
        self.dim, self.name, self.checksum = embedder.dim, embedder.name, embedder.checksum

    def encode(self, texts: Any) -> Any:
        return self._embedder.encode(texts)

    def start(self) -> None:
        self._papers += 1
        if self._papers == self._at:
            raise KeyboardInterrupt


def test_adding_again_clears_what_a_killed_build_left(
    tmp_path: Path, papers: dict[str, Path], fake_embedder_type
) -> None:  # type: ignore[no-untyped-def]
    root = tmp_path / "index"
    embedder = fake_embedder_type()
    _add(root, [papers["alpha.txt"]], embedder, workers=0)
    half = root / ".alpha-txt.tmp-0123abcd"  # a rebuild killed while writing (SIGKILL)
    half.mkdir()
    (half / "embeddings.npy").write_bytes(b"half")
    report, _ = _add(root, [papers["alpha.txt"]], embedder, workers=0)
    assert [a.status for a in report.added] == [UNCHANGED]  # its index is current
    assert not half.exists()


def test_ctrl_c_keeps_the_papers_added_before_it(
    tmp_path: Path, papers: dict[str, Path], fake_embedder_type
) -> None:  # type: ignore[no-untyped-def]
    root = tmp_path / "index"
    remove_paper(root, bundled_entry().id)
    embedder = _Interrupting(fake_embedder_type(), at=2)
    order = [papers["alpha.txt"], papers["beta.txt"], papers["gamma.txt"]]

    def progress(_path: Path, done: int, _total: int) -> None:
        if done == 0:
            embedder.start()

    report = add_files(
        root, order, checksum=embedder.checksum, embedder=lambda: embedder, workers=1,
        progress=progress,
    )  # fmt: skip
    assert report.interrupted
    assert [a.entry.id for a in report.added] == ["alpha-txt"]
    assert report.not_done == (str(order[1].resolve()), str(order[2].resolve()))
    assert [p.id for p in read_library(root)] == ["alpha-txt"]
    assert not (root / "beta-txt").exists()  # the interrupted build left no index
    assert not list(root.glob(".beta-txt.tmp-*"))


def test_add_command_reports_each_bad_file_and_exits_1(
    tmp_path: Path, files: list[Path], fake_embedder_type
) -> None:  # type: ignore[no-untyped-def]
    index = tmp_path / "index"
    missing = tmp_path / "missing.pdf"
    run = CliRunner()
    obj = {"embedder": fake_embedder_type()}
    args = ["--index-dir", str(index)]
    assert run.invoke(cli, ["remove", bundled_entry().id, *args], obj=obj).exit_code == 0
    result = run.invoke(
        cli, ["add", *map(str, files), str(missing), "--workers", "1", *args], obj=obj
    )
    assert result.exit_code == 1
    assert [line.split(":")[0] for line in result.stdout.splitlines()] == ["added"] * 3
    errors = result.stderr.splitlines()
    assert errors[-1] == "Error: 2 of 5 files not added"
    assert any(line.startswith("posenqa: not added: ") and "broken.pdf" in line for line in errors)
    assert any("missing.pdf: no such file" in line for line in errors)
    listed = json.loads(run.invoke(cli, ["library", "--json", *args], obj=obj).stdout)
    assert [row["id"] for row in listed] == ["alpha-txt", "beta-txt", "gamma-txt"]


def _buggy_parser(path: Path) -> Any:
    raise ValueError("list index out of range")


def test_a_parser_bug_on_one_file_is_that_files_failure(tmp_path: Path) -> None:
    from posenqa.library.prepare import parser_name, prepare
    from posenqa.settings import default_settings

    paper = tmp_path / "paper.txt"
    paper.write_text("text", encoding="utf-8")
    settings = default_settings().passages
    # In this process by the function, in a worker by its name: the same failure.
    for parse in (_buggy_parser, parser_name(_buggy_parser)):
        assert prepare(paper, settings, parse) == Failure(
            str(paper), f"{paper}: cannot be parsed (ValueError: list index out of range)"
        )
    assert parser_name(lambda p: p) is None  # cannot be sent to a worker: parsed here


#: A parser module a spawned worker imports by name: it kills its own process (SIGKILL,
#: as the out-of-memory killer does) on the file named ``doomed.txt``.
_KILLER = """
import os
import signal

from posenqa.parsing import parse_file


def parse(path):
    if path.name == "doomed.txt":
        os.kill(os.getpid(), signal.SIGKILL)
    return parse_file(path)
"""


#: A paper of its own (a copy of another would not be parsed: it is that paper).
DOOMED = "Doomed\n\nDee Doom\n\n2011\n\nThis paper's parser is killed before it is read."


@pytest.fixture
def killer(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    """The killing parser (spawned workers find its module: they get this sys.path)."""
    import importlib

    folder = tmp_path / "killer"
    folder.mkdir()
    (folder / "posenqa_test_killer.py").write_text(_KILLER, encoding="utf-8")
    monkeypatch.syspath_prepend(str(folder))
    return importlib.import_module("posenqa_test_killer").parse


def test_a_worker_killed_by_the_system_costs_its_file_only(
    tmp_path: Path, papers: dict[str, Path], killer: Any, fake_embedder_type
) -> None:  # type: ignore[no-untyped-def]
    doomed = papers["alpha.txt"].parent / "doomed.txt"
    doomed.write_text(
        papers["gamma.txt"].read_text(encoding="utf-8") + "\n\nDoomed.", encoding="utf-8"
    )
    order = [papers["alpha.txt"], doomed, papers["beta.txt"], papers["gamma.txt"]]
    root = tmp_path / "index"
    remove_paper(root, bundled_entry().id)
    embedder = fake_embedder_type()
    # Two workers: the doomed file dies beside another file being parsed.
    report = add_files(
        root, order, checksum=embedder.checksum, embedder=lambda: embedder, parse=killer,
        workers=2,
    )  # fmt: skip
    assert report.plan.workers == 2 and not report.interrupted
    assert [a.entry.id for a in report.added] == ["alpha-txt", "beta-txt", "gamma-txt"]
    (lost,) = report.failed
    assert lost.file == str(doomed.resolve())
    assert lost.reason == f"{doomed.resolve()}: not parsed: its process was killed by SIGKILL " \
        "(out of memory?)"  # fmt: skip
    assert [p.id for p in read_library(root)] == ["alpha-txt", "beta-txt", "gamma-txt"]
    assert not (root / "doomed-txt").exists()


def test_add_command_names_the_killed_file_and_exits_1(
    tmp_path: Path, papers: dict[str, Path], killer: Any, fake_embedder_type
) -> None:  # type: ignore[no-untyped-def]
    doomed = papers["alpha.txt"].parent / "doomed.txt"
    doomed.write_text(
        papers["gamma.txt"].read_text(encoding="utf-8") + "\n\nDoomed.", encoding="utf-8"
    )
    args = ["--index-dir", str(tmp_path / "index")]
    obj = {"embedder": fake_embedder_type(), "parse": killer}
    run = CliRunner()
    assert run.invoke(cli, ["remove", bundled_entry().id, *args], obj=obj).exit_code == 0
    files = [str(papers["alpha.txt"]), str(doomed), str(papers["beta.txt"])]
    result = run.invoke(cli, ["add", *files, "--workers", "1", *args], obj=obj)
    assert result.exit_code == 1
    assert [line.split(":")[0] for line in result.stdout.splitlines()] == ["added"] * 2
    said = [line for line in result.stderr.splitlines() if not line.startswith("indexing ")]
    assert said == [
        f"posenqa: not added: {doomed.resolve()}: not parsed: its process was killed by "
        "SIGKILL (out of memory?)",
        "Error: 1 of 3 files not added",
    ]
    listed = json.loads(run.invoke(cli, ["library", "--json", *args], obj=obj).stdout)
    assert [row["id"] for row in listed] == ["alpha-txt", "beta-txt"]


@pytest.mark.parametrize(
    ("exitcode", "reason"),
    [
        (-9, "its process was killed by SIGKILL (out of memory?)"),
        (-15, "its process was killed by SIGTERM"),
        (1, "its process ended unexpectedly (exit status 1)"),
    ],
)
def test_a_dead_worker_is_said_in_words(exitcode: int, reason: str) -> None:
    from posenqa.library.workers import Lost, death

    assert death(exitcode) == Lost(reason)


def test_a_copy_of_the_bundled_paper_added_to_a_new_library_is_that_paper(
    tmp_path: Path, fake_embedder_type
) -> None:  # type: ignore[no-untyped-def]
    # A new library holds the bundled paper unindexed, with no checksum recorded: a copy
    # of its file under its own name ("posenqa add corpus/") is that paper, not a clash.
    from posenqa.library.manage import COPY
    from posenqa.paths import BUNDLED_PAPER

    copy = tmp_path / "corpus" / BUNDLED_PAPER.name
    copy.parent.mkdir()
    copy.write_bytes(BUNDLED_PAPER.read_bytes())
    root = tmp_path / "library"
    embedder = fake_embedder_type()
    loader = _Loader(embedder)
    report = add_files(root, [copy], checksum=embedder.checksum, embedder=loader)
    assert report.failed == ()
    (added,) = report.added
    assert added.status == COPY and added.entry.id == bundled_entry().id
    assert loader.loads == 0  # nothing was indexed twice
    assert [p.id for p in read_library(root)] == [bundled_entry().id]
