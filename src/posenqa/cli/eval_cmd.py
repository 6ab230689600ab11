"""``posenqa eval``: score the engine against a gold question set.

A thin shell over :mod:`posenqa.evaluation`. The engine is built by
:func:`open_engine`, looked up at call time, so tests can put a fake in its place.
"""

from __future__ import annotations

import hashlib
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click

from posenqa.cli import shared
from posenqa.cli.shared import DEFAULT_PAPER, index_dir_option, safe
from posenqa.errors import GoldError
from posenqa.evaluation.gold_check import check_gold
from posenqa.evaluation.runner import RunInfo
from posenqa.paths import BUNDLED_GOLD as DEFAULT_GOLD
from posenqa.pipeline.modes import LABELS
from posenqa.textsafe import json_text


def open_engine(paper: str, index_root: str) -> Any:
    """Open (building if needed) the engine for ``paper``: one engine, one model, per run."""
    from posenqa.pipeline.modes import LabelledAsker

    # Asked by label: "hybrid" is the first stage alone, "hybrid+rerank" the reranked answer.
    return LabelledAsker(shared.open_engine(paper, index_root))


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
    type=click.Choice([*LABELS, "all"]),
    default=None,
    help="Retrieval mode (hybrid: the first stage alone; hybrid+rerank: reread by the "
    "cross-encoder, as ask does by default); 'all' puts the six side by side. "
    "[default: hybrid; with --from-run, the run's modes]",
)
@click.option(
    "--k",
    "-k",
    type=click.IntRange(1, 100),
    default=None,
    help="Results per question (Recall@k and MRR are cut at k). [default: 10; with "
    "--from-run, the run's]",
)
@click.option(
    "--split",
    type=click.Choice(["dev", "test", "all"]),
    default=None,
    help="Which gold questions to ask. [default: all; with --from-run, the run's]",
)
@click.option(
    "--threshold", type=float, help="Abstention threshold for hybrid mode instead of the default."
)
@click.option("--bm25-threshold", type=float, help="Abstention threshold for bm25 mode.")
@click.option("--dense-threshold", type=float, help="Abstention threshold for dense mode.")
@click.option(
    "--rerank-threshold", type=float, help="Abstention threshold of the judge (+rerank modes)."
)
@click.option(
    "--run", "run_out", type=click.Path(dir_okay=False), help="Write per-question results."
)
@click.option(
    "--from-run",
    "from_run",
    type=click.Path(dir_okay=False),
    help="Score a run file written by --run instead of asking the engine (with the run's "
    "split, modes and k; a run lacking questions is refused).",
)
@click.option(
    "--partial",
    is_flag=True,
    help="With --from-run: score only the questions the run holds, saying which it lacks.",
)
@click.option(
    "--rejudge",
    is_flag=True,
    help="With --from-run: judge reranked answers again from their saved features with "
    "the current calibration (no model needed).",
)
@click.option(
    "--report",
    "report_out",
    type=click.Path(dir_okay=False),
    help="Write a Markdown report, and beside it an HTML report with plots (.html).",
)
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
    mode: str | None,
    k: int | None,
    split: str | None,
    threshold: float | None,
    bm25_threshold: float | None,
    dense_threshold: float | None,
    rerank_threshold: float | None,
    run_out: str | None,
    from_run: str | None,
    partial: bool,
    rejudge: bool,
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
    from posenqa.evaluation.outputs import check_writable

    questions = load_gold(gold_path)
    # Before any work: an output that cannot be written must not cost the run.
    for target in (run_out, report_out, json_out, calibration_file):
        if target:
            check_writable(target)
    if report_out:
        check_writable(html_path(report_out))
    if calibrate:
        _calibrate(
            questions,
            paper,
            index_dir,
            mode or "hybrid",
            k or 10,
            calibration_file,
            gold_path,
            from_run,
            max_false_abstention,
        )
        return
    given = {
        "abstain_threshold": threshold,
        "bm25_abstain_threshold": bm25_threshold,
        "dense_abstain_threshold": dense_threshold,
        "rerank_abstain_threshold": rerank_threshold,
    }
    gold_sha = file_sha256(gold_path)
    if from_run:
        plan = _plan(from_run, questions, gold_sha, split, mode, k, partial)
        for note in plan.notes:
            click.echo(safe(note), err=True)
        split, k, chosen = plan.split, plan.k, plan.questions
        stored = _stored_passages(paper, index_dir)
        if stored is None:
            click.echo("gold file not checked against the paper: no index of it to read", err=True)
        else:
            check_gold(gold_path, chosen, stored)
        runs = {m: _rethreshold(r, m, given) for m, r in plan.runs.items()}
        thresholds = {**plan.thresholds, **_given(given)}
        if rejudge:
            runs, used = _rejudge(runs, given.get("rerank_abstain_threshold"))
            thresholds["rerank_abstain_threshold"] = used
        manifest: dict[str, Any] = {}
    else:
        split, k = split or "all", k or 10
        chosen = select_split(questions, split)
        if not chosen:
            raise GoldError(f"{gold_path}: no questions in split {split!r}")
        engine = open_engine(paper, index_dir)
        check_gold(gold_path, chosen, passages_of(engine))
        for name, value in given.items():
            if value is not None:
                setattr(engine, name, value)
        modes = LABELS if mode == "all" else (mode or "hybrid",)
        runs = {m: _ask_all(engine, chosen, m, k) for m in modes}
        # What the engine used: the defaults, unless overridden above.
        thresholds = {name: getattr(engine, name) for name in given if hasattr(engine, name)}
        manifest = _manifest(engine)
    info = RunInfo(gold_path, gold_sha, split, tuple(runs), k, _given(thresholds))
    stamps = {"manifest": manifest, "thresholds": _given(thresholds)}
    _report(chosen, runs, stamps, info, run_out, report_out, as_json, json_out)


@dataclass(frozen=True, slots=True)
class _Plan:
    split: str
    k: int
    questions: tuple[Any, ...]
    runs: dict[str, list[dict[str, Any]]]
    thresholds: dict[str, float]
    notes: tuple[str, ...]


def _plan(
    from_run: str,
    questions: tuple[Any, ...],
    gold_sha: str,
    split: str | None,
    mode: str | None,
    k: int | None,
    partial: bool,
) -> _Plan:
    """What a saved run is scored on: its own split, modes and k unless the options agree."""
    from posenqa.evaluation import load_run
    from posenqa.evaluation.rescore import plan_rescore, thresholds_of

    saved = load_run(from_run)
    plan = plan_rescore(
        saved, from_run, questions, gold_sha, split=split, mode=mode, k=k, partial=partial
    )
    return _Plan(
        plan.split, plan.k, plan.questions, plan.runs, dict(thresholds_of(saved)), plan.notes
    )


def _rejudge(
    runs: dict[str, list[dict[str, Any]]], threshold: float | None
) -> tuple[dict[str, list[dict[str, Any]]], float]:
    """Reranked records judged again with the calibrated judge (``--rejudge``)."""
    from dataclasses import replace

    from posenqa.evaluation.calibrate import RERANKED_MODES
    from posenqa.evaluation.judge_fit import rejudge
    from posenqa.settings import default_settings

    judge = default_settings().judge
    if threshold is not None:
        judge = replace(judge, abstain_threshold=threshold)
    again = {m: rejudge(r, judge) if m in RERANKED_MODES else r for m, r in runs.items()}
    return again, judge.abstain_threshold


def _rethreshold(
    records: list[dict[str, Any]], mode: str, thresholds: dict[str, float | None]
) -> list[dict[str, Any]]:
    """Saved records with ``abstained`` re-derived from their confidence under a new threshold."""
    from posenqa.evaluation.calibrate import THRESHOLD_ATTRIBUTE

    threshold = thresholds.get(THRESHOLD_ATTRIBUTE.get(mode, ""))
    if threshold is None:
        return records
    # As the engine does: abstain below the threshold, and when nothing was found.
    return [
        {
            **r,
            "abstained": not r.get("results") or float(r.get("confidence") or 0.0) < threshold,
        }
        for r in records
    ]


def passages_of(engine: Any) -> list[dict[str, Any]]:
    """The engine's passages as dicts (the real engine's Passage objects, or a fake's dicts)."""
    return [p if isinstance(p, dict) else p.to_dict() for p in getattr(engine, "passages", [])]


def _stored_passages(paper: str, index_dir: str) -> list[dict[str, Any]] | None:
    """The passages of ``paper``'s index on disk, read without the model; None without one."""
    from posenqa.errors import PosenqaError
    from posenqa.store import index_name, read_index

    source = Path(paper)
    name = index_name(source) if source.is_file() else paper
    try:
        return [p.to_dict() for p in read_index(Path(index_dir) / name).passages]
    except (PosenqaError, OSError):
        return None


def html_path(report_out: str) -> Path:
    """Where the HTML report goes: beside the Markdown, with the suffix ``.html``."""
    return Path(report_out).with_suffix(".html")


def file_sha256(path: str) -> str:
    """sha256 of a file's bytes (the gold file a run was made with)."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def _ask_all(engine: Any, questions: tuple[Any, ...], mode: str, k: int) -> list[dict[str, Any]]:
    from posenqa.evaluation import run_questions

    with click.progressbar(length=len(questions), label=f"{mode:<13}", file=sys.stderr) as bar:
        return run_questions(engine, questions, mode=mode, k=k, on_done=lambda _q: bar.update(1))


def _report(
    questions: tuple[Any, ...],
    runs: dict[str, list[dict[str, Any]]],
    stamps: dict[str, Any],
    info: Any,
    run_out: str | None,
    report_out: str | None,
    as_json: bool,
    json_out: str | None,
) -> None:
    from posenqa.evaluation import build_summary, render_markdown, render_text, score_mode
    from posenqa.evaluation.outputs import write_output, write_text

    scores = {m: score_mode(questions, records) for m, records in runs.items()}
    summary = build_summary(
        info.gold,
        info.split,
        scores,
        k=info.k,
        questions=len(questions),
        thresholds=stamps["thresholds"],
        manifest=stamps["manifest"],
    )
    if run_out:
        from posenqa.evaluation import write_run

        records = [r for rs in runs.values() for r in rs]
        write_output(run_out, lambda path: write_run(path, records, info))
    if report_out:
        from posenqa.evaluation.html_report import render_html

        write_text(report_out, render_markdown(summary, questions=questions, runs=runs))
        write_text(html_path(report_out), render_html(summary, questions=questions, runs=runs))
    if json_out:
        write_text(json_out, json_text(summary, indent=2) + "\n")
    if as_json:
        click.echo(json_text(summary, indent=2))
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
        load_run,
        records_by_mode,
        select_split,
    )
    from posenqa.evaluation import write_calibration as write
    from posenqa.evaluation.calibrate import RERANKED_MODES, fit_relevance
    from posenqa.evaluation.judge_fit import fit_judge

    dev = select_split(questions, "dev")
    if not dev:
        raise GoldError(f"{gold_path}: no dev questions to calibrate on")
    modes = LABELS if mode == "all" else (mode,)
    if from_run:
        saved = records_by_mode(load_run(from_run).records)
        missing = [m for m in modes if m not in saved]
        if missing:
            raise GoldError(f"{from_run}: no {', '.join(missing)} records to calibrate on")
        runs = {m: saved[m] for m in modes}
    else:
        engine = open_engine(paper, index_root)
        runs = {m: _ask_all(engine, dev, m, k) for m in modes}
    # First-stage modes: one threshold each on their confidence. Reranked modes share
    # the judge, fitted on hybrid+rerank (the default) and applied to all of them.
    calibrations = {
        m: calibrate_records(dev, records, max_false_abstention)
        for m, records in runs.items()
        if m not in RERANKED_MODES
    }
    groups: dict[str, dict[str, float]] = {}
    judge_from = next((m for m in RERANKED_MODES if m in runs), None)
    fit = None
    if judge_from is not None:
        fit = fit_judge(dev, runs[judge_from], max_false_abstention)
        scale, shift = fit_relevance(dev, runs[judge_from])
        calibrations[judge_from] = fit.calibration
        groups = {
            "judge": fit.settings(),
            "rerank": {"relevance_scale": round(scale, 6), "relevance_shift": round(shift, 6)},
        }
    path = write(
        calibrations,
        calibration_file or CALIBRATION_FILE,
        groups=groups,
        split="dev",
        gold=gold_path,
    )
    for m, c in calibrations.items():
        click.echo(
            f"{m}: abstain below {c.threshold:.4f}  (dev: {c.answerable} answerable, "
            f"{c.negatives} negative)"
        )
        click.echo(f"  false abstention (answerable abstained on): {c.false_abstention:.3f}")
        click.echo(f"  negatives answered (should have abstained): {c.negatives_answered:.3f}")
        click.echo(f"  balanced accuracy: {c.balanced_accuracy:.3f}")
    if fit is not None:
        click.echo(f"judge ({judge_from}): {json_text(fit.settings())}")
        click.echo("trade-off on dev: cap on false abstention -> threshold, caught, false")
        for cap, c in fit.table:
            click.echo(
                f"  <= {cap:5.3f}: abstain below {c.threshold:.4f}, negatives caught "
                f"{1 - c.negatives_answered:.3f}, answerable lost {c.false_abstention:.3f}"
            )
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


__all__ = ["eval_cmd", "file_sha256", "html_path", "open_engine"]
