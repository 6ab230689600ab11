"""Choose the reranker's depth and pool on the dev half, and see what the judge can catch.

    python evals/rerank_sweep.py [--cache index/rerank-sweep.json]

For every gold question: the first stage's 30 best passages (hybrid, one per
block) and dense's 10 best, each read once by the cross-encoder (logits cached
in ``--cache``, so the tables below are recomputed in seconds). Then, with no
further model call:

- depth: rerank the first 5..30 of hybrid; R@1, R@5, MRR@10 overall and on
  paraphrases, on dev (where the depth is chosen) and on test (for the record);
- pool: the chosen depth plus the top 3/5/10 dense candidates not in it;
- judge: features of the best passage, a logistic fit on dev, the threshold at
  most 5% false abstention on dev, and what it gives on test.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from posenqa.answer import Engine  # noqa: E402
from posenqa.evaluation.calibrate import choose_threshold, fit_logistic  # noqa: E402
from posenqa.evaluation.gold import GoldQuestion, load_gold, select_split  # noqa: E402
from posenqa.evaluation.metrics import hit_rank  # noqa: E402
from posenqa.pipeline.judge import features, sigmoid  # noqa: E402
from posenqa.pipeline.rerank import candidate_pool, reorder  # noqa: E402
from posenqa.search.tokenize import tokenize  # noqa: E402

FIRST, DENSE = 30, 10


def collect(engine: Engine, questions: list[GoldQuestion], cache: Path) -> dict[str, Any]:
    """Per question: first-stage results (hybrid, dense) and the logit of each passage."""
    data: dict[str, Any] = json.loads(cache.read_text()) if cache.exists() else {}
    scorer = engine.load_reranker()
    if scorer is None:
        raise SystemExit(f"no reranker: {engine.reranker_error}")
    for n, q in enumerate(questions, start=1):
        if q.id in data:
            continue
        hybrid = engine.ask(q.question, k=FIRST, mode="hybrid", rerank=False).to_dict()["results"]
        dense = engine.ask(q.question, k=DENSE, mode="dense", rerank=False).to_dict()["results"]
        results = {r["id"]: r for r in [*hybrid, *dense]}
        texts = [engine.passage(i).searchable for i in results]  # type: ignore[union-attr]
        logits = scorer.scores(q.question, texts)
        data[q.id] = {
            "hybrid": [r["id"] for r in hybrid],
            "dense": [r["id"] for r in dense],
            "results": results,
            "logits": dict(zip(results, logits, strict=True)),
        }
        if n % 20 == 0:
            print(f"  {n}/{len(questions)}", file=sys.stderr)
            cache.write_text(json.dumps(data))
    cache.parent.mkdir(parents=True, exist_ok=True)
    cache.write_text(json.dumps(data))
    return data


def ranking(item: dict[str, Any], depth: int, extra: int) -> list[str]:
    """The reranked order: the pool by logit, then the first stage's rest."""
    if depth == 0:
        return item["hybrid"]
    pool = candidate_pool(item["hybrid"], item["dense"], depth, extra)
    ordered = [i for i, _ in reorder(pool, [item["logits"][i] for i in pool])]
    return ordered + [i for i in item["hybrid"] if i not in set(pool)]


def scores(questions: list[GoldQuestion], data: dict[str, Any], depth: int, extra: int) -> dict:
    ranks: dict[str, list[int | None]] = {}
    for q in questions:
        if not q.answerable:
            continue
        item = data[q.id]
        results = [item["results"][i] for i in ranking(item, depth, extra)][:10]
        rank = hit_rank(q, results)
        ranks.setdefault("all", []).append(rank)
        ranks.setdefault(q.kind, []).append(rank)

    def r_at(kind: str, k: int) -> float:
        got = ranks.get(kind, [])
        return sum(1 for r in got if r is not None and r <= k) / max(len(got), 1)

    mrr = sum(1 / r for r in ranks["all"] if r is not None) / len(ranks["all"])
    return {
        "R@1": r_at("all", 1),
        "R@5": r_at("all", 5),
        "MRR@10": mrr,
        "para R@1": r_at("paraphrase", 1),
        "para R@5": r_at("paraphrase", 5),
        "note@3": r_at("citation", 3),
    }


def row(name: str, values: dict) -> str:
    return f"| {name} | " + " | ".join(f"{v:.3f}" for v in values.values()) + " |"


def judge_table(engine: Engine, questions: list[GoldQuestion], data: dict, depth: int, extra: int):
    tok = engine.settings.tokenizer
    year = engine.settings.judge.paper_year

    def vec(q: GoldQuestion) -> tuple:
        item = data[q.id]
        top = ranking(item, depth, extra)[0]
        text = engine.passage(top).searchable  # type: ignore[union-attr]
        f = features(
            q.question,
            text,
            item["logits"][top],
            tokenize(q.question, tok),
            engine._bm25.weight,
            tok,
            year,
        )
        return f.vector()

    dev = [q for q in questions if q.split == "dev"]
    test = [q for q in questions if q.split == "test"]
    xd, yd = [vec(q) for q in dev], [q.answerable for q in dev]
    xt, yt = [vec(q) for q in test], [q.answerable for q in test]
    for name, cols in [
        ("logit only", [0]),
        ("all four", [0, 1, 2, 3]),
        ("logit+type+time", [0, 1, 3]),
    ]:
        w, b = fit_logistic([[x[c] for c in cols] for x in xd], yd)

        def conf(x: tuple, w: list[float] = w, b: float = b, cols: list[int] = cols) -> float:
            return sigmoid(b + sum(wi * x[c] for wi, c in zip(w, cols, strict=True)))

        cd = [conf(x) for x in xd]
        cal = choose_threshold(
            [c for c, a in zip(cd, yd, strict=True) if a],
            [c for c, a in zip(cd, yd, strict=True) if not a],
            0.05,
        )
        ct = [conf(x) for x in xt]
        fa = sum(1 for c, a in zip(ct, yt, strict=True) if a and c < cal.threshold) / sum(yt)
        caught = sum(1 for c, a in zip(ct, yt, strict=True) if not a and c < cal.threshold) / (
            len(yt) - sum(yt)
        )
        print(
            f"| {name} | {1 - cal.negatives_answered:.3f} | {cal.false_abstention:.3f} | "
            f"{caught:.3f} | {fa:.3f} | w={[round(v, 3) for v in w]} b={b:.3f} |"
        )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cache", type=Path, default=ROOT / "index" / "rerank-sweep.json")
    parser.add_argument("--paper", default=str(ROOT / "corpus" / "posen-2001-wp01-8.pdf"))
    parser.add_argument("--depth", type=int, default=20)
    parser.add_argument("--extra", type=int, default=0)
    parser.add_argument(
        "--cached-only",
        action="store_true",
        help="only the questions already in --cache (no model call), depth and pool tables",
    )
    args = parser.parse_args()
    questions = list(load_gold(ROOT / "evals" / "gold.jsonl"))
    if args.cached_only:
        data = json.loads(args.cache.read_text())
        questions = [q for q in questions if q.id in data]
        engine = None
    else:
        engine = Engine.open(args.paper, index_root=ROOT / "index", log=print)
        data = collect(engine, questions, args.cache)
    header = "| variant | R@1 | R@5 | MRR@10 | para R@1 | para R@5 | note@3 |\n|---|" + "---:|" * 6
    for split in ("dev", "test"):
        chosen = list(select_split(questions, split))
        print(f"\n{split}: depth (hybrid candidates reread)\n\n{header}")
        for depth in (0, 5, 10, 15, 20, 25, 30):
            print(row(f"depth {depth}" if depth else "no rerank", scores(chosen, data, depth, 0)))
        print(f"\n{split}: pool at depth {args.depth} plus dense candidates\n\n{header}")
        for extra in (0, 3, 5, 10):
            print(row(f"+{extra} dense", scores(chosen, data, args.depth, extra)))
    if engine is None:
        return
    print(
        "\njudge (fit and threshold on dev, <= 5% false abstention on dev)\n\n"
        "| features | dev caught | dev false | test caught | test false | fit |\n"
        "|---|---:|---:|---:|---:|---|"
    )
    judge_table(engine, questions, data, args.depth, args.extra)


if __name__ == "__main__":
    main()
