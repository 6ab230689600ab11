"""Terminal-safe output: printed text and printed JSON cannot drive the terminal (issue 14)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from posenqa.cli import cli
from posenqa.textsafe import json_text, terminal_safe

HOSTILE = "evil \u202e reversed, \u009b[2J csi, \x1b]0;title\x07 osc, \x7f del, \u2028 sep"


def test_terminal_safe_removes_escapes_controls_and_bidi() -> None:
    assert terminal_safe(HOSTILE) == "evil  reversed, [2J csi,  osc,  del, \u2028 sep"


@pytest.mark.parametrize("indent", [None, 2])
def test_json_text_escapes_what_a_terminal_acts_on_and_keeps_the_value(indent: int | None) -> None:
    value = {"text": HOSTILE, "café": ["naïve ünïcode", 1, None], "astral": "\U000e0001 tag"}
    text = json_text(value, indent=indent)
    assert json.loads(text) == value
    for raw in ("\u202e", "\u009b", "\x1b", "\x07", "\x7f", "\u2028", "\U000e0001"):
        assert raw not in text
    assert "\\u202e" in text and "\\u009b" in text
    assert "café" in text and "naïve ünïcode" in text  # readable text stays readable


def test_parse_json_escapes_c1_controls_and_bidi_overrides_from_the_paper(tmp_path: Path) -> None:
    paper = tmp_path / "evil.txt"
    paper.write_text(f"A Title\n\nBody text with {HOSTILE} in it.\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["parse", str(paper), "--json"])
    assert result.exit_code == 0, result.output
    assert "\u202e" not in result.output and "\u009b" not in result.output
    assert "\\u202e" in result.output
    assert HOSTILE.replace("\x1b", "").replace("\x07", "").replace("\x7f", "")[:10] in (
        json.dumps(json.loads(result.output), ensure_ascii=False)
    )
