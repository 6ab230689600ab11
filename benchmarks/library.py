"""The library at scale: parallel-ingest speed-up, add throughput, opening, queries, memory.

    cd <repo>; export PYTHONPATH=$PWD/src HF_HUB_OFFLINE=1 OMP_NUM_THREADS=1
    python benchmarks/library.py speedup [--files 6] [--pdfs DIR]      # real PDFs, real model
    python benchmarks/library.py real --papers 20 [--sample 800]        # synthetic, real model
    python benchmarks/library.py standin --papers 10000 --keep DIR      # synthetic, STAND-IN
    python benchmarks/library.py grow --root DIR [--papers 1]          # add to a stand-in library
    python benchmarks/library.py query --root DIR [--queries 30]       # open + ask, any library
    (each: [--json out.json]; progress lines on stderr)

What is real and what stands in, said in every output:

* ``speedup``: real PDFs (``--pdfs``, default ../shared/realpdfs, plus the bundled
  paper), the real parser and the real ONNX model. Each round adds the same files
  into a fresh library twice, serially (``workers=0``: parse, then embed on every
  core, as ``posenqa add`` did) and in parallel (``add_files``' default plan), in
  the order serial, parallel, parallel, serial, so load drifts hit both alike. The
  model is loaded once before (not timed).
* ``real``: synthetic papers (``library_papers.py``: ~100 passages each, the
  parser's stand-in is a generator) added with the **real ONNX model** through
  ``add_files``; passages/s printed beside embedding a sample of the same
  passages directly with the same model in the same process.
* ``standin``: the same synthetic papers with **stand-in vectors** (seeded random
  unit vectors, no model): what the library costs apart from the model (passages,
  sentence spans, index files, faiss, checksums, manifest).
* ``grow``: adds ``--papers`` more synthetic papers (stand-in vectors) to a library
  ``standin --keep`` built, so that the next ``query`` measures an opening after an
  add (the library is packed again: the new papers read, the others copied).
* ``query``: opens a library (``open_library``, what ``posenqa ask`` does: from the
  library's pack, packing it first when it is missing or stale; ``--paper-by-paper``
  opens every paper's index instead, as before packs; ``--evict`` first drops the
  pack's and the saved BM25's pages from the page cache, ``posix_fadvise``, so the
  opening reads them from disk), times the first question of each mode apart (it
  merges BM25, or reads the merged BM25 saved by an earlier opening, and loads the
  dense index), then asks
  ``--queries`` questions in each mode without reranking (its cost does not
  depend on the library's size: 20 candidates), beside the real model's
  embedding of each question; peak (VmHWM, reset before opening), resident
  (VmRSS) and anonymous (RssAnon: resident less the pages of memory-mapped files,
  which the kernel can drop) memory, and the open file descriptors and memory maps
  (``/proc/self/fd``, ``/proc/self/maps``). A stand-in library answers dense questions
  with stand-in vectors: the retrieval's cost, not the model's, which is the
  printed baseline.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from library_papers import (
    RandomEmbedder,
    corpus_sentences,
    parse_synthetic,
    synthetic_document,
    write_stubs,
)
from timing import Latency, anon_rss_mb, peak_rss_mb, reset_peak, rss_mb

ROOT = Path(__file__).resolve().parents[1]
REAL_PDFS = Path("/work/shared/realpdfs")  # the team's shared PDFs (never committed)
BUNDLED = ROOT / "src" / "posenqa" / "data" / "posen-2001-wp01-8.pdf"


def say(message: str) -> None:
    """A progress line on stderr, with the time and load (the machine is shared)."""
    load = os.getloadavg()[0]
    print(f"[{time.strftime('%H:%M:%S')} load {load:.1f}] {message}", file=sys.stderr, flush=True)


def add(root: Path, files: list[Path], embedder: Any, **options: Any) -> tuple[float, Any]:
    """``add_files`` into ``root`` (emptied of the bundled paper first): (seconds, report)."""
    from posenqa.library.ingest import add_files
    from posenqa.library.manage import remove_paper
    from posenqa.library.registry import bundled_entry, read_library

    if any(p.id == bundled_entry().id for p in read_library(root)):
        remove_paper(root, bundled_entry().id)
    done = [0]

    def heard(result: Any) -> None:
        done[0] += 1
        if done[0] % 100 == 0 or done[0] == len(files):
            say(f"{done[0]}/{len(files)} files")

    start = time.perf_counter()
    report = add_files(
        root, files, checksum=embedder.checksum, embedder=lambda: embedder, on_result=heard,
        **options,
    )  # fmt: skip
    seconds = time.perf_counter() - start
    if report.failed:
        raise SystemExit(f"benchmark files failed: {report.failed}")
    return seconds, report


def passages_of(report: Any) -> int:
    return sum(a.entry.passages for a in report.added)


def speedup(args: argparse.Namespace) -> dict[str, Any]:
    from posenqa.search.embedder import load_embedder

    pdfs = [*sorted(args.pdfs.glob("*.pdf"))[: args.files - 1], BUNDLED]
    if len(pdfs) < args.files:
        raise SystemExit(f"{args.pdfs}: {len(pdfs) - 1} PDFs found, {args.files - 1} needed")
    model = load_embedder()
    work = Path(tempfile.mkdtemp(prefix="posenqa-speedup-"))
    runs: dict[str, list[float]] = {"serial": [], "parallel": []}
    plan = None
    try:
        for n, kind in enumerate(["serial", "parallel", "parallel", "serial"][: 2 * args.rounds]):
            root = work / f"{kind}-{n}"
            seconds, report = add(root, pdfs, model, workers=0 if kind == "serial" else None)
            runs[kind].append(seconds)
            plan = report.plan if kind == "parallel" else plan
            passages = passages_of(report)
            say(f"{kind}: {len(pdfs)} PDFs, {passages} passages in {seconds:.1f}s")
            shutil.rmtree(root)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    serial, parallel = sum(runs["serial"]), sum(runs["parallel"])
    return {
        "what": "real PDFs, real parser, real ONNX model; serial vs parallel add_files",
        "files": [p.name for p in pdfs],
        "passages": passages,
        "cores": len(os.sched_getaffinity(0)),
        "parallel_plan": {"workers": plan.workers, "embed_threads": plan.embed_threads},
        "serial_s": [round(s, 1) for s in runs["serial"]],
        "parallel_s": [round(s, 1) for s in runs["parallel"]],
        "speedup": round(serial / parallel, 2),
    }


def real(args: argparse.Namespace) -> dict[str, Any]:
    from posenqa.passages import make_passages
    from posenqa.search.embedder import load_embedder
    from posenqa.search.evidence import sentence_spans
    from posenqa.settings import default_settings

    model = load_embedder()
    work = Path(tempfile.mkdtemp(prefix="posenqa-real-"))
    try:
        files = write_stubs(work / "papers", args.papers)
        seconds, report = add(work / "index", files, model, parse=parse_synthetic)
        passages = passages_of(report)
        say(f"real model: {args.papers} papers, {passages} passages in {seconds:.1f}s")
        # The same passages embedded directly (a sample, in the build's batches of 256).
        settings = default_settings().passages
        sample = []
        for n in range(args.papers):
            sample += make_passages(synthetic_document(n, "0" * 64), settings)
            if len(sample) >= args.sample:
                break
        sample = sample[: args.sample]
        texts = [p.searchable for p in sample]
        spans = [sentence_spans(p.text) for p in sample]
        start = time.perf_counter()
        for i in range(0, len(texts), 256):
            model.encode_spans(texts[i : i + 256], spans[i : i + 256])
        embed_s = time.perf_counter() - start
        say(f"embedding {len(texts)} of the same passages alone: {embed_s:.1f}s")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    add_rate, embed_rate = passages / seconds, len(texts) / embed_s
    return {
        "what": "synthetic papers, REAL ONNX model, parallel add_files",
        "papers": args.papers,
        "passages": passages,
        "plan": {"workers": report.plan.workers, "embed_threads": report.plan.embed_threads},
        "add_s": round(seconds, 1),
        "add_passages_per_s": round(add_rate, 2),
        "embed_only_passages": len(texts),
        "embed_only_s": round(embed_s, 1),
        "embed_only_passages_per_s": round(embed_rate, 2),
        "add_rate_over_embed_rate": round(add_rate / embed_rate, 2),
    }


def standin(args: argparse.Namespace) -> dict[str, Any]:
    work = Path(tempfile.mkdtemp(prefix="posenqa-standin-"))
    root = args.keep or work / "index"
    stand_in = RandomEmbedder()
    try:
        files = write_stubs(
            work / "papers" if args.keep is None else root.parent / "papers", args.papers
        )
        seconds, report = add(root, files, stand_in, parse=parse_synthetic)
        passages = passages_of(report)
        say(f"stand-in: {args.papers} papers, {passages} passages in {seconds:.1f}s")
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)
    return {
        "what": "synthetic papers, STAND-IN vectors (seeded random unit vectors, no model)",
        "papers": args.papers,
        "passages": passages,
        "plan": {"workers": report.plan.workers, "embed_threads": report.plan.embed_threads},
        "add_s": round(seconds, 1),
        "add_passages_per_s": round(passages / seconds, 1),
        "kept_at": str(root) if args.keep else None,
    }


def grow(args: argparse.Namespace) -> dict[str, Any]:
    folder = args.root.parent / "papers"
    first = len(list(folder.glob("paper-*.txt")))
    files = []
    for n in range(first, first + args.papers):
        file = folder / f"paper-{n:05d}.txt"
        file.write_text(f"synthetic paper {n}\n", encoding="utf-8")
        files.append(file)
    seconds, report = add(args.root, files, RandomEmbedder(), parse=parse_synthetic)
    say(f"grew by {len(files)} papers in {seconds:.1f}s")
    return {
        "what": "synthetic papers added, STAND-IN vectors",
        "papers": len(files),
        "passages": passages_of(report),
        "add_s": round(seconds, 2),
    }


def query(args: argparse.Namespace) -> dict[str, Any]:
    from posenqa.answer import Engine
    from posenqa.library.engine import engine_factory
    from posenqa.library.manage import open_library
    from posenqa.library.registry import read_library
    from posenqa.search.embedder import load_embedder

    root = args.root
    papers = read_library(root)
    checksums = {
        json.loads((root / p.id / "params.json").read_text())["model"]["checksum"] for p in papers
    }
    stand_in = RandomEmbedder()
    embedder = stand_in if checksums == {stand_in.checksum} else None
    model = load_embedder()  # the real model: the question-embedding baseline
    embedder = embedder or model

    def reopen(paper: Any) -> Engine:
        # A stand-in paper is re-indexed (if ever) from its stub, as it was built.
        parse = parse_synthetic if embedder is stand_in else None
        return Engine.open(paper, index_root=root, embedder=embedder, parse=parse)

    make_engine = engine_factory(root, model=None, embedder=embedder)
    if args.paper_by_paper:
        factory = make_engine

        def make_engine(stored: Any, **options: Any) -> Engine:  # not the factory: no pack
            return factory(stored, **options)

    try:
        from posenqa.store.layout import LIBRARY_BM25
    except ImportError:  # measuring a posenqa from before the merged BM25 was saved
        LIBRARY_BM25 = None
    bm25_saved = LIBRARY_BM25 is not None and (root / LIBRARY_BM25).is_dir()
    packed = any((root / ".pack").glob("*/pack.json"))
    if args.evict:
        evicted = evict(root / ".pack", root / LIBRARY_BM25)
        say(f"dropped {evicted / 2**20:.0f} MiB of the pack and saved BM25 from the page cache")
    say(f"opening {len(papers)} papers (merged BM25 saved: {bm25_saved}, pack: {packed})")
    reset_peak()
    before, before_anon = rss_mb(), anon_rss_mb()
    files_before = open_files()
    start = time.perf_counter()
    library = open_library(root, reopen, make_engine)
    open_s = time.perf_counter() - start
    opened_rss, opened_anon = rss_mb(), anon_rss_mb()
    files_opened = open_files()
    say(f"opened in {open_s:.1f}s ({files_opened[0]} descriptors, {files_opened[1]} maps)")
    rng = random.Random(7)
    sentences = corpus_sentences()
    questions = [" ".join(rng.choice(sentences).split()[:12]) + "?" for _ in range(args.queries)]
    times: dict[str, list[float]] = {
        "embed the question (real model)": [],
        "bm25": [],
        "dense": [],
        "hybrid": [],
    }
    # The first question of each mode builds what that mode needs: BM25 merged from
    # the papers' terms (or read back from LIBRARY_BM25), then the flat dense index.
    first = {}
    for mode in ("bm25", "dense", "hybrid"):
        t = time.perf_counter()
        library.ask(questions[0], k=10, mode=mode, rerank=False)
        first[mode] = round(time.perf_counter() - t, 2)
        say(f"first {mode} question: {first[mode]:.2f}s")
    warm_rss, warm_anon = rss_mb(), anon_rss_mb()
    for q in questions:  # interleaved, so load drifts hit baseline and modes alike
        t = time.perf_counter()
        model.encode([q])
        times["embed the question (real model)"].append(time.perf_counter() - t)
        for mode in ("bm25", "dense", "hybrid"):
            t = time.perf_counter()
            library.ask(q, k=10, mode=mode, rerank=False)
            times[mode].append(time.perf_counter() - t)
    latency = {}
    for name, seconds in times.items():
        lat = Latency.of(seconds)
        latency[name] = {"p50_ms": round(lat.p50, 1), "p95_ms": round(lat.p95, 1)}
    return {
        "what": "open + ask without reranking; vectors: "
        + ("STAND-IN (dense = retrieval cost only)" if embedder is stand_in else "real model"),
        "papers": len(papers),
        "passages": sum(p.passages for p in papers),
        "bm25_saved_at_open": bm25_saved,
        "pack_at_open": packed,
        "paper_by_paper": args.paper_by_paper,
        "evicted": args.evict,
        "descriptors_maps": {
            "before_open": files_before,
            "after_open": files_opened,
            "after_query": open_files(),
        },
        "open_s": round(open_s, 1),
        "first_question_s": first,
        "latency": latency,
        "memory_mib": {
            "before_open": round(before),
            "resident_after_open": round(opened_rss),
            "resident_after_first_questions": round(warm_rss),
            "peak_open_and_query": round(peak_rss_mb()),
            "resident_after_query": round(rss_mb()),
            # RssAnon: resident less mapped files' pages (vectors are memory-mapped)
            "anonymous_before_open": round(before_anon),
            "anonymous_after_open": round(opened_anon),
            "anonymous_after_first_questions": round(warm_anon),
            "anonymous_after_query": round(anon_rss_mb()),
        },
    }


def open_files() -> tuple[int, int]:
    """This process's open file descriptors and memory maps."""
    with open("/proc/self/maps", encoding="utf-8") as maps:
        return len(os.listdir("/proc/self/fd")), sum(1 for _ in maps)


def evict(*folders: Path) -> int:
    """Drop the page-cache pages of every file under ``folders`` (POSIX_FADV_DONTNEED:
    these files only, not the machine's whole cache); the bytes they hold."""
    total = 0
    for folder in folders:
        for path in folder.rglob("*") if folder.is_dir() else ():
            if path.is_file():
                fd = os.open(path, os.O_RDONLY)
                try:
                    os.fsync(fd)  # dirty pages are not dropped
                    os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
                finally:
                    os.close(fd)
                total += path.stat().st_size
    return total


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    sub = parser.add_subparsers(dest="phase", required=True)
    p = sub.add_parser("speedup")
    p.add_argument("--files", type=int, default=6)
    p.add_argument("--pdfs", type=Path, default=REAL_PDFS)
    p.add_argument("--rounds", type=int, default=2, choices=(1, 2))
    p = sub.add_parser("real")
    p.add_argument("--papers", type=int, default=20)
    p.add_argument("--sample", type=int, default=800)
    p = sub.add_parser("standin")
    p.add_argument("--papers", type=int, default=1000)
    p.add_argument("--keep", type=Path, default=None, help="build the library here and keep it")
    p = sub.add_parser("grow")
    p.add_argument("--root", type=Path, required=True)
    p.add_argument("--papers", type=int, default=1)
    p = sub.add_parser("query")
    p.add_argument("--root", type=Path, required=True)
    p.add_argument("--queries", type=int, default=30)
    p.add_argument("--evict", action="store_true", help="drop the pack's pages from the cache")
    p.add_argument("--paper-by-paper", action="store_true", help="open without the pack")
    for p in sub.choices.values():
        p.add_argument("--json", type=Path, default=None)
    args = parser.parse_args(argv)
    started = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    load = os.getloadavg()
    out = {"phase": args.phase, "started": started, "load_at_start": [round(x, 1) for x in load]}
    phases = {"speedup": speedup, "real": real, "standin": standin, "grow": grow, "query": query}
    out |= phases[args.phase](args)
    out["load_at_end"] = [round(x, 1) for x in os.getloadavg()]
    text = json.dumps(out, indent=2)
    print(text)
    if args.json:
        args.json.write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
