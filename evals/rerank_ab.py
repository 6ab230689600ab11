"""Compare reranker settings on the dev half through ``Engine.ask`` itself, pairs cached.

    python evals/rerank_ab.py --set source_notes_first=false --set note_context=true
    python evals/rerank_ab.py --mode dense+rerank --all       # abstention too

Each run asks every question of the half twice, once with the shipped settings and once
with ``--set`` overrides of ``RerankSettings``, and prints both rows, the two halves of
the split by question order (is a gain stable?), and the questions whose rank changed.
Unlike ``evals/rerank_sweep.py``, which re-orders cached numbers through the pipeline's
functions, this runs the engine's own ``ask`` (every rule it applies), with the
cross-encoder's logit of each (question, text) pair kept in ``--cache``, so a second run
costs only the pairs nobody read yet.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import fields, replace
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from posenqa.evaluation.gold import GoldQuestion, load_gold, select_split  # noqa: E402
from posenqa.evaluation.metrics import (  # noqa: E402
    MRR_K,
    ModeScores,
    hit_rank,
    mrr_at,
    recall_at,
    score_mode,
)
from posenqa.evaluation.runner import run_questions  # noqa: E402
from posenqa.pipeline.modes import LabelledAsker  # noqa: E402
from posenqa.settings import RerankSettings, Settings, default_settings  # noqa: E402


class CachedScorer:
    """A cross-encoder whose logits are kept by (question, text)."""

    def __init__(self, inner: Any, cache: dict[str, float]) -> None:
        self.inner, self.cache, self.new = inner, cache, 0

    def scores(self, question: str, passages: list[str]) -> list[float]:
        out = []
        for text in passages:
            key = f"{question}\x00{text}"
            if key not in self.cache:
                self.cache[key] = self.inner.score(question, text)
                self.new += 1
            out.append(self.cache[key])
        return out


def overridden(base: Settings, pairs: list[str]) -> Settings:
    """``base`` with ``key=value`` overrides of its rerank settings (typed as the field)."""
    kinds = {f.name: type(getattr(base.rerank, f.name)) for f in fields(RerankSettings)}
    changes: dict[str, Any] = {}
    for pair in pairs:
        key, _, value = pair.partition("=")
        if key not in kinds:
            raise SystemExit(f"unknown rerank setting {key!r}")
        kind = kinds[key]
        changes[key] = value.lower() in ("1", "true", "yes") if kind is bool else kind(value)
    return replace(base, rerank=replace(base.rerank, **changes))


def ranks(
    questions: list[GoldQuestion], settings: Settings, scorer: CachedScorer, mode: str
) -> tuple[dict[str, int | None], ModeScores]:
    """Each answerable question's rank of its first right result, and the mode's scores."""
    from posenqa.answer import Engine

    engine = Engine.open(
        str(ROOT / "corpus" / "posen-2001-wp01-8.pdf"),
        index_root=ROOT / "index",
        settings=settings,
        reranker=scorer,
    )
    records = run_questions(LabelledAsker(engine), questions, mode=mode, k=10, warm_up=False)
    got = {q.id: hit_rank(q, r["results"]) for q, r in zip(questions, records, strict=True)}
    return {q.id: got[q.id] for q in questions if q.answerable}, score_mode(questions, records)


def row(name: str, got: dict[str, int | None], kinds: dict[str, str], scored: ModeScores) -> str:
    def summary(ids: list[str]) -> tuple[float | None, float | None, float | None]:
        values = [got[i] for i in ids]
        return recall_at(values, 1), recall_at(values, 5), mrr_at(values, MRR_K)

    ids = list(got)
    r1, r5, mrr = summary(ids)
    para = summary([i for i in ids if kinds[i] == "paraphrase"])[1]
    first, second = summary(ids[: len(ids) // 2]), summary(ids[len(ids) // 2 :])
    cells = [r1, r5, mrr, para, scored.citation["note@3"], first[2], second[2]]
    cells += [scored.negatives_abstained, scored.false_abstention]
    return f"| {name} | " + " | ".join("" if c is None else f"{c:.3f}" for c in cells) + " |"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--set", action="append", default=[], help="rerank key=value")
    parser.add_argument("--mode", default="hybrid+rerank")
    parser.add_argument("--split", default="dev", choices=("dev", "test"))
    parser.add_argument("--all", action="store_true", help="negatives too (abstention)")
    parser.add_argument("--cache", type=Path, default=Path("/tmp/posenqa-rerank-ab.json"))
    args = parser.parse_args(argv)
    from posenqa.search.rerank import load_reranker

    gold = select_split(list(load_gold(ROOT / "evals" / "gold.jsonl")), args.split)
    questions = [q for q in gold if q.answerable or args.all]
    cache = json.loads(args.cache.read_text()) if args.cache.exists() else {}
    scorer = CachedScorer(load_reranker(), cache)
    base = default_settings()
    kinds = {q.id: q.kind for q in questions}
    shipped, shipped_scores = ranks(questions, base, scorer, args.mode)
    other, other_scores = ranks(questions, overridden(base, args.set), scorer, args.mode)
    args.cache.write_text(json.dumps(cache))
    columns = ["R@1", "R@5", "MRR@10", "para R@5", "note@3", "MRR@10 1st half"]
    columns += ["MRR@10 2nd half", "negatives abstained", "false abstention"]
    print(f"{args.mode}, {args.split} half, {len(shipped)} answerable ({scorer.new} new pairs)\n")
    print("| settings | " + " | ".join(columns) + " |")
    print("|---|" + "---:|" * len(columns))
    print(row("shipped", shipped, kinds, shipped_scores))
    print(row(" ".join(args.set) or "shipped (again)", other, kinds, other_scores))
    better = [i for i in shipped if (1 / (other[i] or 99)) > (1 / (shipped[i] or 99))]
    worse = [i for i in shipped if (1 / (other[i] or 99)) < (1 / (shipped[i] or 99))]
    print(f"\n{len(better)} better, {len(worse)} worse (rank of the first right result):")
    for i in better + worse:
        print(f"  {i}: {shipped[i]} -> {other[i]}")


if __name__ == "__main__":
    main()
