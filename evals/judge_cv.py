"""Cross-validate the judge on the dev half of a saved reranked run.

    python evals/judge_cv.py RUN.jsonl [--cap 0.05] [--l2 0.1,1,10] [--use logit,type_missing,...]

Each dev question is judged by a fit (weights, reranker floor, threshold at the
cap on false abstention) made on the other folds; the held-out rates are pooled
over 5 stratified folds and 10 shuffles: on-topic negatives caught, answerable
questions lost, and off-topic questions below the floor. With no ``--use``, every
feature set of the form "the logit plus some of the others" is listed, for each
L2 strength in ``--l2``, so the choice of features and regularization rests on
held-out numbers, not on one fit on all of dev. Only the dev half is read.
Refresh the run's features first with ``evals/refeature_run.py``.
"""

from __future__ import annotations

import argparse
import itertools
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from posenqa.evaluation import load_gold, load_run, records_by_mode, select_split  # noqa: E402
from posenqa.evaluation.judge_fit import (  # noqa: E402
    cross_validate_judge,
    judge_rows,
    offtopic_logits,
)
from posenqa.pipeline.judge import FEATURE_NAMES  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("run", type=Path)
    parser.add_argument("--gold", default=str(ROOT / "evals" / "gold.jsonl"))
    parser.add_argument("--mode", default="hybrid+rerank")
    parser.add_argument("--cap", type=float, default=0.05)
    parser.add_argument("--l2", default="1.0", help="comma-separated L2 strengths to compare")
    parser.add_argument("--use", help="comma-separated feature names (default: try subsets)")
    args = parser.parse_args()
    dev = select_split(load_gold(args.gold), "dev")
    records = records_by_mode(load_run(args.run).records).get(args.mode)
    if not records:
        raise SystemExit(f"{args.run}: no {args.mode} records")
    rows, labels = judge_rows(dev, records)
    offtopic = offtopic_logits(dev, records)
    print(
        f"dev: {sum(labels)} answerable, {len(labels) - sum(labels)} negative, "
        f"{len(offtopic)} off-topic; cap {args.cap}"
    )
    if args.use:
        sets = [tuple(args.use.split(","))]
    else:
        others = FEATURE_NAMES[1:]
        sets = [
            ("logit", *c) for n in range(len(others) + 1) for c in itertools.combinations(others, n)
        ]
    for l2 in (float(v) for v in args.l2.split(",")):
        for use in sets:
            cv = cross_validate_judge(rows, labels, args.cap, l2, use, offtopic=offtopic)
            auc = "n/a" if cv.auc is None else f"{cv.auc:.3f}"
            off = "n/a" if cv.offtopic_caught is None else f"{cv.offtopic_caught:.3f}"
            print(
                f"l2 {l2:g}  caught {cv.caught:.3f}  lost {cv.lost:.3f}  AUC {auc}  "
                f"off-topic {off}  {'+'.join(use)}"
            )


if __name__ == "__main__":
    main()
