"""Small papers written as text files, parsed by a tiny stand-in parser, and a library root."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest


def parse_small(path: Path) -> Any:
    """A Document from a small text file: title, author, year, then paragraphs; a paragraph
    ending in ``^N`` cites note N; lines ``[N] text`` are note bodies."""
    from posenqa.document import Block, Document, Footnote, NoteMarker, Section
    from posenqa.parsing import file_sha256

    lines = path.read_text(encoding="utf-8").split("\n\n")
    title, author, year = lines[0].strip(), lines[1].strip(), int(lines[2])
    blocks, notes = [], []
    for number, chunk in enumerate(lines[3:], start=1):
        text = " ".join(chunk.split())
        if text.startswith("["):
            n, body = text[1:].split("] ", 1)
            cited = tuple(b.id for b in blocks if b.notes and b.notes[0].number == int(n))
            notes.append(Footnote(int(n), body, 2, cited))
            continue
        markers: tuple[NoteMarker, ...] = ()
        if "^" in text:
            text, n = text.rsplit("^", 1)
            markers = (NoteMarker(int(n), len(text)),)
        blocks.append(Block(f"b{number:04d}", "paragraph", "1", 1, 1, text, markers))
    return Document(
        title=title,
        author=author,
        year=year,
        source=path.name,
        sha256=file_sha256(path),
        pages=2,
        sections=(Section("1", "Body", 1, 2),),
        blocks=tuple(blocks),
        footnotes=tuple(notes),
    )


PAPERS = {
    "alpha.txt": (
        "Banks and Land\n\nAnn Alpha\n\n1999\n\n"
        "Japanese banks lent against land, and land prices fell after 1990.^1\n\n"
        "Regulators waited for prices to recover instead of closing banks.\n\n"
        "[1] See Kane, The S&L Insurance Mess, 1989."
    ),
    "beta.txt": (
        "Exchange Rates\n\nBen Beta\n\n2003\n\n"
        "Sterilized intervention in the yen market had small effects on the exchange rate.^1\n\n"
        "The dollar rose against the yen in 1999 and fell in 2000.\n\n"
        "[1] Compare Dominguez and Frankel, Does Foreign Exchange Intervention Work?, 1993."
    ),
    "gamma.txt": (
        "Deposit Insurance\n\nCai Gamma\n\n2010\n\n"
        "Deposit insurance without supervision invites moral hazard among banks.^1\n\n"
        "Prompt corrective action closes failing banks before losses grow.\n\n"
        "Land prices and bank lending move together in many countries.\n\n"
        "[1] See Kane, The S&L Insurance Mess, 1989."
    ),
}


@pytest.fixture(scope="session")
def small_parser():  # type: ignore[no-untyped-def]
    """:func:`parse_small` (tests cannot import conftest)."""
    return parse_small


@pytest.fixture
def run(tmp_path: Path, fake_embedder_type, small_parser):  # type: ignore[no-untyped-def]
    """``run(*args)``: the CLI on the library at ``tmp_path / "index"``, with the fake
    embedder and :func:`parse_small` (a CliRunner result)."""
    from click.testing import CliRunner

    from posenqa.cli import cli

    obj = {"embedder": fake_embedder_type(), "parse": small_parser}
    index = tmp_path / "index"

    def invoke(*args: str) -> Any:
        return CliRunner().invoke(cli, [*args, "--index-dir", str(index)], obj=obj)

    return invoke


@pytest.fixture
def papers(tmp_path: Path) -> dict[str, Path]:
    folder = tmp_path / "papers"
    folder.mkdir()
    out = {}
    for name, text in PAPERS.items():
        (folder / name).write_text(text, encoding="utf-8")
        out[name] = folder / name
    return out


@pytest.fixture
def opener(fake_embedder_type):  # type: ignore[no-untyped-def]
    """``opener(root)``: (open_paper, make_engine, embedder) for a library at ``root``."""
    from posenqa.answer import Engine
    from posenqa.library.engine import engine_factory

    def make(root: Path) -> Any:
        embedder = fake_embedder_type()

        def open_paper(paper: Any) -> Engine:
            return Engine.open(paper, index_root=root, embedder=embedder, parse=parse_small)

        make_engine = engine_factory(root, model=None, embedder=embedder)
        return open_paper, make_engine, embedder

    return make


def write_citing_pdf(path: Path, title: str, author: str, claim: str, note: str) -> Path:
    """A one-page PDF drawn with reportlab: title, author, a heading, a paragraph whose
    claim carries note marker 1, and note 1 under a rule at the page foot."""
    from reportlab.lib.pagesizes import letter
    from reportlab.pdfgen import canvas

    sheet = canvas.Canvas(str(path), pagesize=letter)
    sheet.setFont("Times-Bold", 16)
    sheet.drawString(72, 720, title)
    sheet.setFont("Times-Roman", 12)
    sheet.drawString(72, 700, author)
    sheet.setFont("Times-Bold", 11)
    sheet.drawString(72, 660, "1. Introduction")
    sheet.setFont("Times-Roman", 11)
    y = 640.0
    for line in (
        "Banks in many countries have failed after long booms in land and property prices,",
        "and the regulators who watched them often waited too long before acting on it.",
    ):
        sheet.drawString(108 if y == 640.0 else 72, y, line)
        y -= 16
    x = 72 + sheet.stringWidth(claim, "Times-Roman", 11)
    sheet.drawString(72, y, claim)
    sheet.setFont("Times-Roman", 7)
    sheet.drawString(x, y + 4, "1")
    sheet.setFont("Times-Roman", 11)
    sheet.drawString(72, y - 16, "The rest of this paper asks why that happened and what it cost.")
    sheet.setLineWidth(0.4)
    sheet.line(72, 130, 216, 130)
    sheet.setFont("Times-Roman", 7)
    sheet.drawString(72, 119, "1")
    sheet.setFont("Times-Roman", 9)
    sheet.drawString(78, 116, note)
    sheet.drawString(520, 40, "1")
    sheet.save()
    return path


@pytest.fixture
def citing_pdfs(tmp_path: Path) -> list[Path]:
    """Two small papers by different authors citing the same work, in different note forms."""
    folder = tmp_path / "pdfs"
    folder.mkdir()
    return [
        write_citing_pdf(
            folder / "first.pdf",
            "Land Booms and Bank Failures",
            "Ann Alpha",
            "Forbearance made the losses larger, as Kane showed.",
            "Edward J. Kane, The S&L Insurance Mess: How Did It Happen? (Washington, DC: "
            "Urban Institute Press, 1989).",
        ),
        write_citing_pdf(
            folder / "second.pdf",
            "Regulators and Their Mistakes",
            "Ben Beta",
            "Deposit insurance invited moral hazard in the thrifts.",
            "See Edward J. Kane, The S & L Insurance Mess: How Did It Happen? (Washington, "
            "DC: Urban Institute Press, 1989), 12-14.",
        ),
    ]
