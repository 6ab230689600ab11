"""The pure layout and wording heuristics, on hand-made runs whose answers can be read off."""

from __future__ import annotations

import pytest

from posenqa.parsing.layout import (
    Line,
    Page,
    Piece,
    Rule,
    Run,
    body_font_size,
    build_lines,
    find_furniture,
)
from posenqa.parsing.note_areas import footnote_zone, note_line_start
from posenqa.parsing.page_labels import consistent_labels


def _page(*runs: Run, rules: tuple[Rule, ...] = ()) -> Page:
    return Page(index=0, width=612, height=792, runs=runs, rules=rules)


def _line(text: str, y: float, size: float = 11.0, *, page: int = 0, sup: str = "") -> Line:
    pieces = (Piece(sup, True), Piece(text)) if sup else (Piece(text),)
    return Line(page, y, 72, 72 + 5 * len(text), size, False, pieces)


# ----------------------------------------------------------- build_lines


def test_small_raised_run_is_a_superscript_of_the_line_below_it() -> None:
    # "coordination." ends at x=150; a 8pt "1" raised 4pt; then the line goes on.
    lines = build_lines(
        _page(
            Run("policy coordination.", 72, 500, 11, width=78),
            Run("1", 150, 504, 8, width=4),
            Run(" They have deepened", 154, 500, 11, width=90),
        )
    )
    assert len(lines) == 1
    assert [(p.text.strip(), p.sup) for p in lines[0].pieces] == [
        ("policy coordination.", False),
        ("1", True),
        ("They have deepened", False),
    ]
    assert lines[0].y == 500
    assert lines[0].size == 11


def test_ordinary_digits_at_body_size_are_not_superscripts() -> None:
    lines = build_lines(_page(Run("2.2 trillion yen in the 1990s, G-7 and 137.60", 72, 500, 11)))
    assert [p.sup for p in lines[0].pieces] == [False]


def test_small_text_on_the_same_baseline_is_not_raised() -> None:
    # Small capitals or a smaller font on the baseline: not a superscript.
    lines = build_lines(_page(Run("See ", 72, 500, 11, width=18), Run("IMF", 90, 500, 8, width=15)))
    assert [p.sup for p in lines[0].pieces] == [False]


def test_lines_are_ordered_top_to_bottom_and_split_by_baseline() -> None:
    lines = build_lines(
        _page(
            Run("second line", 72, 484, 11),
            Run("first line", 72, 500, 11),
            Run("third line", 72, 468, 11),
        )
    )
    assert [line.text for line in lines] == ["first line", "second line", "third line"]


def test_a_gap_between_runs_becomes_a_space_and_abutting_runs_join() -> None:
    # Word writes "A La" + "ffer" abutting, and "curve" after a visible gap.
    lines = build_lines(
        _page(
            Run("A La", 72, 500, 11, width=22),
            Run("ffer", 94, 500, 11, width=16),
            Run("curve", 116, 500, 11, width=25),
        )
    )
    assert lines[0].text == "A Laffer curve"


def test_text_drawn_twice_is_kept_once() -> None:
    lines = build_lines(_page(Run("Bold", 72, 500, 11, width=20), Run("Bold", 72.2, 500, 11)))
    assert lines[0].text == "Bold"


def test_bold_lead_of_a_run_in_heading() -> None:
    lines = build_lines(
        _page(
            Run("2.3.", 72, 500, 10, width=16),
            Run(" Related Work.", 88, 500, 10, width=60, bold=True),
            Run(" Reconstruction attacks have", 150, 500, 10, width=120),
        )
    )
    line = lines[0]
    assert line.bold_lead == "Related Work."
    raw = "".join(p.text for p in line.pieces)
    assert raw[line.lead_end :].strip() == "Reconstruction attacks have"


# ------------------------------------------------------------ statistics


def test_body_font_size_is_the_most_common_size_by_characters() -> None:
    lines = [_line("x" * 300, 700, 11), _line("y" * 100, 100, 10), _line("Title", 750, 24)]
    assert body_font_size(lines) == 11


# ------------------------------------------------------------- furniture


def test_page_numbers_and_running_heads_are_furniture() -> None:
    pages = []
    for p in range(5):
        pages.append(
            [
                _line(f"Short Title of the Report {p + 3}", 760, page=p),
                _line("Body text that is different on every page " + "x" * p, 700, page=p),
                _line(str(p + 3), 40, page=p),
            ]
        )
    found = find_furniture(pages, [792] * 5)
    assert found.dropped == {(p, i) for p in range(5) for i in (0, 2)}
    assert consistent_labels(found.candidates, 5) == {p: p + 3 for p in range(5)}


def test_a_stray_number_that_breaks_the_page_sequence_is_not_a_page_number() -> None:
    pages = [
        [_line("Body " + "x" * p, 700, page=p), _line(str(p + 1), 40, page=p)] for p in range(4)
    ]
    pages[2][1] = _line("97", 40, page=2)
    assert consistent_labels(find_furniture(pages, [792] * 4).candidates, 4) == {0: 1, 1: 2, 3: 4}


def test_body_lines_near_the_top_are_not_furniture() -> None:
    # The first body line of a page stands high too; it is neither a bare
    # number nor repeated on other pages.
    pages = [[_line(f"Different opening text {'y' * p}", 709, page=p)] for p in range(4)]
    assert find_furniture(pages, [792] * 4).dropped == frozenset()


# ---------------------------------------------------------- footnote zone


def test_zone_starts_below_a_short_rule_over_small_text() -> None:
    lines = [_line("body", 700), _line("body", 684), _line("1. A note", 170, 9.96)]
    lines.append(_line("that goes on", 159, 9.96))
    assert footnote_zone(lines, [Rule(90, 234, 186)], 10.91, 612) == 2


def test_a_full_width_rule_does_not_open_a_zone() -> None:
    lines = [_line("body", 700), _line("Congressional Research Service 3", 30, 8)]
    assert footnote_zone(lines, [Rule(88, 523, 46)], 11, 612) == 2


def test_without_a_rule_small_trailing_lines_need_a_note_number() -> None:
    with_note = [_line("body", 700), _line("3 A note without a rule", 100, 9)]
    without = [_line("body", 700), _line("Source: CRS.", 100, 9)]
    assert footnote_zone(with_note, [], 11, 612) == 1
    assert footnote_zone(without, [], 11, 612) == 2


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (_line("In the language of the", 100, 10, sup=""), ("", None, "In the language of the")),
        (_line("1. In the language", 100, 10), ("number", 1, "In the language")),
        (_line("12 Excise taxes can", 100, 9), ("number", 12, "Excise taxes can")),
        (_line("Within the U.S.", 100, 9, sup="7"), ("number", 7, "Within the U.S.")),
        (_line("Corresponding author", 100, 9, sup="*"), ("symbol", None, "Corresponding author")),
        # A continuation that opens with a year or a page range is not a note.
        (_line("2000), 53.", 100, 10), ("", None, "2000), 53.")),
        (_line("1980s: Delayed Policy", 100, 10), ("", None, "1980s: Delayed Policy")),
    ],
)
def test_note_start(line: Line, expected: tuple[str, int | None, str]) -> None:
    assert note_line_start(line) == expected
