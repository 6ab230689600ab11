"""``posenqa ask`` and ``posenqa build`` through click's CliRunner, with the fake embedder."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from posenqa.cli import cli
from posenqa.document import Block, Document, Footnote, NoteMarker, Section
from posenqa.parsing import file_sha256

QUESTION = "Why did Japanese regulators fail to learn from the S&L crisis?"


@pytest.fixture
def workspace(tmp_path: Path, fake_embedder_type, small_document_factory) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    paper = tmp_path / "small.pdf"
    paper.write_text("v1")
    obj = {
        "embedder": fake_embedder_type(),
        "parse": lambda p: small_document_factory(p.name, file_sha256(p)),
    }
    return {"paper": paper, "index": tmp_path / "index", "obj": obj}


def _run(ws: dict[str, Any], *args: str):  # type: ignore[no-untyped-def]
    base = ["--doc", str(ws["paper"]), "--index-dir", str(ws["index"])]
    return CliRunner().invoke(cli, ["ask", *args, *base], obj=ws["obj"])


def test_text_answer_marks_best_sentence_and_lists_notes(workspace) -> None:  # type: ignore[no-untyped-def]
    result = _run(workspace, QUESTION, "--k", "2")
    assert result.exit_code == 0, result.output
    first = result.stdout.split("\n\n")[0]
    assert first.startswith("1. [")
    assert "§1 Lessons of the S&L crisis — pp. 2-3" in first
    assert "»Japanese regulators did not learn from the S&L crisis" in " ".join(first.split())
    assert "[2] On the fiscal cost of the thrift bailout" in first  # the note, in full
    assert "\x1b[" not in result.output  # not a terminal: no styling


def test_json_output(workspace) -> None:  # type: ignore[no-untyped-def]
    result = _run(workspace, QUESTION, "--json", "--mode", "bm25", "--k", "3")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["mode"] == "bm25" and data["question"] == QUESTION
    assert data["results"][0]["footnotes"][0]["number"] == 2


def test_building_says_why_on_stderr(workspace) -> None:  # type: ignore[no-untyped-def]
    result = _run(workspace, QUESTION)
    assert "no index yet; building the index of small.pdf" in result.stderr
    again = _run(workspace, QUESTION)
    assert again.stderr == ""


def test_questions_file_gives_one_json_line_each(workspace, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    questions = tmp_path / "q.jsonl"
    questions.write_text(
        json.dumps({"id": "q1", "question": QUESTION})
        + "\n\n"
        + json.dumps({"id": 7, "question": "Bank of Japan discount rate"})
        + "\n"
    )
    result = _run(workspace, "--questions", str(questions), "--k", "2")
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["id"] for line in lines] == ["q1", 7]
    assert all(len(line["results"]) <= 2 for line in lines)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"id": 1, "question": "ok?"}\n{not json}\n', "q.jsonl: line 2: not valid JSON"),
        # issue 14: a byte that is not UTF-8 (Latin-1 é) names its line, no traceback
        (
            b'{"id": 0, "question": "ok?"}\n{"id": 1, "question": "caf\xe9 yen?"}\n',
            "q.jsonl: line 2: not UTF-8 text (byte 0xe9 at column 27)",
        ),
        ('{"id": 1}\n', 'q.jsonl:1: expected an object with "id" and "question"'),
        (
            '{"id": 1, "question": "ok?"}\n{"id": 2, "question": "  "}\n',
            "q.jsonl:2: the question is empty",
        ),
        ("\n", "no questions"),
    ],
)
def test_bad_questions_file_names_the_line(
    workspace, tmp_path: Path, content: str | bytes, message: str
) -> None:  # type: ignore[no-untyped-def]
    questions = tmp_path / "q.jsonl"
    if isinstance(content, bytes):
        questions.write_bytes(content)
    else:
        questions.write_text(content)
    result = _run(workspace, "--questions", str(questions))
    assert result.exit_code != 0
    assert message in result.output
    assert "Traceback" not in result.output
    assert not workspace["index"].exists()  # refused before any index work


@pytest.mark.parametrize(
    ("question", "message"), [("", "empty"), ("  ", "empty"), ("x" * 1001, "too long")]
)
def test_unusable_question_is_a_clean_error(workspace, question: str, message: str) -> None:  # type: ignore[no-untyped-def]
    result = _run(workspace, question)
    assert result.exit_code == 1
    assert message in result.output and "Traceback" not in result.output


def test_question_and_questions_file_are_exclusive(workspace, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    assert _run(workspace).exit_code == 2
    questions = tmp_path / "q.jsonl"
    questions.write_text('{"id": 1, "question": "a?"}\n')
    assert _run(workspace, "a?", "--questions", str(questions)).exit_code == 2


def test_missing_document_is_a_clean_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        cli,
        [
            "ask",
            "why?",
            "--doc",
            str(tmp_path / "nope.pdf"),
            "--index-dir",
            str(tmp_path / "index"),
        ],
    )
    assert result.exit_code == 1
    assert "no such file" in result.output


def test_build_command(workspace) -> None:  # type: ignore[no-untyped-def]
    result = CliRunner().invoke(
        cli,
        ["build", str(workspace["paper"]), "--index-dir", str(workspace["index"])],
        obj=workspace["obj"],
    )
    assert result.exit_code == 0, result.output
    assert result.stderr.startswith("building the index of small.pdf")
    assert "passages and 2 notes of small.pdf, model fake-embedder" in result.stdout
    assert (workspace["index"] / "small" / "params.json").is_file()


EVIL_OSC = "\x1b]52;c;ZXZpbA==\x07"
EVIL_CSI = "\x1b[2J"


def test_text_from_the_pdf_cannot_drive_the_terminal(tmp_path: Path, fake_embedder_type) -> None:  # type: ignore[no-untyped-def]
    def parse(path: Path) -> Document:
        return Document(
            title="Evil",
            author="E",
            year=2001,
            source=path.name,
            sha256=file_sha256(path),
            pages=1,
            sections=(Section("1", f"Title{EVIL_CSI}", 1, 1),),
            blocks=(
                Block(
                    "b0001",
                    "paragraph",
                    "1",
                    1,
                    1,
                    f"The yen fell sharply.{EVIL_OSC} Clipboard{EVIL_CSI} attack here.",
                    (NoteMarker(1, 21),),
                ),
            ),
            footnotes=(Footnote(1, f"Note with {EVIL_OSC}escape.", 1, ("b0001",)),),
        )

    paper = tmp_path / "evil.pdf"
    paper.write_text("x")
    for color in ("--no-color", "--color"):
        result = CliRunner().invoke(
            cli,
            [
                "ask",
                color,
                "Why did the yen fall?",
                "--doc",
                str(paper),
                "--index-dir",
                str(tmp_path / "index"),
            ],
            obj={"embedder": fake_embedder_type(), "parse": parse},
        )
        assert result.exit_code == 0, result.output
        assert "\x1b]" not in result.output and "\x07" not in result.output
        assert EVIL_CSI not in result.output
        assert "Clipboard attack here" in result.output.replace("»", "").replace("«", "")


def test_color_bolds_terms_and_underlines_the_best_sentence(workspace) -> None:  # type: ignore[no-untyped-def]
    result = _run(workspace, QUESTION, "--k", "1", "--color")
    assert result.exit_code == 0, result.output
    assert (
        "\x1b[1mregulators\x1b[0m" in result.stdout or "\x1b[1m\x1b[4mregulators" in result.stdout
    )
    assert "\x1b[4m" in result.stdout
    assert "»" not in result.stdout
    plain = _run(workspace, QUESTION, "--k", "1", "--no-color")
    assert "\x1b[" not in plain.stdout and "»" in plain.stdout


def test_short_k_option_limits_results_as_long_one_does(workspace) -> None:  # type: ignore[no-untyped-def]
    # Readers type `-k 2` as they do for grep or pytest; it was refused as an unknown option.
    short = _run(workspace, QUESTION, "--json", "-k", "2")
    long = _run(workspace, QUESTION, "--json", "--k", "2")
    assert short.exit_code == 0, short.output
    assert len(json.loads(short.stdout)["results"]) == 2
    assert json.loads(short.stdout)["results"] == json.loads(long.stdout)["results"]
