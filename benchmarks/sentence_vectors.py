"""Sentence vectors pooled from the passage pass vs a second pass: cost and best-sentence quality.

Builds the bundled paper's index twice with the same ONNX model: once as
``posenqa build`` does (each sentence's vector pooled from its tokens in the
passage's model pass) and once encoding every sentence on its own (a second
pass). Then asks every gold question (hybrid, k=10) of both and scores the
best sentence of the first result that holds the evidence: it *holds the
evidence* when at least half of the evidence's words are in it. Dev and test
halves are reported apart (choose on dev, report on test).

    HF_HUB_OFFLINE=1 .venv/bin/python benchmarks/sentence_vectors.py [--repeats 3]
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from posenqa.answer import Engine
from posenqa.evaluation.matching import evidence_matches, normalize
from posenqa.search.embedder import Embedder, load_embedder

ROOT = Path(__file__).resolve().parent.parent
PAPER = ROOT / "corpus" / "posen-2001-wp01-8.pdf"
GOLD = ROOT / "evals" / "gold.jsonl"
_WORD = re.compile(r"\w+")


class SecondPass:
    """The same embedder without span pooling: the build encodes sentences on their own."""

    def __init__(self, inner: Embedder) -> None:
        self.inner = inner
        self.name, self.checksum, self.dim = inner.name, inner.checksum, inner.dim
        self.runtime = getattr(inner, "runtime", "")

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        return self.inner.encode(texts)


def holds_evidence(sentence: str, evidence: Sequence[str]) -> bool:
    """At least half the words of some evidence string are in ``sentence``."""
    have = set(_WORD.findall(normalize(sentence)))
    for item in evidence:
        words = set(_WORD.findall(normalize(item)))
        if words and len(words & have) >= len(words) / 2:
            return True
    return False


def best_sentence_scores(engine: Engine, gold: list[dict[str, Any]]) -> dict[str, list[bool]]:
    """Per split: for each question answered in the top 10, whether its best sentence is right."""
    out: dict[str, list[bool]] = {"dev": [], "test": []}
    for row in gold:
        if not row.get("evidence"):
            continue
        answer = engine.ask(row["question"], k=10, mode="hybrid")
        for hit in answer.hits:
            if evidence_matches(row["evidence"], hit.passage.text):
                out[row["split"]].append(holds_evidence(hit.best_sentence, row["evidence"]))
                break
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3, help="builds of each kind (median)")
    args = parser.parse_args(argv)
    gold = [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines() if line]
    embedder = load_embedder()
    embedder.encode(["warm-up"])
    times: dict[str, list[float]] = {"embed": [], "pooled": [], "second": []}
    scores: dict[str, dict[str, list[bool]]] = {}
    for _ in range(args.repeats):  # interleaved, so load changes hit all three alike
        for label, used in (("pooled", embedder), ("second", SecondPass(embedder))):
            with tempfile.TemporaryDirectory(prefix="posenqa-sv-") as tmp:
                start = time.perf_counter()
                engine = Engine.open(PAPER, index_root=tmp, embedder=used)
                times[label].append(time.perf_counter() - start)
                if label not in scores:
                    scores[label] = best_sentence_scores(engine, gold)
        texts = [p.searchable for p in engine.passages]
        start = time.perf_counter()
        embedder.encode(texts)
        times["embed"].append(time.perf_counter() - start)
    embed = statistics.median(times["embed"])
    print(f"builds of the bundled paper, median of {args.repeats} (s)")
    print(f"  embed the passages alone           {embed:7.2f}")
    for label, text in (
        ("pooled", "build, sentences pooled (one pass)"),
        ("second", "build, sentences encoded (two)"),
    ):
        t = statistics.median(times[label])
        print(f"  {text:<35}{t:7.2f}  {t / embed:5.2f}x")
    print("best sentence holds the evidence (first evidence-holding hit in the top 10, hybrid)")
    for split in ("dev", "test"):
        line = f"  {split:<5}"
        for label in ("pooled", "second"):
            flags = scores[label][split]
            line += f"  {label} {sum(flags)}/{len(flags)} = {sum(flags) / max(len(flags), 1):.3f}"
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
