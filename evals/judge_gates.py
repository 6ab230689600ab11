"""What would let the judge refuse fewer answerable questions: the first passages'
checks read together, or a sure reranker score overruling them (dev data only).

    python evals/judge_gates.py ask OUT.jsonl FILE... [--library DIR]
    python evals/judge_gates.py table OUT.jsonl...

``ask`` asks every question of the gold-format FILEs (a ``split: test`` question is
skipped: the test half is not read for choosing) of the bundled paper, or of the
library at ``--library DIR`` (``posenqa add`` the shared papers there first), and
writes, per question, the judge's features of each of the first three passages as
the patterns read them, with no sure score (``sure_logit`` infinite). ``table``
judges every record again under each variant with the shipped calibration and prints
the answerable questions lost, the negatives and off-topic questions caught:

- ``depth D, within X``: the top passage's missing type or year is forgiven when one
  of the first D passages, scored no more than X under it, has neither missing;
- ``sure L``: at a top reranker score of L or more, neither is held missing
  (``JudgeSettings.sure_logit``).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import math
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from posenqa.pipeline.judge import Features, confidence  # noqa: E402

ANSWERABLE = {"fact", "concept", "paraphrase", "citation", "answerable"}
TOP = 3


def ask(engine, questions: list[dict], out: Path) -> None:  # type: ignore[no-untyped-def]
    """Write each question's first passages' features (no sure score) to ``out``."""
    with out.open("w", encoding="utf-8") as fh:
        for q in questions:
            answer = engine.ask(q["question"], k=5)
            hits = []
            for hit in answer.hits[:TOP]:
                p = hit.passage
                read = engine.judge_features(
                    q["question"], p, [hit.score], hit.best_sentence, sure_logit=math.inf
                )
                hits.append({"id": p.id, "score": hit.score, "judge": read.to_dict()})
            # The top passage's features are the judge's own (its logit, not the reread's).
            if answer.judged is not None and hits:
                raw = dataclasses.replace(
                    Features.from_dict(hits[0]["judge"]), logit=answer.judged.logit
                )
                hits[0]["judge"] = raw.to_dict()
            record = {"id": q["id"], "kind": q.get("kind", "answerable"), "hits": hits}
            fh.write(json.dumps(record) + "\n")


def doubted(f: Features) -> bool:
    """Whether the patterns hold the answer's type or the asked year missing."""
    return f.type_missing or f.year_missing


def abstains(record: dict, settings, depth: int, within: float, sure: float) -> bool:  # type: ignore[no-untyped-def]
    """The verdict on ``record`` under one variant (shipped weights and threshold)."""
    hits = record["hits"]
    if not hits:
        return True
    top = Features.from_dict(hits[0]["judge"])
    forgiven = top.logit >= sure or any(
        other["score"] >= hits[0]["score"] - within
        and not doubted(Features.from_dict(other["judge"]))
        for other in hits[1:depth]
    )
    if forgiven:
        top = dataclasses.replace(top, type_missing=False, year_missing=False)
    return confidence(top, settings) < settings.abstain_threshold


def table(records: list[dict]) -> None:
    """Print each variant's lost, caught and off-topic refused."""
    from posenqa.settings import default_settings

    settings = default_settings().judge
    answerable = [r for r in records if r["kind"] in ANSWERABLE]
    negatives = [r for r in records if r["kind"] == "negative"]
    offtopic = [r for r in records if r["kind"] == "offtopic"]
    variants = [(1, 0.0, math.inf)]
    variants += [(d, x, math.inf) for d in (2, 3) for x in (0.5, 1.0, 2.0, 5.0, math.inf)]
    variants += [(1, 0.0, s) for s in (6.0, 7.0, 7.5, 8.0, 8.5, 9.0)]
    print(f"{len(answerable)} answerable, {len(negatives)} negatives, {len(offtopic)} off-topic")
    print("| variant | answerable lost | negatives caught | off-topic refused |")
    print("|---|---:|---:|---:|")
    for depth, within, sure in variants:
        name = f"sure {sure}" if sure != math.inf else f"depth {depth}, within {within}"
        if depth == 1 and sure == math.inf:
            name = "as before (top passage only)"
        lost = sum(abstains(r, settings, depth, within, sure) for r in answerable)
        caught = sum(abstains(r, settings, depth, within, sure) for r in negatives)
        refused = sum(abstains(r, settings, depth, within, sure) for r in offtopic)
        print(f"| {name} | {lost} | {caught} | {refused} |")


def main() -> None:
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="command", required=True)
    a = sub.add_parser("ask")
    a.add_argument("out", type=Path)
    a.add_argument("files", type=Path, nargs="+")
    a.add_argument("--library", type=Path, help="a library's index folder")
    t = sub.add_parser("table")
    t.add_argument("runs", type=Path, nargs="+")
    args = parser.parse_args()
    if args.command == "table":
        table([json.loads(line) for run in args.runs for line in run.open(encoding="utf-8")])
        return
    from decisions import dev_questions, open_engine  # a sibling script in evals/

    questions = dev_questions(args.files)
    engine = open_engine(args.library)
    ask(engine, questions, args.out)


if __name__ == "__main__":
    main()
