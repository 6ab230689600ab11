"""``posenqa eval``: score the engine against a gold question set.

A thin shell over :mod:`posenqa.evaluation`. The engine is built by
:func:`open_engine`, looked up at call time, so tests can put a fake in its place.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from posenqa.cli import shared
from posenqa.cli.shared import DEFAULT_PAPER, index_dir_option, safe
from posenqa.errors import GoldError
from posenqa.paths import BUNDLED_GOLD as DEFAULT_GOLD


def open_engine(paper: str, index_root: str) -> Any:
    """Open (building if needed) the engine for ``paper``: one engine, one model, per run."""
    return shared.open_engine(paper, index_root)


@click.command("eval")
@click.option(
    "--gold",
    "gold_path",
    type=click.Path(dir_okay=False),
    default=str(DEFAULT_GOLD),
    show_default="the bundled gold set, evals/gold.jsonl in the repository",
    help="Gold questions (JSON Lines).",
)
@click.option(
    "--paper",
    type=click.Path(dir_okay=False),
    default=str(DEFAULT_PAPER),
    show_default="the bundled paper",
    help="The paper the questions are about.",
)
@index_dir_option
@click.option(
    "--mode",
    type=click.Choice(["hybrid", "bm25", "dense", "all"]),
    default="hybrid",
    show_default=True,
    help="Retrieval mode; 'all' puts the three side by side.",
)
@click.option(
    "--k",
    type=click.IntRange(1, 100),
    default=10,
    show_default=True,
    help="Results per question (Recall@k and MRR are cut at k).",
)
@click.option(
    "--split",
    type=click.Choice(["dev", "test", "all"]),
    default="all",
    show_default=True,
    help="Which gold questions to ask.",
)
@click.option(
    "--threshold", type=float, help="Abstention threshold for hybrid mode instead of the default."
)
@click.option("--bm25-threshold", type=float, help="Abstention threshold for bm25 mode.")
@click.option("--dense-threshold", type=float, help="Abstention threshold for dense mode.")
@click.option(
    "--run", "run_out", type=click.Path(dir_okay=False), help="Write per-question results."
)
@click.option(
    "--from-run",
    "from_run",
    type=click.Path(dir_okay=False),
    help="Score a run file written by --run instead of asking the engine.",
)
@click.option("--report", "report_out", type=click.Path(dir_okay=False), help="Write Markdown.")
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
@click.option("--json-out", type=click.Path(dir_okay=False), help="Write the scores as JSON.")
@click.option(
    "--calibrate",
    is_flag=True,
    help="Choose the abstention threshold on the dev split and save it as the default.",
)
@click.option(
    "--calibration-file",
    type=click.Path(dir_okay=False),
    help="Where --calibrate writes the threshold (default: the package's data file).",
)
@click.option(
    "--max-false-abstention",
    type=click.FloatRange(0, 1),
    default=0.10,
    show_default=True,
    help="With --calibrate: the largest share of answerable dev questions a threshold "
    "may wrongly abstain on.",
)
def eval_cmd(
    gold_path: str,
    paper: str,
    index_dir: str,
    mode: str,
    k: int,
    split: str,
    threshold: float | None,
    bm25_threshold: float | None,
    dense_threshold: float | None,
    run_out: str | None,
    from_run: str | None,
    report_out: str | None,
    as_json: bool,
    json_out: str | None,
    calibrate: bool,
    calibration_file: str | None,
    max_false_abstention: float,
) -> None:
    """Ask the gold questions and report Recall@k, MRR, note@k, abstention and latency.

    Recall@1/3/5/10 and MRR@10 per kind and over answerable questions; note@1/3/5
    for citation questions; the share of negatives abstained on and of answerable
    questions wrongly abstained on; query latency p50/p95.
    """
    from posenqa.evaluation import load_gold, select_split

    questions = load_gold(gold_path)
    if calibrate:
        _calibrate(
            questions,
            paper,
            index_dir,
            mode,
            k,
            calibration_file,
            gold_path,
            from_run,
            max_false_abstention,
        )
        return
    chosen = select_split(questions, split)
    if not chosen:
        raise GoldError(f"{gold_path}: no questions in split {split!r}")
    thresholds = {
        "abstain_threshold": threshold,
        "bm25_abstain_threshold": bm25_threshold,
        "dense_abstain_threshold": dense_threshold,
    }
    runs, engine = _runs(chosen, paper, index_dir, mode, k, thresholds, from_run)
    if engine is not None:
        # What the engine used: the defaults, unless overridden above.
        thresholds = {name: getattr(engine, name) for name in thresholds if hasattr(engine, name)}
    stamps = {"manifest": _manifest(engine), "thresholds": _given(thresholds)}
    _report(chosen, runs, stamps, gold_path, split, k, run_out, report_out, as_json, json_out)


def _runs(
    questions: tuple[Any, ...],
    paper: str,
    index_root: str,
    mode: str,
    k: int,
    thresholds: dict[str, float | None],
    from_run: str | None,
) -> tuple[dict[str, list[dict[str, Any]]], Any]:
    """Mode -> run records, from a saved run or by asking a freshly opened engine."""
    from posenqa.evaluation import MODES, read_run, records_by_mode

    if from_run:
        runs = records_by_mode(read_run(from_run))
        if mode != "all":
            runs = {mode: runs.get(mode, [])}
        return {m: _rethreshold(records, m, thresholds) for m, records in runs.items()}, None
    engine = open_engine(paper, index_root)
    for name, value in thresholds.items():
        if value is not None:
            setattr(engine, name, value)
    modes = MODES if mode == "all" else (mode,)
    return {m: _ask_all(engine, questions, m, k) for m in modes}, engine


def _rethreshold(
    records: list[dict[str, Any]], mode: str, thresholds: dict[str, float | None]
) -> list[dict[str, Any]]:
    """Saved records with ``abstained`` re-derived from their confidence under a new threshold."""
    from posenqa.evaluation import SETTING_FOR_MODE

    threshold = thresholds.get(SETTING_FOR_MODE.get(mode, ""))
    if threshold is None:
        return records
    # As the engine does: abstain below the threshold, and when nothing was found.
    return [
        {
            **r,
            "abstained": not r.get("results") or float(r.get("confidence", 0.0)) < threshold,
        }
        for r in records
    ]


def _ask_all(engine: Any, questions: tuple[Any, ...], mode: str, k: int) -> list[dict[str, Any]]:
    from posenqa.evaluation import run_questions

    with click.progressbar(length=len(questions), label=f"{mode:<6}", file=sys.stderr) as bar:
        return run_questions(engine, questions, mode=mode, k=k, on_done=lambda _q: bar.update(1))


def _report(
    questions: tuple[Any, ...],
    runs: dict[str, list[dict[str, Any]]],
    stamps: dict[str, Any],
    gold_path: str,
    split: str,
    k: int,
    run_out: str | None,
    report_out: str | None,
    as_json: bool,
    json_out: str | None,
) -> None:
    from posenqa.evaluation import (
        build_summary,
        render_markdown,
        render_text,
        score_mode,
        write_run,
    )

    scores = {m: score_mode(questions, records) for m, records in runs.items()}
    summary = build_summary(
        gold_path,
        split,
        scores,
        k=k,
        questions=len(questions),
        thresholds=stamps["thresholds"],
        manifest=stamps["manifest"],
    )
    if run_out:
        write_run(run_out, [r for records in runs.values() for r in records])
    if report_out:
        _write(report_out, render_markdown(summary, questions=questions, runs=runs))
    if json_out:
        _write(json_out, json.dumps(summary, indent=2, ensure_ascii=False) + "\n")
    if as_json:
        click.echo(json.dumps(summary, indent=2, ensure_ascii=False))
    else:
        click.echo(safe(render_text(summary)))


def _calibrate(
    questions: tuple[Any, ...],
    paper: str,
    index_root: str,
    mode: str,
    k: int,
    calibration_file: str | None,
    gold_path: str,
    from_run: str | None,
    max_false_abstention: float,
) -> None:
    """Choose thresholds on the dev split, print their error rates, and store them."""
    from posenqa.evaluation import (
        CALIBRATION_FILE,
        calibrate_records,
        read_run,
        records_by_mode,
        select_split,
    )
    from posenqa.evaluation import write_calibration as write

    dev = select_split(questions, "dev")
    if not dev:
        raise GoldError(f"{gold_path}: no dev questions to calibrate on")
    modes = ("hybrid", "bm25", "dense") if mode == "all" else (mode,)
    if from_run:
        saved = records_by_mode(read_run(from_run))
        missing = [m for m in modes if m not in saved]
        if missing:
            raise GoldError(f"{from_run}: no {', '.join(missing)} records to calibrate on")
        runs = {m: saved[m] for m in modes}
    else:
        engine = open_engine(paper, index_root)
        runs = {m: _ask_all(engine, dev, m, k) for m in modes}
    calibrations = {
        m: calibrate_records(dev, records, max_false_abstention) for m, records in runs.items()
    }
    path = write(calibrations, calibration_file or CALIBRATION_FILE, split="dev", gold=gold_path)
    for m, c in calibrations.items():
        click.echo(
            f"{m}: abstain below {c.threshold:.4f}  (dev: {c.answerable} answerable, "
            f"{c.negatives} negative)"
        )
        click.echo(f"  false abstention (answerable abstained on): {c.false_abstention:.3f}")
        click.echo(f"  negatives answered (should have abstained): {c.negatives_answered:.3f}")
        click.echo(f"  balanced accuracy: {c.balanced_accuracy:.3f}")
    click.echo(f"written to {path}")


def _manifest(engine: Any) -> dict[str, Any]:
    """The engine's index manifest for the report stamp; {} when it has none (a fake, a run)."""
    manifest: Any = getattr(engine, "manifest", None)
    if callable(manifest):
        manifest = manifest()
    if manifest is not None and hasattr(manifest, "to_dict"):
        manifest = manifest.to_dict()
    return dict(manifest) if isinstance(manifest, dict) else {}


def _given(values: dict[str, float | None]) -> dict[str, float]:
    return {name: value for name, value in values.items() if value is not None}


def _write(path: str, text: str) -> None:
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")


__all__ = ["eval_cmd", "open_engine"]
