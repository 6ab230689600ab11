"""The bundled paper's gold questions asked of a library that also holds other papers.

    python evals/distractors.py [--papers ../shared/realpdfs] [--index-dir DIR]
                                [--split test] [--mode hybrid ...] [--json out.json]
                                [--no-add]

Builds (or reuses) a library holding the bundled paper and every PDF of
``--papers`` (the shared public-domain papers), then asks the gold questions
twice per mode: of the bundled paper alone (the library restricted to it, which
ranks as the single-paper engine does) and of the whole library. A result from
another paper never counts as answering, even when it happens to carry a note
with the asked number. Prints recall@k, MRR@10 and the abstention rates side
by side, and for each answerable question whose first result is not an answer,
which paper that first result came from.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "evals"))
from realpdfs import find_pdf_dir  # noqa: E402

from posenqa.evaluation.gold import load_gold, select_split  # noqa: E402
from posenqa.evaluation.metrics import hit_rank, score_mode  # noqa: E402
from posenqa.evaluation.runner import run_questions  # noqa: E402
from posenqa.paths import BUNDLED_GOLD  # noqa: E402

_NOT_THE_PAPER = {"kind": "passage", "text": "", "notes": [], "number": None, "footnotes": []}


def masked(record: dict[str, Any], paper_id: str) -> dict[str, Any]:
    """``record`` with every result from another paper replaced by one that answers nothing
    (the papers of the results kept under ``papers``)."""
    results = [r if r["paper"]["id"] == paper_id else _NOT_THE_PAPER for r in record["results"]]
    return {**record, "results": results, "papers": [r["paper"]["id"] for r in record["results"]]}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--papers", type=Path, default=None)
    parser.add_argument("--index-dir", type=Path, default=ROOT / "index" / "distractors")
    parser.add_argument("--split", default="test", choices=("dev", "test", "all"))
    parser.add_argument("--mode", action="append", choices=("hybrid", "bm25", "dense"))
    parser.add_argument("--k", type=int, default=10)
    parser.add_argument("--json", type=Path, default=None)
    parser.add_argument(
        "--no-add", action="store_true", help="use the library as it is (add no PDFs)"
    )
    args = parser.parse_args(argv)
    folder = args.papers or find_pdf_dir()
    if folder is None or not folder.is_dir():
        print("no folder of distractor PDFs (give --papers)", file=sys.stderr)
        return 2

    from posenqa.library.engine import engine_factory
    from posenqa.library.manage import add_paper, open_library
    from posenqa.library.registry import bundled_entry

    root = args.index_dir
    make = engine_factory(root, model=None, embedder=None, log=print)

    def open_paper(paper: Any) -> Any:
        from posenqa.answer import Engine

        return Engine.open(paper, index_root=root, log=lambda m: print(m, file=sys.stderr))

    started = time.perf_counter()
    for pdf in [] if args.no_add else sorted(folder.glob("*.pdf")):
        done = add_paper(root, pdf, open_paper)
        print(f"{done.status}: {done.entry.id} ({done.entry.passages} passages)", file=sys.stderr)
    own = bundled_entry().id
    alone = open_library(root, open_paper, make, [own])
    library = open_library(root, open_paper, make)
    passages = sum(p.passages for p in library.papers.values())
    print(f"library: {len(library.papers)} papers, {passages} passages "
          f"({time.perf_counter() - started:.0f} s to open)", file=sys.stderr)  # fmt: skip

    questions = load_gold(BUNDLED_GOLD)
    if args.split != "all":
        questions = select_split(questions, args.split)
    summary: dict[str, Any] = {"split": args.split, "papers": sorted(library.papers), "modes": {}}
    for mode in args.mode or ["hybrid"]:
        row: dict[str, Any] = {}
        for name, engine in (("alone", alone), ("library", library)):
            records = [
                masked(r, own) for r in run_questions(engine, questions, mode=mode, k=args.k)
            ]
            scores = score_mode(questions, records).to_dict()
            by_id = {r["id"]: r for r in records}
            wrong: Counter[str] = Counter()
            for q in questions:
                if q.answerable and hit_rank(q, by_id[q.id]["results"]) != 1:
                    first = next(iter(by_id[q.id]["papers"]), "none")
                    wrong[first] += 1
            row[name] = {**scores, "wrong_first_from": dict(wrong.most_common())}
        summary["modes"][mode] = row
    print(render(summary))
    if args.json:
        args.json.write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    return 0


def render(summary: dict[str, Any]) -> str:
    """A markdown table per mode: the bundled paper alone beside the whole library."""
    lines = [f"split: {summary['split']}; library: {len(summary['papers'])} papers", ""]
    for mode, row in summary["modes"].items():
        lines += [f"mode {mode}", "", "| metric | alone | with distractors |", "|---|---:|---:|"]
        for key in ("R@1", "R@5", "R@10", "MRR@10"):
            a, b = row["alone"]["overall"][key], row["library"]["overall"][key]
            lines.append(f"| {key} | {a:.3f} | {b:.3f} |")
        for key in ("negatives_abstained", "false_abstention"):
            a, b = row["alone"][key], row["library"][key]
            lines.append(f"| {key} | {a:.3f} | {b:.3f} |")
        for name in ("alone", "library"):
            lines.append(f"\nfirst result not an answer ({name}), by its paper: "
                         f"{row[name]['wrong_first_from']}")  # fmt: skip
        lines.append("")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
