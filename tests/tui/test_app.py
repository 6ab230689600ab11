"""The TUI driven by keys through Textual's Pilot, on the fake engine."""

from __future__ import annotations

import threading

import pytest
from textual.widgets import Input, OptionList, Static

from posenqa.errors import InputError
from posenqa.tui.screens.help import HelpScreen
from posenqa.tui.screens.main import MainScreen
from posenqa.tui.screens.reader import ReaderScreen
from posenqa.tui.screens.works import WorksScreen
from posenqa.tui.widgets.notes_pane import NotesPane
from posenqa.tui.widgets.question_box import QuestionBox
from posenqa.tui.widgets.results_list import ResultsList

pytestmark = pytest.mark.anyio

QUESTION = "why did japanese regulators fail"


async def settle(pilot) -> None:
    """Let every worker finish and the messages they posted be handled.

    Handling a message can start another worker (the model finishing loads
    re-asks), so this repeats until a pause leaves no worker unfinished.
    """
    for _ in range(20):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        if all(w.is_finished for w in pilot.app.workers):
            return
    raise AssertionError("workers kept starting")


async def ask(pilot, question: str = QUESTION) -> None:
    """Focus the box with ``/``, put the question in it and press enter.

    Setting the value instead of pressing each letter keeps the suite fast;
    typing letter by letter is covered by its own tests.
    """
    await pilot.press("slash")
    pilot.app.screen.query_one(QuestionBox).value = question
    await pilot.press("enter")
    await settle(pilot)


def text_of(screen, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())


def status(pilot) -> str:
    return text_of(pilot.app.screen, "#status")


def reading(pilot) -> str:
    return text_of(pilot.app.screen, "#reading-text")


async def test_window_appears_before_the_engine_is_open(make_tui, fakes) -> None:
    opened = threading.Event()
    engine = fakes.engine_class()

    def slow_factory(*, progress, log, **_):
        log("parsing the paper")
        opened.wait(10)
        return engine

    from posenqa.tui import make_app

    app = make_app("paper.pdf", engine_factory=slow_factory)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert app.screen.engine is None
        # A question typed while the paper opens runs as soon as it is open.
        await pilot.press(*QUESTION, "enter")
        await pilot.pause()
        assert "still opening" in status(pilot)
        opened.set()
        await settle(pilot)
        # Asked the moment BM25 was ready, before the embedding model loaded.
        assert engine.asked == [(QUESTION, "bm25")]
        assert app.screen.query_one(ResultsList).option_count > 0


async def test_ask_shows_ranked_passages_with_markers_and_notes(make_tui) -> None:
    app = make_tui()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await ask(pilot)
        results = app.screen.query_one(ResultsList)
        top = results.hits[0]
        assert results.option_count == len(results.hits) == app.k  # 8 of the fake's 8 passages
        assert app.focused is results
        assert reading(pilot).startswith("Japanese regulators failed")
        assert "decade.¹ Forbearance" in reading(pilot)  # the marker is back in place
        notes = app.screen.query_one(NotesPane)
        assert [n.number for n in notes.notes] == list(top.passage.notes) == [1, 2]
        assert (
            status(pilot) == "mode: hybrid + rerank · answered by hybrid, reranked · hybrid ready"
        )


async def test_moving_through_results_changes_the_reading_pane(make_tui) -> None:
    app = make_tui()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await ask(pilot)
        results = app.screen.query_one(ResultsList)
        await pilot.press("down")
        assert results.highlighted == 1
        second = results.hits[1].passage
        assert reading(pilot).startswith(
            second.text[: second.markers[0].offset if second.markers else None]
        )
        await pilot.press("down")
        assert results.highlighted == 2
        await pilot.press("up", "up")
        assert results.highlighted == 0


async def test_letters_typed_in_the_question_box_are_not_commands(make_tui) -> None:
    app = make_tui()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press(*"q m r w c b t ?")
        box = app.screen.query_one(QuestionBox)
        assert box.value == "q m r w c b t ?"
        assert isinstance(app.screen, MainScreen)
        assert app.screen.mode == "hybrid"
        assert app.is_running


async def test_up_arrow_in_the_box_recalls_earlier_questions(make_tui) -> None:
    app = make_tui()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await ask(pilot, "first question")
        await ask(pilot, "second question")
        await pilot.press("slash")
        box = app.screen.query_one(QuestionBox)
        box.value = ""
        await pilot.press("up")
        assert box.value == "second question"
        await pilot.press("up")
        assert box.value == "first question"
        await pilot.press("down", "down")
        assert box.value == ""


async def test_mode_key_cycles_and_reasks(make_tui, fakes) -> None:
    engine = fakes.engine_class()
    app = make_tui(engine)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await ask(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen.mode == "bm25"
        assert engine.asked[-1] == (QUESTION, "bm25")
        assert "mode: bm25" in status(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert engine.asked[-1] == (QUESTION, "dense")
        await pilot.press("ctrl+s")
        assert app.screen.mode == "hybrid"


async def test_bm25_answers_while_the_model_loads(make_tui, fakes) -> None:
    gate = threading.Event()
    engine = fakes.engine_class(dense_gate=gate)
    app = make_tui(engine)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        while app.screen.engine is None:
            await pilot.pause(0.01)
        assert "model loading" in status(pilot)
        await pilot.press(*QUESTION, "enter")
        while not engine.asked:
            await pilot.pause(0.01)
        await pilot.pause(0.05)
        assert engine.asked == [(QUESTION, "bm25")]
        assert "answered by bm25 (hybrid loading)" in status(pilot)
        gate.set()
        await settle(pilot)
        # Once the model is loaded the question is asked again, as asked: hybrid.
        assert engine.asked == [(QUESTION, "bm25"), (QUESTION, "hybrid")]
        assert (
            status(pilot) == "mode: hybrid + rerank · answered by hybrid, reranked · hybrid ready"
        )


async def test_reader_follows_a_note_and_comes_back(make_tui) -> None:
    app = make_tui()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await ask(pilot)
        await pilot.press("ctrl+o")
        await pilot.pause()
        reader = app.screen
        assert isinstance(reader, ReaderScreen)
        assert reader.section == "1"
        assert [b.id for b in reader.blocks] == ["b0002", "b0003"]
        assert [m.number for m in reader.markers] == [1, 2, 3]
        assert reader.cursor == 0
        await pilot.press("n")
        assert reader.markers[reader.cursor].number == 2
        await pilot.press("enter")
        await pilot.pause()
        assert reader.following == 2
        assert reader.query_one("#note-2").has_class("-current")
        await pilot.press("u")
        assert reader.following is None
        assert reader.markers[reader.cursor].number == 2
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)


async def test_reader_contents_open_another_section(make_tui) -> None:
    app = make_tui()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await ask(pilot)
        await pilot.press("ctrl+o")
        await pilot.pause()
        reader = app.screen
        await pilot.press("shift+tab")  # from the text to the contents
        toc = reader.query_one("#toc")
        assert app.focused is toc
        toc.select_label("1A")
        await pilot.press("enter")
        await pilot.pause()
        assert reader.section == "1A"
        assert [b.id for b in reader.blocks] == ["b0004"]


async def test_copy_cites_the_passage_page_or_the_selected_note(make_tui, fakes) -> None:
    app = make_tui()
    copied: list[str] = []
    async with app.run_test(size=(100, 30)) as pilot:
        app.copy_to_clipboard = copied.append  # type: ignore[method-assign]
        await settle(pilot)
        await ask(pilot)
        refs, doc = fakes.refs, fakes.document
        by_note = refs.note_references(doc)
        await pilot.press("ctrl+c")
        assert copied[-1] == refs.cite_paper(doc, 2, "chicago")  # the top passage is on p. 2
        await pilot.press("tab", "tab")  # results -> passage -> notes
        assert isinstance(app.focused, NotesPane)
        await pilot.press("ctrl+c")
        assert copied[-1] == refs.format_reference(by_note[1][0], "chicago")
        await pilot.press("down", "ctrl+b")
        assert copied[-1] == refs.format_reference(by_note[2][0], "bibtex")
        await pilot.pause()
        # The notification shows what was copied, not only that something was.
        last = list(app._notifications)[-1].message
        assert last.startswith("Copied BibTeX")
        assert copied[-1].split("\n")[0] in last


async def test_abstention_is_said_plainly_and_passages_still_listed(make_tui) -> None:
    app = make_tui()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await ask(pilot, "what about volcanoes on mars")
        verdict = app.screen.query_one("#verdict", Static)
        said = str(verdict.render())
        assert said.startswith("Not in the paper (confidence 0.00 is below 0.30)")
        assert verdict.has_class("-abstained")
        assert app.screen.query_one(ResultsList).option_count > 0


async def test_a_failing_search_shows_an_error_and_the_app_survives(make_tui, fakes) -> None:
    engine = fakes.engine_class(fail_on="explode")
    app = make_tui(engine)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await ask(pilot, "please explode")
        assert status(pilot) == "Search failed: RuntimeError: index exploded"
        assert app.screen.query_one("#status").has_class("-error")
        await ask(pilot)
        assert "answered by hybrid" in status(pilot)
        assert not app.screen.query_one("#status").has_class("-error")


async def test_a_paper_that_cannot_open_is_reported(fakes) -> None:
    from posenqa.tui import make_app

    def broken(*, progress, log, **_):
        raise InputError("paper.pdf: no such file")

    app = make_app("paper.pdf", engine_factory=broken)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert status(pilot) == "Could not open the paper: paper.pdf: no such file"
        assert app.is_running


async def test_works_cited_filters_as_you_type_and_copies(make_tui, fakes) -> None:
    app = make_tui()
    copied: list[str] = []
    async with app.run_test(size=(100, 30)) as pilot:
        app.copy_to_clipboard = copied.append  # type: ignore[method-assign]
        await settle(pilot)
        await ask(pilot)
        await pilot.press("ctrl+l")
        await settle(pilot)  # the works are gathered in a worker
        works = app.screen
        assert isinstance(works, WorksScreen)
        assert isinstance(app.focused, Input)
        listing = works.query_one("#works-list", OptionList)
        assert listing.option_count == 2
        await pilot.press(*"posen")
        assert listing.option_count == 1
        await pilot.press("down", "c")
        posen = [w for w in fakes.refs.works_cited(fakes.document) if "Posen" in w.key.title()]
        assert copied[-1] == fakes.refs.format_reference(posen[0].reference, "chicago")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen)
        assert app.screen.following == 2


async def test_help_lists_keys_and_closes(make_tui) -> None:
    app = make_tui()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        await ask(pilot)
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("q")
        assert isinstance(app.screen, MainScreen)
        assert app.is_running


async def test_theme_toggles_between_light_and_dark(make_tui) -> None:
    app = make_tui()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await ask(pilot)
        before = app.theme
        await pilot.press("ctrl+t")
        assert app.theme != before
        await pilot.press("ctrl+t")
        assert app.theme == before


async def test_usable_at_80x24(make_tui) -> None:
    app = make_tui()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await ask(pilot)
        for selector in ("#question", "#results", "#reading", "#notes", "#status"):
            region = app.screen.query_one(selector).region
            assert region.width > 0 and region.height > 0, selector
            assert region.right <= 80 and region.bottom <= 24, selector
        assert app.screen.query_one("#reading").region.height >= 6


async def test_only_ctrl_q_quits_never_a_letter(make_tui) -> None:
    app = make_tui()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await ask(pilot)
        await pilot.press("q")
        await pilot.pause()
        assert app.is_running
        assert app.screen.query_one(QuestionBox).value == "q"
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert not app.is_running


def test_the_works_filter_folds_case_as_the_papers_filter_does() -> None:
    from posenqa.tui.screens.works import work_matches

    # "strasse" is "Straße" case folded; lower() leaves "ß", and the two filters disagreed.
    assert work_matches("strasse", "Die Straße der Banken (1999)")
    assert work_matches("STRASSE banken", "Die Straße der Banken (1999)")
    assert not work_matches("strasse autobahn", "Die Straße der Banken (1999)")
