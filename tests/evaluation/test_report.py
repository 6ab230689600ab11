"""Reports: one summary dict behind the JSON, the text table and the Markdown."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from posenqa.evaluation.gold import load_gold
from posenqa.evaluation.metrics import score_mode
from posenqa.evaluation.report import build_summary, render_markdown, render_text, table_rows
from posenqa.evaluation.runner import run_questions


def _summary(gold_file: Path, engine, modes=("hybrid", "bm25")):
    questions = load_gold(gold_file)
    runs = {m: run_questions(engine, questions, mode=m) for m in modes}
    scores = {m: score_mode(questions, r) for m, r in runs.items()}
    summary = build_summary(
        str(gold_file),
        "all",
        scores,
        k=10,
        questions=len(questions),
        thresholds={"abstain_threshold": 0.2},
        manifest={
            "name": "paper",
            "model": {"name": "fake", "dim": 3},
            "settings": {"passages": {"max_words": 160}},
            "files": {f"f{i}.npy": {"sha256": "0" * 64} for i in range(5)},
        },
    )
    return questions, runs, summary


def test_summary_has_the_documented_json_shape(gold_file: Path, fake_engine) -> None:
    _, _, summary = _summary(gold_file, fake_engine)
    assert summary["gold"] == str(gold_file)
    assert summary["split"] == "all"
    assert list(summary["modes"]) == ["hybrid", "bm25"]
    mode = summary["modes"]["hybrid"]
    assert set(mode["overall"]) == {"R@1", "R@3", "R@5", "R@10", "MRR@10"}
    assert set(mode["by_kind"]) == {"fact", "citation"}
    assert set(mode["citation"]) == {"note@1", "note@3", "note@5"}
    assert set(mode["latency_ms"]) == {"p50", "p95"}
    assert {"negatives_abstained", "false_abstention"} <= set(mode)


def test_text_table_puts_modes_side_by_side(gold_file: Path, fake_engine) -> None:
    _, _, summary = _summary(gold_file, fake_engine)
    text = render_text(summary)
    header = text.splitlines()[1].split()
    assert header == ["hybrid", "bm25"]
    labels = [label for label, _ in table_rows(summary)]
    assert labels[:5] == ["R@1", "R@3", "R@5", "R@10", "MRR@10"]
    for label, cells in table_rows(summary):
        assert len(cells) == 2, label
    assert "5 questions (3 answerable, 2 negative)" in text


def test_markdown_stamps_the_index_and_lists_misses(gold_file: Path, fake_engine) -> None:
    questions, runs, summary = _summary(gold_file, fake_engine)
    # a run that returns nothing misses every answerable question
    runs = {**runs, "bm25": [{**r, "results": []} for r in runs["bm25"]]}
    text = render_markdown(
        summary, questions=questions, runs=runs, now=datetime(2026, 1, 2, tzinfo=UTC)
    )
    assert "- date: 2026-01-02 00:00 UTC" in text
    assert "- index name: `paper`" in text
    assert "- index model.name: `fake`" in text
    assert "- index model.dim: `3`" in text
    assert '- index settings: `{"passages": {"max_words": 160}}`' in text
    assert "f0.npy" not in text  # bulky parts stay in the JSON
    assert "- abstain threshold: 0.2000" in text
    assert "| metric | hybrid | bm25 |" in text
    assert "## Missed in the top 10: bm25 (3)" in text
    assert "- `f1` (fact): At what rate per dollar was the yen supported?" in text
