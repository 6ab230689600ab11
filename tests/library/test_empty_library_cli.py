"""A library holding no paper: listing it succeeds; what needs a paper says so in one line
and exits 1, the same line for every command."""

from __future__ import annotations

import pytest

from posenqa.library.registry import EMPTY_LIBRARY, bundled_entry


def test_listing_an_empty_library_succeeds(run) -> None:  # type: ignore[no-untyped-def]
    assert run("remove", bundled_entry().id).exit_code == 0
    listed = run("library")
    assert listed.exit_code == 0
    assert listed.stdout == "The library is empty: add papers with `posenqa add FILE`.\n"
    assert run("library", "--json").stdout.strip() == "[]"


@pytest.mark.parametrize(
    "args",
    [
        ("cite", "--list"),
        ("cite", "--list", "--json"),  # no "works": [] a script would take for an answer
        ("cite", "--list", "--format", "bibtex"),
        ("cite", "deposit insurance"),
        ("ask", "Why did regulators wait?"),
        ("tui",),  # before a window that could only say it
    ],
)
def test_what_needs_a_paper_is_one_line_and_exit_1(run, args) -> None:  # type: ignore[no-untyped-def]
    run("remove", bundled_entry().id)
    result = run(*args)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.splitlines() == [f"Error: {EMPTY_LIBRARY}"]
