"""Snapshots of the main screens (SVG baselines under __snapshots__/).

Regenerate after a deliberate change with ``pytest --snapshot-update tests/tui``
and look at the SVGs before committing them.
"""

from __future__ import annotations

from posenqa.tui.widgets.question_box import QuestionBox

QUESTION = "why did japanese regulators fail"


async def answered(pilot) -> None:
    """Open the paper, ask the question and let every worker finish."""
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    box = pilot.app.screen.query_one(QuestionBox)
    box.cursor_blink = False
    box.value = QUESTION
    await pilot.press("enter")
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def test_main_screen_with_results(snap_compare, make_tui) -> None:
    assert snap_compare(make_tui(), terminal_size=(100, 30), run_before=answered)


def test_main_screen_at_80x24(snap_compare, make_tui) -> None:
    assert snap_compare(make_tui(), terminal_size=(80, 24), run_before=answered)


def test_abstention(snap_compare, make_tui) -> None:
    async def abstained(pilot) -> None:
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        box = pilot.app.screen.query_one(QuestionBox)
        box.cursor_blink = False
        box.value = "what about volcanoes on mars"
        await pilot.press("enter")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()

    assert snap_compare(make_tui(), terminal_size=(100, 30), run_before=abstained)


def test_reader_on_a_marker(snap_compare, make_tui) -> None:
    assert snap_compare(
        make_tui(), press=["ctrl+o", "n"], terminal_size=(100, 30), run_before=answered
    )


def test_help_screen(snap_compare, make_tui) -> None:
    assert snap_compare(make_tui(), press=["f1"], terminal_size=(100, 30), run_before=answered)


def test_light_theme(snap_compare, make_tui) -> None:
    assert snap_compare(make_tui(), press=["ctrl+t"], terminal_size=(100, 30), run_before=answered)


def test_library_results_name_their_papers(snap_compare, library_root) -> None:
    from posenqa.tui import make_app

    library = library_root[1]()
    app = make_app(engine_factory=lambda **_: library)
    assert snap_compare(app, terminal_size=(110, 34), run_before=answered)


def test_paper_filter(snap_compare, library_root) -> None:
    from posenqa.tui import make_app

    library = library_root[1]()
    app = make_app(engine_factory=lambda **_: library)
    assert snap_compare(
        app, press=["ctrl+f", "down", "down", "space"], terminal_size=(110, 34), run_before=answered
    )
