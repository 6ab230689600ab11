"""Engine.ask with the second stage: reranked by default, first stage on request, a missing
reranker answered around (said once), relevance in 0..1, the threshold the answer used."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

from posenqa.answer import Engine
from posenqa.models import MODELS_ENV
from posenqa.parsing import file_sha256
from posenqa.search.tokenize import tokenize

QUESTION = "Why did Japanese regulators fail to learn from the S&L crisis?"


class FakeReranker:
    """Scores a passage by the question terms it holds, minus a penalty for ``avoid``."""

    def __init__(self, prefer: str | None = None) -> None:
        self.prefer = prefer
        self.calls: list[int] = []

    def scores(self, question: str, passages: Sequence[str]) -> list[float]:
        self.calls.append(len(passages))
        terms = set(tokenize(question))
        out = []
        for text in passages:
            score = float(len(terms & set(tokenize(text)))) - 3.0
            if self.prefer and self.prefer in text:
                score += 100
            out.append(score)
        return out


@pytest.fixture
def make(tmp_path: Path, fake_embedder_type, small_document_factory):  # type: ignore[no-untyped-def]
    paper = tmp_path / "small.pdf"
    paper.write_text("v1")

    def engine(**kwargs: Any) -> Engine:
        return Engine.open(
            paper,
            index_root=tmp_path / "index",
            embedder=fake_embedder_type(),
            parse=lambda p: small_document_factory(p.name, file_sha256(p)),
            **kwargs,
        )

    return engine


def test_reranking_is_the_default_and_reorders(make) -> None:  # type: ignore[no-untyped-def]
    first = make().ask(QUESTION, k=3, rerank=False)
    last = first.hits[-1].passage.text[:40]
    answer = make(reranker=FakeReranker(prefer=last)).ask(QUESTION, k=3)
    assert answer.reranked and not first.reranked
    assert answer.hits[0].passage.text.startswith(last)
    assert [h.rank for h in answer.hits] == [1, 2, 3]


def test_no_rerank_keeps_the_first_stage(make) -> None:  # type: ignore[no-untyped-def]
    fake = FakeReranker(prefer="anything")
    plain = make().ask(QUESTION, k=3, rerank=False)
    asked = make(reranker=fake).ask(QUESTION, k=3, rerank=False)
    assert [h.passage.id for h in asked.hits] == [h.passage.id for h in plain.hits]
    assert asked.confidence == plain.confidence and fake.calls == []
    assert all(h.relevance is None for h in asked.hits)


def test_the_reranker_reads_the_pool_one_question_at_a_time(make) -> None:  # type: ignore[no-untyped-def]
    fake = FakeReranker()
    engine = make(reranker=fake)
    engine.ask(QUESTION, k=2)
    # The small paper has fewer passages than the default depth: all distinct blocks are
    # read (first call); then the windows of the first passages longer than one window.
    assert fake.calls[0] == len(engine.ask(QUESTION, k=50, rerank=False).hits)
    fake.calls.clear()
    make(reranker=fake, settings=_settings(window_top=0)).ask(QUESTION, k=2)
    assert fake.calls == [len(engine.ask(QUESTION, k=50, rerank=False).hits)]


def test_relevance_is_a_probability_and_falls_with_the_logit(make) -> None:  # type: ignore[no-untyped-def]
    hits = make(reranker=FakeReranker()).ask(QUESTION, k=5).hits
    values = [h.relevance for h in hits]
    assert all(v is not None and 0.0 <= v <= 1.0 for v in values)
    assert values == sorted(values, reverse=True)  # type: ignore[type-var]


def test_missing_reranker_files_answer_without_reranking_and_say_so_once(
    make, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv(MODELS_ENV, str(tmp_path / "no-models"))
    said: list[str] = []
    engine = make(log=said.append)
    said.clear()  # building the index logs too
    one = engine.ask(QUESTION, k=3)
    two = engine.ask(QUESTION, k=3, rerank=True)
    assert not one.reranked and not two.reranked
    assert len(said) == 1 and "without reranking" in said[0] and "fetch_reranker" in said[0]
    assert engine.reranker_error is not None


def test_the_answer_carries_the_threshold_it_was_judged_by(make) -> None:  # type: ignore[no-untyped-def]
    engine = make(reranker=FakeReranker())
    assert engine.ask(QUESTION).threshold == engine.rerank_abstain_threshold
    for mode, name in [
        ("hybrid", "abstain_threshold"),
        ("bm25", "bm25_abstain_threshold"),
        ("dense", "dense_abstain_threshold"),
    ]:
        setattr(engine, name, 0.123)
        assert engine.ask(QUESTION, mode=mode, rerank=False).threshold == 0.123


def _settings(judge: dict[str, Any] | None = None, **rerank: Any) -> Any:
    """The shipped settings with some rerank (and ``judge``) settings replaced."""
    from dataclasses import replace

    from posenqa.settings import default_settings

    base = default_settings()
    return replace(
        base,
        rerank=replace(base.rerank, **rerank),
        judge=replace(base.judge, **(judge or {})),
    )


def test_interpolation_at_weight_zero_keeps_the_first_stage_order_with_logits(make) -> None:  # type: ignore[no-untyped-def]
    plain = make().ask(QUESTION, k=4, rerank=False)
    kept = make(
        reranker=FakeReranker(prefer=plain.hits[-1].passage.text[:40]),
        settings=_settings(method="interp", weight=0.0),
    ).ask(QUESTION, k=4)
    assert kept.reranked
    assert [h.passage.id for h in kept.hits] == [h.passage.id for h in plain.hits]
    assert all(h.relevance is not None for h in kept.hits)


def test_interpolation_at_weight_one_is_the_reranker_order(make) -> None:  # type: ignore[no-untyped-def]
    fake = FakeReranker()
    # without the window reread, which only ``replace`` does
    replaced = make(reranker=fake, settings=_settings(method="replace", window_top=0))
    replaced = replaced.ask(QUESTION, k=4)
    mixed = make(reranker=fake, settings=_settings(method="interp", weight=1.0)).ask(QUESTION, k=4)
    assert [h.passage.id for h in mixed.hits] == [h.passage.id for h in replaced.hits]
    assert [h.relevance for h in mixed.hits] == [h.relevance for h in replaced.hits]


def test_sentence_candidates_join_the_pool_beyond_the_depth(make) -> None:  # type: ignore[no-untyped-def]
    fake = FakeReranker()
    engine = make(reranker=fake, settings=_settings(depth=2, sentence_extra=2, window_top=0))
    engine.ask(QUESTION, k=2)
    assert fake.calls == [4]
    fake.calls.clear()
    make(reranker=fake, settings=_settings(depth=2, sentence_extra=0, window_top=0)).ask(
        QUESTION, k=2
    )
    assert fake.calls == [2]


class WindowReader(FakeReranker):
    """Reads a whole passage's text by ``whole``; any other text (a window) by the best
    of the ``windows`` sentences it holds, else -9."""

    def __init__(self, whole: dict[str, float], windows: dict[str, float]) -> None:
        super().__init__()
        self.whole, self.windows = whole, windows

    def scores(self, question: str, passages: Sequence[str]) -> list[float]:
        self.calls.append(len(passages))
        out = []
        for text in passages:
            if text in self.whole:
                out.append(self.whole[text])
            else:
                out.append(max((v for w, v in self.windows.items() if w in text), default=-9.0))
        return out


def test_the_first_passages_are_reread_by_their_best_window(make) -> None:  # type: ignore[no-untyped-def]
    from posenqa.search.evidence import sentence_spans

    engine = make(settings=_settings(window_top=0))
    plain = engine.ask(QUESTION, k=50, rerank=False)
    long = [
        h.passage
        for h in plain.hits
        if len(sentence_spans(h.passage.text)) > 2 and h.passage.kind != "footnote"
    ]
    assert len(long) >= 2, "the small paper needs two passages of three sentences or more"
    a, b = long[0], long[1]
    first_b = b.text[slice(*sentence_spans(b.text)[0])]
    # Whole, a reads better than b (4 against 3) and everything else is far below; read
    # window by window, b's first sentence scores 9: b's mean (3 + 9) / 2 = 6 beats a's
    # (4 + its best window, -9 as no window of a holds b's sentence) / 2.
    whole = {p.passage.searchable: -5.0 for p in plain.hits}
    whole[a.searchable], whole[b.searchable] = 4.0, 3.0
    reader = WindowReader(whole, {first_b: 9.0})
    off = make(reranker=reader, settings=_settings(window_top=0)).ask(QUESTION, k=2)
    assert [h.passage.id for h in off.hits] == [a.id, b.id]
    on = make(reranker=reader, settings=_settings(window_top=2)).ask(QUESTION, k=2)
    assert [h.passage.id for h in on.hits] == [b.id, a.id]
    # bm25 mode has its own setting (off by default); a question holding words of both
    # passages puts both in its pool
    words = " ".join(tokenize(a.text)[:3] + tokenize(b.text)[:3])
    bm25 = make(reranker=reader, settings=_settings(window_top=2))
    assert [h.passage.id for h in bm25.ask(words, k=2, mode="bm25").hits] == [a.id, b.id]
    bm25 = make(reranker=reader, settings=_settings(bm25_window_top=2))
    assert [h.passage.id for h in bm25.ask(words, k=2, mode="bm25").hits] == [b.id, a.id]
    # a hit's score and relevance are what it was ranked by, the reread mean, so the
    # relevance falls with the rank; the judge still reads the best passage's own logit
    assert [h.score for h in on.hits] == [6.0, -2.5]
    assert on.hits[0].relevance is not None and on.hits[1].relevance is not None
    assert on.hits[0].relevance > on.hits[1].relevance
    assert on.judged is not None and on.judged.logit == 3.0


def test_a_source_question_gets_the_note_before_the_paragraph_citing_it(make) -> None:  # type: ignore[no-untyped-def]
    # The reranker prefers the paragraph (a sentence only it holds); the question asks
    # for the work cited, which is the note's body.
    reranker = FakeReranker(prefer="Deposit insurance without supervision")
    engine = make(reranker=reranker)
    asked = "Which source does the paper cite for the cost to taxpayers of delayed closure?"
    hits = engine.ask(asked, k=3).hits
    assert hits[0].passage.kind == "footnote" and hits[0].passage.number == 2
    assert 2 in hits[1].passage.notes
    # the note is ranked by the paragraph it goes ahead of, and shows that one's relevance
    assert hits[0].placed_before == hits[1].passage.id and hits[1].placed_before is None
    assert hits[0].score == hits[1].score and hits[0].relevance == hits[1].relevance
    assert hits[0].to_dict()["placed_before"] == hits[1].passage.id
    plain = make(reranker=reranker, settings=_settings(source_notes_first=False))
    assert plain.ask(asked, k=3).hits[0].passage.kind != "footnote"


def test_the_judge_reads_the_citers_score_for_a_note_moved_ahead_of_it(make) -> None:  # type: ignore[no-untyped-def]
    # The note is first because the paragraph citing it answers; its body alone (a bare
    # reference) scores low, which must not read as "nothing in the paper is about it".
    cited = "Deposit insurance without supervision"
    reranker = FakeReranker(prefer=cited)
    engine = make(reranker=reranker)
    asked = "Which source does the paper cite for the cost to taxpayers of delayed closure?"
    answer = engine.ask(asked, k=3)
    assert answer.hits[0].passage.kind == "footnote" and answer.judged is not None
    citer = answer.hits[1].passage.searchable
    assert cited in citer
    assert answer.judged.logit == reranker.scores(asked, [citer])[0]


def test_a_note_scores_by_its_body_for_a_question_about_the_claim(make) -> None:  # type: ignore[no-untyped-def]
    class Recorder(FakeReranker):
        def scores(self, question: str, passages: Sequence[str]) -> list[float]:
            self.read = [*getattr(self, "read", []), *passages]
            return super().scores(question, passages)

    body = "On the fiscal cost of the thrift bailout, see Kane (1989), pp. 12-14."
    for asked, expected in (
        ("How did the cost to taxpayers grow while closure was delayed?", body),
        ("Which work does the paper cite on the cost to taxpayers?", "indexed"),
    ):
        reranker = Recorder()
        make(reranker=reranker).ask(asked, k=3)
        note = [t for t in reranker.read if t.startswith(body)]
        assert len(note) == 1, "note 2 is in the pool"
        # its indexed text (body, then the citing sentence) only when a source is asked
        assert (note[0] == body) == (expected == body)


# -- the real cross-encoder on the bundled paper -------------------------------------

#: Questions whose relevances rose down the list when they were calibrated on the passage
#: logit alone: the window reread put a passage whose best window reads weaker than its
#: whole below others (fact, concept), a note went ahead of its citing paragraph (source).
REAL_QUESTIONS = (
    "Which source does the paper cite for the cost of the S&L bailout?",
    "How much money have Japanese and American investors already bet on liberalization"
    " and convergence?",
    "Which work does the author cite for the Japanese banks' forbearance?",
    "Why did Japanese regulators fail to learn from the S&L crisis?",
)


@pytest.fixture(scope="module")
def real_reranked(tmp_path_factory, corpus_pdf, fake_embedder_type):  # type: ignore[no-untyped-def]
    from posenqa.models.fetch_reranker import reranker_dir

    if not reranker_dir().is_dir():
        pytest.skip(f"reranker not installed in {reranker_dir()}")
    root = tmp_path_factory.mktemp("rerank-index")
    return Engine.open(corpus_pdf, index_root=root, embedder=fake_embedder_type())


@pytest.mark.parametrize("question", REAL_QUESTIONS)
def test_real_relevances_never_rise_down_the_list(real_reranked, question: str) -> None:  # type: ignore[no-untyped-def]
    answer = real_reranked.ask(question, k=10)
    assert answer.reranked
    values = [h.relevance for h in answer.hits]
    assert all(v is not None for v in values)
    assert values == sorted(values, reverse=True), [
        (h.rank, h.score, h.relevance) for h in answer.hits
    ]  # type: ignore[type-var]


def test_the_engine_reads_the_sure_score_from_its_settings(make) -> None:  # type: ignore[no-untyped-def]
    question = "How many Japanese regulators failed to learn from the S&L crisis in 1931?"
    fake = FakeReranker()
    doubting = make(reranker=fake, settings=_settings(judge={"sure_logit": float("inf")}))
    doubted = doubting.ask(question, k=2).judged
    assert doubted is not None and doubted.type_missing and doubted.year_missing
    sure = make(reranker=fake, settings=_settings(judge={"sure_logit": doubted.logit}))
    judged = sure.ask(question, k=2).judged
    assert judged is not None and judged.logit == doubted.logit
    assert not judged.type_missing and not judged.year_missing


def test_judge_features_reads_what_ask_judged(make) -> None:  # type: ignore[no-untyped-def]
    # Evaluation scripts rejudge saved answers with Engine.judge_features: it must read
    # the same inputs as ask, or their tables measure another judge than the product's.
    question = "How many Japanese regulators failed to learn from the S&L crisis in 1931?"
    engine = make(reranker=FakeReranker())
    answer = engine.ask(question, k=2)
    judged = answer.judged
    assert judged is not None and judged.type_missing
    top = answer.hits[0]
    again = engine.judge_features(question, top.passage, [judged.logit], top.best_sentence)
    assert again == dataclasses.replace(judged, support=judged.logit)
    sure = engine.judge_features(
        question, top.passage, [judged.logit], top.best_sentence, sure_logit=judged.logit
    )
    assert not sure.type_missing and not sure.year_missing
