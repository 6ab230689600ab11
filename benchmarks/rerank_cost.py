"""What reranking costs per question, per mode, beside the first stage in the same process.

    python benchmarks/rerank_cost.py [--questions 20] [--compare '{"depth": 20}']

For each question the first stage alone (``rerank=False``) and the reranked answer
(the shipped settings) are timed in turn, per mode, so a change in machine load hits
both alike; the ratios reranked / first stage are what to compare across machines.
The cross-encoder runs on one onnxruntime thread (``RerankSettings.threads``) and
reads ``depth`` candidates plus the pool's extras, one pair at a time. ``--compare``
also times hybrid reranked with other rerank settings, in the same loop.
"""

from __future__ import annotations

import argparse
import json
from dataclasses import replace
from pathlib import Path

from timing import Latency, time_each

from posenqa.answer import MODES, Engine

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--paper", default=str(ROOT / "corpus" / "posen-2001-wp01-8.pdf"))
    parser.add_argument("--index-dir", default=str(ROOT / "index"))
    parser.add_argument("--questions", type=int, default=20)
    parser.add_argument("--compare", help="rerank settings (JSON) to time beside the shipped")
    args = parser.parse_args()
    rows = [json.loads(x) for x in (ROOT / "evals" / "gold.jsonl").read_text().splitlines() if x]
    qs = [r["question"] for r in rows][: args.questions]  # only their wording is used
    engine = Engine.open(args.paper, index_root=args.index_dir)
    if engine.load_reranker() is None:
        raise SystemExit(f"no reranker: {engine.reranker_error}")
    rr = engine.settings.rerank
    other = None
    if args.compare:
        changed = replace(engine.settings, rerank=replace(rr, **json.loads(args.compare)))
        other = Engine.open(args.paper, index_root=args.index_dir, settings=changed)
        other.ask(qs[0], mode="hybrid", rerank=True)
    for mode in MODES:  # warm-up: lazy loads
        engine.ask(qs[0], mode=mode, rerank=True)
    seconds: dict[tuple[str, bool], list[float]] = {}
    for q in qs:
        for mode in MODES:
            for rerank in (False, True):
                ask = lambda x, m=mode, r=rerank: engine.ask(x, k=10, mode=m, rerank=r)  # noqa: E731
                seconds.setdefault((mode, rerank), []).extend(time_each(ask, [q]))
        if other is not None:
            ask = lambda x: other.ask(x, k=10, mode="hybrid", rerank=True)  # noqa: E731
            seconds.setdefault(("compare", True), []).extend(time_each(ask, [q]))
    print(
        f"{len(qs)} questions, k=10; reranker depth {rr.depth}, +{rr.dense_extra} dense, "
        f"+{rr.sentence_extra} sentence, method {rr.method} (weight {rr.weight}), "
        f"{rr.threads} thread(s)"
    )
    for mode in MODES:
        first, reranked = Latency.of(seconds[(mode, False)]), Latency.of(seconds[(mode, True)])
        print(
            f"{mode:7s} first stage p50 {first.p50:8.1f} ms (p95 {first.p95:8.1f}) | "
            f"reranked p50 {reranked.p50:8.1f} ms (p95 {reranked.p95:8.1f}) | "
            f"ratio {reranked.p50 / first.p50:5.1f}x"
        )
    if other is not None:
        first, compared = (
            Latency.of(seconds[("hybrid", False)]),
            Latency.of(seconds[("compare", True)]),
        )
        shipped = Latency.of(seconds[("hybrid", True)])
        print(
            f"hybrid reranked with {args.compare}: p50 {compared.p50:8.1f} ms "
            f"(p95 {compared.p95:8.1f}) | ratio {compared.p50 / first.p50:5.1f}x | "
            f"shipped / this {shipped.p50 / compared.p50:4.2f}"
        )


if __name__ == "__main__":
    main()
