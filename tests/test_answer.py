"""Engine.ask on a small hand-made paper with the fake embedder."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from posenqa.answer import Engine
from posenqa.errors import QuestionError
from posenqa.parsing import file_sha256
from posenqa.settings import PassageSettings, Settings

QUESTION = "Why did Japanese regulators fail to learn from the S&L crisis?"


@pytest.fixture
def engine_factory(tmp_path: Path, fake_embedder_type, small_document_factory):  # type: ignore[no-untyped-def]
    paper = tmp_path / "small.pdf"
    paper.write_text("v1")

    def make(**kwargs: Any) -> Engine:
        kwargs.setdefault("embedder", fake_embedder_type())
        return Engine.open(
            paper,
            index_root=tmp_path / "index",
            parse=lambda p: small_document_factory(p.name, file_sha256(p)),
            **kwargs,
        )

    return make


@pytest.fixture
def engine(engine_factory) -> Engine:  # type: ignore[no-untyped-def]
    return engine_factory()


@pytest.mark.parametrize("mode", ["bm25", "dense", "hybrid"])
def test_the_answering_passage_ranks_first(engine: Engine, mode: str) -> None:
    answer = engine.ask(QUESTION, k=3, mode=mode)
    top = answer.hits[0]
    assert "did not learn from the S&L crisis" in top.passage.text
    assert "did not learn" in top.best_sentence
    assert [h.rank for h in answer.hits] == list(range(1, len(answer.hits) + 1))
    assert [h.score for h in answer.hits] == sorted((h.score for h in answer.hits), reverse=True)


def test_hits_carry_the_notes_they_cite(engine: Engine) -> None:
    hit = engine.ask(QUESTION, k=1, mode="bm25").hits[0]
    assert [n.number for n in hit.footnotes] == [2]
    assert "thrift bailout" in hit.footnotes[0].text


def test_missing_notes_are_flagged_not_invented(engine: Engine) -> None:
    hit = next(
        h for h in engine.ask("Bank of Japan discount rate", k=5).hits if 3 in h.passage.notes
    )
    note = hit.footnotes[0]
    assert (note.number, note.missing, note.text) == (3, True, "")


def test_a_note_hit_names_the_passages_citing_it(engine: Engine) -> None:
    hit = next(
        h
        for h in engine.ask("fiscal cost of the thrift bailout Kane", k=5).hits
        if h.passage.kind == "footnote"
    )
    assert hit.passage.number == 2
    citing = [engine.passage(i) for i in hit.cited_by]
    assert citing and all(p is not None and 2 in p.notes for p in citing)
    assert hit.footnotes == ()


def test_windows_of_one_paragraph_do_not_crowd_the_top(engine_factory) -> None:  # type: ignore[no-untyped-def]
    small = Settings(passages=PassageSettings(max_words=20, overlap_sentences=1))
    engine = engine_factory(settings=small)
    assert sum(1 for p in engine.passages if p.block_ids == ("b0003",)) > 2
    blocks = [
        b
        for h in engine.ask("S&L crisis regulators thrifts", k=5).hits
        for b in h.passage.block_ids
    ]
    assert len(blocks) == len(set(blocks))
    crowded = engine_factory(settings=small.with_retrieval(diversify=False))
    blocks = [h.passage.block_ids for h in crowded.ask("S&L crisis regulators thrifts", k=5).hits]
    assert blocks.count(("b0003",)) > 1


def test_unrelated_question_abstains_but_lists_nearest_passages(  # type: ignore[no-untyped-def]
    engine_factory, fake_embedder_type
) -> None:
    # wide vectors: the fake embedder's hash buckets rarely collide
    engine = engine_factory(embedder=fake_embedder_type(dim=4096))
    answer = engine.ask("What is the recipe for chocolate cake?", k=3, mode="hybrid")
    assert answer.abstained
    assert answer.confidence < engine.abstain_threshold
    assert len(answer.hits) == 3
    bm25 = engine.ask("What is the recipe for chocolate cake?", k=3, mode="bm25")
    assert bm25.abstained and bm25.confidence == 0.0


def test_threshold_is_settable(engine: Engine) -> None:
    answered = engine.ask(QUESTION, mode="dense", rerank=False)
    engine.dense_abstain_threshold = answered.confidence + 0.01
    assert engine.ask(QUESTION, mode="dense", rerank=False).abstained
    engine.dense_abstain_threshold = answered.confidence
    assert not engine.ask(QUESTION, mode="dense", rerank=False).abstained


def test_bm25_confidence_is_the_share_of_question_terms_found(engine: Engine) -> None:
    full = engine.ask("savings loan crisis", mode="bm25", rerank=False)
    half = engine.ask("savings zebra", mode="bm25", rerank=False)
    assert full.confidence == pytest.approx(1.0)
    assert 0.0 < half.confidence < 1.0


@pytest.mark.parametrize(
    ("question", "message"),
    [
        ("", "empty"),
        ("   \n\t", "empty"),
        ("why " * 400, "too long"),
    ],
)
def test_unusable_questions_are_refused(engine: Engine, question: str, message: str) -> None:
    with pytest.raises(QuestionError, match=message):
        engine.ask(question)


def test_unknown_mode_and_bad_k_are_refused(engine: Engine) -> None:
    with pytest.raises(QuestionError, match="unknown mode"):
        engine.ask(QUESTION, mode="magic")
    with pytest.raises(QuestionError, match="at least 1"):
        engine.ask(QUESTION, k=0)


def test_dense_side_loads_only_when_needed(engine: Engine) -> None:
    assert not engine.dense_ready
    engine.ask(QUESTION, mode="bm25")
    assert not engine.dense_ready
    engine.ask(QUESTION, mode="hybrid")
    assert engine.dense_ready


def test_json_shape(engine: Engine) -> None:
    data = json.loads(json.dumps(engine.ask(QUESTION, k=4).to_dict()))
    assert {"question", "mode", "abstained", "results"} <= set(data)
    assert data["question"] == QUESTION and data["mode"] == "hybrid"
    for result in data["results"]:
        assert {
            "rank",
            "score",
            "kind",
            "number",
            "section",
            "page",
            "text",
            "best_sentence",
            "footnotes",
        } <= set(result)
        assert result["kind"] in ("passage", "footnote")
        assert (result["number"] is None) == (result["kind"] == "passage")
        assert all(set(n) >= {"number", "text"} for n in result["footnotes"])
        assert result["best_sentence"] in result["text"]
