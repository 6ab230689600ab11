"""Every gold question's top 10, to check that a change leaves rankings as they were.

    cd <repo>; export PYTHONPATH=$PWD/src HF_HUB_OFFLINE=1 OMP_NUM_THREADS=1
    python benchmarks/rankings.py record --root DIR --out before.json   # on the old code
    python benchmarks/rankings.py record --root DIR --out after.json    # on the new code
    python benchmarks/rankings.py compare before.json after.json

``record`` opens (building with the real model if needed) the bundled paper's index
under ``--root`` and the library there (which holds the bundled paper), and asks
every question of ``evals/gold.jsonl`` in each mode without reranking, and the first
``--reranked`` questions in hybrid mode with reranking (seconds a question on a
loaded machine), through the single-paper engine and the library engine.
``compare`` prints, per engine and mode, how many top-10 lists are identical and
how many are bit-identical in their scores too.
"""

from __future__ import annotations

import argparse
import collections
import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "evals" / "gold.jsonl"


def record(args: argparse.Namespace) -> None:
    from posenqa.answer import Engine
    from posenqa.library.engine import engine_factory
    from posenqa.library.manage import open_library
    from posenqa.search.embedder import load_embedder

    embedder = load_embedder()
    engine = Engine.open(index_root=args.root, embedder=embedder)

    def reopen(paper: Any) -> Engine:
        return Engine.open(paper, index_root=args.root, embedder=embedder)

    factory = engine_factory(args.root, model=None, embedder=embedder)
    library = open_library(args.root, reopen, factory)
    gold = [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines() if line]
    out = {}
    for n, item in enumerate(gold):
        for mode in ("bm25", "dense", "hybrid"):
            for rerank in (False, True) if mode == "hybrid" and n < args.reranked else (False,):
                key = f"{item['id']}|{mode}|{rerank}"
                a = engine.ask(item["question"], k=10, mode=mode, rerank=rerank)
                out[f"paper|{key}"] = [(h.passage.id, float(h.score)) for h in a.hits]
                b = library.ask(item["question"], k=10, mode=mode, rerank=rerank).answer
                out[f"library|{key}"] = [(h.passage.id, float(h.score)) for h in b.hits]
    args.out.write_text(json.dumps(out), encoding="utf-8")
    print(f"{len(out)} rankings -> {args.out}")


def compare(args: argparse.Namespace) -> None:
    a = json.loads(args.before.read_text(encoding="utf-8"))
    b = json.loads(args.after.read_text(encoding="utf-8"))
    if a.keys() != b.keys():
        raise SystemExit("the two files hold different questions or modes")
    total, ids, exact = collections.Counter(), collections.Counter(), collections.Counter()
    for key in a:
        where, _, mode, rerank = key.split("|")
        group = (where, mode + (" +rerank" if rerank == "True" else ""))
        total[group] += 1
        ids[group] += [x[0] for x in a[key]] == [x[0] for x in b[key]]
        exact[group] += a[key] == b[key]
    for group in sorted(total):
        print(
            f"{group[0]:8} {group[1]:15} top-10 identical {ids[group]}/{total[group]}, "
            f"with bit-identical scores {exact[group]}/{total[group]}"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    sub = parser.add_subparsers(dest="what", required=True)
    p = sub.add_parser("record")
    p.add_argument("--root", type=Path, required=True)
    p.add_argument("--out", type=Path, required=True)
    p.add_argument("--reranked", type=int, default=40)
    p = sub.add_parser("compare")
    p.add_argument("before", type=Path)
    p.add_argument("after", type=Path)
    args = parser.parse_args(argv)
    {"record": record, "compare": compare}[args.what](args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
