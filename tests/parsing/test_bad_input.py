"""Broken, locked and text-less PDFs give one clear error line, in the library and the CLI."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from posenqa.cli import cli
from posenqa.errors import PdfError
from posenqa.parsing.pdf import parse_pdf


def _truncated(tmp_path: Path, corpus_pdf: Path) -> Path:
    data = corpus_pdf.read_bytes()
    path = tmp_path / "truncated.pdf"
    path.write_bytes(data[: len(data) // 2])
    return path


def _corrupt(tmp_path: Path, corpus_pdf: Path) -> Path:
    # A real header and trailer around garbage: every object is unreadable.
    path = tmp_path / "corrupt.pdf"
    path.write_bytes(b"%PDF-1.5\n" + bytes(range(256)) * 40 + b"\n%%EOF\n")
    return path


def _encrypted(tmp_path: Path, corpus_pdf: Path) -> Path:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(corpus_pdf))
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="RC4-128")
    path = tmp_path / "encrypted.pdf"
    with path.open("wb") as handle:
        writer.write(handle)
    return path


def _image_only(tmp_path: Path, corpus_pdf: Path) -> Path:
    from reportlab.pdfgen import canvas

    # Drawings and no text at all, like a scan without OCR.
    path = tmp_path / "scan.pdf"
    sheet = canvas.Canvas(str(path))
    sheet.rect(72, 72, 300, 400, fill=1)
    sheet.circle(300, 600, 50)
    sheet.save()
    return path


BROKEN = {
    "truncated": (_truncated, "truncated or corrupt PDF"),
    "corrupt": (_corrupt, "truncated or corrupt PDF"),
    "encrypted": (_encrypted, "encrypted PDF"),
    "image-only": (_image_only, "no text layer"),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_broken_pdf_raises_a_one_line_pdf_error(
    case: str, tmp_path: Path, corpus_pdf: Path
) -> None:
    make, message = BROKEN[case]
    path = make(tmp_path, corpus_pdf)
    with pytest.raises(PdfError) as caught:
        parse_pdf(path)
    text = str(caught.value)
    assert message in text
    assert path.name in text
    assert "\n" not in text


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_cli_parse_of_a_broken_pdf_exits_non_zero_without_traceback(
    case: str, tmp_path: Path, corpus_pdf: Path
) -> None:
    make, message = BROKEN[case]
    path = make(tmp_path, corpus_pdf)
    result = CliRunner().invoke(cli, ["parse", str(path)])
    assert result.exit_code != 0
    assert message in result.output
    assert "Traceback" not in result.output
    # The error is a PosenqaError turned into a click error, not a crash.
    assert not isinstance(result.exception, PdfError | KeyError | ValueError | TypeError)


def test_empty_file_is_a_pdf_error(tmp_path: Path) -> None:
    path = tmp_path / "empty.pdf"
    path.write_bytes(b"")
    with pytest.raises(PdfError, match=r"empty\.pdf"):
        parse_pdf(path)


def test_owner_password_only_pdf_is_read(tmp_path: Path, tiny_paper: Path) -> None:
    # Encrypted with an empty user password (only permissions restricted):
    # readers open it without asking, and so does the parser.
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(tiny_paper))
    writer.encrypt(user_password="", owner_password="owner", algorithm="RC4-128")
    path = tmp_path / "locked.pdf"
    with path.open("wb") as handle:
        writer.write(handle)
    doc = parse_pdf(path)
    assert [s.label for s in doc.sections] == ["1", "2"]
    assert [n.number for n in doc.footnotes] == [1, 2]
