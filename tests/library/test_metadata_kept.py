"""A paper's labels (title, author, year: a court's name looked for in its first page) are
made when it is added or re-indexed and kept in the manifest, not made again at each opening."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import posenqa.library.registry as registry
from posenqa.library.labels import LABELS_VERSION
from posenqa.library.manage import add_paper, open_library, remove_paper
from posenqa.library.registry import LIBRARY_FILE, bundled_entry, read_library


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The titles of the documents ``best_metadata`` was asked about."""
    seen: list[str] = []
    real = registry.best_metadata

    def best_metadata(document):  # type: ignore[no-untyped-def]
        seen.append(document.title)
        return real(document)

    monkeypatch.setattr(registry, "best_metadata", best_metadata)
    return seen


def _library(root: Path, papers, opener) -> None:  # type: ignore[no-untyped-def]
    open_paper, _, _ = opener(root)
    remove_paper(root, bundled_entry().id)
    for name in ("alpha.txt", "beta.txt"):
        add_paper(root, papers[name], open_paper)


def test_opening_a_library_again_makes_no_labels(tmp_path: Path, papers, opener, counted) -> None:  # type: ignore[no-untyped-def]
    root = tmp_path / "index"
    _library(root, papers, opener)
    assert counted == ["Banks and Land", "Exchange Rates"]  # once each, when added
    assert {p.labels for p in read_library(root)} == {LABELS_VERSION}
    before = (root / LIBRARY_FILE).read_bytes()
    for _ in range(2):
        open_paper, make_engine, _ = opener(root)
        library = open_library(root, open_paper, make_engine)
        assert [p.short for p in library.papers.values()] == ["Alpha 1999", "Beta 2003"]
    assert counted == ["Banks and Land", "Exchange Rates"]
    assert (root / LIBRARY_FILE).read_bytes() == before  # nothing to write either


def test_labels_of_an_older_manifest_or_a_changed_file_are_made_again(
    tmp_path: Path, papers, opener, counted
) -> None:  # type: ignore[no-untyped-def]
    root = tmp_path / "index"
    _library(root, papers, opener)
    # A manifest written before labels were kept (no "labels"), with a stale title.
    data = json.loads((root / LIBRARY_FILE).read_text(encoding="utf-8"))
    for paper in data["papers"]:
        del paper["labels"]
        paper["title"] = "stale"
    (root / LIBRARY_FILE).write_text(json.dumps(data), encoding="utf-8")
    counted.clear()
    open_paper, make_engine, _ = opener(root)
    open_library(root, open_paper, make_engine)
    assert counted == ["Banks and Land", "Exchange Rates"]
    assert [p.title for p in read_library(root)] == ["Banks and Land", "Exchange Rates"]
    # A changed file is re-indexed on opening, and labelled again (that paper only).
    alpha = papers["alpha.txt"]
    alpha.write_text(alpha.read_text().replace("Banks and Land", "Banks, Land"), encoding="utf-8")
    counted.clear()
    open_paper, make_engine, _ = opener(root)
    open_library(root, open_paper, make_engine)
    assert counted == ["Banks, Land"]
    assert read_library(root)[0].title == "Banks, Land"


def test_library_json_shows_the_papers_not_the_labelling_version(run, papers) -> None:  # type: ignore[no-untyped-def]
    run("remove", bundled_entry().id)
    run("add", str(papers["alpha.txt"]))
    (row,) = json.loads(run("library", "--json").stdout)
    assert "labels" not in row
    assert (row["id"], row["title"], row["status"]) == ("alpha-txt", "Banks and Land", "indexed")


def test_library_reads_a_file_again_only_when_its_stamp_changed(
    run, papers, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    import os

    import posenqa.parsing

    run("remove", bundled_entry().id)
    run("add", str(papers["alpha.txt"]))
    real, hashed = posenqa.parsing.file_sha256, []

    def counted(path):  # type: ignore[no-untyped-def]
        hashed.append(Path(path).name)
        return real(path)

    monkeypatch.setattr(posenqa.parsing, "file_sha256", counted)

    def status() -> str:
        (row,) = json.loads(run("library", "--json").stdout)
        return str(row["status"])

    assert status() == "indexed"
    assert hashed == []  # size and time as when it was indexed: not read
    os.utime(papers["alpha.txt"], ns=(1, 1))  # touched: read, and still the same bytes
    assert status() == "indexed" and hashed == ["alpha.txt"]
    papers["alpha.txt"].write_text(papers["alpha.txt"].read_text() + "\n\nMore.", "utf-8")
    assert status() == "file changed (re-indexed on use)"
