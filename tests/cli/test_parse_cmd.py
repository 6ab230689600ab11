"""``posenqa parse`` on the text extraction: the outline, the JSON shape, and errors."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from posenqa.cli import cli


def _run(*args: str):
    return CliRunner().invoke(cli, ["parse", *args])


def test_outline(corpus_txt: Path) -> None:
    result = _run(str(corpus_txt))
    assert result.exit_code == 0, result.output
    out = result.output
    assert "Finance and Changing US-Japan Relations" in out
    assert "Adam S. Posen (2001)" in out
    assert "41 pages" in out
    for line in (
        "intro  ",
        "1A     The United States",
        "2B     Relations over Capital Flows",
        "3      THE COMING TRANSFORMATION OF JAPANESE FINANCE",
    ):
        assert line in out, line
    assert "Notes: 61 with bodies (1-60, 62)" in out
    assert "Missing note bodies: 61, 63-77" in out
    assert "captions" in out


def test_json_shape(corpus_txt: Path) -> None:
    result = _run(str(corpus_txt), "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert {"title", "author", "year", "pages", "sections", "blocks", "footnotes"} <= set(data)
    assert (data["author"], data["year"], data["pages"]) == ("Adam S. Posen", 2001, 41)
    assert all({"label", "title", "page"} <= set(s) for s in data["sections"])
    assert [s["label"] for s in data["sections"]] == [
        "intro",
        "1",
        "1A",
        "1B",
        "1C",
        "2",
        "2A",
        "2B",
        "2C",
        "3",
    ]
    assert all({"kind", "section", "page", "text", "notes"} <= set(b) for b in data["blocks"])
    assert {b["kind"] for b in data["blocks"]} == {"paragraph", "quote", "caption"}
    assert all({"number", "text", "page", "missing"} <= set(n) for n in data["footnotes"])
    missing = [n["number"] for n in data["footnotes"] if n["missing"]]
    assert missing == [61, *range(63, 78)]
    first = next(b for b in data["blocks"] if 1 in b["notes"])
    assert "policy coordination." in first["text"]


def test_missing_file_is_one_line_error(tmp_path: Path) -> None:
    result = _run(str(tmp_path / "nope.txt"))
    assert result.exit_code != 0
    assert "no such file" in result.output
    assert "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_binary_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "blob.txt"
    path.write_bytes(bytes(range(256)) * 8)
    result = _run(str(path))
    assert result.exit_code != 0
    assert "neither a PDF nor a text file" in result.output
    assert "Traceback" not in result.output


def test_empty_text_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "empty.txt"
    path.write_text("\n\n   \n", encoding="utf-8")
    result = _run(str(path))
    assert result.exit_code != 0
    assert "no text" in result.output
    assert "Traceback" not in result.output
