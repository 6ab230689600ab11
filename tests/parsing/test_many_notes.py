"""Note numbers have no upper limit (issue 14: notes 1000 and up were merged into note 999)."""

from __future__ import annotations

from pathlib import Path

from posenqa.parsing import parse_file
from posenqa.parsing.layout import Line, Piece
from posenqa.parsing.markers import marker_candidates
from posenqa.parsing.note_areas import note_line_start
from posenqa.parsing.note_zones import note_start as zone_note_start

NOTES_PER_PAGE = 4
PAGES = 260  # 1,040 notes: past 999 and into four digits


def _extraction(path: Path) -> Path:
    """A text extraction shaped like the corpus's: body, a blank separator line, notes."""
    pages, n = [], 1
    for page in range(1, PAGES + 1):
        body, notes = [], []
        for _ in range(NOTES_PER_PAGE):
            body.append(f"Banking rules changed in Japan and elsewhere.{n} More words here. \n")
            notes.append(f"{n}. See Author {n}, Title of work {n} (Publisher, 1999).")
            n += 1
        pages.append("\n".join(body) + "\n" + " " * 59 + "\n" + "\n".join(notes) + f"\n\n{page}\n")
    path.write_text("A Paper Title\n\nAn Author\n\n" + "\f".join(pages), encoding="utf-8")
    return path


def test_a_paper_with_more_than_999_notes_keeps_each_note(tmp_path: Path) -> None:
    doc = parse_file(_extraction(tmp_path / "many.txt"))
    assert [f.number for f in doc.footnotes] == list(range(1, NOTES_PER_PAGE * PAGES + 1))
    for number in (999, 1000, 1040):
        note = doc.footnote(number)
        assert note is not None
        assert note.text == f"See Author {number}, Title of work {number} (Publisher, 1999)."


def test_four_digit_note_starts_and_markers() -> None:
    assert zone_note_start("1000. Smith, A Book (1999).", 999) == (1000, "Smith, A Book (1999).")
    line = Line(0, 100.0, 72.0, 300.0, 8.0, False, (Piece("1234. Smith, A Book."),))
    assert note_line_start(line) == ("number", 1234, "Smith, A Book.")
    assert [c.number for c in marker_candidates("as Smith argued.1000 Then")] == [1000]
