"""The TUI over a library of papers: each result names its paper, ctrl+f filters by paper,
and the reader and the works list open any paper (a real LibraryEngine of three small
papers, FakeEmbedder and a stand-in reranker)."""

from __future__ import annotations

from contextlib import asynccontextmanager

import pytest
from textual.widgets import SelectionList

from posenqa.tui import make_app
from posenqa.tui.screens.papers import PapersScreen
from posenqa.tui.screens.reader import ReaderScreen
from posenqa.tui.screens.works import WorksScreen
from posenqa.tui.shelf import Shelf
from posenqa.tui.widgets.notes_pane import NotesPane
from posenqa.tui.widgets.results_list import ResultsList

from .test_app import ask, settle, text_of

pytestmark = pytest.mark.anyio

#: Answered by a passage of the first paper (A. Author) and one of the second (B. Writer).
QUESTION = "why did japanese regulators keep insolvent banks"


@asynccontextmanager
async def asked(opened):  # type: ignore[no-untyped-def]
    """The app on the library, QUESTION answered; yields (pilot, library)."""
    library = opened()
    app = make_app(engine_factory=lambda **_: library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await ask(pilot, QUESTION)
        yield pilot, library


async def choose(pilot, *keys: str) -> None:  # type: ignore[no-untyped-def]
    """Open the paper filter, press ``keys`` in it and let the papers chosen open."""
    await pilot.press("ctrl+f")
    await pilot.pause()
    assert isinstance(pilot.app.screen, PapersScreen)
    await pilot.press(*keys)
    await settle(pilot)


def papers_named(results: ResultsList) -> set[str]:
    return {p.short for p in results.papers}


def title(pilot) -> str:  # type: ignore[no-untyped-def]
    return text_of(pilot.app.screen, "#title-bar")


async def test_each_result_names_its_paper_and_its_notes_are_its_own(library_root) -> None:
    async with asked(library_root[1]) as (pilot, _):
        app = pilot.app
        assert "searching all 3 papers" in title(pilot)
        results = app.screen.query_one(ResultsList)
        assert papers_named(results) >= {"Author 2001", "Writer 2005"}
        for i, (hit, paper) in enumerate(zip(results.hits, results.papers, strict=True)):
            entry = str(results.get_option_at_index(i).prompt)
            assert f"{paper.short}, {paper.title[:12]}" in entry  # the title is cut to fit
            assert hit.passage.page is None or f"p. {hit.passage.page}" in entry
        # The second paper's passage cites its own note 1, not the first paper's note 1.
        second = next(i for i, p in enumerate(results.papers) if p.short == "Writer 2005")
        results.highlighted = second
        await pilot.pause()
        assert text_of(app.screen, "#reading-heading").startswith(
            "Writer 2005, Banks After the Bubble"
        )
        (note,) = app.screen.query_one(NotesPane).notes
        assert note.text.endswith("2001), 100.")


async def test_the_filter_picks_one_paper_several_or_all(library_root) -> None:
    async with asked(library_root[1]) as (pilot, library):
        app = pilot.app
        await pilot.press("ctrl+f")
        await pilot.pause()
        listing = app.screen.query_one(SelectionList)
        assert len(listing.selected) == 3  # no filter: every paper ticked
        await pilot.press("escape")
        # Only the second paper (library order is by id: first, second, third): down
        # leaves the filter for the list, down again moves to the second paper.
        await choose(pilot, "down", "down", "o")
        assert "searching 1 of 3 papers: Writer 2005" in title(pilot)
        results = app.screen.query_one(ResultsList)
        # The question on screen was asked again of that paper alone.
        assert papers_named(results) == {"Writer 2005"}
        assert app.screen.answer.question == QUESTION
        # Asking again keeps the filter.
        await ask(pilot, "bank lending shrank")
        assert papers_named(results) == {"Writer 2005"}
        # Several: tick the first paper too (space), enter searches the two.
        await choose(pilot, "down", "space", "enter")
        assert "2 of 3 papers: Author 2001, Writer 2005" in title(pilot)
        assert app.screen.engine.selection == ("first-txt", "second-txt")
        # All again.
        await choose(pilot, "down", "a")
        assert "searching all 3 papers" in title(pilot)
        assert app.screen.engine.selection == ()
        assert app.screen.engine.library is library


def test_a_filter_keeps_each_papers_scores_and_drops_the_other_papers(library_root) -> None:
    # The library's own filter: statistics stay the whole library's, so a passage of the
    # paper kept scores as it does unfiltered, and no other paper's passage comes back.
    _, opened = library_root
    library = opened()
    shelf = Shelf(library).filtered(["second-txt"])
    got = shelf.ask(QUESTION, k=5, mode="bm25", rerank=False)
    assert {p.id for p in got.papers} == {"second-txt"}
    everything = library.ask(QUESTION, k=50, mode="bm25", rerank=False)
    unfiltered = {
        h.passage.id: h.score
        for h, p in zip(everything.answer.hits, everything.papers, strict=True)
        if p.id == "second-txt"
    }
    assert {h.passage.id: h.score for h in got.answer.hits} == unfiltered


async def test_the_reader_opens_the_paper_of_the_selected_result(library_root) -> None:
    async with asked(library_root[1]) as (pilot, library):
        app = pilot.app
        results = app.screen.query_one(ResultsList)
        for paper_id in ("second-txt", "first-txt"):
            results.highlighted = next(i for i, p in enumerate(results.papers) if p.id == paper_id)
            await pilot.pause()
            await pilot.press("ctrl+o")
            await pilot.pause()
            reader = app.screen
            assert isinstance(reader, ReaderScreen)
            assert reader.document is library.document(paper_id)
            heading = str(reader.query_one("#reader-body").border_title)
            assert heading.startswith(f"Reader · {library.papers[paper_id].short}, ")
            await pilot.press("escape")
            await pilot.pause()


async def test_the_works_list_merges_the_papers_searched(library_root) -> None:
    async with asked(library_root[1]) as (pilot, library):
        app = pilot.app
        await pilot.press("ctrl+l")
        await settle(pilot)  # the works are gathered in a worker
        works = app.screen
        assert isinstance(works, WorksScreen)
        hoshi = [w for w in works.works if "Hoshi" in works.labels[works.works.index(w)]]
        assert len(hoshi) == 1  # cited by two papers, listed once
        cited = [c.paper.id for c in hoshi[0].cited_by]
        assert cited == ["first-txt", "second-txt"]
        line = works.places[works.works.index(hoshi[0])]
        assert line.startswith("Author 2001: note 1") and "Writer 2005: note 1" in line
        # enter reads it where the first citing paper cites it
        await pilot.press(*"hoshi", "down", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen)
        assert app.screen.document is library.document("first-txt")
        await pilot.press("escape", "escape")
        await pilot.pause()
        # Filtered to the second paper, the list holds its works only.
        await choose(pilot, "down", "down", "o")
        await pilot.press("ctrl+l")
        await settle(pilot)  # the works are gathered in a worker
        works = app.screen
        assert {c.paper.id for w in works.works for c in w.cited_by} == {"second-txt"}


async def test_typing_narrows_the_papers_and_enter_searches_those_shown(library_root) -> None:
    async with asked(library_root[1]) as (pilot, _):
        app = pilot.app
        await pilot.press("ctrl+f")
        await pilot.pause()
        picker = app.screen
        assert isinstance(picker, PapersScreen)
        # Letters type in the filter (o and a are no commands there): any word of the
        # paper's name, author, title or year, in any case.
        await pilot.press(*"writer 2005")
        await pilot.pause()
        assert picker.shown == ("second-txt",)
        assert "1 of 3 papers shown, 1 ticked" in text_of(picker, "#papers-status")
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen.engine.selection == ("second-txt",)
        assert "searching 1 of 3 papers: Writer 2005" in title(pilot)
        # Ticks are kept while the filter changes: untick all shown (n), tick two.
        await pilot.press("ctrl+f")
        await pilot.pause()
        picker = app.screen
        await pilot.press("down", "n", "slash", *"first", "down", "space")
        await pilot.press("slash", "ctrl+u", *"third", "down", "space", "slash", "ctrl+u")
        await pilot.pause()
        assert len(picker.shown) == 3
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen.engine.selection == ("first-txt", "third-txt")
        # A filter matching nothing searches nothing: said, and the picker stays.
        await pilot.press("ctrl+f")
        await pilot.pause()
        await pilot.press(*"zebra", "enter")
        await pilot.pause()
        assert isinstance(app.screen, PapersScreen) and app.screen.shown == ()
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen.engine.selection == ("first-txt", "third-txt")


async def test_while_the_library_opens_the_keys_say_so(library_root) -> None:
    import threading

    from posenqa.tui.widgets.status_line import StatusLine

    opened, library = threading.Event(), library_root[1]()

    def slow(**_options):  # type: ignore[no-untyped-def]
        opened.wait(10)
        return library

    app = make_app(engine_factory=slow)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert "opening the library…" in str(app.screen.query_one(StatusLine).render())
        await pilot.press("ctrl+f")
        await pilot.pause()
        assert not isinstance(app.screen, PapersScreen)
        assert [n.message for n in app._notifications] == ["Still opening the library: a moment"]
        await pilot.press(*"land", "enter")
        await pilot.pause()
        said = str(app.screen.query_one(StatusLine).render())
        assert said == "the library is still opening; your question will run next."
        opened.set()
        await settle(pilot)
        await pilot.press("ctrl+f")
        await pilot.pause()
        assert isinstance(app.screen, PapersScreen)


async def test_a_file_name_said_while_opening_is_terminal_safe_and_not_markup(
    library_root,
) -> None:
    import threading

    opened, library = threading.Event(), library_root[1]()

    def slow(**_options):  # type: ignore[no-untyped-def]
        opened.wait(10)
        return library

    app = make_app("[bold]odd\x1b[2J.pdf", engine_factory=slow)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+l")
        await pilot.pause()
        (note,) = app._notifications
        assert note.message == "Still opening [bold]odd.pdf: a moment"
        opened.set()
        await settle(pilot)


async def test_a_library_that_cannot_open_says_the_library(library_root) -> None:
    from posenqa.errors import InputError
    from posenqa.tui.widgets.status_line import StatusLine

    def failing(**_options):  # type: ignore[no-untyped-def]
        raise InputError("library.json: damaged library manifest")

    app = make_app(engine_factory=failing)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        said = str(app.screen.query_one(StatusLine).render())
        assert said == "Could not open the library: library.json: damaged library manifest"


async def test_a_paper_left_out_of_the_library_is_a_notice_not_a_passing_line(
    library_root,
) -> None:
    library = library_root[1]()

    def opening(*, log, **_options):  # type: ignore[no-untyped-def]
        log("left out gone-txt: its file (/p/gone.txt) and its index are gone; "
            "`posenqa remove gone-txt` takes it out")  # fmt: skip
        log("opening the library: 3 of 4 papers read")
        return library

    app = make_app(engine_factory=opening)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        (note,) = app._notifications
        assert note.message.startswith("left out gone-txt: its file (/p/gone.txt)")
        assert note.severity == "warning"


def test_the_shelf_says_which_papers_it_searches(library_root) -> None:
    _, opened = library_root
    shelf = Shelf(opened())
    assert shelf.describe() == "all 3 papers"
    # Every paper chosen is no filter; the order given does not matter.
    assert shelf.normalized(["third-txt", "first-txt", "second-txt"]) == ()
    assert shelf.normalized(["third-txt", "first-txt"]) == ("first-txt", "third-txt")
    one = shelf.filtered(["second-txt"])
    assert one.describe() == "1 of 3 papers: Writer 2005"
    assert [p.id for p in one.chosen] == ["second-txt"]
    other = shelf.filtered(["first-txt", "third-txt"])
    assert other.describe() == "2 of 3 papers: Author 2001, Third 1990"


def test_a_filter_of_many_papers_names_the_first_few(library_root, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import posenqa.tui.shelf as shelf_module

    monkeypatch.setattr(shelf_module, "NAMED_IN_TITLE", 1)  # 1 of 3 stands for 3 of 1,000
    shelf = Shelf(library_root[1]()).filtered(["first-txt", "third-txt"])
    assert shelf.describe() == "2 of 3 papers: Author 2001 and 1 more"
