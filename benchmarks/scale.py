"""The scale run: BM25 and dense search on 10k-1M synthetic passages.

Each component runs in its own process (scale_worker.py) so its memory is its
own. A component whose previous size, scaled linearly, would take more than
the time or memory budget at the next size is skipped there, with the
extrapolated figures shown instead.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np
from synthetic import paper_vocabulary, vocabulary, write_corpus, write_vectors
from timing import PYTHON, run_json

HERE = Path(__file__).resolve().parent
CORPUS_TXT = HERE.parent / "corpus" / "posen-2001-wp01-8.txt"
COMPONENTS = ("bm25-rank", "bm25-inverted", "flat", "hnsw")
#: Skip a component at a size where it would need more than this (extrapolated).
BUDGET_S = {"bm25-rank": 150.0, "bm25-inverted": 300.0, "flat": 300.0, "hnsw": 900.0}
BUDGET_MB = 6000.0


def run_scale(
    sizes: list[int], *, vectors: str = "lowrank", work: Path | None = None, log: Any = print
) -> list[dict[str, Any]]:
    """Run every component at every size; one result dict per (size, component)."""
    root = Path(tempfile.mkdtemp(prefix="posenqa-scale-", dir=work))
    vocab = vocabulary(paper_vocabulary(CORPUS_TXT))
    rows: list[dict[str, Any]] = []
    previous: dict[str, dict[str, Any]] = {}
    try:
        for n in sizes:
            directory = root / str(n)
            started = time.perf_counter()
            write_corpus(directory, n, vocab)
            write_vectors(directory, n, kind=vectors)
            log(f"[scale] {n:,} passages generated in {time.perf_counter() - started:.1f}s")
            for kind in COMPONENTS:
                skip = _over_budget(kind, n, previous.get(kind))
                if skip:
                    row = {"kind": kind, "n": n, "skipped": skip}
                    log(f"[scale] {kind} at {n:,}: skipped ({skip})")
                else:
                    row = run_json([PYTHON, str(HERE / "scale_worker.py"), kind, str(directory)])
                    row["n"] = n
                    previous[kind] = row
                    log(f"[scale] {kind} at {n:,}: built in {row['build_s']:.1f}s")
                rows.append(row)
            _compare_bm25(directory, rows, n)
            shutil.rmtree(directory)
    finally:
        shutil.rmtree(root, ignore_errors=True)
    return rows


def _over_budget(kind: str, n: int, before: dict[str, Any] | None) -> str:
    if before is None:
        return ""
    ratio = n / before["n"]
    # CPU seconds when known: wall time on a shared machine swings with others' load.
    build_s = before.get("build_cpu_s", before["build_s"]) * ratio
    peak_mb = before["build_peak_mb"] * ratio
    if build_s > BUDGET_S[kind] or peak_mb > BUDGET_MB:
        return f"extrapolated build {build_s:.0f}s, peak {peak_mb:,.0f} MiB"
    return ""


def _compare_bm25(directory: Path, rows: list[dict[str, Any]], n: int) -> None:
    """Mark whether both BM25s returned the same top-10 (ids and scores) at this size."""
    a, b = directory / "bm25-rank.scores.npy", directory / "bm25-inverted.scores.npy"
    if not (a.exists() and b.exists()):
        return
    same_scores = bool(np.array_equal(np.load(a), np.load(b)))
    same_ids = bool(
        np.array_equal(
            np.load(directory / "bm25-rank.top.npy"), np.load(directory / "bm25-inverted.top.npy")
        )
    )
    for row in rows:
        if row["n"] == n and row["kind"] == "bm25-inverted":
            row["same_top10_as_rank_bm25"] = same_scores and same_ids


def table(rows: list[dict[str, Any]]) -> str:
    """The scale figures as a fixed-width text table."""
    lines = [
        f"{'component':<15}{'passages':>10}{'build s':>9}{'cpu s':>8}{'peak MiB':>10}"
        f"{'kept MiB':>10}{'p50 ms':>9}{'p95 ms':>9}  notes"
    ]
    for r in rows:
        name, n = r["kind"], f"{r['n']:,}"
        if "skipped" in r:
            lines.append(f"{name:<15}{n:>10}  skipped: {r['skipped']}")
            continue
        cpu = f"{r['build_cpu_s']:>8.1f}" if "build_cpu_s" in r else f"{'-':>8}"
        notes = ""
        if "arrays_mb" in r:
            notes = f"arrays {r['arrays_mb']:.0f} MiB, {r['postings']:,} postings"
        if "same_top10_as_rank_bm25" in r:
            same = r["same_top10_as_rank_bm25"]
            notes += "; top-10 = rank-bm25's" if same else "; top-10 DIFFERS from rank-bm25"
        if r["kind"] == "hnsw":
            for s in r["sweep"]:
                lines.append(
                    f"{'hnsw ef=' + str(s['ef_search']):<15}{n:>10}{r['build_s']:>9.1f}{cpu}"
                    f"{r['build_peak_mb']:>10.0f}{r['resident_mb']:>10.0f}"
                    f"{s['p50']:>9.2f}{s['p95']:>9.2f}  recall@10 {s['recall']:.3f}"
                )
            continue
        q = r["query_ms"]
        lines.append(
            f"{name:<15}{n:>10}{r['build_s']:>9.1f}{cpu}{r['build_peak_mb']:>10.0f}"
            f"{r['resident_mb']:>10.0f}{q['p50']:>9.2f}{q['p95']:>9.2f}  {notes}"
        )
    return "\n".join(lines)
