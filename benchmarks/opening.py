"""Opening a library and asking it: stored terms and top-N BM25 against the work it replaced.

    HF_HUB_OFFLINE=1 OMP_NUM_THREADS=1 .venv/bin/python benchmarks/opening.py [--papers 100]
                                                            [--queries 30] [--json out.json]

A synthetic library (``benchmarks/library.py``'s papers and hashing embedder, added
through the library's real path) is opened and asked, and beside it, in the same
process on the same indexes, the work the previous opening did is replayed:

* **opening, before**: every paper's index read, its passages tokenized for a BM25
  index (``Bm25Index``, as each paper's engine did) and their sentences split (the
  read check and the sentence rows), then the merged passages tokenized and split
  again for the merged engine;
* **opening, after**: ``open_library`` (indexes read with their stored terms and
  sentence counts, nothing tokenized or split) plus the first question's lazy
  merge of the stored terms into one inverted BM25 index;
* **BM25 question, before**: a score for every passage (``Bm25Index.scores``),
  the best 1,000 kept (the old shortlist) and every passage walked into a dict;
* **BM25 question, after**: the backend's top 1,000 from the inverted index
  (``EmbeddedBackend.keyword``), and only those walked into the same dict. Each BM25 question
  is timed as the best of 5 runs (a loaded machine preempts single runs).

Ratios are after / before (below 1 is faster). Whole questions per mode (no
reranker, hashing embedder: retrieval and pipeline costs only) are printed too.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np
from timing import Latency, time_each

from library import HashEmbedder, build_library, corpus_sentences

#: Runs of each BM25 question; the fastest counts (see the loop).
REPEATS = 5


def replay_old_opening(root: Path, ids: list[str]) -> float:
    """Wall seconds of the previous opening's work on the library at ``root``."""
    from posenqa.search.bm25 import Bm25Index
    from posenqa.settings import default_settings
    from posenqa.store import passage_sentences, read_index

    settings = default_settings()
    start = time.perf_counter()
    merged = []
    for paper_id in ids:
        stored = read_index(root / paper_id)
        Bm25Index([p.searchable for p in stored.passages], settings.tokenizer)
        passage_sentences(stored.passages)  # read_index's check
        passage_sentences(stored.passages)  # the engine's sentence rows
        merged.extend(stored.passages)
    Bm25Index([p.searchable for p in merged], settings.tokenizer)
    passage_sentences(merged)
    return time.perf_counter() - start


def old_bm25_question(bm25: Any, ids: list[str], question: str) -> dict[str, float]:
    """The previous first stage's BM25 side: every score, the best 1,000, a dict of all."""
    scores = bm25.scores(question)
    if len(scores) > 1000:
        scores = scores.copy()
        scores[np.argpartition(-scores, 1000)[1000:]] = 0.0
    return {i: float(s) for i, s in zip(ids, scores, strict=True) if s > 0}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--papers", type=int, default=100)
    parser.add_argument("--queries", type=int, default=30)
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args(argv)

    from posenqa.answer import Engine
    from posenqa.library.engine import engine_factory
    from posenqa.library.manage import open_library
    from posenqa.library.registry import read_library
    from posenqa.search.bm25 import Bm25Index

    sentences = corpus_sentences()
    work = Path(tempfile.mkdtemp(prefix="posenqa-opening-bench-"))
    out: dict[str, Any] = {"papers": args.papers}
    try:
        files = []
        for n in range(args.papers):
            file = work / "papers" / f"paper-{n:05d}.txt"
            file.parent.mkdir(parents=True, exist_ok=True)
            file.write_text(f"synthetic paper {n}\n", encoding="utf-8")
            files.append(file)
        hasher = HashEmbedder()
        root = work / "library"
        out["build_s"] = round(build_library(root, files, hasher, sentences), 1)
        ids = sorted(p.id for p in read_library(root))
        rng = random.Random(7)
        questions = [
            " ".join(rng.choice(sentences).split()[:12]) + "?" for _ in range(args.queries)
        ]

        before_s = replay_old_opening(root, ids)

        def reopen(paper: Any) -> Engine:
            return Engine.open(paper, index_root=root, embedder=hasher)

        start = time.perf_counter()
        library = open_library(root, reopen, engine_factory(root, model=None, embedder=hasher))
        opened_s = time.perf_counter() - start
        library.ask(questions[0], k=10, mode="bm25", rerank=False)  # merges the stored terms
        after_s = time.perf_counter() - start
        passages = len(library.engine.passages)
        out["passages"] = passages
        out["open"] = {
            "before_s": round(before_s, 2),
            "after_s": round(after_s, 2),
            "after_without_first_question_s": round(opened_s, 2),
            "ratio": round(after_s / before_s, 3),
        }

        engine = library.engine
        merged_ids = [p.id for p in engine.passages]
        old_index = Bm25Index([p.searchable for p in engine.passages])

        def old_bm25(question: str) -> dict[str, float]:
            return old_bm25_question(old_index, merged_ids, question)

        def new_bm25(question: str) -> dict[str, float]:
            scores = engine._keyword_scores(question)  # as pipeline.retrieve now reads them
            return {merged_ids[i]: float(scores[i]) for i in np.flatnonzero(scores > 0).tolist()}

        old_times, new_times = [], []
        for question in questions:
            # Best of REPEATS: on a loaded machine a single run is often preempted for
            # a whole time slice (~25 ms), which would swamp millisecond timings.
            old_times.append(min(time_each(old_bm25, [question] * REPEATS)))
            new_times.append(min(time_each(new_bm25, [question] * REPEATS)))
            old, new = old_bm25(question), new_bm25(question)
            # Same candidates and scores (the old cut broke ties at the 1,000th arbitrarily).
            same = {k: v for k, v in new.items() if v > min(new.values())}
            assert all(old.get(k) == v for k, v in same.items()), "BM25 scores differ"
        old_lat, new_lat = Latency.of(old_times), Latency.of(new_times)
        out["bm25_question"] = {
            "before_p50_ms": round(old_lat.p50, 2),
            "after_p50_ms": round(new_lat.p50, 2),
            "before_p95_ms": round(old_lat.p95, 2),
            "after_p95_ms": round(new_lat.p95, 2),
            "ratio_p50": round(new_lat.p50 / old_lat.p50, 3),
        }
        per_mode = {}
        for mode in ("bm25", "dense", "hybrid"):
            library.ask(questions[0], k=10, mode=mode, rerank=False)  # warm the dense index
            times = []
            for question in questions:
                t = time.perf_counter()
                library.ask(question, k=10, mode=mode, rerank=False)
                times.append(time.perf_counter() - t)
            lat = Latency.of(times)
            per_mode[mode] = {"p50_ms": round(lat.p50, 1), "p95_ms": round(lat.p95, 1)}
        out["whole_question_after"] = per_mode
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(json.dumps(out, indent=2))
    if args.json:
        args.json.write_text(json.dumps(out, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
