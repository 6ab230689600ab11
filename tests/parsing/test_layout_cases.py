"""Layout cases from other typesetters, drawn with reportlab so they run everywhere.

Each PDF is built from positioned strings the way a typesetter lays them out
(sizes, raised labels, rules, columns), never from the parser's output: note
numbering that restarts per opinion, notes the same size as the body, "N."
notes, printed page labels, two columns, a wrapped heading and a justified
line drawn word by word with no space characters; and sections as report
typesetters set them: a table of contents (with or without dot leaders) stays
out of the sections, a small running head above a large title is a line of
its own, and a title that later running heads repeat is still a heading.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("reportlab")

from reportlab.pdfgen import canvas

from posenqa.document import Document
from posenqa.parsing.pdf import parse_pdf

Op = tuple[Any, ...]
WIDTH, HEIGHT = 612, 792


def _draw(path: Path, pages: Sequence[Sequence[Op]], labels: Sequence[tuple] = ()) -> Path:
    """Ops: ("t", x, y, size, text[, font]) strings; ("r", x0, x1, y) rules."""
    c = canvas.Canvas(str(path), pagesize=(WIDTH, HEIGHT))
    for page_ops in pages:
        for op in page_ops:
            if op[0] == "t":
                _, x, y, size, text, *font = op
                c.setFont(font[0] if font else "Times-Roman", size)
                c.drawString(x, y, text)
            else:
                _, x0, x1, y = op
                c.setLineWidth(0.5)
                c.line(x0, y, x1, y)
        c.showPage()
    for label in labels:
        c.addPageLabel(*label)
    c.save()
    return path


def _paragraph(
    words: str, x: float, y: float, size: float, step: float, width: int = 14
) -> list[Op]:
    """A paragraph as lines of ``width`` words, ``step`` points apart."""
    tokens = words.split()
    return [
        ("t", x, y - k * step, size, " ".join(tokens[i : i + width]))
        for k, i in enumerate(range(0, len(tokens), width))
    ]


FILLER = (
    "The court considered the record with care and the arguments of both parties in turn "
    "before it reached the questions that the appeal presents for decision today "
)


def _text(seed: int, lines: int = 3) -> str:
    """Filler that differs from page to page (identical text on every page is a watermark)."""
    words = FILLER.split()
    names = ("Adams", "Baker", "Clark", "Davis", "Evans", "Flynn", "Grant", "Hayes")
    return " ".join(
        names[(seed + k) % len(names)] if k % 5 == 0 else w for k, w in enumerate(words * lines)
    )


def _marker(x: float, y: float, n: int, size: float = 7) -> Op:
    return ("t", x, y + 4, size, str(n))


@pytest.fixture
def make(tmp_path: Path) -> Callable[..., Document]:
    counter = iter(range(100))

    def build(pages: Sequence[Sequence[Op]], labels: Sequence[tuple] = ()) -> Document:
        path = _draw(tmp_path / f"case{next(counter)}.pdf", pages, labels)
        return parse_pdf(path)

    return build


#: A different party in every note drawn: identical lines on several pages are furniture.
_PARTIES = iter(f"{a}{b}" for a in ("Adams", "Baker", "Clark", "Davis") for b in "stuvwxyz")


def _opinion_page(head: str, number: int, marks: Sequence[int], notes: Sequence[int]) -> list[Op]:
    ops: list[Op] = [
        ("t", 280, 740, 9, f"{head}"),
        ("t", 500, 760, 9, str(number)),
        ("t", 72, 760, 9, "Cite as: 600 U. S. ____ (2024)"),
    ]
    y = 700
    for n in marks:
        ops += _paragraph(_text(number * 10 + n + len(head), 2), 72, y, 11, 13.5)
        ops.append(("t", 72, y - 4 * 13.5, 11, "and so the Court holds as follows."))
        ops.append(_marker(246, y - 4 * 13.5, n))
        y -= 6 * 13.5
    ops.append(("r", 72, 144, 230))
    y = 215
    for n in notes:
        ops.append(("t", 80, y + 3, 6, str(n)))
        party = next(_PARTIES)
        ops.append(("t", 86, y, 9, f"Note {n} of this opinion cites {party} v. Jones, 1 U. S. 2."))
        ops.append(("t", 72, y - 11, 9, f"It goes on to a second line about {party}."))
        y -= 26
    return ops


def test_numbering_restarts_per_opinion_and_markers_link_within(make) -> None:
    doc = make(
        [
            _opinion_page("Opinion of the Court", 1, [1, 2], [1, 2]),
            _opinion_page("Opinion of the Court", 2, [3], [3]),
            _opinion_page("SMITH, J., dissenting", 1, [1], [1]),
            _opinion_page("SMITH, J., dissenting", 2, [2], [2]),
        ]
    )
    assert [n.ref for n in doc.footnotes] == [
        "court:1",
        "court:2",
        "court:3",
        "smith-dissenting:1",
        "smith-dissenting:2",
    ]
    assert all(n.text.startswith(f"Note {n.number} of this opinion") for n in doc.footnotes)
    assert all(n.cited_by for n in doc.footnotes)
    dissent = doc.footnote(1, "smith-dissenting")
    assert dissent is not None and dissent.page == 1 and dissent.page_index == 3
    # Printed pages restart with each opinion; the physical page is kept beside them.
    assert [n.page for n in doc.footnotes] == [1, 1, 2, 1, 2]
    cited = {b.id: b for b in doc.blocks}
    assert ("smith-dissenting", 1) in cited[dissent.cited_by[0]].note_keys
    assert {s for b in doc.blocks for s, _ in b.note_keys} == {"court", "smith-dissenting"}
    assert doc.note_by_ref("dissenting:2") is doc.footnotes[-1]


def test_same_size_notes_under_double_spaced_text(make) -> None:
    def page(n: int) -> list[Op]:
        ops = _paragraph(_text(n), 72, 700, 12, 28)
        ops.append(_marker(300, 700 - 28 * 3, n))
        ops.append(("t", 300, 40, 12, str(n)))
        ops.append(("r", 72, 216, 300))
        ops.append(("t", 108, 283, 7, str(n)))
        ops.append(("t", 113, 280, 12, f"Same size note {n} is set single spaced under a rule"))
        ops.append(("t", 72, 266, 12, "and it runs on for another line of the same size."))
        return ops

    doc = make([page(1), page(2)])
    assert [(n.number, n.page) for n in doc.footnotes] == [(1, 1), (2, 2)]
    assert doc.footnotes[0].text == (
        "Same size note 1 is set single spaced under a rule and it runs on for another line "
        "of the same size."
    )
    assert doc.missing_notes == ()
    assert not any("Same size note" in b.text for b in doc.blocks)


def test_n_dot_notes_without_raised_labels(make) -> None:
    ops = _paragraph(FILLER * 2, 72, 700, 11, 13.5)
    ops.append(_marker(400, 700 - 13.5 * 2, 1))
    ops.append(("r", 72, 200, 150))
    ops.append(("t", 72, 135, 9, "1. A note typed with its number and a period."))
    ops.append(("t", 72, 124, 9, "2. Another note that no marker cites."))
    doc = make([ops])
    assert doc.footnote(1) is not None
    assert doc.footnote(1).text == "A note typed with its number and a period."  # type: ignore[union-attr]
    assert doc.footnote(2).text == "Another note that no marker cites."  # type: ignore[union-attr]


def _numbered_page(label: str, seed: int) -> list[Op]:
    """A page holding one paragraph (ending in a short line) and its printed number."""
    return [
        *_paragraph(_text(seed), 72, 700, 11, 13.5),
        ("t", 72, 700 - 6 * 13.5, 11, f"And so {_text(seed, 1).split()[0]} ends."),
        ("t", 296, 40, 10, label),
    ]


def test_printed_page_labels_with_an_unnumbered_cover(make) -> None:
    cover = [("t", 150, 600, 24, "A Report on Something")]
    pages = [cover, *(_numbered_page(f"- {n} -", n) for n in range(1, 5))]
    doc = make(pages)
    assert [(b.page, b.page_index) for b in doc.blocks][:1] == [(1, 2)]
    assert {b.page for b in doc.blocks} == {1, 2, 3, 4}
    assert all(b.page_index == b.page + 1 for b in doc.blocks)  # type: ignore[operator]


def test_a_first_page_that_prints_no_number_counts_back(make) -> None:
    first = _numbered_page("", 59)  # page 59 of the journal prints no number
    doc = make([first, *(_numbered_page(str(n), n) for n in (60, 61, 62))])
    assert sorted({b.page for b in doc.blocks}) == [59, 60, 61, 62]  # type: ignore[type-var]


def test_page_labels_from_the_catalog_win(make) -> None:
    pages = [_numbered_page("", 1), _numbered_page("", 2)]
    pages += [_numbered_page("1", 3), _numbered_page("2", 4)]
    doc = make(pages, labels=[(0, "ROMAN_LOWER", 1), (2, "ARABIC", 1)])
    assert [b.page for b in doc.blocks if b.page_index == 1][:1] == ["i"]
    assert {b.page for b in doc.blocks if b.page_index == 4} == {2}


def test_two_columns_read_column_by_column_with_their_notes(make) -> None:
    left = [
        ("t", 54, 700 - 11 * k, 9, f"Left column line {k} of running text set in narrow measure")
        for k in range(30)
    ]
    right = [
        ("t", 320, 700 - 11 * k, 9, f"Right column line {k} of running text set narrow too")
        for k in range(30)
    ]
    marker = ("t", 292, 700 - 11 * 5 + 3, 6, "1")
    notes = [
        ("r", 54, 120, 340),
        ("t", 54, 330, 6, "1"),
        ("t", 58, 327, 8, "A note at the foot of the left column only."),
    ]
    doc = make([[*left, *right, marker, *notes]])
    text = " ".join(b.text for b in doc.blocks)
    assert text.index("Left column line 29") < text.index("Right column line 0")
    assert "Left column line 3 of running text set in narrow measure Left column line 4" in text
    assert doc.footnote(1).text == "A note at the foot of the left column only."  # type: ignore[union-attr]


def test_a_heading_wrapped_over_two_lines_is_one_title(make) -> None:
    ops: list[Op] = [
        ("t", 72, 720, 12, "1. A Heading That Is Long Enough To Wrap Onto", "Times-Bold"),
        ("t", 72, 705, 12, "A Second Line Of Its Own", "Times-Bold"),
        *_paragraph(FILLER * 3, 72, 680, 11, 13.5),
        ("t", 72, 560, 12, "2. Short Heading", "Times-Bold"),
        *_paragraph(FILLER * 3, 72, 540, 11, 13.5),
    ]
    doc = make([ops])
    titles = {s.label: s.title for s in doc.sections}
    assert titles["1"] == "A Heading That Is Long Enough To Wrap Onto A Second Line Of Its Own"
    assert titles["2"] == "Short Heading"


def test_a_justified_line_drawn_word_by_word_keeps_its_spaces(make) -> None:
    c_words = [
        "Informal",
        "rulemaking",
        "refers",
        "to",
        "the",
        "process",
        "agencies",
        "use",
        "to",
        "make",
        "rules",
    ]
    ops: list[Op] = []
    x = 72.0
    for word in c_words:
        ops.append(("t", x, 700, 11, word))
        x += 5.2 * len(word) + 6.5  # wide justified gaps, no space characters drawn
    ops += _paragraph(FILLER * 2, 72, 686, 11, 14)
    doc = make([ops])
    assert doc.blocks[0].text.startswith(
        "Informal rulemaking refers to the process agencies use to make rules"
    )


# ------------------------------------------------ sections in reports

TITLES = ("Background", "Method and Data", "Results in Brief", "Conclusions")


def _contents_page(leaders: bool) -> list[Op]:
    ops: list[Op] = [("t", 72, 720, 18, "Contents", "Times-Bold")]
    for k, title in enumerate(TITLES):
        entry = f"{title} {'.' * 40} {3 + 4 * k}" if leaders else f"{title} {3 + 4 * k}"
        ops.append(("t", 90, 690 - 16 * k, 11, entry))
    return ops


def _body_page(k: int, title: str) -> list[Op]:
    return [
        ("t", 72, 720, 14, title, "Times-Bold"),
        *_paragraph(_text(k, 4), 72, 700, 11, 13.5),
        ("t", 300, 40, 9, str(k + 2)),
    ]


@pytest.mark.parametrize("leaders", [True, False])
def test_a_table_of_contents_is_front_matter_and_never_a_section(make, leaders: bool) -> None:
    cover = [("t", 72, 600, 24, "A Report on Things", "Times-Bold")]
    pages = [cover, _contents_page(leaders)]
    pages += [_body_page(k, title) for k, title in enumerate(TITLES)]
    doc = make(pages)
    titles = [s.title for s in doc.sections if s.title]
    assert titles == list(TITLES)
    assert not any("Contents" in b.text for b in doc.blocks)


def _appendix_pages(title: str, pages: int) -> list[list[Op]]:
    """An appendix: a 27-point title on its first page, then its running head at the top."""
    out = []
    for k in range(pages):
        # Later pages carry the title as their running head, at the title's height.
        ops: list[Op] = [("t", 216, 726, 8, title, "Times-Bold")] if k else []
        if k == 0:
            # The running head stands just above the title, as in a report's appendix.
            ops.append(("t", 216, 745, 8, "Report GAO-00-000 Things", "Times-Bold"))
            ops.append(("t", 36, 726, 27, title))
        ops += _paragraph(_text(k + 7, 5), 216, 620, 11, 13)
        ops.append(("t", 216, 35, 8, f"Page {30 + k} Report GAO-00-000", "Times-Bold"))
        out.append(ops)
    return out


def test_a_small_line_above_a_large_title_is_not_its_superscript(make) -> None:
    small_head = [
        ("t", 216, 740, 8, "Appendix I: Data Sources", "Times-Bold"),
        ("t", 36, 726, 27, "Appendix I: Data Sources"),
        *_paragraph(_text(3, 5), 216, 620, 11, 13),
    ]
    doc = make([small_head, *_appendix_pages("Appendix II: Advertising Data", 3)])
    sections = {s.label: s.title for s in doc.sections}
    assert sections["Appendix I"] == "Data Sources"
    assert sections["Appendix II"] == "Advertising Data"


def test_a_title_repeated_by_later_running_heads_is_still_a_heading(make) -> None:
    doc = make([_body_page(0, "Letter"), *_appendix_pages("Scope and Methodology", 4)])
    assert [s.title for s in doc.sections if s.title] == ["Letter", "Scope and Methodology"]


def _side_head_page(k: int, head: Sequence[str], size: float = 17) -> list[Op]:
    """A report page: body text in a column from x=216, a heading wrapped in the left margin
    beside its first paragraph (its baselines fall between the body's, one on a body line)."""
    ops: list[Op] = [*_paragraph(_text(k, 3), 216, 700, 11, 13, width=12)]
    top = 600
    ops += _paragraph(_text(k + 1, 4), 216, top + 4, 11, 13, width=12)
    for n, text in enumerate(head):
        ops.append(("t", 36, top - 18 * n, size, text))
    ops.append(("t", 216, 40, 9, f"Page {k + 1} Report GAO-00-000"))
    return ops


def test_a_side_head_wrapped_in_the_margin_column_is_one_heading(make) -> None:
    first = ("Agencies Can Use", "Performance", "Information to Manage", "for Results")
    second = ("Aligning Agencywide Goals,", "Objectives and Measures")
    cover = [("t", 72, 600, 26, "Managing for Results", "Times-Bold")]
    doc = make([cover, _side_head_page(0, first), _side_head_page(3, second, size=14)])
    titles = [s.title for s in doc.sections if s.title]
    assert titles == [" ".join(first), " ".join(second)]
    text = " ".join(b.text for b in doc.blocks)
    assert "Manage" not in text and "Agencywide" not in text


def test_an_italic_heading_set_off_by_space_and_a_heading_with_a_note_marker(make) -> None:
    italic = (
        "Case Law on the Preemptive Scope of Section 916 As Applied to Local Ordinances",
        "Restricting Sale of Flavored Products",
    )
    ops: list[Op] = [
        ("t", 72, 720, 12, "Food Products", "Times-Bold"),
        _marker(152, 720, 1),
        *_paragraph(_text(1, 1), 72, 700, 11, 13),  # two lines: 700, 687
        ("t", 72, 668, 11, italic[0], "Times-Italic"),
        ("t", 72, 655, 11, italic[1], "Times-Italic"),
        *_paragraph(_text(2, 1), 72, 636, 11, 13),  # 636, 623
        # An italic line inside a paragraph, with no space around it, stays text.
        ("t", 72, 610, 11, "Restricting Sale of Flavored Products", "Times-Italic"),
        *_paragraph(_text(3, 1), 72, 597, 11, 13),
        ("r", 72, 216, 200),
        ("t", 72, 188, 6, "1"),
        ("t", 76, 185, 9, "A note on the heading, citing Adams v. Baker, 1 U.S. 1."),
    ]
    doc = make([ops])
    titles = [s.title for s in doc.sections if s.title]
    assert titles == ["Food Products", " ".join(italic)]
    assert doc.footnote(1) is not None


def test_numbered_steps_of_an_algorithm_are_not_section_headings(make) -> None:
    steps = ["function Driver(H):", "A Answers(H)", "H Postprocess(A)"]
    ops: list[Op] = [
        ("t", 72, 720, 12, "1. INTRODUCTION", "Times-Bold"),
        *_paragraph(_text(1, 1), 72, 700, 11, 13),
        *[
            ("t", 72, 660 - 12 * k, 9, f"{k + 1} {text}", "Times-Bold")
            for k, text in enumerate(steps)
        ],
        ("t", 72, 600, 12, "2. RELATED WORK", "Times-Bold"),
        *_paragraph(_text(2, 1), 72, 580, 11, 13),
    ]
    doc = make([ops])
    assert [(s.label, s.title) for s in doc.sections] == [
        ("1", "INTRODUCTION"),
        ("2", "RELATED WORK"),
    ]


def test_bold_lead_ins_and_bold_sentence_ends_are_not_headings(make) -> None:
    ops: list[Op] = [
        ("t", 72, 720, 14, "Scope and Methodology", "Times-Bold"),
        ("t", 72, 700, 11, "Infant formula marketing:", "Times-Bold"),
        *_paragraph(_text(1, 1), 90, 686, 11, 13),
        ("t", 72, 650, 11, "surveys of mothers at discharge", "Times-Bold"),
        *_paragraph(_text(2, 1), 72, 636, 11, 13),
    ]
    doc = make([ops])
    assert [s.title for s in doc.sections if s.title] == ["Scope and Methodology"]


def test_numbered_paragraphs_of_a_page_set_small_are_not_notes(make) -> None:
    """A syllabus set in 9 points before an 11-point opinion: its "1." and "2." paragraphs
    are its text; a note area needs larger text above it (or a rule)."""
    syllabus: list[Op] = [
        *_paragraph(_text(1, 2), 72, 700, 9, 11),
        ("t", 72, 640, 9, "Held:"),
        ("t", 90, 628, 9, "1. The Court has jurisdiction because the statute does not bar"),
        *_paragraph(_text(2, 1), 72, 617, 9, 11),
        ("t", 90, 580, 9, "2. Section 2244 does not apply to motions filed by federal prisoners."),
        *_paragraph(_text(3, 1), 72, 569, 9, 11),
    ]
    opinion: list[Op] = [*_paragraph(_text(4, 4), 72, 700, 11, 14)]
    doc = make([syllabus, opinion, [*_paragraph(_text(5, 4), 72, 700, 11, 14)]])
    assert doc.footnotes == ()
    assert "1. The Court has jurisdiction" in " ".join(b.text for b in doc.blocks)


NARROW = "narrow measure here"


def _two_column_page(number: int, note: int | None) -> list[Op]:
    """A two-column page whose page number stands at the foot by the gutter (so it is read
    with the left column), with a note (if any) at the foot of the left column."""
    ops: list[Op] = [
        # The left column's lines end near the right's start (320), as in a journal.
        ("t", 68, 700 - 11 * k, 9, f"Left {number} line {k} of running text set in a {NARROW}")
        for k in range(50)
    ]
    ops += [
        ("t", 320, 700 - 11 * k, 9, f"Right {number} line {k} of running text set narrow too")
        for k in range(58)
    ]
    if note is not None:
        ops = ops[:44] + ops[50:]  # the left column stops short for its note
        ops.append(("t", 292, 700 - 11 * 5 + 3, 6, str(note)))
        ops += [
            ("r", 54, 150, 200),
            ("t", 58, 189, 6, str(note)),
            ("t", 62, 186, 9, f"Note {note} stands at the foot of the left column only."),
        ]
    ops.append(("t", 276, 45, 9, str(number)))  # read with the left column
    return ops


def test_a_page_number_read_with_a_column_does_not_hide_its_note(make) -> None:
    doc = make([_two_column_page(1, None), _two_column_page(2, 1), _two_column_page(3, 2)])
    notes = {n.number: (n.page, n.text) for n in doc.footnotes}
    assert notes == {
        1: (2, "Note 1 stands at the foot of the left column only."),
        2: (3, "Note 2 stands at the foot of the left column only."),
    }


def _offset_columns_page() -> list[Op]:
    """A two-column page whose columns never share a baseline: the left column at an 11-point
    step, the right one shifted by half a line, with its headings and displayed maths (and a
    subscript row in small type under the formula) set on their own spacing. The title runs
    across the gutter on one baseline, drawn as three strings."""
    ops: list[Op] = [
        ("t", 120, 740, 16, "Differentially Private Tab", "Times-Bold"),
        ("t", 292, 740, 16, "ulations of", "Times-Bold"),
        ("t", 372, 740, 16, "Census Data", "Times-Bold"),
        ("t", 54, 700, 12, "2. PROBLEM STATEMENT", "Times-Bold"),
        ("t", 54, 684, 12, "2.1 Notation", "Times-Bold"),
    ]
    ops += [
        ("t", 54, 668 - 11 * k, 9, f"Left text {k} of the notation in a narrow measure set")
        for k in range(40)
    ]
    right_y = 694.5
    for k in range(36):
        if k == 12:
            ops.append(("t", 320, right_y - 4, 12, "2.2 Privacy", "Times-Bold"))
            right_y -= 20
        if k == 24:
            ops.append(("t", 380, right_y, 9, "H = arg min Q(H) - m (6)"))
            ops.append(("t", 400, right_y - 5, 5, "1 m"))
            right_y -= 19
        ops.append(("t", 320, right_y, 9, f"Right text {k} on privacy in a narrow measure too"))
        right_y -= 13.3
    return ops


def test_columns_that_share_no_baseline_read_column_by_column(make) -> None:
    """Headings in both columns come out in reading order; a title drawn in pieces across
    the gutter stays one line; a small subscript row under a formula is no heading."""
    doc = make([_offset_columns_page()])
    assert [s.label for s in doc.sections if s.label[0].isdigit()] == ["2", "2.1", "2.2"]
    text = " ".join(b.text for b in doc.blocks)
    assert text.index("Left text 39") < text.index("Right text 0")
    title = "Differentially Private Tabulations of Census Data"
    assert title in [doc.title, *(s.title for s in doc.sections)]


def test_a_numbered_heading_with_raised_maths_is_a_heading(make) -> None:
    ops: list[Op] = [
        ("t", 72, 720, 12, "5.1 Initialization", "Times-Bold"),
        *_paragraph(_text(1, 1), 72, 700, 11, 13),
        ("t", 72, 660, 12, "5.2 Construction of H", "Times-Bold"),
        ("t", 197, 665, 8, "0", "Times-Bold"),
        ("t", 202, 660, 12, ".", "Times-Bold"),
        *_paragraph(_text(2, 1), 72, 640, 11, 13),
    ]
    doc = make([ops])
    assert [s.label for s in doc.sections] == ["5.1", "5.2"]


def test_an_abstract_heading_on_the_title_page_opens_the_body(make) -> None:
    ops: list[Op] = [
        ("t", 120, 720, 20, "A Title Set Large", "Times-Bold"),
        ("t", 200, 690, 12, "Jane Q. Smith"),
        ("t", 72, 650, 12, "ABSTRACT", "Times-Bold"),
        *_paragraph(_text(1, 1), 72, 632, 11, 13),
        ("t", 72, 590, 12, "1. INTRODUCTION", "Times-Bold"),
        *_paragraph(_text(2, 1), 72, 570, 11, 13),
    ]
    doc = make([ops, [*_paragraph(_text(3, 4), 72, 700, 11, 13)]])
    assert [s.title for s in doc.sections][:2] == ["ABSTRACT", "INTRODUCTION"]
    assert not any("Adams" in b.text for b in doc.front_matter)


def test_appendices_lettered_past_h_stay_letters(make) -> None:
    """Appendix "I" after "H" is the ninth letter, not the roman numeral one."""
    ops: list[Op] = []
    for k, letter in enumerate("GHIJ"):
        ops.append(("t", 72, 720 - 80 * k, 12, f"{letter}. PROOF OF THEOREM {k + 1}", "Times-Bold"))
        ops += _paragraph(_text(k, 1), 72, 700 - 80 * k, 11, 13)
    doc = make([ops])
    assert [s.label for s in doc.sections] == ["G", "H", "I", "J"]


def test_numbered_lists_in_small_type_at_the_foot_are_not_notes(make) -> None:
    """Two lists in small type close a page with no rule: their "1."-"3." and "1."-"4."
    labels go back down, as a page's note labels never do, so they are no notes (not even
    notes 2-4 after the note 1 of the page before)."""
    first: list[Op] = [
        *_paragraph(_text(1, 3), 72, 700, 11, 14),
        _marker(300, 700, 1),
        ("r", 72, 200, 130),
        ("t", 72, 118, 6, "1"),
        ("t", 76, 115, 9, "The only note, at the foot of the first page."),
    ]
    lists: list[Op] = [("t", 72, 560, 9, "Invariants for the tables:")]
    lists += [
        ("t", 72, 548 - 12 * k, 9, f"{k + 1}.Count of units in area {k} is fixed") for k in range(3)
    ]
    lists.append(("t", 72, 500, 9, "Structural zeros:"))
    lists += [
        ("t", 72, 488 - 12 * k, 9, f"{k + 1}.Cell {k} of the table must be empty") for k in range(4)
    ]
    doc = make([first, [*_paragraph(_text(2, 4), 72, 700, 11, 14), *lists]])
    assert [n.number for n in doc.footnotes] == [1]
    assert "4.Cell 3 of the table must be empty" in " ".join(b.text for b in doc.blocks)


def test_a_note_line_opening_with_a_section_sign_continues_the_note(make) -> None:
    """ "§ 600.2946(5)); Lofton ..." at the start of a note's second line is a citation,
    not a note labelled "§"."""
    ops: list[Op] = [
        *_paragraph(_text(1, 3), 72, 700, 11, 14),
        _marker(300, 700, 1),
        ("r", 72, 200, 150),
        ("t", 72, 138, 6, "1"),
        (
            "t",
            76,
            135,
            9,
            "See Desiano, 467 F.3d 85, 87 (2d Cir. 2006) (analyzing Mich. Comp. Laws",
        ),
        ("t", 72, 124, 9, "§ 600.2946(5)); Lofton, 672 F.3d 372, 374 (5th Cir. 2012)."),
    ]
    doc = make([ops])
    assert doc.footnote(1).text.endswith(
        "Laws § 600.2946(5)); Lofton, 672 F.3d 372, 374 (5th Cir. 2012)."
    )  # type: ignore[union-attr]


def test_a_note_marker_on_a_heading_is_linked_to_the_text_under_it(make) -> None:
    """ "Food Products" carries note 1 and a subheading follows at once: the marker is cited
    where the text begins, under the subheading."""
    ops: list[Op] = [
        ("t", 72, 720, 14, "Food Products", "Times-Bold"),
        _marker(162, 720, 1),
        ("t", 72, 696, 12, "Overview of the Provisions", "Times-BoldItalic"),
        *_paragraph(_text(1, 2), 72, 676, 11, 13),
        _marker(250, 676, 2),
        ("r", 72, 216, 200),
        ("t", 72, 188, 6, "1"),
        ("t", 76, 185, 9, "Food includes dietary supplements."),
        ("t", 72, 174, 6, "2"),
        ("t", 76, 171, 9, "A second note."),
    ]
    doc = make([ops])
    assert not any("no marker" in w for w in doc.warnings)
    first = next(b for b in doc.blocks if b.notes)
    assert [m.number for m in first.notes] == [1, 2]


def test_a_page_set_in_small_type_reads_in_paragraphs(make) -> None:
    """A syllabus page in 9 points set a little in from the 11-point opinion's margin (less
    than a block quotation's indent): its lines run on into paragraphs, not one block a
    line."""
    syllabus: list[Op] = [
        ("t", 200, 720, 11, "SMITH v. JONES"),
        *_paragraph(_text(1, 4), 81, 700, 9, 11),
    ]
    opinion = [*_paragraph(_text(2, 5), 72, 700, 11, 14)]
    doc = make([syllabus, opinion, [*_paragraph(_text(3, 5), 72, 700, 11, 14)]])
    first_page = [b for b in doc.blocks + doc.front_matter if b.page_index == 1]
    assert len(first_page) <= 3, [b.text[:40] for b in first_page]


def test_a_numbered_line_of_displayed_maths_is_no_heading(make) -> None:
    """A sum's limits "1 X" set in a symbol face on a line of their own have a number and
    another font, but no word: no heading."""
    ops: list[Op] = [
        ("t", 72, 720, 12, "1. INTRODUCTION", "Times-Bold"),
        *_paragraph(_text(1, 1), 72, 700, 11, 13),
        ("t", 200, 660, 11, "1 X", "Courier"),
        *_paragraph(_text(2, 1), 72, 640, 11, 13),
        ("t", 72, 600, 12, "2. RELATED WORK", "Times-Bold"),
        *_paragraph(_text(3, 1), 72, 580, 11, 13),
    ]
    doc = make([ops])
    assert [s.label for s in doc.sections] == ["1", "2"]


def _column_paragraphs(x: float, name: str) -> list[Op]:
    """Two paragraphs of a column from ``x``: 12 lines each, the second's first line
    indented, lines running to the column's edge and ending mid-sentence."""
    ops: list[Op] = []
    for p in (1, 2):
        for k in range(12):
            y = 700 - 11 * (k + 12 * (p - 1))
            indent = 10 if k == 0 and p == 2 else 0
            text = f"{name} paragraph {p} line {k} runs on in a narrow measure and"
            if k == 11:
                text = f"{name} paragraph {p} ends here."
            ops.append(("t", x + indent, y, 9, text))
    return ops


def test_each_column_is_its_own_measure_for_indents_and_line_ends(make) -> None:
    # The page's margin is one column's edge: the other column's every line looked
    # indented (a paragraph a line), and a left-column line looked short. A
    # two-column report came out as hundreds of one-line paragraphs.
    doc = make([[*_column_paragraphs(54, "Left"), *_column_paragraphs(320, "Right")]])
    paragraphs = [b.text for b in doc.blocks if b.kind == "paragraph"]
    assert [t.split(" line ")[0] for t in paragraphs] == [
        "Left paragraph 1",
        "Left paragraph 2",
        "Right paragraph 1",
        "Right paragraph 2",
    ]
    assert all(t.endswith("ends here.") for t in paragraphs)


def test_the_text_after_an_opinions_opening_belongs_to_that_opinion(make) -> None:  # type: ignore[no-untyped-def]
    # A dissent had been read as part of the last section before it (Kemp's Gorsuch
    # dissent as the Court's Part II.B.2).
    line = "runs on about the rule and its history in this case before the Court and"
    ops = [
        ("t", 200, 740, 11, "JUSTICE ROE delivered the opinion of the Court."),
        *[("t", 72, 720 - 13 * k, 11, f"Majority {k} {line}") for k in range(8)],
        ("t", 72, 616, 11, "Majority ends here."),
        ("t", 300, 590, 11, "I"),
        *[("t", 72, 570 - 13 * k, 11, f"Part one {k} {line}") for k in range(8)],
        ("t", 72, 466, 11, "Part one ends here."),
        ("t", 230, 440, 11, "JUSTICE DOE, dissenting."),
        *[("t", 72, 420 - 13 * k, 11, f"Dissent {k} {line}") for k in range(8)],
        ("t", 72, 316, 11, "Dissent ends here."),
    ]
    doc = make([ops])
    by_section = {b.text.split()[0]: b.section for b in doc.blocks}
    assert by_section["Majority"] == "court"
    assert by_section["Dissent"] == "doe-dissenting"  # not the Court's Part I
    titles = {s.label: s.title for s in doc.sections}
    assert titles["doe-dissenting"] == "JUSTICE DOE, dissenting."
