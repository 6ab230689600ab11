"""Recompute the judge's features of a saved reranked run with the current code.

    python evals/refeature_run.py RUN.jsonl OUT.jsonl [--index-dir index]

The judge's features depend only on the question, the top passage (with the
notes it cites) and the reranker logits, all in the run record (the logits in its
saved features: a result's score is the window reread's, not the logit the judge
reads); this recomputes the rule features with the engine's own function
(:func:`posenqa.pipeline.judge.features`) and the index's BM25 weights, so a
change to the judge's rules can be calibrated and scored without asking the
cross-encoder again. Rankings are not touched. Then
``posenqa eval --calibrate --from-run OUT.jsonl`` and ``--from-run OUT.jsonl --rejudge``.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from posenqa.answer import Engine  # noqa: E402
from posenqa.pipeline.judge import Features  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("run", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--index-dir", default=str(ROOT / "index"))
    parser.add_argument("--paper", default=str(ROOT / "corpus" / "posen-2001-wp01-8.pdf"))
    parser.add_argument(
        "--near-share",
        type=float,
        help="The answer-type check's near_share (default: the engine's setting).",
    )
    args = parser.parse_args()
    engine = Engine.open(args.paper, index_root=args.index_dir)
    near_share = engine.settings.judge.near_share if args.near_share is None else args.near_share
    lines = [json.loads(line) for line in args.run.read_text(encoding="utf-8").splitlines()]
    changed = 0
    for record in lines:
        if not record.get("judge") or not record.get("results"):
            continue
        top = record["results"][0]
        passage = engine.passage(top["id"])
        if passage is None:
            raise SystemExit(f"{top['id']}: not in the index (another index than the run's?)")
        question = record["question"]
        # The reranker's own scores are the saved features' (a result's "score" is the
        # window reread's mean for the first few, not the logit the judge reads).
        saved = Features.from_dict(record["judge"])
        fresh = engine.judge_features(
            question,
            passage,
            [saved.logit],
            str(top.get("best_sentence") or ""),
            near_share=near_share,
        )
        record["judge"] = replace(fresh, support=saved.support).to_dict()
        changed += 1
    args.out.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in lines))
    print(f"{changed} records given fresh judge features in {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
