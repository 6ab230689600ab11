"""Tiny PDFs drawn with reportlab for the PDF parser tests.

Each helper draws known text at known positions, so a test can state exactly
what the parser must recover: paragraphs, a superscript note marker (a
smaller font on a raised baseline), a rule with a note at the page foot,
printed page numbers, headings.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

BODY = ("Times-Roman", 11)
BOLD = ("Times-Bold", 11)
NOTE = ("Times-Roman", 9)
MARK = ("Times-Roman", 7)
LEFT, INDENT, LEADING = 72, 108, 16


class Sheet:
    """A reportlab canvas with the few drawing moves a paper page needs."""

    def __init__(self, path: Path) -> None:
        from reportlab.lib.pagesizes import letter
        from reportlab.pdfgen import canvas

        self.canvas = canvas.Canvas(str(path), pagesize=letter)
        self.y = 700.0

    def text(self, x: float, y: float, text: str, font: tuple[str, int] = BODY) -> float:
        """Draw ``text`` at ``(x, y)``; return the x where it ends."""
        self.canvas.setFont(*font)
        self.canvas.drawString(x, y, text)
        return x + self.canvas.stringWidth(text, *font)

    def line(self, text: str, *, indent: bool = False, font: tuple[str, int] = BODY) -> None:
        """Draw one body line at the cursor and move down one line."""
        self.text(INDENT if indent else LEFT, self.y, text, font)
        self.y -= LEADING

    def marked_line(self, before: str, number: int, after: str, *, indent: bool = False) -> None:
        """A body line with a superscript note marker between ``before`` and ``after``."""
        x = self.text(INDENT if indent else LEFT, self.y, before)
        x = self.text(x, self.y + 4, str(number), MARK)
        self.text(x, self.y, after)
        self.y -= LEADING

    def page_number(self, number: int) -> None:
        self.text(520, 750, str(number))

    def notes(self, lines: list[tuple[str, str]], *, top: float = 130) -> None:
        """A short rule, then note lines; each is (superscript number or "", text)."""
        self.canvas.setLineWidth(0.4)
        self.canvas.line(LEFT, top, LEFT + 144, top)
        y = top - 14
        for mark, text in lines:
            x = LEFT
            if mark:
                x = self.text(x, y + 3, mark, MARK)
            self.text(x, y, text, NOTE)
            y -= 11

    def next_page(self) -> None:
        self.canvas.showPage()
        self.y = 700.0

    def save(self) -> None:
        self.canvas.save()


def write_tiny_paper(path: Path) -> Path:
    """Two pages: headings, a marker, a paragraph over the page break, notes on both pages,
    and a block quotation in body type indented on both sides.

    Note 1 is numbered "1." in note type (LaTeX style); note 2 has a raised
    number (Word and pdfLaTeX-with-superscript style), is cited at the foot of
    page 1 and runs on to page 2.
    """
    sheet = Sheet(path)
    sheet.page_number(1)
    sheet.line("1. Introduction", font=BOLD)
    sheet.y -= 6
    sheet.line("The first paragraph opens here and tells a short story about the", indent=True)
    sheet.marked_line(
        "parser, which must find this sentence.", 1, " Then it goes on with a hyphen-"
    )
    sheet.line("ated word and ends the paragraph here.")
    sheet.line("A second paragraph runs over the page break and keeps", indent=True)
    sheet.marked_line("going until the very bottom of the page where it stops", 2, "")
    sheet.notes(
        [
            ("", "1. The note body starts here and"),
            ("", "continues on a second line."),
            ("2", "Second note text that runs"),
        ]
    )
    sheet.next_page()
    sheet.page_number(2)
    sheet.line("in the middle of a sentence on the next page.")
    sheet.y -= 6
    sheet.line("2. Results", font=BOLD)
    sheet.y -= 6
    sheet.line("Digits such as 2.2 trillion yen, 137.60 and the 1990s are not notes;", indent=True)
    sheet.line("neither is the G-7 or a long-term view. An author said:")
    for text in (
        "Quoted words from another author are set",
        "in from both margins, to the same measure,",
        "and run over three lines of this page.",
    ):
        sheet.text(LEFT + 54, sheet.y, text)
        sheet.y -= LEADING
    sheet.line("After the quotation the text goes on.")
    sheet.notes([("", "on to the next page of the paper.")])
    sheet.save()
    return path


def write_plain_pdf(path: Path, paragraphs: list[list[str]]) -> Path:
    """One page of indented paragraphs with no headings and no notes."""
    sheet = Sheet(path)
    for lines in paragraphs:
        for k, text in enumerate(lines):
            sheet.line(text, indent=k == 0)
    sheet.save()
    return path


@pytest.fixture
def tiny_paper(tmp_path: Path) -> Path:
    return write_tiny_paper(tmp_path / "tiny.pdf")


@pytest.fixture
def make_plain_pdf(tmp_path: Path) -> Callable[[list[list[str]]], Path]:
    return lambda paragraphs: write_plain_pdf(tmp_path / "plain.pdf", paragraphs)
