"""The library at scale: add throughput, opening, query latency per mode, memory.

    HF_HUB_OFFLINE=1 .venv/bin/python benchmarks/library.py [--papers 1000] [--real 5]
                                                            [--queries 30] [--json out.json]

Synthetic papers: each is a Document of 12 sections x 6 paragraphs of sentences
drawn at random (seeded by the paper's number) from the bundled paper's text,
with 20 notes, cut into passages by posenqa's own ``make_passages``. They are
added through the library's real path (``add_paper`` -> ``Engine.open`` ->
``build_index``: passages, sentences, faiss, manifest, library.json), with a
``parse`` that returns the synthetic Document (PDF parsing is not measured here;
``bench.py`` times it on the bundled paper).

Two embedders, said plainly in the output:

* ``--real`` papers are added with the bundled model in a library of their own;
  their add throughput (passages/s) is printed beside embedding the same texts
  directly with the same model (the ratio is the library's overhead);
* the ``--papers`` library is built with a hashing embedder (random unit vectors
  seeded by each text's hash: no model cost) so a library of 1,000 papers fits
  in minutes; its opening time, memory and query latency are those of the
  retrieval, the merge and the reranker-free pipeline, printed beside the real
  model's embedding of each question (what a real query adds on top of them).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np
from timing import Latency, peak_rss_mb, reset_peak, rss_mb

ROOT = Path(__file__).resolve().parents[1]
CORPUS_TXT = ROOT / "corpus" / "posen-2001-wp01-8.txt"


class HashEmbedder:
    """Unit vectors seeded by each text's hash: deterministic, no model, 384-d like MiniLM."""

    dim = 384
    name = "hash-embedder"
    checksum = hashlib.sha256(b"hash-embedder:384").hexdigest()

    def encode(self, texts: list[str]) -> np.ndarray:
        out = np.empty((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            seed = int.from_bytes(hashlib.blake2b(text.encode(), digest_size=8).digest())
            out[row] = np.random.default_rng(seed).standard_normal(self.dim)
        out /= np.linalg.norm(out, axis=1, keepdims=True)
        return out


def corpus_sentences() -> list[str]:
    from posenqa.sentences import split_spans

    text = " ".join(CORPUS_TXT.read_text(encoding="utf-8", errors="replace").split())
    return [text[s:e] for s, e in split_spans(text) if 40 <= e - s <= 400]


def synthetic_document(number: int, sentences: list[str], sha256: str) -> Any:
    """Paper ``number``: 12 sections of 6 paragraphs (4-9 sentences each), 20 notes."""
    from posenqa.document import Block, Document, Footnote, NoteMarker, Section

    rng = random.Random(number)
    blocks, sections, notes = [], [], []
    for s in range(1, 13):
        sections.append(Section(str(s), f"Section {s}", s, s + 1))
        for b in range(6):
            text = " ".join(rng.choice(sentences) for _ in range(rng.randint(4, 9)))
            bid = f"b{s:02d}{b}"
            note = len(notes) + 1 if b % 3 == 0 and len(notes) < 20 else None
            markers = (NoteMarker(note, len(text)),) if note else ()
            blocks.append(Block(bid, "paragraph", str(s), s, s, text, markers))
            if note:
                notes.append(Footnote(note, rng.choice(sentences), s, (bid,)))
    return Document(
        title=f"Synthetic Paper {number}",
        author=f"Author{number} Surname{number % 97}",
        year=1990 + number % 30,
        source=f"paper-{number:05d}.txt",
        sha256=sha256,
        pages=13,
        sections=tuple(sections),
        blocks=tuple(blocks),
        footnotes=tuple(notes),
    )


def build_library(root: Path, files: list[Path], embedder: Any, sentences: list[str]) -> float:
    """Add every file through the library's path; wall seconds."""
    from posenqa.answer import Engine
    from posenqa.library.manage import add_paper, remove_paper
    from posenqa.library.registry import bundled_entry
    from posenqa.parsing import file_sha256

    def parse(path: Path) -> Any:
        return synthetic_document(int(path.stem.split("-")[1]), sentences, file_sha256(path))

    def open_paper(paper: Any) -> Engine:
        return Engine.open(paper, index_root=root, embedder=embedder, parse=parse)

    remove_paper(root, bundled_entry().id)  # only synthetic papers
    start = time.perf_counter()
    for file in files:
        add_paper(root, file, open_paper)
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--papers", type=int, default=1000)
    parser.add_argument("--real", type=int, default=5)
    parser.add_argument("--queries", type=int, default=30)
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args(argv)

    from posenqa.library.engine import engine_factory
    from posenqa.library.manage import open_library
    from posenqa.passages import make_passages
    from posenqa.search.embedder import load_embedder
    from posenqa.settings import default_settings
    from posenqa.store import passage_sentences

    sentences = corpus_sentences()
    work = Path(tempfile.mkdtemp(prefix="posenqa-library-bench-"))
    out: dict[str, Any] = {"papers": args.papers, "real_papers": args.real}
    try:
        files = []
        for n in range(max(args.papers, args.real)):
            file = work / "papers" / f"paper-{n:05d}.txt"
            file.parent.mkdir(parents=True, exist_ok=True)
            file.write_text(f"synthetic paper {n}\n", encoding="utf-8")
            files.append(file)

        # 1. Add throughput with the real model, beside embedding the same texts directly.
        model = load_embedder()
        settings = default_settings()
        texts: list[str] = []
        for n in range(args.real):
            passages = make_passages(synthetic_document(n, sentences, "0" * 64), settings.passages)
            texts += [p.searchable for p in passages]
            texts += [s for group in passage_sentences(passages) for s in group]
        add_s = build_library(work / "real", files[: args.real], model, sentences)
        embed_start = time.perf_counter()
        for start in range(0, len(texts), 256):
            model.encode(texts[start : start + 256])
        embed_s = time.perf_counter() - embed_start
        from posenqa.library.registry import read_library

        out["add_real"] = {
            "papers": args.real,
            "passages": sum(p.passages for p in read_library(work / "real")),
            "texts_embedded": len(texts),
            "add_s": round(add_s, 2),
            "embed_only_s": round(embed_s, 2),
            "ratio": round(add_s / embed_s, 2),
        }

        # 2. The big library with the hashing embedder.
        hasher = HashEmbedder()
        root = work / "big"
        add_s = build_library(root, files[: args.papers], hasher, sentences)

        total_passages = sum(p.passages for p in read_library(root))
        out["add_hash"] = {
            "papers": args.papers,
            "passages": total_passages,
            "add_s": round(add_s, 1),
            "passages_per_s": round(total_passages / add_s, 1),
        }

        # 3. Opening and querying it.
        reset_peak()
        before = rss_mb()
        start = time.perf_counter()
        from posenqa.answer import Engine

        def reopen(paper: Any) -> Engine:
            return Engine.open(paper, index_root=root, embedder=hasher)

        library = open_library(root, reopen, engine_factory(root, model=None, embedder=hasher))
        open_s = time.perf_counter() - start
        rng = random.Random(7)
        questions = [
            " ".join(rng.choice(sentences).split()[:12]) + "?" for _ in range(args.queries)
        ]
        latency: dict[str, Any] = {}
        for mode in ("bm25", "dense", "hybrid"):
            library.ask(questions[0], k=10, mode=mode, rerank=False)  # warm (dense index build)
            times = []
            for q in questions:
                t = time.perf_counter()
                library.ask(q, k=10, mode=mode, rerank=False)
                times.append(time.perf_counter() - t)
            lat = Latency.of(times)
            latency[mode] = {"p50_ms": round(lat.p50, 1), "p95_ms": round(lat.p95, 1)}
        model_times = []
        for q in questions:
            t = time.perf_counter()
            model.encode([q])
            model_times.append(time.perf_counter() - t)
        lat = Latency.of(model_times)
        latency["question_embedding_real_model"] = {
            "p50_ms": round(lat.p50, 1),
            "p95_ms": round(lat.p95, 1),
        }
        out["open_s"] = round(open_s, 1)
        out["latency"] = latency
        out["memory_mib"] = {
            "before_open": round(before, 0),
            "peak_open_and_query": round(peak_rss_mb(), 0),
            "resident_after": round(rss_mb(), 0),
        }
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(json.dumps(out, indent=2))
    if args.json:
        args.json.write_text(json.dumps(out, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
