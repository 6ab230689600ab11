"""Known answers on the real paper, per retrieval mode.

Each question names the section and a phrase of the passage (or note) that
answers it, read off the paper; the test asks that it be among the top five.
BM25 runs with the fake embedder (BM25 does not use it); dense and hybrid need
the real model.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from posenqa.answer import Answer, Engine
from posenqa.cli import cli

K = 5
CASES = [
    # (question, section of the answer, phrase of the answering passage)
    (
        "Why did Japanese regulators fail to learn from the S&L crisis?",
        "2A",
        "lack of learning by Japanese regulators",
    ),
    (
        "What triggered the Japanese financial crisis in the 1990s?",
        "1B",
        "collapse of the Japanese stock market",
    ),
    (
        "Could Japan dump its US Treasury holdings to put pressure on American policy?",
        "2B",
        "“dump” Treasuries",
    ),
    (
        "When was the Financial Supervision Agency separated from the Ministry of Finance?",
        "1B",
        "Financial Supervision Agency was spun off",
    ),
    ("What happened with the Daiwa Bank losses in New York?", "2A", "Daiwa Bank"),
    # answered by a note (27)
    (
        "What did Prime Minister Hashimoto say about selling Treasuries and buying gold?",
        "1C",
        "tempted to sell US Treasuries and buy gold",
    ),
    (
        "How did American insurers gain access to the Japanese insurance market?",
        "2A",
        "insur",  # either the negotiation passage or the 1996 Insurance Business law one
    ),
]
UNRELATED = "What is the best recipe for chocolate cake?"


def _found(answer: Answer, section: str, phrase: str) -> bool:
    return any(h.passage.section == section and phrase in h.passage.text for h in answer.hits)


@pytest.fixture(scope="module")
def bm25_engine(tmp_path_factory, corpus_pdf, fake_embedder_type) -> Engine:  # type: ignore[no-untyped-def]
    root = tmp_path_factory.mktemp("bm25-index")
    return Engine.open(corpus_pdf, index_root=root, embedder=fake_embedder_type())


@pytest.fixture(scope="module")
def real_engine(tmp_path_factory, corpus_pdf, real_embedder) -> Engine:  # type: ignore[no-untyped-def]
    root = tmp_path_factory.mktemp("real-index")
    return Engine.open(corpus_pdf, index_root=root, embedder=real_embedder)


@pytest.mark.parametrize(("question", "section", "phrase"), CASES)
def test_bm25_known_answers(bm25_engine: Engine, question: str, section: str, phrase: str) -> None:
    assert _found(bm25_engine.ask(question, k=K, mode="bm25"), section, phrase)


@pytest.mark.model
@pytest.mark.parametrize("mode", ["dense", "hybrid"])
def test_dense_and_hybrid_known_answers(real_engine: Engine, mode: str) -> None:
    missed = [
        q
        for q, section, phrase in CASES
        if not _found(real_engine.ask(q, k=K, mode=mode), section, phrase)
    ]
    assert missed == []


def test_note_hit_points_back_to_the_citing_passage(bm25_engine: Engine) -> None:
    answer = bm25_engine.ask(CASES[5][0], k=K, mode="bm25")
    note = next(h for h in answer.hits if h.passage.kind == "footnote")
    assert note.passage.number == 27
    citing = [bm25_engine.passage(i) for i in note.cited_by]
    assert citing and all(p is not None and 27 in p.notes for p in citing)


def test_answering_passage_brings_its_notes(bm25_engine: Engine) -> None:
    hit = next(
        h
        for h in bm25_engine.ask(CASES[0][0], k=K, mode="bm25").hits
        if "impossible to claim that Japanese regulators" in h.passage.text
    )
    numbers = [n.number for n in hit.footnotes]
    assert numbers == list(hit.passage.notes) and numbers
    assert all(n.text for n in hit.footnotes if not n.missing)


@pytest.mark.model
def test_unrelated_question_is_less_confident(real_engine: Engine) -> None:
    related = real_engine.ask(CASES[0][0], mode="hybrid")
    unrelated = real_engine.ask(UNRELATED, mode="hybrid")
    assert unrelated.confidence < related.confidence
    real_engine.abstain_threshold = (related.confidence + unrelated.confidence) / 2
    assert real_engine.ask(UNRELATED).abstained
    assert not real_engine.ask(CASES[0][0]).abstained


@pytest.mark.model
def test_cli_answers_the_s_and_l_question(
    real_engine: Engine, real_embedder, corpus_pdf, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    root = str(real_engine.index_path.parent)
    base = ["ask", CASES[0][0], "--doc", str(corpus_pdf), "--index-dir", root]
    text = CliRunner().invoke(cli, base, obj={"embedder": real_embedder})
    assert text.exit_code == 0, text.output
    assert text.stderr == ""  # the index is current: nothing rebuilt
    assert "Notes:" in text.stdout and "§2A" in text.stdout
    questions = tmp_path / "q.jsonl"
    questions.write_text(
        "".join(
            json.dumps({"id": i, "question": q}) + "\n" for i, (q, _, _) in enumerate(CASES[:3])
        )
    )
    batch = CliRunner().invoke(
        cli,
        ["ask", "--questions", str(questions), "--doc", str(corpus_pdf), "--index-dir", root],
        obj={"embedder": real_embedder},
    )
    assert batch.exit_code == 0, batch.output
    assert [json.loads(line)["id"] for line in batch.stdout.splitlines()] == [0, 1, 2]
