"""One component of the scale run, alone in its own process: ``scale_worker.py KIND DIR``.

KIND is ``bm25-rank`` (rank_bm25.BM25Okapi), ``bm25-inverted``
(posenqa.search.scalable.InvertedBM25), ``flat`` (faiss IndexFlatIP) or
``hnsw`` (faiss IndexHNSWFlat, M=32). The worker loads its inputs from DIR
(written by synthetic.py), resets the peak-RSS mark, builds, answers the
queries one at a time, writes its top-10 ids to DIR/<KIND>.top.npy and prints
one JSON line: build seconds, memory (MiB above the loaded inputs) and
latencies (ms).
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np
from synthetic import DIM, LazyCorpus, read_vector_chunks
from timing import Latency, peak_rss_mb, reset_peak, rss_mb, time_each, timed

from posenqa.search.scalable import (
    DenseIndexPlan,
    InvertedBM25,
    build_dense_index,
    recall_at_k,
    top_k_of,
)

K = 10
EF_SEARCH_SWEEP = (16, 32, 64, 128, 256)


def measure_build(build: Any) -> tuple[Any, dict[str, float]]:
    """Build with the peak mark reset: returns the structure and its time/memory."""
    base = rss_mb()
    reset_peak()
    cpu = time.process_time()
    seconds, structure = timed(build)
    return structure, {
        "build_s": seconds,
        # CPU seconds of all threads: steadier than wall time on a shared machine.
        "build_cpu_s": time.process_time() - cpu,
        "build_peak_mb": peak_rss_mb() - base,
        "resident_mb": rss_mb() - base,
        "inputs_mb": base,
    }


def bm25(kind: str, directory: Path) -> dict[str, Any]:
    corpus = LazyCorpus(directory)
    queries = json.loads((directory / "queries.json").read_text())
    if kind == "bm25-rank":
        from rank_bm25 import BM25Okapi

        # A generator: rank-bm25 reads the corpus once and keeps only its counts.
        index, figures = measure_build(lambda: BM25Okapi(iter(corpus)))

        def search(query: list[str]) -> tuple[np.ndarray, np.ndarray]:
            return top_k_of(index.get_scores(query), K)
    else:
        index, figures = measure_build(lambda: InvertedBM25.build(corpus))
        figures["arrays_mb"] = index.nbytes / 2**20
        figures["postings"] = index.postings

        def search(query: list[str]) -> tuple[np.ndarray, np.ndarray]:
            return index.top_k(query, K)

    results = [search(q) for q in queries[:2]]  # warm-up
    seconds = time_each(search, queries)
    results = [search(q) for q in queries]
    np.save(directory / f"{kind}.top.npy", np.array([ids for ids, _ in results]))
    np.save(directory / f"{kind}.scores.npy", np.array([s for _, s in results]))
    figures["query_ms"] = _latency(seconds)
    figures["peak_mb"] = peak_rss_mb() - figures["inputs_mb"]
    return figures


def dense(kind: str, directory: Path) -> dict[str, Any]:
    import faiss

    queries = np.load(directory / "qvectors.npy")
    plan = DenseIndexPlan("flat") if kind == "flat" else DenseIndexPlan("hnsw", m=32)

    def build() -> Any:
        chunks = read_vector_chunks(directory)
        index = build_dense_index(next(chunks), plan)
        for chunk in chunks:
            index.add(chunk)
        return index

    index, figures = measure_build(build)
    figures["vectors"] = int(index.ntotal)
    figures["index_mb"] = faiss.serialize_index(index).nbytes / 2**20 if kind == "flat" else None

    def search(row: int) -> np.ndarray:
        return index.search(queries[row : row + 1], K)[1][0]

    rows = list(range(len(queries)))
    if kind == "flat":
        search(0)
        figures["query_ms"] = _latency(time_each(search, rows))
        np.save(directory / "flat.top.npy", np.array([search(r) for r in rows]))
        return figures
    exact = np.load(directory / "flat.top.npy")
    sweep = []
    for ef in EF_SEARCH_SWEEP:
        index.hnsw.efSearch = ef
        search(0)
        latency = _latency(time_each(search, rows))
        found = np.array([search(r) for r in rows])
        sweep.append({"ef_search": ef, "recall": recall_at_k(exact, found, K), **latency})
    figures["sweep"] = sweep
    figures["dim"] = DIM
    return figures


def _latency(seconds: list[float]) -> dict[str, float]:
    summary = Latency.of(seconds)
    return {"n": summary.n, "p50": summary.p50, "p95": summary.p95, "mean": summary.mean}


def main() -> None:
    kind, directory = sys.argv[1], Path(sys.argv[2])
    figures = bm25(kind, directory) if kind.startswith("bm25") else dense(kind, directory)
    figures["kind"] = kind
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
