"""A library opened from its pack answers exactly as one opened paper by paper, reads no
paper's index when nothing changed, and is packed again after any add, remove, re-index
or damage."""

from __future__ import annotations

import contextlib
import os
import shutil
from pathlib import Path
from typing import Any

import pytest

from posenqa.library.manage import add_paper, open_library, remove_paper
from posenqa.store.layout import LIBRARY_BM25, LIBRARY_PACK

from .test_library_opening import _build

QUESTIONS = (
    "Why did regulators wait instead of closing banks when land prices fell?",
    "What did sterilized intervention do to the yen?",
    "moral hazard deposit insurance",
    "Kane, The S&L Insurance Mess",  # notes: their citing passages are shown
)
ALL = ("alpha.txt", "beta.txt", "gamma.txt")


def _library(tmp_path: Path, papers, opener) -> Path:  # type: ignore[no-untyped-def]
    """A library of alpha, beta and gamma (not the bundled paper)."""
    root = tmp_path / "index"
    _build(root, papers, opener, ALL)
    return root


def _answers(library: Any, **options: Any) -> list[Any]:
    """Everything a user sees of each answer, in each mode."""
    out = []
    for question in QUESTIONS:
        for mode in ("bm25", "dense", "hybrid"):
            found = library.ask(question, k=5, mode=mode, rerank=False, **options)
            out.append(
                (
                    found.answer.abstained,
                    found.answer.confidence,
                    [
                        (paper.id, hit.passage, hit.score, hit.footnotes, hit.cited_by)
                        for hit, paper in zip(found.answer.hits, found.papers, strict=True)
                    ],
                )
            )
    return out


def _packed(root: Path, opener) -> Any:  # type: ignore[no-untyped-def]
    """The library opened from its pack, its merged BM25 built anew (from the pack's terms)."""
    shutil.rmtree(root / LIBRARY_BM25, ignore_errors=True)
    open_paper, make_engine, _ = opener(root)
    library = open_library(root, open_paper, make_engine)
    assert library.engine.__class__.__name__ == "_Merged" and hasattr(library._papers, "pack")
    return library


def _unpacked(root: Path, opener) -> Any:  # type: ignore[no-untyped-def]
    """The library opened paper by paper, all in memory, its merged BM25 built anew from
    the papers' terms (a make_engine that is not the library's factory gets no pack)."""
    shutil.rmtree(root / LIBRARY_BM25, ignore_errors=True)
    open_paper, make_engine, _ = opener(root)

    def plain(stored: Any, **options: Any) -> Any:
        return make_engine(stored, **options)

    library = open_library(root, open_paper, plain)
    assert not hasattr(library._papers, "pack")
    return library


def _same(root: Path, opener) -> None:  # type: ignore[no-untyped-def]
    packed = _packed(root, opener)
    assert _answers(packed) == _answers(_unpacked(root, opener))
    assert _answers(packed, papers=["beta-txt"]) == _answers(
        _unpacked(root, opener), papers=["beta-txt"]
    )


def _packs(root: Path) -> list[Path]:
    return sorted(p for p in (root / LIBRARY_PACK).iterdir())


def _refuse_opening_papers(patch: pytest.MonkeyPatch) -> None:
    def refuse(*_args, **_kwargs):  # type: ignore[no-untyped-def]
        raise AssertionError("a paper's index was opened")

    patch.setattr("posenqa.answer.Engine.open", refuse)
    patch.setattr("posenqa.store.reading.read_index", refuse)


def test_the_pack_answers_as_the_papers_do_after_adds_removes_and_reindexing(
    tmp_path: Path, papers, opener
) -> None:  # type: ignore[no-untyped-def]
    root = _library(tmp_path, papers, opener)
    open_paper, _, _ = opener(root)
    _same(root, opener)
    cited = _packed(root, opener).ask(QUESTIONS[-1], k=5, mode="bm25", rerank=False)
    assert any(hit.cited_by for hit in cited.answer.hits)  # compared above, not all empty
    remove_paper(root, "beta-txt")
    assert _answers(_packed(root, opener)) == _answers(_unpacked(root, opener))
    add_paper(root, papers["beta.txt"], open_paper)
    _same(root, opener)
    changed = papers["gamma.txt"]
    changed.write_text(
        changed.read_text(encoding="utf-8") + "\n\nRegulators closed banks when land fell.",
        encoding="utf-8",
    )
    add_paper(root, changed, open_paper)
    _same(root, opener)
    assert len(_packs(root)) == 1  # the old packs are removed


def test_an_unchanged_library_opens_from_its_pack_alone(
    tmp_path: Path, papers, opener, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    root = _library(tmp_path, papers, opener)
    first = _answers(_packed(root, opener))
    before = _open_files()
    with monkeypatch.context() as patch:
        _refuse_opening_papers(patch)
        library = _packed(root, opener)
        again = _answers(library)
    assert again == first
    # The pack's files are mapped once each, whatever the number of papers, and no
    # paper's own file is held open.
    opened = _open_files() - before
    assert len([f for f in opened if f"/{LIBRARY_PACK}/" in f]) <= 4
    assert not [f for f in opened if any(f"/{p}/" in f for p in ("alpha-txt", "beta-txt"))]


def test_a_changed_source_file_is_reindexed_when_the_library_opens(
    tmp_path: Path, papers, opener
) -> None:  # type: ignore[no-untyped-def]
    root = _library(tmp_path, papers, opener)
    _packed(root, opener)
    changed = papers["alpha.txt"]
    changed.write_text(
        changed.read_text(encoding="utf-8") + "\n\nSterilized intervention moved the yen.",
        encoding="utf-8",
    )
    library = _packed(root, opener)  # the stamp of alpha's file changed: re-indexed, repacked
    found = library.ask("Sterilized intervention moved the yen", k=3, mode="bm25", rerank=False)
    assert any("moved the yen" in hit.passage.text for hit in found.answer.hits)
    assert _answers(library) == _answers(_unpacked(root, opener))


@pytest.mark.parametrize("damage", ["truncate", "keys", "manifest"])
def test_a_damaged_pack_is_packed_again(tmp_path: Path, papers, opener, damage: str) -> None:  # type: ignore[no-untyped-def]
    root = _library(tmp_path, papers, opener)
    first = _answers(_packed(root, opener))
    (pack,) = _packs(root)
    if damage == "truncate":
        vectors = pack / "dense.faiss"
        vectors.write_bytes(vectors.read_bytes()[:-4])
    elif damage == "keys":
        keys = pack / "keys.txt"
        keys.write_text(keys.read_text(encoding="utf-8").replace("p0001", "p0002", 1))
    else:
        (pack / "pack.json").write_text("{", encoding="utf-8")
    assert _answers(_packed(root, opener)) == first


def test_a_library_that_cannot_be_packed_opens_paper_by_paper(
    tmp_path: Path, papers, opener, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    root = _library(tmp_path, papers, opener)
    expected = _answers(_unpacked(root, opener))

    def read_only(*_args, **_kwargs):  # type: ignore[no-untyped-def]
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("posenqa.store.packing.PackWriter.__init__", read_only)
    open_paper, make_engine, _ = opener(root)
    library = open_library(root, open_paper, make_engine)
    assert not hasattr(library._papers, "pack")
    assert _answers(library) == expected


def test_a_hits_paper_document_and_engine_are_read_when_asked_for(
    tmp_path: Path, papers, opener
) -> None:  # type: ignore[no-untyped-def]
    root = _library(tmp_path, papers, opener)
    _packed(root, opener)
    library = _packed(root, opener)
    found = library.ask("Kane insurance mess", k=3, mode="bm25", rerank=False)
    hit, paper = found.answer.hits[0], found.papers[0]
    assert library.document(paper.id).title == paper.title
    assert library.paper_engine(paper.id).passage(hit.passage.id) == hit.passage


def _open_files() -> set[str]:
    """What this process's file descriptors point at."""
    out = set()
    for fd in os.listdir("/proc/self/fd"):
        with contextlib.suppress(OSError):
            out.add(f"{fd}:{os.readlink(f'/proc/self/fd/{fd}')}")
    return out


def test_after_an_add_only_the_new_paper_is_read_the_others_are_copied_from_the_pack(
    tmp_path: Path, papers, opener, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    from posenqa.answer import Engine

    root = tmp_path / "index"
    _build(root, papers, opener, ("alpha.txt", "gamma.txt"))
    _packed(root, opener)
    open_paper, _, _ = opener(root)
    add_paper(root, papers["beta.txt"], open_paper)
    opened: list[str] = []
    real_open = Engine.open.__func__  # type: ignore[attr-defined]

    def counting(cls, paper, **options):  # type: ignore[no-untyped-def]
        opened.append(Path(paper).name)
        return real_open(cls, paper, **options)

    with monkeypatch.context() as patch:
        patch.setattr(Engine, "open", classmethod(counting))
        library = _packed(root, opener)
    assert opened == ["beta.txt"]
    assert _answers(library) == _answers(_unpacked(root, opener))
