"""Each paper's works cited are kept beside the library: read back equal to what was
computed, computed again only for another paper or another code, never a stale list."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

import posenqa.references
from posenqa.document import Document
from posenqa.library.registry import LIBRARY_FILE, bundled_entry
from posenqa.library.works_cache import (
    WORKS_DIR,
    paper_works,
    work_from_dict,
    works_file,
)
from posenqa.references import works_cited

POSEN = Path(__file__).parents[1] / "references" / "data" / "posen_document.json"


@pytest.fixture(scope="module")
def posen() -> Document:
    return Document.from_dict(json.loads(POSEN.read_text(encoding="utf-8")))


def test_a_work_reads_back_as_it_was(posen: Document) -> None:
    works = works_cited(posen)
    assert len(works) > 20  # short forms, full references, body mentions
    assert [work_from_dict(json.loads(json.dumps(w.to_dict()))) for w in works] == works


def test_works_are_computed_once_per_paper_and_code(tmp_path: Path, posen: Document) -> None:
    calls: list[str] = []

    def compute(document, saved):  # type: ignore[no-untyped-def]
        calls.append(document.title)
        return works_cited(document, saved)

    first = paper_works(tmp_path, "posen", posen, compute=compute)
    again = paper_works(tmp_path, "posen", posen, compute=compute)
    assert again == first == works_cited(posen)
    assert calls == [posen.title]  # the second was read from the file
    # Another document under the same id (re-parsed: one page label moved) is computed.
    moved = replace(posen, blocks=(replace(posen.blocks[0], page=99), *posen.blocks[1:]))
    paper_works(tmp_path, "posen", moved, compute=compute)
    assert len(calls) == 2
    # A damaged file is computed again, not trusted.
    works_file(tmp_path, "posen").write_text("{not json", encoding="utf-8")
    assert paper_works(tmp_path, "posen", moved, compute=compute) == works_cited(moved)
    assert len(calls) == 3


def test_a_library_that_cannot_be_written_still_lists_its_works(
    tmp_path: Path, posen: Document
) -> None:
    (tmp_path / WORKS_DIR).write_text("a file where the folder would be", encoding="utf-8")
    assert paper_works(tmp_path, "posen", posen) == works_cited(posen)


def test_cite_list_reads_the_kept_works_and_remove_drops_them(
    run, papers, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    run("remove", bundled_entry().id)
    assert run("add", str(papers["alpha.txt"]), str(papers["gamma.txt"])).exit_code == 0
    first = run("cite", "--list")
    assert first.exit_code == 0, first.output
    assert "Insurance" in first.stdout and "Alpha 1999 (alpha-txt)" in first.stdout
    kept = tmp_path / "index" / WORKS_DIR
    assert sorted(p.name for p in kept.iterdir()) == ["alpha-txt.json", "gamma-txt.json"]

    def not_again(*_args: object) -> None:
        raise AssertionError("works computed again")

    monkeypatch.setattr(posenqa.references, "works_cited", not_again)
    assert run("cite", "--list").stdout == first.stdout
    assert run("remove", "gamma-txt").exit_code == 0
    assert [p.name for p in kept.iterdir()] == ["alpha-txt.json"]


def test_a_paper_not_indexed_yet_is_named_from_its_text(run, papers, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    run("remove", bundled_entry().id)
    run("add", str(papers["alpha.txt"]))
    manifest = tmp_path / "index" / LIBRARY_FILE
    data = json.loads(manifest.read_text(encoding="utf-8"))
    data["papers"][0].update(sha256=None, title="", author="", year=None)
    manifest.write_text(json.dumps(data), encoding="utf-8")
    listed = run("cite", "--list").stdout
    assert "Alpha 1999 (alpha-txt): n. 1" in listed  # not "alpha-txt (alpha-txt)"


def test_adding_a_paper_keeps_its_works_so_the_first_listing_reads_them(
    run, papers, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    run("remove", bundled_entry().id)
    assert run("add", str(papers["alpha.txt"]), str(papers["beta.txt"])).exit_code == 0
    kept = sorted(p.name for p in (tmp_path / "index" / WORKS_DIR).iterdir())
    assert kept == ["alpha-txt.json", "beta-txt.json"]

    def not_again(*_args: object) -> None:
        raise AssertionError("works computed again")

    monkeypatch.setattr(posenqa.references, "works_cited", not_again)
    listed = run("cite", "--list")
    assert listed.exit_code == 0 and listed.stdout.startswith("Works cited in 2 papers: 1")


def test_a_paper_whose_works_fail_is_added_all_the_same(
    run, papers, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    def broken(*_args: object) -> None:
        raise RuntimeError("a bug in the references")

    monkeypatch.setattr(posenqa.references, "works_cited", broken)
    run("remove", bundled_entry().id)
    added = run("add", str(papers["alpha.txt"]))
    assert added.exit_code == 0 and added.stdout.startswith("added: alpha-txt"), added.output
    assert added.stderr.splitlines() == ["indexing alpha.txt"]
    assert not (tmp_path / "index" / WORKS_DIR).exists()
