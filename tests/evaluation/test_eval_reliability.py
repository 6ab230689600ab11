"""``posenqa eval`` on damaged, partial or conflicting inputs (issue 14) and what a run
file carries (issue 12): one line saying what is wrong, exit 1, no traceback, nothing lost."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

import posenqa.cli.eval_cmd as eval_cmd
from posenqa.cli import cli
from posenqa.pipeline.modes import LABELS

UNWRITABLE = "/proc/posenqa-test/x"  # /proc refuses new files even to root


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch, fake_engine) -> list:  # type: ignore[no-untyped-def]
    engines: list = []

    def open_fake(paper: str, index_root: str):  # type: ignore[no-untyped-def]
        engines.append(paper)
        return fake_engine

    monkeypatch.setattr(eval_cmd, "open_engine", open_fake)
    return engines


def _eval(tmp_path: Path, *args: str) -> Result:
    # An empty index folder: a saved run is not checked against the bundled paper's index.
    return CliRunner().invoke(cli, ["eval", "--index-dir", str(tmp_path / "idx"), *args])


def _one_error_line(result: Result, message: str) -> None:
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    lines = result.output.strip().splitlines()
    assert lines[-1].startswith("Error: ")
    assert message in lines[-1], lines[-1]


@pytest.fixture
def saved(tmp_path: Path, gold_file: Path, opened) -> Path:  # type: ignore[no-untyped-def]
    """A run of all three modes over the whole tiny gold set, made with the fake engine."""
    run = tmp_path / "run.jsonl"
    result = _eval(tmp_path, "--gold", str(gold_file), "--mode", "all", "--run", str(run))
    assert result.exit_code == 0, result.output
    opened.clear()
    return run


def _lines(run: Path) -> list[dict]:
    return [json.loads(line) for line in run.read_text(encoding="utf-8").splitlines()]


def _write(run: Path, lines: list[dict]) -> None:
    run.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")


@pytest.mark.parametrize(
    ("results", "message"),
    [
        ("oops", "line 2: not a run record (results must be a list)"),
        ([1], "line 2: not a run record (result 1 is not an object)"),
        ([{"text": 5}], "line 2: not a run record (result 1: text must be a string)"),
        ([{"text": "x", "footnotes": 3}], "notes and footnotes must be lists"),
    ],
)
def test_malformed_run_records_name_their_line(
    tmp_path: Path, gold_file: Path, saved: Path, results: object, message: str
) -> None:
    header, first, *rest = _lines(saved)
    _write(saved, [header, {**first, "results": results}, *rest])
    _one_error_line(_eval(tmp_path, "--gold", str(gold_file), "--from-run", str(saved)), message)


def test_a_run_with_bytes_that_are_not_utf8_names_the_line(
    tmp_path: Path, gold_file: Path, saved: Path
) -> None:
    data = saved.read_bytes().split(b"\n")
    data[3] = data[3].replace(b'"id"', b'"caf\xe9"', 1)
    saved.write_bytes(b"\n".join(data))
    result = _eval(tmp_path, "--gold", str(gold_file), "--from-run", str(saved))
    _one_error_line(result, "line 4: not UTF-8 text (byte 0xe9")


def test_an_empty_run_is_refused(tmp_path: Path, gold_file: Path) -> None:
    run = tmp_path / "empty.jsonl"
    run.write_text("\n")
    result = _eval(tmp_path, "--gold", str(gold_file), "--from-run", str(run))
    _one_error_line(result, "no run records")


def test_a_run_without_the_mode_asked_says_what_it_holds(
    tmp_path: Path, gold_file: Path, opened
) -> None:  # type: ignore[no-untyped-def]
    run = tmp_path / "bm25.jsonl"
    args = ["--gold", str(gold_file), "--mode", "bm25"]
    assert _eval(tmp_path, *args, "--run", str(run)).exit_code == 0
    refused = _eval(tmp_path, "--gold", str(gold_file), "--from-run", str(run), "--mode", "hybrid")
    _one_error_line(refused, "the run has no hybrid records (it holds bm25)")
    # Without --mode, the run's own modes are scored: no empty hybrid column.
    result = _eval(tmp_path, "--gold", str(gold_file), "--from-run", str(run), "--json")
    assert result.exit_code == 0, result.output
    assert list(json.loads(result.stdout)["modes"]) == ["bm25"]


def test_a_run_lacking_questions_is_refused_or_scored_partially_saying_so(
    tmp_path: Path, gold_file: Path, saved: Path
) -> None:
    header, *records = _lines(saved)
    _write(saved, [header, *[r for r in records if r["id"] != "f2"]])
    refused = _eval(tmp_path, "--gold", str(gold_file), "--from-run", str(saved))
    _one_error_line(refused, "the hybrid+rerank run lacks 1 of the 5 questions of split all (f2)")
    result = _eval(tmp_path, "--gold", str(gold_file), "--from-run", str(saved), "--partial")
    assert result.exit_code == 0, result.output
    assert "scoring the 4 of 5 questions the run holds (1 left out: f2)" in result.stderr
    summary = json.loads(
        _eval(
            tmp_path, "--gold", str(gold_file), "--from-run", str(saved), "--partial", "--json"
        ).stdout
    )
    assert summary["questions"] == 4


def test_a_run_is_rescored_on_its_own_split_and_refuses_another(
    tmp_path: Path, gold_file: Path, opened
) -> None:  # type: ignore[no-untyped-def]
    run = tmp_path / "test.jsonl"
    made = _eval(tmp_path, "--gold", str(gold_file), "--split", "test", "--run", str(run), "--json")
    assert made.exit_code == 0, made.output
    again = _eval(tmp_path, "--gold", str(gold_file), "--from-run", str(run), "--json")
    assert again.exit_code == 0, again.output
    fresh, rescored = json.loads(made.stdout), json.loads(again.stdout)
    assert (rescored["split"], rescored["questions"]) == ("test", 2)
    assert rescored["modes"]["hybrid"]["overall"] == fresh["modes"]["hybrid"]["overall"]
    conflict = _eval(tmp_path, "--gold", str(gold_file), "--from-run", str(run), "--split", "all")
    _one_error_line(conflict, "the run was made with --split test, not all")


def test_a_run_made_with_another_gold_file_is_refused(
    tmp_path: Path, gold_file: Path, saved: Path
) -> None:
    other = tmp_path / "other.jsonl"
    other.write_text(gold_file.read_text(encoding="utf-8").replace("jointly", "together"))
    result = _eval(tmp_path, "--gold", str(other), "--from-run", str(saved))
    _one_error_line(result, "the run was made with another gold file")


def test_a_run_with_ids_not_in_the_gold_file_is_refused(
    tmp_path: Path, gold_file: Path, saved: Path
) -> None:
    header, first, *rest = _lines(saved)
    _write(saved, [header, {**first, "id": "zz9"}, *rest])
    result = _eval(tmp_path, "--gold", str(gold_file), "--from-run", str(saved))
    _one_error_line(result, "1 record id(s) are not in the gold file (zz9)")


@pytest.mark.parametrize("option", ["--report", "--run", "--json-out"])
def test_an_output_that_cannot_be_written_is_refused_before_any_work(
    tmp_path: Path, gold_file: Path, opened, option: str
) -> None:  # type: ignore[no-untyped-def]
    result = _eval(tmp_path, "--gold", str(gold_file), option, UNWRITABLE)
    _one_error_line(result, f"{UNWRITABLE}: cannot write")
    assert opened == []  # refused before the engine was opened


def test_gold_lines_that_cannot_match_the_paper_are_reported_before_scoring(
    tmp_path: Path, gold_file: Path, opened
) -> None:  # type: ignore[no-untyped-def]
    lines = gold_file.read_text(encoding="utf-8").splitlines()
    bad = json.loads(lines[0])
    bad["evidence"] = ["a sentence the paper never wrote"]
    cite = json.loads(lines[2])
    cite["footnotes"] = [999]
    gold_file.write_text("\n".join([json.dumps(bad), lines[1], json.dumps(cite), *lines[3:]]))
    result = _eval(tmp_path, "--gold", str(gold_file))
    _one_error_line(result, "2 gold entries cannot match the paper")
    assert 'line 1 (f1): evidence not in the paper: "a sentence the paper never wrote"' in (
        result.output
    )
    assert "line 3 (c1): note 999 is not in the paper" in result.output


def test_html_report_beside_the_markdown_plots_the_modes_the_run_holds(
    tmp_path: Path, gold_file: Path, opened
) -> None:  # type: ignore[no-untyped-def]
    report = tmp_path / "out" / "report.md"
    result = _eval(tmp_path, "--gold", str(gold_file), "--mode", "all", "--report", str(report))
    assert result.exit_code == 0, result.output
    page = (tmp_path / "out" / "report.html").read_text(encoding="utf-8")
    assert page.count("<svg") == 3
    assert "Recall@k per mode" in page and "per question kind" in page
    assert "negatives caught" in page and "answerable questions lost" in page
    # the engine's threshold is marked on the trade-off curve (the fake has only hybrid's)
    assert "hybrid threshold 0.200" in page
    for mode in LABELS:
        assert f"<th>{mode}</th>" in page
    # a run of one mode gives a report of that mode
    run = tmp_path / "bm25.jsonl"
    assert (
        _eval(tmp_path, "--gold", str(gold_file), "--mode", "bm25", "--run", str(run)).exit_code
        == 0
    )
    one = tmp_path / "one.md"
    again = _eval(tmp_path, "--gold", str(gold_file), "--from-run", str(run), "--report", str(one))
    assert again.exit_code == 0, again.output
    page = (tmp_path / "one.html").read_text(encoding="utf-8")
    assert "<th>bm25</th>" in page and "<th>hybrid</th>" not in page
