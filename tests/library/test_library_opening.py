"""Opening a library: the merged BM25 is saved and read back (never when stale), and the
papers' vectors stay memory-mapped, never copied into merged arrays."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from posenqa.library.manage import add_paper, open_library, remove_paper
from posenqa.library.registry import bundled_entry
from posenqa.store.layout import LIBRARY_BM25

QUESTION = "Why did regulators wait instead of closing banks when land prices fell?"


def _build(root: Path, papers, opener, names) -> Any:  # type: ignore[no-untyped-def]
    """A library at ``root`` holding ``names`` (not the bundled paper); its open_paper."""
    open_paper, _, _ = opener(root)
    remove_paper(root, bundled_entry().id)
    for name in names:
        add_paper(root, papers[name], open_paper)
    return open_paper


def _ranking(root: Path, opener) -> list[tuple[str, str, float]]:  # type: ignore[no-untyped-def]
    open_paper, make_engine, _ = opener(root)
    answer = open_library(root, open_paper, make_engine).ask(
        QUESTION, k=10, mode="bm25", rerank=False
    )
    return [
        (paper.id, hit.passage.id, hit.score)
        for hit, paper in zip(answer.answer.hits, answer.papers, strict=True)
    ]


def _fresh(tmp_path: Path, papers, opener, names) -> list[tuple[str, str, float]]:  # type: ignore[no-untyped-def]
    """The ranking of a library built from scratch with ``names`` (its cache removed first)."""
    import shutil
    import uuid

    root = tmp_path / f"scratch-{uuid.uuid4().hex}"
    _build(root, papers, opener, names)
    shutil.rmtree(root / LIBRARY_BM25, ignore_errors=True)
    return _ranking(root, opener)


def _saved(root: Path) -> list[Path]:
    """The merged BM25 indexes saved in the library at ``root``."""
    return sorted(p for p in (root / LIBRARY_BM25).iterdir() if (p / "key.json").is_file())


def _three(tmp_path: Path, papers, opener) -> tuple[Path, list[tuple[str, str, float]]]:  # type: ignore[no-untyped-def]
    """A library of alpha, beta and gamma, and its ranking (which saves its BM25)."""
    root = tmp_path / "index"
    _build(root, papers, opener, ("alpha.txt", "beta.txt", "gamma.txt"))
    return root, _ranking(root, opener)


def _no_merging(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_args, **_kwargs):  # type: ignore[no-untyped-def]
        raise AssertionError("the merged BM25 was rebuilt")

    monkeypatch.setattr("posenqa.search.embedded.merged_bm25", refuse)


def test_the_second_opening_reads_the_saved_bm25_and_ranks_the_same(
    tmp_path: Path, papers, opener, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    root, first = _three(tmp_path, papers, opener)
    assert len(_saved(root)) == 1
    with monkeypatch.context() as patch:
        _no_merging(patch)
        assert _ranking(root, opener) == first  # bit for bit: same arrays, read back


def test_adds_removes_and_reindexing_make_the_saved_bm25_stale(
    tmp_path: Path, papers, opener
) -> None:  # type: ignore[no-untyped-def]
    root = tmp_path / "index"
    open_paper = _build(root, papers, opener, ("alpha.txt", "beta.txt", "gamma.txt"))
    _ranking(root, opener)  # saves the cache of three papers
    remove_paper(root, "beta-txt")
    assert _ranking(root, opener) == _fresh(tmp_path, papers, opener, ["alpha.txt", "gamma.txt"])
    add_paper(root, papers["beta.txt"], open_paper)
    everything = ["alpha.txt", "beta.txt", "gamma.txt"]
    assert _ranking(root, opener) == _fresh(tmp_path, papers, opener, everything)
    # A changed file is re-indexed: its terms change, and so does the key.
    changed = papers["gamma.txt"]
    changed.write_text(
        changed.read_text(encoding="utf-8") + "\n\nRegulators closed banks when land fell.",
        encoding="utf-8",
    )
    add_paper(root, changed, open_paper)
    assert _ranking(root, opener) == _fresh(tmp_path, papers, opener, everything)


def test_a_damaged_saved_bm25_is_rebuilt(tmp_path: Path, papers, opener) -> None:  # type: ignore[no-untyped-def]
    root = tmp_path / "index"
    _build(root, papers, opener, ("alpha.txt", "gamma.txt"))
    first = _ranking(root, opener)
    (saved,) = _saved(root)
    weights = saved / "weights.npy"
    weights.write_bytes(weights.read_bytes()[:-8])
    assert _ranking(root, opener) == first


def test_the_librarys_vectors_are_the_papers_memory_maps(tmp_path: Path, papers, opener) -> None:  # type: ignore[no-untyped-def]
    import numpy as np

    root = tmp_path / "index"
    _build(root, papers, opener, ("alpha.txt", "beta.txt"))
    open_paper, make_engine, _ = opener(root)

    def paper_by_paper(stored, **options):  # type: ignore[no-untyped-def]
        return make_engine(stored, **options)  # not the factory: no pack

    library = open_library(root, open_paper, paper_by_paper)
    merged = library.engine._stored
    for rows in (merged.embeddings, merged.sentence_embeddings):
        assert len(rows.parts) == 2
        assert all(isinstance(part, np.memmap) for part in rows.parts)
    # A passage's sentence rows are a view into its paper's map, not a copy.
    first = library.engine._sentence_rows[library.engine._ids[0]]
    assert np.shares_memory(merged.sentence_embeddings[slice(*first)], rows.parts[0])
    # From the library's pack: one map of every paper's rows, read as views too.
    packed = open_library(root, open_paper, make_engine).engine
    sentences = packed._stored.sentence_embeddings
    assert isinstance(sentences, np.memmap) and isinstance(packed._stored.embeddings, np.memmap)
    first = packed._sentence_rows[packed._ids[0]]
    assert np.shares_memory(sentences[slice(*first)], sentences)


def test_opening_a_few_papers_keeps_the_whole_librarys_saved_bm25(
    tmp_path: Path, papers, opener, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    from posenqa.search.bm25_cache import KEEP

    root, whole = _three(tmp_path, papers, opener)
    open_paper, make_engine, _ = opener(root)
    # As `ask --doc alpha-txt` opens it: its own BM25 is saved beside the library's.
    open_library(root, open_paper, make_engine, ["alpha-txt"]).ask(QUESTION, k=3, mode="bm25")
    assert len(_saved(root)) == 2 == KEEP
    with monkeypatch.context() as patch:
        _no_merging(patch)
        assert _ranking(root, opener) == whole  # still read back, not merged
    # Another subset: only the KEEP latest stay (the whole library's was just used,
    # but saved first: it goes), and the library then merges and ranks as before.
    open_library(root, open_paper, make_engine, ["beta-txt"]).ask(QUESTION, k=3, mode="bm25")
    assert len(_saved(root)) == KEEP
    assert _ranking(root, opener) == whole
