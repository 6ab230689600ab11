"""The library: adding and removing papers incrementally, and asking across them."""

from __future__ import annotations

from pathlib import Path

import pytest

from posenqa.errors import InputError
from posenqa.library.manage import (
    ADDED,
    REINDEXED,
    UNCHANGED,
    add_paper,
    open_library,
    remove_paper,
)
from posenqa.library.registry import bundled_entry, read_library, selection
from posenqa.paths import BUNDLED_PAPER

QUESTION = "Why did regulators wait instead of closing banks when land prices fell?"


def _empty(root: Path) -> None:
    """Start from a library without the bundled paper (the fake parser reads text only)."""
    remove_paper(root, bundled_entry().id)


def _ranking(root: Path, opener, mode: str, rerank: bool = False):  # type: ignore[no-untyped-def]
    open_paper, make_engine, _ = opener(root)
    answer = open_library(root, open_paper, make_engine).ask(
        QUESTION, k=10, mode=mode, rerank=rerank
    )
    return [
        (paper.id, hit.passage.id, round(hit.score, 9))
        for hit, paper in zip(answer.answer.hits, answer.papers, strict=True)
    ]


def test_a_new_library_holds_the_bundled_paper(tmp_path: Path) -> None:
    (entry,) = read_library(tmp_path / "index")
    assert Path(entry.source) == BUNDLED_PAPER
    assert entry.sha256 is None  # listed, indexed on first use


def test_adding_the_same_file_twice_is_a_no_op_and_a_changed_file_is_reindexed(
    tmp_path: Path, papers, opener
) -> None:  # type: ignore[no-untyped-def]
    root = tmp_path / "index"
    open_paper, _, embedder = opener(root)
    _empty(root)
    assert add_paper(root, papers["alpha.txt"], open_paper).status == ADDED
    calls = embedder.calls
    again = add_paper(root, papers["alpha.txt"], open_paper)
    assert again.status == UNCHANGED
    assert embedder.calls == calls  # nothing embedded
    assert [p.id for p in read_library(root)] == ["alpha-txt"]
    papers["alpha.txt"].write_text(
        papers["alpha.txt"].read_text() + "\n\nA new paragraph.", encoding="utf-8"
    )
    changed = add_paper(root, papers["alpha.txt"], open_paper)
    assert changed.status == REINDEXED
    assert changed.entry.sha256 != again.entry.sha256
    assert [p.id for p in read_library(root)] == ["alpha-txt"]


def test_adding_costs_one_paper_and_removing_reembeds_nothing(
    tmp_path: Path, papers, opener
) -> None:  # type: ignore[no-untyped-def]
    root = tmp_path / "index"
    open_paper, make_engine, embedder = opener(root)
    _empty(root)
    add_paper(root, papers["alpha.txt"], open_paper)
    add_paper(root, papers["beta.txt"], open_paper)
    before = {p: (root / p / "params.json").read_bytes() for p in ("alpha-txt", "beta-txt")}
    calls = embedder.calls
    add_paper(root, papers["gamma.txt"], open_paper)
    # gamma's passages and sentences: two encode calls, the others' indexes untouched.
    assert embedder.calls == calls + 2
    assert {p: (root / p / "params.json").read_bytes() for p in before} == before
    calls = embedder.calls
    remove_paper(root, "beta-txt")
    library = open_library(root, open_paper, make_engine)
    assert embedder.calls == calls
    assert sorted(library.papers) == ["alpha-txt", "gamma-txt"]
    assert not (root / "beta-txt").exists()


@pytest.mark.parametrize("mode", ["bm25", "dense", "hybrid"])
def test_results_after_adds_and_removes_equal_a_library_built_from_scratch(
    tmp_path: Path, papers, opener, mode: str
) -> None:  # type: ignore[no-untyped-def]
    grown, scratch = tmp_path / "grown", tmp_path / "scratch"
    open_paper, _, _ = opener(grown)
    _empty(grown)
    for name in ("alpha.txt", "beta.txt", "gamma.txt"):
        add_paper(grown, papers[name], open_paper)
    remove_paper(grown, "beta-txt")
    add_paper(grown, papers["beta.txt"], open_paper)
    remove_paper(grown, str(papers["alpha.txt"]))  # by file, as well as by name
    add_paper(grown, papers["alpha.txt"], open_paper)
    open_paper, _, _ = opener(scratch)
    _empty(scratch)
    for name in ("alpha.txt", "beta.txt", "gamma.txt"):
        add_paper(scratch, papers[name], open_paper)
    assert _ranking(grown, opener, mode) == _ranking(scratch, opener, mode)
    assert [p.id for p in read_library(grown)] == ["gamma-txt", "beta-txt", "alpha-txt"]


def test_hits_name_their_paper_and_notes_resolve_within_it(tmp_path: Path, papers, opener) -> None:  # type: ignore[no-untyped-def]
    root = tmp_path / "index"
    open_paper, make_engine, _ = opener(root)
    _empty(root)
    for name in ("alpha.txt", "beta.txt"):
        add_paper(root, papers[name], open_paper)
    library = open_library(root, open_paper, make_engine)
    answer = library.ask("Did the dollar rise in 1999?", k=3, mode="bm25")
    top, paper = answer.answer.hits[0], answer.papers[0]
    assert paper.id == "beta-txt" and paper.short == "Beta 2003"
    assert top.passage.id.startswith("p")  # the paper's own passage id
    assert [n.text for n in top.footnotes] == [
        "Compare Dominguez and Frankel, Does Foreign Exchange Intervention Work?, 1993."
    ]
    data = answer.to_dict()["results"][0]["paper"]
    assert data == {"id": "beta-txt", "title": "Exchange Rates", "authors": ["Ben Beta"],
                    "year": 2003}  # fmt: skip
    restricted = library.ask("yen exchange rate", k=5, mode="bm25", papers=["alpha-txt"])
    assert set(restricted.papers) <= {library.papers["alpha-txt"]}


def test_the_judge_reads_each_hits_own_papers_year_and_notes(
    tmp_path: Path, papers, opener
) -> None:  # type: ignore[no-untyped-def]
    root = tmp_path / "index"
    open_paper, make_engine, _ = opener(root)
    _empty(root)
    for name in ("alpha.txt", "beta.txt"):
        add_paper(root, papers[name], open_paper)
    merged = open_library(root, open_paper, make_engine).engine
    hits = merged.ask(
        "Did the dollar rise against the yen as land prices fell?", k=10, mode="bm25"
    ).hits
    assert hits
    years = {hit.passage.id.split(":")[0]: merged.paper_year(hit.passage) for hit in hits}
    assert years == {"alpha-txt": 1999, "beta-txt": 2003}
    # The merged engine's own document is a stand-in: the notes come from each paper.
    notes = {n.text for hit in hits for n in merged.footnotes_of(hit.passage)}
    assert notes == {
        "See Kane, The S&L Insurance Mess, 1989.",
        "Compare Dominguez and Frankel, Does Foreign Exchange Intervention Work?, 1993.",
    }


def test_bad_names_and_clashing_files_are_refused(tmp_path: Path, papers, opener) -> None:  # type: ignore[no-untyped-def]
    root = tmp_path / "index"
    open_paper, make_engine, _ = opener(root)
    _empty(root)
    add_paper(root, papers["alpha.txt"], open_paper)
    with pytest.raises(InputError, match="not in the library"):
        remove_paper(root, "nope")
    with pytest.raises(InputError, match="not in the library"):
        selection(read_library(root), ["nope"])
    other = tmp_path / "elsewhere"
    other.mkdir()
    (other / "alpha.txt").write_text(papers["beta.txt"].read_text(), encoding="utf-8")
    with pytest.raises(InputError, match="same name"):
        add_paper(root, other / "alpha.txt", open_paper)
    remove_paper(root, "alpha-txt")
    with pytest.raises(InputError, match="library is empty"):
        open_library(root, open_paper, make_engine)


def _three_papers(root: Path, papers, opener):  # type: ignore[no-untyped-def]
    """The library of alpha, beta and gamma, opened."""
    open_paper, make_engine, _ = opener(root)
    _empty(root)
    for name in ("alpha.txt", "beta.txt", "gamma.txt"):
        add_paper(root, papers[name], open_paper)
    return open_library(root, open_paper, make_engine)


def test_the_library_asks_its_backend_for_a_bm25_shortlist_only(
    tmp_path: Path, papers, opener
) -> None:  # type: ignore[no-untyped-def]
    from posenqa.library.engine import BM25_SHORTLIST

    library = _three_papers(tmp_path / "index", papers, opener)
    assert library.engine.keyword_limit == BM25_SHORTLIST
    everything = library.ask("banks land prices", k=10, mode="bm25")
    assert len(everything.answer.hits) > 2
    library.engine.keyword_limit = 2
    short = library.ask("banks land prices", k=10, mode="bm25")
    assert [h.passage.id for h in short.answer.hits] == [
        h.passage.id for h in everything.answer.hits[:2]
    ]


def test_asking_some_papers_keeps_the_whole_librarys_statistics(
    tmp_path: Path, papers, opener
) -> None:  # type: ignore[no-untyped-def]
    library = _three_papers(tmp_path / "index", papers, opener)
    for mode in ("bm25", "dense", "hybrid"):
        every = library.ask(QUESTION, k=10, mode=mode)
        some = library.ask(QUESTION, k=10, mode=mode, papers=["gamma-txt"])
        assert {p.id for p in some.papers} == {"gamma-txt"}
        expected = [
            (h.passage.id, h.dense_score)
            for h, p in zip(every.answer.hits, every.papers, strict=True)
            if p.id == "gamma-txt"
        ]
        got = [(h.passage.id, h.dense_score) for h in some.answer.hits]
        assert got[: len(expected)] == expected
