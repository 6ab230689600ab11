"""The TUI on the real Engine and the bundled paper (FakeEmbedder: no model needed)."""

from __future__ import annotations

import pytest
from textual.widgets import Static

import posenqa.references as refs
from posenqa.tui.screens.main import MainScreen
from posenqa.tui.screens.reader import ReaderScreen
from posenqa.tui.widgets.notes_pane import NotesPane
from posenqa.tui.widgets.question_box import QuestionBox
from posenqa.tui.widgets.results_list import ResultsList

pytestmark = pytest.mark.anyio


async def test_ask_read_in_context_and_cite_the_note(make_tui, real_engine) -> None:
    app = make_tui(real_engine)
    copied: list[str] = []
    async with app.run_test(size=(100, 30)) as pilot:
        app.copy_to_clipboard = copied.append  # type: ignore[method-assign]
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press(*"regulators forbearance", "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        results = app.screen.query_one(ResultsList)
        assert results.option_count == len(results.hits) > 0
        # Walk down to the first hit that cites notes: its notes fill the notes pane.
        index = next(i for i, h in enumerate(results.hits) if h.footnotes)
        for _ in range(index):
            await pilot.press("down")
        hit = results.current
        notes = app.screen.query_one(NotesPane)
        assert [n.number for n in notes.notes] == [n.number for n in hit.footnotes]
        shown = str(app.screen.query_one("#reading-text", Static).render())
        assert shown.replace("\n", " ").startswith(" ".join(hit.passage.text.split()[:3]))

        # Copy the citation of the note the passage rests on.
        await pilot.press("tab", "tab")
        assert app.focused is notes
        await pilot.press("ctrl+c")
        number = notes.current.number
        works = refs.note_references(real_engine.document).get(number, ())
        expected = [refs.format_reference(r, "chicago") for r in works if not r.unresolved]
        expected = expected or [refs.format_reference(r, "chicago") for r in works]
        assert copied[-1] == ("\n".join(expected) if expected else notes.current.text)

        # Read it in context: the reader opens the passage's section, on that note.
        await pilot.press("ctrl+o")
        await pilot.pause()
        reader = app.screen
        assert isinstance(reader, ReaderScreen)
        assert reader.section == hit.passage.section
        section_ids = [b.id for b in real_engine.document.blocks if b.section == reader.section]
        assert [b.id for b in reader.blocks] == section_ids
        assert set(hit.passage.block_ids) <= set(section_ids)
        await pilot.pause()
        assert reader.following == number
        await pilot.press("u")
        assert reader.following is None
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert app.screen.query_one(QuestionBox).history.items == ["regulators forbearance"]


async def test_works_cited_of_the_paper(make_tui, real_engine) -> None:
    app = make_tui(real_engine)
    async with app.run_test(size=(100, 30)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        app.screen.query_one(ResultsList).focus()
        await pilot.press("ctrl+l")
        await pilot.pause()
        works = app.screen
        total = len(refs.works_cited(real_engine.document))
        assert len(works.shown) == total > 0
        first = works.works[0]
        needle = first.key[:6]
        await pilot.press(*needle)
        assert 0 in works.shown  # the work whose key the filter was cut from
        assert len(works.shown) < total
