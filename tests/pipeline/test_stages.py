"""The rerank stage's pool and order, fusion by mode, and mode labels."""

from __future__ import annotations

import pytest

from posenqa.errors import QuestionError
from posenqa.passages import FOOTNOTE, PASSAGE, Passage
from posenqa.pipeline.fuse import fuse, order
from posenqa.pipeline.modes import LABELS, label, parse_label
from posenqa.pipeline.rerank import (
    candidate_pool,
    cited_note_passages,
    cross_text,
    full_reference_notes,
    notes_before_citers,
    notes_placed,
    paper_of,
    relevance,
    reorder,
    wants_full_reference,
    wants_source,
)
from posenqa.pipeline.retrieve import FirstStage
from posenqa.settings import RetrievalSettings


def test_pool_is_the_first_depth_then_new_dense_candidates() -> None:
    assert candidate_pool(["a", "b", "c", "d"], ["c", "x", "y", "z"], 3, 2) == [
        "a",
        "b",
        "c",
        "x",
        "y",
    ]
    assert candidate_pool(["a", "b"], ["x"], 5, 0) == ["a", "b"]


def test_reorder_sorts_by_logit_and_keeps_first_stage_order_on_ties() -> None:
    assert reorder(["a", "b", "c"], [1.0, 3.0, 1.0]) == [("b", 3.0), ("a", 1.0), ("c", 1.0)]
    with pytest.raises(ValueError, match="2 candidates but 1 scores"):
        reorder(["a", "b"], [1.0])


def test_relevance_is_platt_scaling() -> None:
    assert relevance(0.0, 1.0, 0.0) == 0.5
    assert relevance(2.0, 0.5, -1.0) == 0.5
    assert 0.0 < relevance(-3.0, 1.0, 0.0) < relevance(3.0, 1.0, 0.0) < 1.0


def test_hybrid_fuses_by_reciprocal_rank_and_single_modes_pass_through() -> None:
    first = FirstStage({"bm25": {"a": 5.0, "b": 1.0}, "dense": {"b": 0.9, "a": 0.1}})
    fused = fuse(first, "hybrid", RetrievalSettings(rrf_k=60))
    assert fused == {"a": 1 / 61 + 1 / 62, "b": 1 / 62 + 1 / 61}
    assert fuse(first, "bm25", RetrievalSettings()) == {"a": 5.0, "b": 1.0}


def test_order_keeps_one_passage_per_block() -> None:
    scores = {"a": 3.0, "b": 2.0, "c": 1.0}
    blocks = {"a": ("B1",), "b": ("B1",), "c": ("B2",)}
    assert order(scores, blocks) == ["a", "c"]
    assert order(scores, None, 2) == ["a", "b"]


def test_labels() -> None:
    assert LABELS == (
        "hybrid+rerank",
        "hybrid",
        "bm25+rerank",
        "bm25",
        "dense+rerank",
        "dense",
    )
    assert label("bm25", True) == "bm25+rerank" and parse_label("dense+rerank") == ("dense", True)
    assert parse_label("hybrid") == ("hybrid", False)
    with pytest.raises(QuestionError, match="unknown mode"):
        parse_label("hybrid+magic")


def test_interpolation_scales_both_scores_over_the_pool_and_weights_them() -> None:
    from posenqa.pipeline.rerank import interpolate, scale

    assert scale([2.0, 4.0, 3.0]) == [0.0, 1.0, 0.5]
    assert scale([5.0, 5.0]) == [1.0, 1.0] and scale([]) == []
    # logits scale to [1, 0, 0.5], first-stage scores to [0, 1, 0.5]
    mixed = interpolate([10.0, -10.0, 0.0], [0.01, 0.03, 0.02], 0.75)
    assert mixed == pytest.approx([0.75, 0.25, 0.5])
    assert interpolate([1.0, 2.0], [0.2, 0.1], 1.0) == [0.0, 1.0]
    assert interpolate([1.0, 2.0], [0.2, 0.1], 0.0) == [1.0, 0.0]


def test_combine_replace_interp_and_rank_fusion() -> None:
    from posenqa.pipeline.rerank import combine

    pool = ["a", "b", "c"]
    logits = [0.0, 5.0, 4.9]  # the reranker prefers b, barely over c
    first = [0.05, 0.01, 0.04]  # the first stage ranks a, c, b
    assert [i for i, _ in combine(pool, logits, first, "replace")] == ["b", "c", "a"]
    # at weight 0.5: a 0.5, b 0.5, c 0.5 * 0.98 + 0.5 * 0.75 -> c first, then a and b
    # tied at 0.5, kept in the first stage's order
    assert [i for i, _ in combine(pool, logits, first, "interp", 0.5)] == ["c", "a", "b"]
    assert [i for i, _ in combine(pool, logits, first, "interp", 1.0)] == ["b", "c", "a"]
    fused = combine(pool, logits, first, "rrf", 0.5, rrf_k=0)
    # ranks: logits b1 c2 a3, first a1 c2 b3 -> a 1/6+1/2, b 1/2+1/6, c 1/4+1/4
    assert [i for i, _ in fused] == ["a", "b", "c"]
    assert fused[0][1] == pytest.approx(0.5 / 3 + 0.5 / 1)
    with pytest.raises(ValueError, match="unknown rerank method"):
        combine(pool, logits, first, "magic")
    with pytest.raises(ValueError, match="3 candidates but 2 logits"):
        combine(pool, logits[:2], first, "interp", 0.5)


def test_sentence_ranker_scores_a_passage_by_its_best_sentence() -> None:
    import numpy as np

    from posenqa.pipeline.retrieve import sentence_scores

    query = np.array([1.0, 0.0], dtype=np.float32)
    sentences = np.array(
        [[0.0, 1.0], [0.6, 0.8], [1.0, 0.0], [0.8, 0.6]], dtype=np.float32
    )  # passage p: sentences 0-1; passage q: sentences 2-3; passage r: none
    got = sentence_scores(query, sentences, [(0, 2), (2, 4), (4, 4)])
    assert got == pytest.approx([0.6, 1.0, -1.0])


def test_one_per_block_keeps_the_reranked_best_window_of_each_paragraph() -> None:
    from posenqa.pipeline.rerank import one_per_block

    blocks = {"w1": ("B1",), "w2": ("B1",), "c": ("B2",), "n7": ()}
    rows = [("w2", 9.0, 9.0), ("c", 5.0, 5.0), ("w1", 4.0, 4.0), ("n7", 0.1, None)]
    # w2 (a window the first stage had dropped) won over w1: w1 goes, notes always stay
    assert one_per_block(rows, blocks) == [rows[0], rows[1], rows[3]]
    assert one_per_block(rows, None) == rows


def test_sentence_windows_are_consecutive_runs_or_the_whole_text() -> None:
    from posenqa.pipeline.rerank import sentence_windows

    assert sentence_windows(["A.", "B.", "C."], 2, "whole") == ["A. B.", "B. C."]
    assert sentence_windows(["A.", "B."], 2, "whole") == ["whole"]
    assert sentence_windows([], 2, "whole") == ["whole"]
    with pytest.raises(ValueError, match="at least one sentence"):
        sentence_windows(["A."], 0, "whole")


def test_reread_reorders_the_head_by_the_mean_of_passage_and_window_logits() -> None:
    from posenqa.pipeline.rerank import reread

    pairs = [("a", 4.0), ("b", 3.0), ("c", 2.0), ("d", 1.0)]
    # b's best window (9) lifts it over a (mean 6 against 2); c, d are not reread
    assert reread(pairs, [4.0, 3.0], [0.0, 9.0]) == [("b", 6.0), ("a", 2.0), ("c", 2.0), ("d", 1.0)]
    assert reread(pairs, [], []) == pairs
    with pytest.raises(ValueError, match="2 logits and 1 window logits"):
        reread(pairs, [4.0, 3.0], [1.0])


def test_the_reread_goes_on_while_a_passage_below_beats_a_reread_mean() -> None:
    from posenqa.pipeline.rerank import reread_settled

    pairs = [("a", 4.0), ("b", 3.0), ("c", 2.5), ("d", 1.0), ("e", 0.0)]
    asked: list[str] = []

    def window(i: str) -> float:
        asked.append(i)
        return {"a": 0.0, "b": 1.0, "c": 3.5, "d": 2.0}[i]

    # a and b fall to means 2 and 2, below c's logit 2.5: c is reread (mean 3); d's logit
    # (1) beats no mean, so d and e are not; the list is ordered by one score
    assert reread_settled(pairs, 2, window) == [
        ("c", 3.0),
        ("a", 2.0),
        ("b", 2.0),
        ("d", 1.0),
        ("e", 0.0),
    ]
    assert asked == ["a", "b", "c"]
    asked.clear()
    # windows as strong as the wholes: only the first ``top`` are read
    assert reread_settled(pairs, 2, lambda i: asked.append(i) or 5.0)[:2] == [
        ("a", 4.5),
        ("b", 4.0),
    ]
    assert asked == ["a", "b"]
    assert reread_settled([], 3, window) == []


def _passage(pid: str, kind: str, text: str, **more: object) -> Passage:
    fields = {"section": "1", "section_title": "", "page": 1, "last_page": 1, "markers": ()}
    fields |= {"notes": (), "number": None, "block_ids": (), "index_text": ""} | more
    return Passage(id=pid, kind=kind, text=text, **fields)  # type: ignore[arg-type]


def test_a_note_is_read_by_its_body_unless_a_source_is_asked() -> None:
    note = _passage(
        "n008",
        FOOTNOTE,
        "Friedman, Japan Now.",
        number=8,
        index_text="Friedman, Japan Now.\n\nThe vacancy rate was 4 percent in 1980.",
    )
    body = _passage(
        "p0019",
        PASSAGE,
        "The vacancy rate was 4 percent in 1980.",
        notes=(8,),
        index_text="The vacancy rate was 4 percent in 1980.\n\nFriedman, Japan Now.",
    )
    assert not wants_source("What was the office vacancy rate in 1980?")
    assert wants_source("Which work does the author cite for the vacancy rate?")
    assert cross_text(note, source=False) == "Friedman, Japan Now."  # what the answer shows
    assert cross_text(note, source=True) == note.searchable  # the claim ties it to the question
    assert cross_text(note, source=False, note_context=True) == note.searchable
    assert cross_text(body, source=False) == cross_text(body, source=True) == body.searchable


def test_notes_move_just_ahead_of_the_first_passage_citing_them() -> None:
    passages = [
        _passage("p1", PASSAGE, "a", notes=(3, 4)),
        _passage("p2", PASSAGE, "b", notes=(5,), page=9),
        _passage("p3", PASSAGE, "c"),
        _passage("n003", FOOTNOTE, "x", number=3),
        _passage("n004", FOOTNOTE, "y", number=4),
        # numbering restarts: the note of p2 is the one on its page or after it
        _passage("n-1-005", FOOTNOTE, "z", number=5, page=2),
        _passage("n-2-005", FOOTNOTE, "w", number=5, page=10),
    ]
    cites = cited_note_passages(passages)
    assert cites == {"p1": ("n003", "n004"), "p2": ("n-2-005",)}
    pairs = [("p3", 9.0), ("p1", 8.0), ("p2", 7.0), ("n004", 5.0), ("n003", 1.0)]
    # a moved note is ranked by its citing passage, and takes its score
    assert notes_before_citers(pairs, cites) == [
        ("p3", 9.0),
        ("n004", 8.0),
        ("n003", 8.0),
        ("p1", 8.0),
        ("p2", 7.0),
    ]
    assert notes_placed(pairs, cites) == {"n004": "p1", "n003": "p1"}
    # a note already ahead of its citing passage, or absent, stays where it is
    assert notes_before_citers([("n003", 2.0), ("p1", 1.0)], cites) == [("n003", 2.0), ("p1", 1.0)]
    assert notes_placed([("n003", 2.0), ("p1", 1.0)], cites) == {}


def test_a_note_belongs_to_its_own_papers_passages_in_a_library() -> None:
    assert paper_of("p0031") == "" and paper_of("smith2001:p0031") == "smith2001"
    passages = [
        _passage("a:p0001", PASSAGE, "a", notes=(1,)),
        _passage("b:n001", FOOTNOTE, "x", number=1),
        _passage("a:n001", FOOTNOTE, "y", number=1),
    ]
    assert cited_note_passages(passages) == {"a:p0001": ("a:n001",)}


def test_a_full_reference_question_gets_the_full_form_before_its_short_form() -> None:
    assert wants_full_reference("What is the full reference for Sakakibara's account?")
    assert not wants_full_reference("Which work does the author cite for the bailout?")
    passages = [
        _passage("p1", PASSAGE, "claim", notes=(39,)),
        _passage("n039", FOOTNOTE, "Sakakibara, p. 181.", number=39),
        _passage("n040", FOOTNOTE, "Eisuke Sakakibara, full reference.", number=40),
    ]
    # note 39's short form resolves to note 40's full reference; 40 has its own
    links = cited_note_passages(passages) | full_reference_notes(passages, {39: (40,), 40: (40,)})
    assert links == {"p1": ("n039",), "n039": ("n040",)}
    pairs = [("p1", 9.0), ("n039", 6.0), ("x", 5.0), ("n040", 1.0)]
    assert notes_before_citers(pairs, links) == [
        ("n040", 9.0),
        ("n039", 9.0),
        ("p1", 9.0),
        ("x", 5.0),
    ]
    assert notes_placed(pairs, links) == {"n039": "p1", "n040": "p1"}
    # a short form's note already ahead of its citer: the full form goes ahead of it
    pairs = [("n039", 6.0), ("x", 5.0), ("n040", 1.0)]
    assert notes_before_citers(pairs, links) == [("n040", 6.0), ("n039", 6.0), ("x", 5.0)]
    assert notes_placed(pairs, links) == {"n040": "n039"}
