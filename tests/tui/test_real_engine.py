"""The TUI on the real Engine and the bundled paper (FakeEmbedder: no model needed)."""

from __future__ import annotations

import pytest
from textual.widgets import Static

import posenqa.references as refs
from posenqa.tui.opening import parse_announcing, text_only_engine
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
        await app.workers.wait_for_complete()  # the works are gathered in a worker
        await pilot.pause()
        works = app.screen
        total = len(refs.works_cited(real_engine.document))
        assert len(works.shown) == total > 0
        first = works.works[0]
        needle = first.cited_by[0].work.key[:6]
        await pilot.press(*needle)
        assert 0 in works.shown  # the work whose key the filter was cut from
        assert len(works.shown) < total


QUESTIONS = (
    "Why did Japanese regulators fail to learn from the S&L crisis?",
    "Which source says Japanese securities markets offered only an illusion of liberalization?",
)


@pytest.mark.parametrize("question", QUESTIONS)
def test_the_text_only_engine_answers_as_the_built_index_does_in_bm25(
    real_engine, question
) -> None:
    early = text_only_engine(real_engine.document)
    built = real_engine.ask(question, k=8, mode="bm25")
    answer = early.ask(question, k=8, mode="bm25")
    assert [h.passage.id for h in answer.hits] == [h.passage.id for h in built.hits]
    assert [h.score for h in answer.hits] == pytest.approx([h.score for h in built.hits])
    assert not early.dense_ready


def test_the_parse_hook_announces_a_text_engine_only_when_building(
    tmp_path, corpus_pdf, fake_embedder_type
) -> None:
    from posenqa.answer import Engine

    announced = []
    hook = parse_announcing(announced.append)
    built = Engine.open(corpus_pdf, index_root=tmp_path, embedder=fake_embedder_type(), parse=hook)
    assert len(announced) == 1  # a new index: the text engine came before the embedding
    assert [p.id for p in announced[0].passages] == [p.id for p in built.passages]
    Engine.open(corpus_pdf, index_root=tmp_path, embedder=fake_embedder_type(), parse=hook)
    assert len(announced) == 1  # an index on disk: nothing to build, nothing announced


async def test_a_note_result_of_the_paper_shows_steils_full_reference(
    make_tui, real_engine
) -> None:
    """Issue 12's example: note 22 is the short form "Steil, Illusions of Liberalization."."""
    app = make_tui(real_engine)
    async with app.run_test(size=(120, 40)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        app.screen.mode = "bm25"
        app.screen.ask(QUESTIONS[1])
        await app.workers.wait_for_complete()
        await pilot.pause()
        results = app.screen.query_one(ResultsList)
        rank = next(i for i, h in enumerate(results.hits) if h.passage.id == "n022")
        for _ in range(rank):
            await pilot.press("down")
        assert results.current.passage.kind == "footnote" and results.current.passage.number == 22
        shown = str(app.screen.query_one(NotesPane).get_option_at_index(0).prompt)
        assert "Benn Steil, Illusions of Liberalization: Securities Regulation in Japan" in (
            " ".join(shown.split())
        )
        assert "full reference from note 11" in shown
        assert "cited on p. 11" in shown and "illusion of liberalization" in shown
