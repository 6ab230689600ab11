"""Fuzzing the two commands that read users' JSON Lines (issue 14): ``eval --from-run``
and ``ask --questions`` get arbitrary bytes, arbitrary JSON and run-shaped records with
arbitrary field values. Whatever they get: an answer or a one-line error, never a traceback.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from posenqa.cli import cli
from posenqa.parsing import file_sha256

GOLD = [
    {"id": "f1", "question": "What is the paper about?", "kind": "fact", "evidence": ["banks"]},
    {"id": "c1", "question": "Which note cites Kane?", "kind": "citation", "footnotes": [1]},
    {"id": "n1", "question": "Who won the cup?", "kind": "negative"},
]
IDS = [g["id"] for g in GOLD]

scalars = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=12)
json_values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3)
    ),
    max_leaves=8,
)
results = st.lists(
    st.dictionaries(
        st.sampled_from(["text", "notes", "footnotes", "kind", "number", "rank"]),
        json_values | st.sampled_from(["banks and notes", "footnote"]),
        max_size=4,
    ),
    max_size=3,
)
run_records = st.fixed_dictionaries(
    {"id": st.sampled_from(IDS) | json_values, "results": results | json_values},
    optional={
        "mode": st.sampled_from(["hybrid", "bm25", "dense"]) | json_values,
        "abstained": st.booleans() | json_values,
        "confidence": st.floats() | json_values,
        "latency_ms": st.floats() | json_values,
    },
)
headers = st.fixed_dictionaries(
    {"posenqa_run": st.just(1) | json_values},
    optional={
        "gold": json_values,
        "gold_sha256": json_values,
        "split": st.sampled_from(["dev", "test", "all"]) | json_values,
        "modes": json_values,
        "k": st.integers() | json_values,
        "thresholds": json_values,
    },
)


numbers = st.floats() | st.integers(-10, 10)
# Results of the right shape with any values inside (note numbers of any type, any text).
usable_results = st.lists(
    st.fixed_dictionaries(
        {},
        optional={
            "text": st.text(max_size=20) | st.sampled_from(["banks and notes", "footnote"]),
            "notes": st.lists(st.integers(0, 3) | json_values, max_size=2),
            "footnotes": st.lists(json_values, max_size=2),
            "kind": st.sampled_from(["passage", "footnote"]) | json_values,
            "number": st.integers(0, 3) | json_values,
        },
    ),
    max_size=3,
)
complete_runs = st.sampled_from(["hybrid", "bm25", "dense"]).flatmap(
    lambda mode: st.tuples(
        *[
            st.fixed_dictionaries(
                {"id": st.just(qid), "mode": st.just(mode), "results": usable_results},
                optional={"abstained": st.booleans(), "confidence": numbers, "latency_ms": numbers},
            )
            for qid in IDS
        ]
    ).map(list)
)


def _jsonl(items: list[Any]) -> bytes:
    return "".join(json.dumps(item) + "\n" for item in items).encode("utf-8")


def contents(records: st.SearchStrategy[Any]) -> st.SearchStrategy[bytes]:
    """Raw bytes; JSON Lines of anything; JSON Lines of records, a byte spliced in sometimes."""
    lines = st.lists(records, max_size=5).map(_jsonl)
    spliced = st.tuples(lines, st.integers(0, 400), st.binary(min_size=1, max_size=3)).map(
        lambda t: t[0][: t[1]] + t[2] + t[0][t[1] :]
    )
    return st.binary(max_size=200) | st.lists(json_values, max_size=4).map(_jsonl) | lines | spliced


def _no_traceback(result: Result) -> None:
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )
    assert result.exit_code in (0, 1, 2), result.output
    assert "Traceback" not in result.output
    # Shown by --hypothesis-show-statistics: how many inputs got through, and how far.
    last = result.output.strip().splitlines()[-1][:40] if result.output.strip() else ""
    event(f"exit {result.exit_code}: {last}")
    if result.exit_code == 1:
        assert result.output.strip().splitlines()[-1].startswith("Error: ")


@pytest.fixture(scope="module")
def gold(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("gold") / "gold.jsonl"
    path.write_bytes(_jsonl(GOLD))
    return path


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    data=contents(run_records | st.tuples(headers, run_records).map(list).flatmap(st.sampled_from))
)
def test_eval_from_run_never_shows_a_traceback(data: bytes, gold: Path, tmp_path: Path) -> None:
    run = tmp_path / "run.jsonl"
    run.write_bytes(data)
    args = ["eval", "--gold", str(gold), "--from-run", str(run), "--index-dir", str(tmp_path)]
    _no_traceback(CliRunner().invoke(cli, args))


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(records=complete_runs, partial=st.booleans(), threshold=st.none() | numbers)
def test_eval_scores_and_reports_any_complete_run(
    records: list[dict[str, Any]],
    partial: bool,
    threshold: float | None,
    gold: Path,
    tmp_path: Path,
) -> None:
    """Runs that hold every question, with any results and any numbers (NaN, infinities)
    are scored. (The HTML report of such numbers: tests/evaluation/test_html_report.py.)"""
    run = tmp_path / "run.jsonl"
    run.write_bytes(_jsonl(records))
    args = ["eval", "--gold", str(gold), "--from-run", str(run), "--index-dir", str(tmp_path)]
    args += ["--json-out", str(tmp_path / "scores.json"), *(["--partial"] if partial else [])]
    if threshold is not None:
        args += ["--threshold", str(threshold), "--bm25-threshold", str(threshold)]
    result = CliRunner().invoke(cli, args)
    _no_traceback(result)
    assert result.exit_code == 0, result.output
    assert json.loads((tmp_path / "scores.json").read_text(encoding="utf-8"))["questions"] == 3


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    data=contents(
        st.fixed_dictionaries({"id": json_values, "question": st.text(max_size=40) | json_values})
    )
)
def test_ask_questions_never_shows_a_traceback(
    data: bytes, tmp_path: Path, fake_embedder_type, small_document_factory
) -> None:  # type: ignore[no-untyped-def]
    paper = tmp_path / "small.pdf"
    paper.write_text("v1")
    questions = tmp_path / "q.jsonl"
    questions.write_bytes(data)
    obj = {
        "embedder": fake_embedder_type(),
        "parse": lambda p: small_document_factory(p.name, file_sha256(p)),
    }
    args = ["ask", "--questions", str(questions), "--doc", str(paper)]
    args += ["--index-dir", str(tmp_path / "index"), "--mode", "hybrid"]
    _no_traceback(CliRunner().invoke(cli, args, obj=obj))
