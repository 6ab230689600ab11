"""The index on disk when things go wrong (issue 14): folders that cannot be written,
debris of killed builds, a faiss file that cannot be read back."""

from __future__ import annotations

import fcntl
import hashlib
import json
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from posenqa.answer import Engine
from posenqa.cli import cli
from posenqa.errors import IndexError_
from posenqa.parsing import file_sha256
from posenqa.store import FAISS, MANIFEST, clear_debris, lock, read_index

# A path no one can create, even root: /proc refuses new entries. (chmod does not
# stop root, and CI runs the tests as root.)
UNWRITABLE = Path("/proc/posenqa-test-index")


@pytest.fixture
def paper(tmp_path: Path) -> Path:
    path = tmp_path / "small.pdf"
    path.write_text("version 1")
    return path


@pytest.fixture
def opener(paper: Path, fake_embedder_type, small_document_factory) -> Callable[..., Engine]:  # type: ignore[no-untyped-def]
    def parse(path: Path) -> Any:
        return small_document_factory(path.name, file_sha256(path))

    def open_(root: Path, log: list[str] | None = None) -> Engine:
        return Engine.open(
            paper,
            index_root=root,
            parse=parse,
            embedder=fake_embedder_type(),
            log=log.append if log is not None else None,
        )

    return open_


def test_lock_in_a_folder_that_cannot_be_written_names_the_folder() -> None:
    with (
        pytest.raises(IndexError_, match=rf"^{UNWRITABLE}: the index folder cannot be written"),
        lock(UNWRITABLE, "small"),
    ):
        pass


def test_a_missing_index_in_a_folder_that_cannot_be_written_is_one_line(opener) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(IndexError_, match=rf"^{UNWRITABLE}: the index folder cannot be written"):
        opener(UNWRITABLE)


def test_build_into_a_folder_that_cannot_be_written_exits_1_with_one_line(
    paper: Path, fake_embedder_type, small_document_factory
) -> None:  # type: ignore[no-untyped-def]
    def parse(path: Path) -> Any:
        return small_document_factory(path.name, file_sha256(path))

    result = CliRunner().invoke(
        cli,
        ["build", str(paper), "--index-dir", str(UNWRITABLE)],
        obj={"embedder": fake_embedder_type(), "parse": parse},
    )
    assert result.exit_code == 1
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert result.output.strip().splitlines()[-1] == (
        f"Error: {UNWRITABLE}: the index folder cannot be written (no such file or directory)"
    )


@pytest.fixture
def read_only(tmp_path: Path) -> Iterator[Callable[[Path], None]]:
    """Make a folder read-only by bind-mounting it read-only over itself (skips without rights)."""
    mounted: list[Path] = []

    def make(folder: Path) -> None:
        for args in (["--bind", str(folder), str(folder)], ["-o", "remount,bind,ro", str(folder)]):
            done = subprocess.run(["mount", *args], capture_output=True, check=False)
            if done.returncode != 0:
                pytest.skip(f"cannot mount a read-only folder here: {done.stderr.decode()[:80]}")
            if folder not in mounted:
                mounted.append(folder)

    yield make
    for folder in mounted:
        # lazily: the engine's memory-mapped vectors keep the mount busy until collected
        subprocess.run(["umount", "--lazy", str(folder)], capture_output=True, check=False)


def test_a_valid_index_in_a_read_only_folder_still_answers(
    opener, read_only, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    root = tmp_path / "index"
    opener(root)
    read_only(root)
    with pytest.raises(OSError):
        (root / "probe").write_text("x")  # the mount really is read-only
    log: list[str] = []
    engine = opener(root, log)
    assert log == []
    assert engine.ask("notes", mode="hybrid", k=2).hits


def test_debris_of_a_killed_build_is_cleared_when_the_index_is_opened(opener, tmp_path) -> None:  # type: ignore[no-untyped-def]
    root = tmp_path / "index"
    opener(root)
    debris = root / ".small.tmp-deadbeef"
    debris.mkdir()
    (debris / "passages.jsonl").write_text("{")
    (root / "small.lock").touch()  # the empty lock file a killed build leaves
    log: list[str] = []
    opener(root, log)
    assert log == []  # the index itself was fine: not rebuilt
    assert not debris.exists()
    assert not (root / "small.lock").exists()


def test_debris_is_left_alone_while_a_build_holds_the_lock(tmp_path: Path) -> None:
    root = tmp_path / "index"
    root.mkdir()
    building = root / ".small.tmp-0123"
    building.mkdir()
    with (root / "small.lock").open("a") as handle:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        assert clear_debris(root, "small") is False
        assert building.exists()
    assert clear_debris(root, "small") is True
    assert not building.exists()


def test_lock_files_do_not_outlive_their_build(opener, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    root = tmp_path / "index"
    opener(root)
    assert not (root / "small.lock").exists()


def test_an_unreadable_faiss_file_with_a_matching_checksum_is_rebuilt(opener, tmp_path) -> None:  # type: ignore[no-untyped-def]
    root = tmp_path / "index"
    opener(root)
    path = root / "small"
    # Tamper with the faiss file and make the manifest agree: the checksum passes,
    # faiss cannot read it.
    (path / FAISS).write_bytes(b"not a faiss index")
    manifest = json.loads((path / MANIFEST).read_text())
    manifest["files"][FAISS] = {
        "size": 17,
        "sha256": hashlib.sha256(b"not a faiss index").hexdigest(),
    }
    (path / MANIFEST).write_text(json.dumps(manifest))
    read_index(path)  # verifies: the damage is invisible to the checksums
    log: list[str] = []
    engine = opener(root, log)
    answer = engine.ask("notes", mode="dense", k=2)
    assert answer.hits
    assert len(log) == 1
    assert "unreadable faiss index" in log[0]
    assert "rebuilding it" in log[0]
    # Put back on disk: the next open reads it without a word.
    again: list[str] = []
    assert opener(root, again).ask("notes", mode="dense", k=2).hits
    assert again == []
