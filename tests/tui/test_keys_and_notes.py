"""Typing is safe, a note result shows its reference, reranking reorders, copies are shown.

Issue 12's terminal UI items, driven by keys through Pilot on the fake engine.
"""

from __future__ import annotations

import threading
from contextlib import asynccontextmanager

import pytest
from textual import events
from textual.containers import VerticalScroll

from posenqa.errors import PosenqaError
from posenqa.tui.render import chance_label
from posenqa.tui.screens.main import MainScreen
from posenqa.tui.screens.reader import ReaderScreen
from posenqa.tui.widgets.notes_pane import NotesPane
from posenqa.tui.widgets.question_box import QuestionBox
from posenqa.tui.widgets.reading_pane import ReadingPane
from posenqa.tui.widgets.results_list import ResultsList

from .test_app import QUESTION, ask, reading, settle, status, text_of

pytestmark = pytest.mark.anyio

#: The questions of the issue: typed straight after an answer they fired t, c, r and q.
NEXT_QUESTIONS = ("What did the yen carry trade do?", "Was quantitative easing discussed?")


def notices(app) -> list[str]:
    return [n.message for n in app._notifications]


@asynccontextmanager
async def answered(app, question: str = QUESTION, size: tuple[int, int] = (100, 30)):
    """Run ``app``, ask ``question`` and let it be answered; yield (pilot, copied texts)."""
    copied: list[str] = []
    async with app.run_test(size=size) as pilot:
        app.copy_to_clipboard = copied.append
        await settle(pilot)
        await ask(pilot, question)
        yield pilot, copied


async def submit(pilot, question: str) -> None:
    """Ask ``question`` and wait for the first answer only (the reranker may be held)."""
    await pilot.press("slash")
    pilot.app.screen.query_one(QuestionBox).value = question
    await pilot.press("enter")
    while pilot.app.screen.answer is None:
        await pilot.pause(0.01)


async def test_typing_the_next_question_straight_after_an_answer(make_tui, fakes) -> None:
    engine = fakes.engine_class()
    app = make_tui(engine)
    async with answered(app) as (pilot, copied):
        theme = app.theme
        for question in NEXT_QUESTIONS:
            assert isinstance(app.focused, ResultsList)  # the answer took the focus
            await pilot.press(*question)  # one key at a time, as typed
            assert app.is_running
            assert isinstance(app.screen, MainScreen)
            assert app.screen.query_one(QuestionBox).value == question
            await pilot.press("enter")
            await settle(pilot)
            assert engine.asked[-1] == (question, "hybrid")
        assert app.theme == theme
        assert copied == []
        assert app.is_running


@pytest.mark.parametrize("pane", ["#results", "#notes", "#reading"])
async def test_a_question_typed_faster_than_the_focus_moves_keeps_every_letter(
    make_tui, pane
) -> None:
    # A terminal sends a fast typist's (or a paste's) keys in one burst: they are all
    # routed to the pane that had focus before its first key moved the focus to the box.
    question = "When did the Garn-St. Germain Act take effect?"
    app = make_tui()
    async with answered(app) as (pilot, _):
        app.screen.query_one(pane).focus()
        await pilot.pause()
        for character in question:
            key = {" ": "space", "-": "minus", ".": "full_stop", "?": "question_mark"}
            app.post_message(events.Key(key.get(character, character), character))
        await pilot.pause()
        box = app.screen.query_one(QuestionBox)
        assert app.focused is box
        assert box.value == question


@pytest.mark.parametrize("pane", [ReadingPane, NotesPane])
async def test_letters_from_any_pane_start_a_question(make_tui, pane) -> None:
    app = make_tui()
    async with answered(app) as (pilot, _):
        app.screen.query_one(pane).focus()
        await pilot.pause()
        await pilot.press(*"Was it")
        box = app.screen.query_one(QuestionBox)
        assert app.focused is box
        assert box.value == "Was it"  # the old question was replaced, not appended to


@pytest.mark.parametrize(
    ("pane", "question"),
    [
        ("#results", "just how big was it"),
        ("#results", "keiretsu ties"),
        ("#notes", "keiretsu"),
        ("#reading", "just"),
    ],
)
async def test_j_and_k_start_a_question_like_any_letter(make_tui, pane, question) -> None:
    # They once moved through the panes, and a question starting with them lost its
    # first letter; the arrows move, every letter types.
    app = make_tui()
    async with answered(app) as (pilot, _):
        app.screen.query_one(pane).focus()
        await pilot.pause()
        await pilot.press(*question)
        box = app.screen.query_one(QuestionBox)
        assert app.focused is box
        assert box.value == question


async def test_a_late_reranked_answer_does_not_take_the_box_away(make_tui, fakes) -> None:
    gate = threading.Event()
    engine = fakes.engine_class(rerank_gate=gate)
    app = make_tui(engine)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await submit(pilot, QUESTION)
        assert "reranking…" in status(pilot)
        await pilot.press(*"Was")  # the next question, while the reranker works
        gate.set()
        await settle(pilot)
        box = app.screen.query_one(QuestionBox)
        assert app.focused is box
        await pilot.press(*" it?")
        assert box.value == "Was it?"
        assert engine.reranked == [QUESTION]


async def test_the_first_stage_shows_at_once_and_the_reranker_reorders_it(make_tui, fakes) -> None:
    gate = threading.Event()
    engine = fakes.engine_class(rerank_gate=gate)
    app = make_tui(engine)
    question = "hoshi kashyap corporate financing"
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await submit(pilot, question)
        results = app.screen.query_one(ResultsList)
        first = [h.passage.id for h in results.hits]
        assert first[:2] == ["n001", "n004"]  # equal overlap: in paper order
        assert results.border_subtitle == "bar: best to weakest"  # no relevance yet
        await pilot.press("down")  # reading the second while the reranker works
        gate.set()
        await settle(pilot)
        reordered = [h.passage.id for h in results.hits]
        assert reordered[:2] == ["n004", "n001"]  # the shorter note wins the fake reranker
        assert sorted(reordered) == sorted(first)
        assert results.current.passage.id == "n004"  # still on the passage being read
        assert reading(pilot).startswith("Hoshi and Kashyap")
        await pilot.press("down")
        assert reading(pilot).startswith("See Takeo Hoshi")
        assert results.border_subtitle == "bar: chance it answers"
        assert "answered by hybrid, reranked" in status(pilot)
        # One number: the verdict gives the best passage's chance, as its entry does, and
        # no other "confidence" beside it.
        best = chance_label(results.hits[0].relevance)
        verdict = text_of(app.screen, "#verdict")
        assert verdict.endswith(f"best: {best} likely to answer")
        assert "confidence" not in verdict
        assert f" {best} " in str(results.get_option_at_index(0).prompt)


async def test_ctrl_r_turns_reranking_off_and_on(make_tui, fakes) -> None:
    engine = fakes.engine_class()
    app = make_tui(engine)
    async with answered(app) as (pilot, _):
        assert engine.reranked == [QUESTION]
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert status(pilot) == "mode: hybrid · answered by hybrid · hybrid ready"
        assert engine.reranked == [QUESTION]  # asked again, first stage only
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert engine.reranked == [QUESTION, QUESTION]


async def test_the_reranker_loads_after_the_embedder_before_any_question(make_tui, fakes) -> None:
    engine = fakes.engine_class()
    app = make_tui(engine)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert engine.dense_ready
        assert engine.reranker_loads == 1
        assert engine.asked == []


@pytest.mark.parametrize("without", ["model", "interface"])
async def test_a_missing_reranker_is_said_once(make_tui, fakes, without) -> None:
    if without == "model":
        engine = fakes.engine_class(rerank_error=PosenqaError("reranker model not installed"))
        reason = "reranker model not installed"
    else:
        engine = fakes.engine_without_reranker()
        reason = "this engine has no reranker"
    app = make_tui(engine)
    async with answered(app) as (pilot, _):
        await ask(pilot, "capital flows")
        said = [m for m in notices(app) if "Reranking unavailable" in m]
        assert said == [f"Reranking unavailable ({reason}); keeping the search order."]
        assert status(pilot) == "mode: hybrid · answered by hybrid · hybrid ready"
        assert app.screen.query_one(ResultsList).option_count > 0


async def test_a_note_result_shows_its_full_reference_and_where_it_is_cited(
    make_tui, fakes
) -> None:
    app = make_tui()
    refs, doc = fakes.refs, fakes.document
    async with answered(app, "hoshi kashyap corporate financing") as (pilot, copied):
        results = app.screen.query_one(ResultsList)
        assert results.current.passage.id == "n004"  # the short form "Hoshi and Kashyap…"
        # The reranker moved it to the top while the top row stayed highlighted.
        assert reading(pilot).startswith("Hoshi and Kashyap, Corporate Financing.")
        notes = app.screen.query_one(NotesPane)
        shown = str(notes.get_option_at_index(0).prompt)
        full = refs.format_reference(refs.note_references(doc)[4][0], "chicago")
        assert "Corporate Financing and Governance in Japan" in full  # resolved from note 1
        assert full in shown
        assert "full reference from note 1" in shown
        # The passage that cites the note, with its page and sentence.
        assert "cited on p. 5, §2: “Leverage returned only when" in shown
        assert "cites no notes" not in shown
        assert notes.border_title == "Note 4: its references"
        await pilot.press("ctrl+c")
        assert copied[-1] == full
        await pilot.pause()
        assert notices(app)[-1].startswith("Copied Chicago: the work cited in note 4:\nTakeo Hoshi")
        await pilot.press("ctrl+b")
        assert copied[-1] == refs.format_reference(refs.note_references(doc)[4][0], "bibtex")


async def test_the_readers_copy_cites_the_page_on_screen(make_tui, fakes) -> None:
    app = make_tui()
    async with answered(app, size=(70, 14)) as (pilot, copied):
        await pilot.press("ctrl+o")
        await pilot.pause()
        reader = app.screen
        assert isinstance(reader, ReaderScreen)
        assert reader.markers[reader.cursor].block_id == "b0002"  # the cursor is on p. 2
        await pilot.press("c")
        assert copied[-1] == fakes.refs.cite_paper(fakes.document, 2, "chicago")
        body = reader.query_one("#reader-body", VerticalScroll)
        body.scroll_to_widget(reader.query_one("#blk-b0003"), animate=False, top=True)
        await pilot.pause()
        assert reader.markers[reader.cursor].block_id == "b0002"  # the cursor did not move
        await pilot.press("c")
        assert copied[-1] == fakes.refs.cite_paper(fakes.document, 3, "chicago")
        assert "p. 3" in notices(app)[-1]


async def test_bm25_answers_while_a_new_index_is_embedded(fakes) -> None:
    from posenqa.tui import make_app

    built = threading.Event()
    text_engine, full_engine = fakes.engine_class(), fakes.engine_class()

    def building_factory(*, progress, log, text_ready):
        progress(0, 40)
        text_ready(text_engine)  # the text is indexed: BM25 can answer
        progress(10, 40)
        built.wait(10)
        progress(40, 40)
        return full_engine

    app = make_app("paper.pdf", engine_factory=building_factory)
    async with app.run_test(size=(100, 30)) as pilot:
        while app.screen.engine is None or app.screen.engine.engine is not text_engine:
            await pilot.pause(0.01)
        await pilot.pause(0.05)
        assert status(pilot).endswith("BM25 ready · building the index: 10/40 embedded")
        await pilot.press(*QUESTION, "enter")
        while not text_engine.asked:
            await pilot.pause(0.01)
        assert text_engine.asked == [(QUESTION, "bm25")]
        assert text_engine.dense_ready is False  # nobody loads a model into the text engine
        built.set()
        await settle(pilot)
        # The built engine takes over, loads the model, and the question is asked as asked.
        assert app.screen.engine.engine is full_engine
        assert full_engine.asked == [(QUESTION, "hybrid")]
        assert status(pilot).endswith("hybrid ready")
