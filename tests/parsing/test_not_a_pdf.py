"""A file named .pdf that is not a PDF says what it is (issue 14), and file names that
carry terminal escapes cannot take over the terminal when they are printed."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from posenqa.cli import cli
from posenqa.errors import PdfError
from posenqa.parsing import parse_file


@pytest.mark.parametrize(
    ("content", "what"),
    [
        (b"not a pdf", "plain text"),
        (b"", "an empty file"),
        (b"PK\x03\x04rest of a docx", "a ZIP archive"),
        (b"\x89PNG\r\n\x1a\n", "a PNG image"),
        (b"<!DOCTYPE html><html><body>paywall</body></html>", "an HTML page"),
        (b"\x00\x01\x02\xff\xfe", "binary data"),
    ],
)
def test_a_pdf_by_name_that_is_not_a_pdf_says_what_it_is(
    tmp_path: Path, content: bytes, what: str
) -> None:
    path = tmp_path / "x.pdf"
    path.write_bytes(content)
    with pytest.raises(PdfError, match=rf"x\.pdf: not a PDF \(it is {what}"):
        parse_file(path)


def test_parse_cli_refuses_a_text_file_named_pdf(tmp_path: Path) -> None:
    path = tmp_path / "x.pdf"
    path.write_bytes(b"not a pdf")
    result = CliRunner().invoke(cli, ["parse", str(path)])
    assert result.exit_code == 1
    assert result.output.strip() == f"Error: {path}: not a PDF (it is plain text)"


def test_a_text_extraction_is_still_parsed_as_text(tmp_path: Path) -> None:
    path = tmp_path / "paper.txt"
    path.write_text("A Title\n\nSome body text of the paper.\n", encoding="utf-8")
    assert parse_file(path).blocks


def test_a_file_name_with_terminal_escapes_is_printed_filtered(
    tmp_path: Path, corpus_pdf: Path
) -> None:
    evil = tmp_path / "evil\x1b]0;pwned\x07\x1b[2J\u202e.pdf"
    evil.write_bytes(corpus_pdf.read_bytes()[:20000])
    result = CliRunner().invoke(cli, ["parse", str(evil)])
    assert result.exit_code == 1
    assert "\x1b" not in result.output
    assert "\x07" not in result.output
    assert "\u202e" not in result.output
    assert "evil" in result.output
    assert "truncated or corrupt PDF" in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_ask_doc_checks_a_broken_file_before_loading_the_model(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from posenqa.search import embedder

    def no_model(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("the model was loaded before the file was checked")

    monkeypatch.setattr(embedder, "resolve_model_path", lambda _model: tmp_path)
    monkeypatch.setattr(embedder, "model_checksum", lambda *_args: "0" * 64)
    monkeypatch.setattr(embedder, "load_embedder", no_model)
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4\n" + b"\x00" * 100)
    result = CliRunner().invoke(
        cli, ["ask", "what?", "--doc", str(broken), "--index-dir", str(tmp_path / "index")]
    )
    assert result.exit_code == 1
    assert result.output.splitlines()[-1] == (
        "Error: broken.pdf: truncated or corrupt PDF (Stream has ended unexpectedly)"
    )
    assert "model was loaded" not in result.output
