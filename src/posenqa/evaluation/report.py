"""Evaluation summaries: the JSON document, a text table for the terminal, a Markdown report.

All three are built from the same summary dict (:func:`build_summary`), so the
numbers printed, saved as JSON and written to Markdown cannot disagree.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from posenqa.evaluation.gold import GoldQuestion
from posenqa.evaluation.metrics import (
    ANSWERABLE_KINDS,
    MRR_K,
    NOTE_KS,
    RECALL_KS,
    ModeScores,
    hit_rank,
)

_MISSING = "-"
_MAX_STAMP = 300


def build_summary(
    gold: str,
    split: str,
    scores: Mapping[str, ModeScores],
    *,
    k: int,
    questions: int,
    thresholds: Mapping[str, float | None] | None = None,
    manifest: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """The evaluation as JSON: ``{"gold", "split", "modes": {mode: scores}}`` plus stamps."""
    return {
        "gold": gold,
        "split": split,
        "k": k,
        "questions": questions,
        "thresholds": dict(thresholds or {}),
        "manifest": dict(manifest or {}),
        "modes": {mode: s.to_dict() for mode, s in scores.items()},
    }


def table_rows(summary: Mapping[str, Any]) -> list[tuple[str, list[str]]]:
    """(metric label, one formatted cell per mode) for the side-by-side tables."""
    modes = list(summary["modes"].values())
    rows: list[tuple[str, list[str]]] = []

    def add(label: str, values: list[Any], fmt: str = ".3f") -> None:
        rows.append((label, [_cell(v, fmt) for v in values]))

    for key in [*(f"R@{k}" for k in RECALL_KS), f"MRR@{MRR_K}"]:
        add(key, [m["overall"][key] for m in modes])
    for kind in ANSWERABLE_KINDS:
        if not any(kind in m["by_kind"] for m in modes):
            continue
        for key in ("R@1", "R@5", f"MRR@{MRR_K}"):
            add(f"{kind} {key}", [m["by_kind"].get(kind, {}).get(key) for m in modes])
    for k in NOTE_KS:
        add(f"citation note@{k}", [m["citation"][f"note@{k}"] for m in modes])
    add("negatives abstained", [m["negatives_abstained"] for m in modes])
    if any(m.get("offtopic_abstained") is not None for m in modes):
        add("off-topic abstained", [m.get("offtopic_abstained") for m in modes])
    add("false abstention", [m["false_abstention"] for m in modes])
    add("confidence AUC", [m.get("confidence_auc") for m in modes])
    add("latency p50 (ms)", [m["latency_ms"]["p50"] for m in modes], ".1f")
    add("latency p95 (ms)", [m["latency_ms"]["p95"] for m in modes], ".1f")
    return rows


def render_text(summary: Mapping[str, Any]) -> str:
    """A plain aligned table, modes side by side, for stdout."""
    modes = list(summary["modes"])
    rows = table_rows(summary)
    width = max(len(label) for label, _ in rows)
    cells = [max(len(m), 7) for m in modes]
    counts = next(iter(summary["modes"].values()))["counts"] if modes else {}
    lines = [
        f"gold {summary['gold']}  split {summary['split']}  k {summary['k']}  "
        f"{summary['questions']} questions ({counts.get('answerable', 0)} answerable, "
        f"{counts.get('negative', 0)} negative"
        + (f", {counts['offtopic']} off-topic)" if counts.get("offtopic") else ")"),
        "  ".join([" " * width, *(m.rjust(c) for m, c in zip(modes, cells, strict=True))]),
    ]
    for label, values in rows:
        lines.append(
            "  ".join(
                [label.ljust(width), *(v.rjust(c) for v, c in zip(values, cells, strict=True))]
            )
        )
    return "\n".join(lines)


def render_markdown(
    summary: Mapping[str, Any],
    *,
    questions: Sequence[GoldQuestion] = (),
    runs: Mapping[str, Sequence[Mapping[str, Any]]] | None = None,
    now: datetime | None = None,
) -> str:
    """A Markdown report: stamp, the side-by-side table, counts, and the questions missed.

    ``questions`` and ``runs`` (mode -> run records) are optional; with them the
    report lists, per mode, the answerable questions with no hit in the top k.
    """
    now = now or datetime.now(UTC)
    modes = list(summary["modes"])
    out = [
        "# posenqa evaluation",
        "",
        f"- date: {now.strftime('%Y-%m-%d %H:%M UTC')}",
        f"- gold: `{summary['gold']}`, split `{summary['split']}`, "
        f"{summary['questions']} questions, k = {summary['k']}",
    ]
    for name, value in (summary.get("thresholds") or {}).items():
        out.append(f"- {name.replace('_', ' ')}: {_cell(value, '.4f')}")
    out += [f"- index {key}: `{value}`" for key, value in _stamp(summary.get("manifest") or {})]
    out += ["", "| metric | " + " | ".join(modes) + " |", "|---|" + "---:|" * len(modes)]
    out += [f"| {label} | " + " | ".join(values) + " |" for label, values in table_rows(summary)]
    if modes:
        counts = summary["modes"][modes[0]]["counts"]
        out += ["", "Questions per kind: " + ", ".join(f"{k} {n}" for k, n in counts.items()), ""]
    out += [
        "Recall@k: share of answerable questions with an evidence string in the top k results; "
        "MRR@10 over the same; note@k: citation questions whose note is among, or cited by, "
        "the top k. Ranking is scored whether or not the engine abstained. Confidence AUC: "
        "the chance an answerable question gets a higher confidence than a negative one "
        "(0.5 is chance), i.e. how well any threshold could separate them. Negatives are "
        "on topic (the paper's words, a detail it never gives); off-topic questions, about "
        "something else altogether, are counted apart.",
    ]
    if runs and questions:
        by_id = {q.id: q for q in questions}
        for mode, records in runs.items():
            missed = [
                r
                for r in records
                if r.get("id") in by_id
                and by_id[r["id"]].answerable
                and hit_rank(by_id[r["id"]], r.get("results") or []) is None
            ]
            out += ["", f"## Missed in the top {summary['k']}: {mode} ({len(missed)})", ""]
            out += [
                f"- `{r['id']}` ({by_id[r['id']].kind}): {_one_line(by_id[r['id']].question)}"
                for r in missed
            ] or ["(none)"]
    return "\n".join(out) + "\n"


def _stamp(manifest: Mapping[str, Any]) -> list[tuple[str, str]]:
    """Manifest entries worth a line: scalars, scalar parts of a dict, short nested data.

    Bulky parts (per-file checksums) stay in the JSON report.
    """
    lines: list[tuple[str, str]] = []
    for key, value in manifest.items():
        if not isinstance(value, dict | list):
            lines.append((key, str(value)))
        elif isinstance(value, dict) and not any(
            isinstance(v, dict | list) for v in value.values()
        ):
            lines += [(f"{key}.{sub}", str(v)) for sub, v in value.items()]
        elif len(compact := json.dumps(value, ensure_ascii=False)) <= _MAX_STAMP:
            lines.append((key, compact))
    return lines


def _cell(value: Any, fmt: str) -> str:
    return _MISSING if value is None else format(value, fmt)


def _one_line(text: str) -> str:
    return " ".join(text.split()).replace("|", "/")


__all__ = ["build_summary", "render_markdown", "render_text", "table_rows"]
