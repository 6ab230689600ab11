"""``posenqa eval`` through click's CliRunner with a fake engine in place of the real one."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

import posenqa.cli.eval_cmd as eval_cmd
from posenqa.cli import cli
from posenqa.pipeline.modes import LABELS


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch, fake_engine) -> list:
    """Every engine the command opens, in order (the command must open one per run)."""
    engines: list = []

    def open_fake(paper: str, index_root: str):
        engines.append((paper, index_root))
        return fake_engine

    monkeypatch.setattr(eval_cmd, "open_engine", open_fake)
    return engines


def _run(*args: str):
    return CliRunner().invoke(cli, ["eval", *args], catch_exceptions=False)


def test_json_output_shape_and_one_engine_for_all_modes(
    gold_file: Path, opened, fake_engine
) -> None:
    result = _run("--gold", str(gold_file), "--mode", "all", "--json", "--index-dir", "idx")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["gold"] == str(gold_file)
    assert data["split"] == "all"
    assert list(data["modes"]) == list(LABELS)
    for scores in data["modes"].values():
        assert set(scores["overall"]) == {"R@1", "R@3", "R@5", "R@10", "MRR@10"}
        assert set(scores["citation"]) == {"note@1", "note@3", "note@5"}
        assert set(scores["latency_ms"]) == {"p50", "p95"}
    assert len(opened) == 1
    assert opened[0][1] == "idx"
    # 5 questions in each of 6 modes, plus one untimed warm-up question per mode
    assert len(fake_engine.asked) == 6 * (5 + 1)
    assert data["manifest"] == {"model": "fake", "passages": 3}


def test_split_selects_questions(gold_file: Path, opened) -> None:
    data = json.loads(_run("--gold", str(gold_file), "--split", "dev", "--json").stdout)
    counts = data["modes"]["hybrid"]["counts"]
    # dev holds f1, c1 and n1
    assert (counts["answerable"], counts["negative"]) == (2, 1)
    assert data["questions"] == 3


def test_text_table_is_the_default_and_progress_goes_to_stderr(gold_file: Path, opened) -> None:
    result = _run("--gold", str(gold_file), "--mode", "all")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[1].split() == list(LABELS)
    assert any(line.startswith("R@1 ") for line in lines)
    assert "hybrid" in result.stderr  # the progress bar's label


def test_run_report_and_json_files_and_rescoring(tmp_path: Path, gold_file: Path, opened) -> None:
    run = tmp_path / "out" / "run.jsonl"
    report = tmp_path / "out" / "report.md"
    json_out = tmp_path / "out" / "report.json"
    result = _run(
        "--gold", str(gold_file), "--mode", "all", "--run", str(run),
        "--report", str(report), "--json-out", str(json_out),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    header, *records = [json.loads(line) for line in run.read_text(encoding="utf-8").splitlines()]
    # the run says what it was made from: gold file and its hash, split, modes, k
    assert header["posenqa_run"] == 1
    assert (header["gold"], header["split"], header["k"]) == (str(gold_file), "all", 10)
    assert header["modes"] == list(LABELS)
    assert len(header["gold_sha256"]) == 64
    assert len(records) == len(LABELS) * 5
    assert {"id", "question", "mode", "abstained", "results"} <= set(records[0])
    assert {"rank", "score", "kind", "text", "footnotes"} <= set(records[0]["results"][0])
    assert "| metric | " + " | ".join(LABELS) + " |" in report.read_text(encoding="utf-8")
    saved = json.loads(json_out.read_text(encoding="utf-8"))
    # re-scoring the saved run without an engine gives the same numbers
    opened.clear()
    again = json.loads(
        _run(
            "--gold",
            str(gold_file),
            "--mode",
            "all",
            "--from-run",
            str(run),
            "--json",
            "--index-dir",
            str(tmp_path / "no-index"),
        ).stdout
    )
    assert opened == []
    for mode in LABELS:
        fresh, rescored = saved["modes"][mode], again["modes"][mode]
        assert rescored["overall"] == fresh["overall"]
        assert rescored["citation"] == fresh["citation"]
        assert rescored["negatives_abstained"] == fresh["negatives_abstained"]


def test_threshold_option_sets_the_engine_threshold(gold_file: Path, opened, fake_engine) -> None:
    data = json.loads(_run("--gold", str(gold_file), "--threshold", "2", "--json").stdout)
    assert fake_engine.abstain_threshold == 2.0
    # no confidence reaches 2: everything is abstained on
    assert data["modes"]["hybrid"]["negatives_abstained"] == 1.0
    assert data["modes"]["hybrid"]["false_abstention"] == 1.0
    assert data["thresholds"] == {"abstain_threshold": 2.0}


def test_calibrate_writes_thresholds_and_prints_error_rates(
    tmp_path: Path, gold_file: Path, opened
) -> None:
    target = tmp_path / "calibration.json"
    result = _run(
        "--gold", str(gold_file), "--calibrate", "--mode", "all", "--calibration-file", str(target)
    )
    assert result.exit_code == 0, result.output
    assert "false abstention" in result.stdout
    assert "negatives answered" in result.stdout
    data = json.loads(target.read_text(encoding="utf-8"))
    assert set(data["settings"]["retrieval"]) == {
        "abstain_threshold",
        "bm25_abstain_threshold",
        "dense_abstain_threshold",
    }
    # the fake's dev answerable questions overlap their passages far more than the negative does
    assert data["calibration"]["hybrid"]["balanced_accuracy"] == 1.0


def test_a_bad_gold_file_is_one_line_with_line_numbers(tmp_path: Path, opened) -> None:
    bad = tmp_path / "gold.jsonl"
    bad.write_text('{"id": "a", "question": "q?", "kind": "fact", "evidence": ["x"]}\n{oops\n')
    result = CliRunner().invoke(cli, ["eval", "--gold", str(bad)])
    assert result.exit_code != 0
    assert "line 2: not valid JSON" in result.output
    assert "Traceback" not in result.output
    assert opened == []  # validated before any engine is opened


def test_empty_split_is_an_error(tmp_path: Path, opened) -> None:
    gold = tmp_path / "gold.jsonl"
    gold.write_text(
        '{"id": "a", "question": "q?", "kind": "fact", "evidence": ["x"], "split": "dev"}\n'
    )
    result = CliRunner().invoke(cli, ["eval", "--gold", str(gold), "--split", "test"])
    assert result.exit_code != 0
    assert "no questions in split 'test'" in result.output


def test_evaluation_and_eval_help_do_not_import_heavy_libraries() -> None:
    code = (
        "import sys, posenqa.evaluation, posenqa.cli.eval_cmd\n"
        "names = ('torch', 'sentence_transformers', 'faiss', 'textual')\n"
        "heavy = [m for m in names if m in sys.modules]\n"
        "print(','.join(heavy))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_saved_runs_can_be_rethresholded_and_calibrated(
    tmp_path: Path, gold_file: Path, opened
) -> None:
    run = tmp_path / "run.jsonl"
    assert _run("--gold", str(gold_file), "--mode", "all", "--run", str(run)).exit_code == 0
    opened.clear()
    rescored = json.loads(
        _run(
            "--gold",
            str(gold_file),
            "--from-run",
            str(run),
            "--threshold",
            "2",
            "--json",
            "--index-dir",
            str(tmp_path / "no-index"),
        ).stdout
    )
    # no confidence reaches 2: every saved answer now counts as abstained
    assert rescored["modes"]["hybrid"]["false_abstention"] == 1.0
    target = tmp_path / "calibration.json"
    result = _run(
        "--gold", str(gold_file), "--calibrate", "--mode", "all",
        "--from-run", str(run), "--calibration-file", str(target),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert opened == []  # neither needed an engine
    data = json.loads(target.read_text(encoding="utf-8"))
    assert set(data["calibration"]) == {"hybrid", "bm25", "dense", "hybrid+rerank"}
