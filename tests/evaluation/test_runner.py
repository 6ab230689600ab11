"""The runner with a fake engine: one record per question, timings, and runs on disk."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest

from posenqa.errors import InputError
from posenqa.evaluation.gold import load_gold
from posenqa.evaluation.metrics import score_mode
from posenqa.evaluation.runner import read_run, records_by_mode, run_questions, write_run


def test_one_record_per_question_in_the_ask_json_shape(gold_file: Path, fake_engine) -> None:
    questions = load_gold(gold_file)
    records = run_questions(fake_engine, questions, mode="bm25", k=2, warm_up=False)
    assert [r["id"] for r in records] == [q.id for q in questions]
    first = records[0]
    assert {
        "id",
        "kind",
        "question",
        "mode",
        "abstained",
        "results",
        "confidence",
        "latency_ms",
    } <= set(first)
    assert first["mode"] == "bm25"
    assert all(len(r["results"]) <= 2 for r in records)
    assert [call[1:] for call in fake_engine.asked] == [(2, "bm25")] * len(questions)


def test_latency_comes_from_the_clock_around_ask(gold_file: Path, fake_engine) -> None:
    questions = load_gold(gold_file)[:2]
    ticks = itertools.count(step=0.25)  # every clock reading advances 250 ms
    records = run_questions(fake_engine, questions, mode="hybrid", clock=lambda: next(ticks))
    assert [r["latency_ms"] for r in records] == [250.0, 250.0]


def test_warm_up_asks_once_more_untimed(gold_file: Path, fake_engine) -> None:
    questions = load_gold(gold_file)
    done = []
    run_questions(fake_engine, questions, mode="dense", on_done=done.append)
    assert len(fake_engine.asked) == len(questions) + 1
    assert done == list(questions)


def test_runs_round_trip_and_rescore_identically(
    tmp_path: Path, gold_file: Path, fake_engine
) -> None:
    questions = load_gold(gold_file)
    hybrid = run_questions(fake_engine, questions, mode="hybrid")
    bm25 = run_questions(fake_engine, questions, mode="bm25")
    path = tmp_path / "runs" / "run.jsonl"
    write_run(path, [*hybrid, *bm25])
    grouped = records_by_mode(read_run(path))
    assert list(grouped) == ["hybrid", "bm25"]
    assert score_mode(questions, grouped["hybrid"]) == score_mode(questions, hybrid)


def test_bad_run_files_name_the_line(tmp_path: Path) -> None:
    path = tmp_path / "run.jsonl"
    path.write_text(json.dumps({"id": "a", "results": []}) + "\n{broken\n", encoding="utf-8")
    with pytest.raises(InputError, match="line 2: not valid JSON"):
        read_run(path)
    path.write_text(json.dumps({"question": "q"}) + "\n", encoding="utf-8")
    with pytest.raises(InputError, match="line 1: not a run record"):
        read_run(path)
    with pytest.raises(InputError, match="no such run file"):
        read_run(tmp_path / "missing.jsonl")
