"""The pure heuristics shared by the parsers, one table per function."""

from __future__ import annotations

import pytest

from posenqa.parsing import heuristics as h


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (" " * 59, True),  # a graphic rule extracted as spaces
        ("_" * 20, True),
        ("—" * 12, True),
        (" " * 5, False),  # an ordinary blank line
        ("", False),
        ("Some text", False),
        ("- 3 -", False),
    ],
)
def test_is_separator_line(line: str, expected: bool) -> None:
    assert h.is_separator_line(line) is expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (" 7", 7),
        ("20", 20),
        ("- 12 -", 12),
        ("Page 3", 3),
        ("0", None),
        ("7.", None),  # a list number, not a page number
        ("1997-98", None),
        ("12 percent", None),
    ],
)
def test_page_number(line: str, expected: int | None) -> None:
    assert h.page_number(line) == expected


VOCAB = h.build_vocabulary(
    [
        "the long-term loans and self-allocation of funds, non-financial firms, public debt",
        "a regulation of the market, reconstruction and risk, not averse to a function",
        # The cut word at the end is ignored.
        "based on what a person and an ally manage, and its regu-",
    ]
)


@pytest.mark.parametrize(
    ("left", "right", "expected"),
    [
        ("Glass-", "Steagall’s", True),  # capital after the hyphen
        ("mid-", "1990s", True),  # a number after it
        ("“US-", "Japan", True),
        ("GAO-05-", "539.", True),
        ("day-to-", "day", True),  # a compound under way
        ("debt-", "to-GDP", True),  # a whole word, and a compound goes on
        ("Com-", "mander-in-Chief", None),  # no word before the hyphen
        ("long-", "term", True),  # "long-term" seen elsewhere
        ("self-", "regulation", True),  # two whole words
        ("risk-", "averse", True),
        ("function-", "based’", True),  # the closing quote is no part of the word
        ("regu-", "lation", False),  # "regulation" seen elsewhere
        ("reconstruc-", "tion-abetted", False),  # the joined word before a compound
        ("“core”-versus-“regu-", "lation”", False),  # the hyphen before the quote is no break
        ("person-", "ally", False),  # two words, but "ally" is also a word ending
        ("non-", "performing", True),  # a prefix English hyphenates
        ("multi-", "ple", None),  # but not before a fragment
        ("ex-", "change", None),  # nor an ambiguous prefix ("exchange")
        ("evalu-", "ation", None),  # no evidence either way
    ],
)
def test_keep_line_end_hyphen(left: str, right: str, expected: bool | None) -> None:
    assert h.keep_line_end_hyphen(left, right, VOCAB) is expected


def test_build_vocabulary_skips_cut_words() -> None:
    assert "regu" not in VOCAB.words
    assert {"long", "term", "regulation"} <= VOCAB.words
    assert "long-term" in VOCAB.compounds
    vocab = h.build_vocabulary(["governments of the mul-", "tilateral order"])
    assert "mul" not in vocab.words
    assert "tilateral" not in vocab.words
    assert {"governments", "order"} <= vocab.words


def test_the_document_habit_decides_undecided_hyphens() -> None:
    """A typeset text whose decided line-end hyphens were soft drops the undecided ones too;
    one whose decided hyphens were real (a word processor's) keeps them."""
    typeset = h.build_vocabulary(
        ["the regulation and the market", "a regu-", "lation of the mar-", "ket and evalu-"]
    )
    assert typeset.keep_by_default is False
    assert h.join_line("the evalu-", "ation", typeset) == "the evaluation"
    typed = h.build_vocabulary(["the long-term view", "a long-", "term view of evalu-"])
    assert typed.keep_by_default is True
    assert h.join_line("the evalu-", "ation", typed) == "the evalu-ation"


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (["holes in Glass-", "Steagall’s rules"], "holes in Glass-Steagall’s rules"),
        (["the regu-", "lation of banks"], "the regulation of banks"),
        (["the evalu-", "ation"], "the evalu-ation"),  # undecided: this document keeps
        # A hyphen followed by a space is suspended ("small- and medium-").
        (
            ["lending to small- ", "and medium-enterprises"],
            "lending to small- and medium-enterprises",
        ),
        (["financial crisis–", "underscored"], "financial crisis–underscored"),
        (["system – ", "and the assets"], "system – and the assets"),
        (["  spaced   out ", "", " lines  "], "spaced out lines"),
    ],
)
def test_join_lines(lines: list[str], expected: str) -> None:
    assert h.join_lines(lines, VOCAB) == expected


@pytest.mark.parametrize(
    ("text", "nxt", "joined"),
    [
        ("the multi-", "lateral order", "the multilateral order"),
        ("day-to-", "day supervision", "day-to-day supervision"),  # a compound under way
        ("the long-", "term view", "the long-term view"),
        ("pandering—giving", "each piece", "pandering—giving each piece"),
        ("the sector some—", "thing", "the sector some—thing"),  # an unspaced dash
        ("borrowers —", "in short", "borrowers — in short"),  # a spaced one
        ("at 276-", "77; Cox", "at 276-77; Cox"),  # a page range
        ("https://www.example.org/", "path/file.pdf", "https://www.example.org/path/file.pdf"),
        ("the evalu-", "", "the evalu-"),
    ],
)
def test_join_line(text: str, nxt: str, joined: str) -> None:
    vocab = h.build_vocabulary(["multilateral", "a long-term view"])
    assert h.join_line(text, nxt, vocab) == joined


def test_text_width_is_proportional() -> None:
    assert h.text_width("mmmm") > h.text_width("iiii")
    assert h.text_width("") == 0
    assert h.text_width("ab") == pytest.approx(0.444 + 0.5)


def test_right_margin_is_a_high_quantile() -> None:
    widths = [float(w) for w in range(1, 101)]
    assert h.right_margin(widths) == 100.0
    assert h.right_margin(widths, quantile=0.5) == 51.0
    assert h.right_margin([]) == 0.0


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("the first oil shock.", True),
        ("results on financial issues.5", True),  # a marker after the period
        ("Japan in the 1990s... 36", True),
        ("they put it very well:", True),
        ("“veiled threat.”", True),
        ("the state of finance within the", False),
        ("American and (grudgingly)", False),
    ],
)
def test_ends_sentence(line: str, expected: bool) -> None:
    assert h.ends_sentence(line) is expected


def test_ends_paragraph_when_next_word_would_have_fit() -> None:
    margin = h.text_width("x" * 90)
    assert h.ends_paragraph("since the first oil shock.", "Convergence between", margin)
    # Full line: the next word could not have fit, so the paragraph goes on.
    full = "x" * 85 + " this."
    assert not h.ends_paragraph(full, "Convergence between", margin)
    assert not h.ends_paragraph("the state of finance within the", "two countries", margin)
    assert h.ends_paragraph("the end.", "", margin)


@pytest.mark.parametrize(
    ("line", "label", "title", "level"),
    [
        (
            "1. THE COURSE OF FINANCIAL LIBERALIZATION",
            "1",
            "THE COURSE OF FINANCIAL LIBERALIZATION",
            1,
        ),
        (" 2B. Relations over Capital Flows ", "2B", "Relations over Capital Flows", 2),
        ("1B. Japan  ", "1B", "Japan", 2),
        ("2.1 Data and Methods", "2.1", "Data and Methods", 2),
        ("3.2.1 Robustness Checks", "3.2.1", "Robustness Checks", 3),
        ("IV. Results", "IV", "Results", 1),
        ("5 Conclusion", "5", "Conclusion", 1),
    ],
)
def test_match_heading(line: str, label: str, title: str, level: int) -> None:
    match = h.match_heading(line)
    assert match is not None
    assert (match.label, match.title, match.level) == (label, title, level)


@pytest.mark.parametrize(
    "line",
    [
        # A numbered note: a sentence, not a title.
        "1. In the language of the introduction to this volume, the general picture is",
        "2. we then turn to the data",  # lower-case start
        "3. See Frances McCall Rosenbluth, Financial Politics in Contemporary Japan (Cornell,",
        "I am grateful to the editors",  # a Roman-numeral look-alike without a dot
        "IIII. Not Roman",
        "0. Preliminaries",
        "1990s were a decade of change",
        "12 percent of the total was lost.",
    ],
)
def test_match_heading_rejects(line: str) -> None:
    assert h.match_heading(line) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1. THE COURSE OF FINANCE", ("1", 1, "THE COURSE OF FINANCE")),
        ("1A. The United States", ("1A", 2, "The United States")),
        ("2.1 Why Protections Are Required", ("2.1", 2, "Why Protections Are Required")),
        ("2.1.3. Details", ("2.1.3", 3, "Details")),
        ("IV. Conclusions", ("IV", 1, "Conclusions")),
        ("3. 2010 Census and Commercial Data", ("3", 1, "2010 Census and Commercial Data")),
        ("5 results as found", ("5", 1, "results as found")),  # the shape only, not the title
        ("1 2010 Census", None),  # a year after an undotted number
        ("VX. Not a numeral", None),
        ("IV Results", None),  # a roman label needs its dot
        ("0.05 percent", None),
        ("1990s were a decade", None),
        ("G-7 summits", None),
        ("137.60 yen", None),
    ],
)
def test_numbered_heading(text: str, expected: tuple[str, int, str] | None) -> None:
    """The one numbered-heading shape: the PDF parser judges the type style after it,
    :func:`match_heading` the title."""
    found = h.numbered_heading(text)
    assert (None if found is None else (found.label, found.level, found.title)) == expected


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("I", 1),
        ("IV", 4),
        ("ix", 9),
        ("XIV", 14),
        ("xlii", 42),
        ("MCMXC", 1990),
        ("IIII", None),
        ("VX", None),
        ("", None),
    ],
)
def test_roman_value(text: str, value: int | None) -> None:
    assert h.roman_value(text) == value
    if value is not None:
        assert h.to_roman(value, upper=text.isupper()) == text


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Figure 1: Allocation of US household wealth", True),
        (" Table 2. Regression results", True),
        ("Fig. 3 — Flows", True),
        ("Table B-1. Standard Deviation of Rates", True),
        ("Map 4: Areas", True),
        ("Figure 3 gives the picture of annual flows", False),
        ("As can be seen in figure 1, the allocation", False),
        ("Tables turned in the 1990s", False),
        ("Table of Contents", False),
    ],
)
def test_is_caption(line: str, expected: bool) -> None:
    assert h.is_caption(line) is expected


def _numbers(text: str) -> list[tuple[int, float, str]]:
    return [(c.number, c.strength, text[c.start : c.end]) for c in h.marker_candidates(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("policy coordination.1 They", [(1, 1.0, "1")]),
        ("Friedman8 notes", [(8, 1.0, "8")]),
        ("remains open2—and the", [(2, 1.0, "2")]),
        ("the “Armitage Report,”71 also", [(71, 1.0, "71")]),
        ("in the rest of the G-7.47", [(47, 0.4, "47")]),  # "G-7." then note 47?
        ("inflows of 1989-90.50 When", [(50, 0.4, "50")]),
        ("for fall 1998,43 as well", [(43, 0.4, "43")]),
        ("Japan in the 1990s... 36", [(36, 0.4, " 36")]),  # spaced, at the very end
        # Ordinary numbers are no candidates at all.
        ("2.2 trillion yen at 137.60 per dollar", []),
        ("in the 1990s and 1997-98 at the G-7 summits", []),
        ("as of FY1998, some 12,345 firms and 4.6 percent", []),
        ("H2O and WP01-8", []),
        ("in 1995. 36 banks failed", []),  # spaced digits mid-text
    ],
)
def test_marker_candidates(text: str, expected: list[tuple[int, float, str]]) -> None:
    assert _numbers(text) == expected


def test_choose_markers_follows_the_sequence() -> None:
    # 1, 2, then a stray "60" (a decimal-like shape), then 3: the stray one is out.
    assert h.choose_markers([1, 2, 60, 3], [1.0, 1.0, 0.4, 1.0], known={1, 2, 3}) == [
        True,
        True,
        False,
        True,
    ]


def test_choose_markers_keeps_markers_whose_bodies_are_missing() -> None:
    # Bodies exist for 1-3 only; 4 and 5 still continue the run one by one.
    assert h.choose_markers([1, 2, 3, 4, 5], [1.0] * 5, known={1, 2, 3}) == [True] * 5


def test_choose_markers_weak_candidate_needs_support() -> None:
    # A weak, far-off number with no body is not worth the gap it opens...
    assert h.choose_markers([1, 9], [1.0, 0.4], known={1}) == [True, False]
    # ... but a weak one that continues the run is taken.
    assert h.choose_markers([1, 2], [1.0, 0.4], known={1, 2}) == [True, True]


def test_choose_markers_empty() -> None:
    assert h.choose_markers([], [], known=()) == []


def test_remove_spans_reports_new_offsets() -> None:
    text = "coordination.1 They open2—and end.3"
    spans = [(13, 14), (24, 25), (34, 35)]
    cleaned, offsets = h.remove_spans(text, spans)
    assert cleaned == "coordination. They open—and end."
    assert offsets == [13, 23, 32]
    assert cleaned[: offsets[1]].endswith("open")


@pytest.mark.parametrize(
    ("line", "previous", "expected"),
    [
        ("1. In the language of", None, (1, "In the language of")),
        ("62. Again, Hoshi and Kashyap", 60, (62, "Again, Hoshi and Kashyap")),  # a lost note
        ("8. Friedman, “Japan Now”", 7, (8, "Friedman, “Japan Now”")),
        ("1989), and Steven Vogel", 3, None),  # a continuation starting with a year
        ("12 percent of the loans", 3, None),  # not the next number
        (" ME Sharpe, 1998), and", 60, None),  # indented: a continuation
        ("30. See Green", 2, None),  # too far ahead
    ],
)
def test_note_start(line: str, previous: int | None, expected: tuple[int, str] | None) -> None:
    assert h.note_start(line, previous) == expected


def test_split_notes_continues_across_zones() -> None:
    lines = [
        ("1. First note.", 2),
        ("2. Second note starts here and", 2),
        ("goes on.", 2),
        # next page's zone: the continuation of note 2 comes first
        ("ends on the next page.", 3),
        ("3. Third.", 3),
    ]
    notes, orphans = h.split_notes(lines)
    assert orphans == []
    assert h.note_texts(notes) == {
        1: ("First note.", 2),
        2: ("Second note starts here and goes on. ends on the next page.", 2),
        3: ("Third.", 3),
    }


def test_split_notes_returns_orphans() -> None:
    notes, orphans = h.split_notes([("no number here", 1), ("1. A note.", 1)])
    assert orphans == [("no number here", 1)]
    assert list(notes) == [1]


# ------------------------------------------- shared by both front ends


@pytest.mark.parametrize(
    ("text", "pdf_label", "text_note"),
    [
        ("12. Smith, A Book.", True, True),
        ("12 Smith, A Book.", True, True),
        ("12) Smith, A Book.", False, True),
        ("12.Id. at 5.", True, False),  # unspaced: a PDF label, never a text-file note start
        ("12", True, False),  # a label alone on its line (the note text follows below)
        ("12a Smith", False, False),
        ("05 Smith", True, False),
        ("Smith 12.", None, False),
    ],
)
def test_note_prefix_is_the_one_shape_both_parsers_read(
    text: str, pdf_label: bool | None, text_note: bool
) -> None:
    """One reading of "N." note labels: the PDF note areas take ``labels_note``, the text
    parser's ``note_start`` takes spaced labels with text after them."""
    prefix = h.note_prefix(text)
    assert (prefix.labels_note if prefix else None) is pdf_label
    assert (h.note_start(text, 11) is not None) is text_note


def test_pdf_note_lines_use_the_shared_note_prefix() -> None:
    from posenqa.parsing.layout import Line, Piece
    from posenqa.parsing.note_areas import note_line_start

    def line(text: str) -> Line:
        return Line(page=0, y=0, x0=0, x1=100, size=9, bold=False, pieces=(Piece(text),))

    for text in ("12. Smith.", "12 Smith.", "12.Id.", "12", "12) Smith.", "Smith 12."):
        prefix = h.note_prefix(text)
        expected = prefix is not None and prefix.labels_note
        assert (note_line_start(line(text))[0] == "number") is expected


def test_pdf_right_margin_is_the_shared_quantile() -> None:
    from posenqa.parsing.layout import Line, Piece
    from posenqa.parsing.pdf_context import right_margin

    ends = [400.0 + k for k in range(50)] + [300.0] * 5
    lines = [Line(0, 0, 72, x1, 11, False, (Piece("text"),)) for x1 in ends]
    assert right_margin(lines, 11) == h.right_margin(ends, quantile=0.9)


@pytest.mark.parametrize(
    ("texts", "year"),
    [
        (["Working Paper", "- August 2001 -"], 2001),
        (["No. 24–5438. Argued October 14, 2025—Decided January 9, 2026"], 2025),
        (["Decided Jan. 9, 2026"], 2026),
        (["Sept. 2005"], 2005),
        (["Copyright © 1999 by the Author", "Revised March 2001"], 2001),  # a date wins
        (["Copyright © 1999 by the Author"], 1999),
        (["Decision 2001 of the Board"], None),  # not a month
        (["2001: A Space Odyssey"], None),
    ],
)
def test_title_page_year(texts: list[str], year: int | None) -> None:
    from posenqa.parsing.dates import title_page_year

    assert title_page_year(texts) == year


@pytest.mark.parametrize(
    ("text", "expected"),
    [("2.1", True), ("1A", True), ("IV.", True), (" 3. ", True), ("1 Intro", False), ("x", False)],
)
def test_is_section_number(text: str, expected: bool) -> None:
    from posenqa.parsing.headings import is_section_number

    assert is_section_number(text) is expected
