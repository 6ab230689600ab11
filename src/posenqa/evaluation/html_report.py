"""The evaluation as a web page: the summary table and plots, the plots inline as SVG.

Drawn with matplotlib (imported here only, with no GUI backend) for whatever
modes the run holds: recall@k curves per mode, recall per question kind, and
the abstention trade-off (negatives caught against answerable questions lost)
with the threshold in use marked. One self-contained file, nothing fetched.
"""

from __future__ import annotations

import html
import io
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from posenqa.evaluation.curves import (
    abstention_tradeoff,
    first_hit_ranks,
    kind_recall,
    recall_curve,
)
from posenqa.evaluation.gold import GoldQuestion
from posenqa.evaluation.report import table_rows

#: matplotlib settings: text stays text in the SVG (no glyph paths), and ids and
#: metadata are fixed so the same evaluation gives the same file.
_STYLE = {"svg.fonttype": "none", "svg.hashsalt": "posenqa", "font.size": 10}


def render_html(
    summary: Mapping[str, Any],
    *,
    questions: Sequence[GoldQuestion],
    runs: Mapping[str, Sequence[Mapping[str, Any]]],
    settings_for_mode: Mapping[str, str] | None = None,
    now: datetime | None = None,
) -> str:
    """The HTML report of ``summary`` (as :func:`build_summary` makes it) and its runs.

    Each mode's curve is marked where the run stood: the shares it actually
    abstained on (so the mark agrees with the table), labelled with the threshold
    when ``settings_for_mode`` (default: the engine's mapping of modes to
    threshold names) finds it in ``summary["thresholds"]``.
    """
    if settings_for_mode is None:
        from posenqa.evaluation.calibrate import THRESHOLD_ATTRIBUTE as settings_for_mode
    now = now or datetime.now(UTC)
    k = int(summary["k"])
    modes = list(runs)
    ranks = {m: first_hit_ranks(questions, runs[m]) for m in modes}
    thresholds = summary.get("thresholds") or {}
    marked = {
        m: thresholds[name]
        for m in modes
        if (name := settings_for_mode.get(m)) is not None and name in thresholds
    }
    figures = [
        ("Recall@k per mode", _recall_figure(ranks, k)),
        (f"Recall@{min(5, k)} per question kind", _kind_figure(ranks, min(5, k))),
        (
            "Abstention trade-off: negatives caught against answerable questions lost",
            _tradeoff_figure(questions, runs, summary["modes"], marked),
        ),
    ]
    e = html.escape
    rows = "\n".join(
        f"<tr><th>{e(label)}</th>" + "".join(f"<td>{e(v)}</td>" for v in values) + "</tr>"
        for label, values in table_rows(summary)
    )
    sections = "\n".join(f"<section><h2>{e(title)}</h2>\n{svg}</section>" for title, svg in figures)
    marks = ", ".join(f"{m} {t:.4f}" for m, t in marked.items()) or "none"
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>posenqa evaluation</title>
<style>
body {{ font-family: system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; color: #222; }}
table {{ border-collapse: collapse; }} th, td {{ padding: .2rem .6rem; }}
td {{ text-align: right; font-variant-numeric: tabular-nums; }}
th {{ text-align: left; font-weight: normal; }} thead th {{ font-weight: bold; }}
tbody tr:nth-child(odd) {{ background: #f4f4f4; }} svg {{ max-width: 100%; height: auto; }}
</style></head><body>
<h1>posenqa evaluation</h1>
<p>{e(now.strftime("%Y-%m-%d %H:%M UTC"))} · gold <code>{e(str(summary["gold"]))}</code>,
split <code>{e(str(summary["split"]))}</code>, {e(str(summary["questions"]))} questions,
k = {k} · thresholds marked: {e(marks)}</p>
<table><thead><tr><th>metric</th>{"".join(f"<th>{e(m)}</th>" for m in summary["modes"])}</tr>
</thead><tbody>
{rows}
</tbody></table>
{sections}
<p>Recall@k: share of answerable questions with an evidence string in the top k results.
The trade-off curve moves the abstention threshold over every confidence seen: abstaining
below it catches the negatives under it and loses the answerable questions under it; the
marked point is where the run stood: the shares it abstained on, at its threshold.</p>
</body></html>
"""


def _recall_figure(ranks: Mapping[str, Mapping[str, list[int | None]]], k: int) -> str:
    def draw(ax: Any) -> None:
        xs = list(range(1, k + 1))
        for mode, by_kind in ranks.items():
            all_ranks = [r for rs in by_kind.values() for r in rs]
            ax.plot(xs, recall_curve(all_ranks, k), marker="o", markersize=3, label=mode)
        ax.set_xlabel("k (results read)")
        ax.set_ylabel("Recall@k (answerable questions)")
        ax.set_ylim(0, 1.02)
        ax.set_xticks(xs if k <= 20 else xs[:: max(1, k // 10)])

    return _svg(draw, legend=bool(ranks))


def _kind_figure(ranks: Mapping[str, Mapping[str, list[int | None]]], k: int) -> str:
    def draw(ax: Any) -> None:
        kinds = [
            kind
            for kind in kind_recall({}, k)
            if any(by_kind.get(kind) for by_kind in ranks.values())
        ]
        width = 0.8 / max(1, len(ranks))
        for i, (mode, by_kind) in enumerate(ranks.items()):
            values = [kind_recall(by_kind, k)[kind] or 0.0 for kind in kinds]
            ax.bar([j + i * width for j in range(len(kinds))], values, width, label=mode)
        ax.set_xticks([j + 0.4 - width / 2 for j in range(len(kinds))], kinds)
        ax.set_ylabel(f"Recall@{k}")
        ax.set_ylim(0, 1.02)

    return _svg(draw, legend=bool(ranks))


def _tradeoff_figure(
    questions: Sequence[GoldQuestion],
    runs: Mapping[str, Sequence[Mapping[str, Any]]],
    scores: Mapping[str, Mapping[str, Any]],
    marked: Mapping[str, float],
) -> str:
    drawn: list[str] = []

    def draw(ax: Any) -> None:
        for mode, records in runs.items():
            curve = abstention_tradeoff(questions, records)
            if not curve:
                continue
            drawn.append(mode)
            (line,) = ax.plot(
                [lost for _, lost, _ in curve], [caught for _, _, caught in curve], label=mode
            )
            lost = scores.get(mode, {}).get("false_abstention")
            caught = scores.get(mode, {}).get("negatives_abstained")
            if lost is not None and caught is not None:
                point = (lost, caught)
                ax.plot(*point, marker="D", markersize=7, color=line.get_color())
                name = f"threshold {marked[mode]:.3f}" if mode in marked else "as run"
                ax.annotate(
                    f"{mode} {name}",
                    point,
                    textcoords="offset points",
                    xytext=(6, -12),
                    fontsize=8,
                )
        ax.set_xlabel("answerable questions lost (wrongly abstained on)")
        ax.set_ylabel("negatives caught (rightly abstained on)")
        ax.set_xlim(-0.02, 1.02)
        ax.set_ylim(-0.02, 1.02)
        if not drawn:
            ax.text(0.5, 0.5, "needs answerable and negative questions with confidences",
                    ha="center", transform=ax.transAxes)  # fmt: skip

    return _svg(draw, legend=True, drawn=drawn)


def _svg(draw: Any, *, legend: bool, drawn: list[str] | None = None) -> str:
    """Run ``draw(axes)`` on a fresh figure; the SVG markup, ready to inline."""
    import matplotlib
    from matplotlib.figure import Figure

    with matplotlib.rc_context(_STYLE):
        figure = Figure(figsize=(7, 4))
        ax = figure.add_subplot()
        draw(ax)
        ax.grid(True, alpha=0.3)
        if legend and (drawn is None or drawn):
            ax.legend(loc="best")
        figure.tight_layout()
        out = io.StringIO()
        figure.savefig(out, format="svg", metadata={"Date": None})
    text = out.getvalue()
    # Inline SVG needs no XML prolog or doctype.
    return text[text.index("<svg") :]


__all__ = ["render_html"]
