"""Benchmarks of the product on the bundled paper, each beside its own baseline.

* warm ``Engine.ask`` latency per mode beside embedding the question alone;
* cold ``posenqa ask`` (a new process, index built; ONNX on the question path)
  beside a bare process that loads sentence-transformers and encodes one string
  (the floor of the torch question path before), with both processes' peak memory;
* ``Engine.load_dense`` on a built index (ONNX export verified and loaded, faiss read);
* ``posenqa --help`` / ``posenqa parse``: wall time, and whether torch,
  sentence-transformers, faiss or textual were imported (``-X importtime``);
* index build (``Engine.open`` into a fresh directory) beside embedding the
  same passages, and reopening the built index.

The embedder is whatever :func:`load_embedder` gives (the ONNX export when it
is installed); its name is printed with the figures.
"""

from __future__ import annotations

import json
import statistics
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
from timing import PYTHON, Latency, child_env, module_argv, python_argv, run, time_each, timed

from posenqa.answer import MODES, Engine
from posenqa.search.embedder import Embedder, default_model_path, load_embedder
from posenqa.settings import DEFAULT_SETTINGS
from posenqa.store import passage_sentences

ROOT = Path(__file__).resolve().parent.parent
PAPER = ROOT / "corpus" / "posen-2001-wp01-8.pdf"
GOLD = ROOT / "evals" / "gold.jsonl"
HEAVY = ("torch", "sentence_transformers", "faiss", "textual")
FALLBACK_QUESTIONS = (
    "When did Japan catch up with the United States?",
    "What happened to Japanese banks in the 1990s?",
    "Why did US pressure on Japan lose leverage?",
    "What is financial convergence?",
    "How did the yen dollar exchange rate move?",
)


class CountingEmbedder:
    """Wraps an embedder, adding up calls, texts and seconds spent encoding."""

    def __init__(self, inner: Embedder) -> None:
        self.inner = inner
        self.name, self.checksum, self.dim = inner.name, inner.checksum, inner.dim
        self.calls = self.texts = 0
        self.seconds = 0.0

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        start = time.perf_counter()
        out = self.inner.encode(texts)
        self.seconds += time.perf_counter() - start
        self.calls += 1
        self.texts += len(texts)
        return out

    def reset(self) -> None:
        self.calls = self.texts = 0
        self.seconds = 0.0


class CountingSpanEmbedder(CountingEmbedder):
    """A :class:`CountingEmbedder` that passes span pooling through (one-pass builds)."""

    def encode_spans(self, texts: Sequence[str], spans: Any) -> Any:
        start = time.perf_counter()
        out = self.inner.encode_spans(texts, spans)  # type: ignore[attr-defined]
        self.seconds += time.perf_counter() - start
        self.calls += 1
        self.texts += len(texts)
        return out


def counting(inner: Embedder) -> CountingEmbedder:
    """The counting wrapper that keeps what ``inner`` can do."""
    return (
        CountingSpanEmbedder(inner) if hasattr(inner, "encode_spans") else CountingEmbedder(inner)
    )


def questions(limit: int = 30) -> list[str]:
    """The first ``limit`` gold questions (all splits: only their wording is used), else a list."""
    if not GOLD.exists():
        return list(FALLBACK_QUESTIONS)
    rows = [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines() if line]
    return [r["question"] for r in rows if r.get("question")][:limit] or list(FALLBACK_QUESTIONS)


def warm_latency(
    engine: Engine, embedder: CountingEmbedder, qs: list[str], plain: Engine | None = None
) -> dict[str, Any]:
    """Per mode, without reranking: ask latency, the encode time inside it, and encoding
    the question alone.

    The baseline and the three modes are timed in turn for each question, so a
    change in machine load (other processes) hits all of them alike. ``plain``,
    when given, is the same index with best-sentence cosines switched off.
    """
    for mode in MODES:
        engine.ask(qs[0], mode=mode, rerank=False)  # warm-up: lazy loads, caches
    embedder.inner.encode([qs[0]])
    seconds: dict[str, list[float]] = {name: [] for name in ("embed", "plain", *MODES)}
    calls = dict.fromkeys(MODES, 0)
    texts = dict.fromkeys(MODES, 0)
    encoding = dict.fromkeys(MODES, 0.0)
    for q in qs:
        seconds["embed"] += time_each(lambda x: embedder.inner.encode([x]), [q])
        for mode in MODES:
            embedder.reset()
            seconds[mode] += time_each(
                lambda x, m=mode: engine.ask(x, k=5, mode=m, rerank=False), [q]
            )
            calls[mode] += embedder.calls
            texts[mode] += embedder.texts
            encoding[mode] += embedder.seconds
        if plain is not None:
            seconds["plain"] += time_each(
                lambda x: plain.ask(x, k=5, mode="hybrid", rerank=False), [q]
            )
    out: dict[str, Any] = {"questions": len(qs), "embed_question": Latency.of(seconds["embed"])}
    if plain is not None:
        out["hybrid_plain"] = Latency.of(seconds["plain"])
    for mode in MODES:
        out[mode] = Latency.of(seconds[mode])
        out[f"{mode}_encode_calls"] = calls[mode] / len(qs)
        out[f"{mode}_encode_texts"] = texts[mode] / len(qs)
        out[f"{mode}_encode_ms"] = encoding[mode] * 1000 / len(qs)
    return out


def build_and_reload(embedder: CountingEmbedder, repeats: int = 3) -> dict[str, Any]:
    """Median build time into fresh directories beside the median pure embedding time.

    The baselines let sentence-transformers batch as it does best (one call:
    it sorts by length, so little padding): the passages alone (the goal's
    denominator), and the passages plus every sentence the index also embeds.
    Build and baselines alternate, so load changes hit both.
    """
    builds, embeds, with_sentences, reopen, reopen_dense = [], [], [], [], []
    texts: list[str] = []
    sentences: list[str] = []
    for _ in range(repeats):
        with tempfile.TemporaryDirectory(prefix="posenqa-bench-") as tmp:
            seconds, engine = timed(
                lambda t=tmp: Engine.open(PAPER, index_root=t, embedder=embedder)
            )
            builds.append(seconds)
            texts = [p.searchable for p in engine.passages]
            sentences = [s for group in passage_sentences(engine.passages) for s in group]
            embeds.append(timed(lambda t=texts: embedder.inner.encode(t))[0])
            both = [*texts, *sentences]
            with_sentences.append(timed(lambda t=both: embedder.inner.encode(t))[0])
            for _ in range(3):
                seconds, again = timed(
                    lambda t=tmp: Engine.open(PAPER, index_root=t, embedder=embedder)
                )
                reopen.append(seconds)
                reopen_dense.append(seconds + timed(again.load_dense)[0])
    return {
        "passages": len(texts),
        "sentences": len(sentences),
        "build_s": statistics.median(builds),
        "embed_s": statistics.median(embeds),
        "embed_with_sentences_s": statistics.median(with_sentences),
        "reload_s": statistics.median(reopen),
        "reload_dense_s": statistics.median(reopen_dense),
        "builds_s": builds,
        "embeds_s": embeds,
    }


def cold_start(index_root: Path, question: str, repeats: int = 7) -> dict[str, Any]:
    """Median wall time of a cold ``posenqa ask`` vs a bare sentence-transformers process."""
    # Without reranking: the goal compares the embedder's question path with the
    # floor it replaces (a reranked ask also loads and runs the cross-encoder).
    ask = module_argv(
        "posenqa",
        ["ask", question, "--no-rerank", "--doc", str(PAPER), "--index-dir", str(index_root)],
    )
    bare = python_argv(
        "from sentence_transformers import SentenceTransformer; "
        f"m = SentenceTransformer({str(default_model_path())!r}, device='cpu'); m.encode(['x'])"
    )
    env = child_env()
    asks, bares, ask_mb, bare_mb = [], [], [], []
    for _ in range(repeats):  # interleaved, so drift in machine load hits both alike
        done = run(ask, env=env)
        if done.returncode != 0:
            raise RuntimeError(f"posenqa ask failed:\n{done.stderr[-2000:]}")
        asks.append(done.seconds)
        ask_mb.append(done.peak_mb)
        done = run(bare, env=env)
        if done.returncode != 0:
            raise RuntimeError(f"bare sentence-transformers failed:\n{done.stderr[-2000:]}")
        bares.append(done.seconds)
        bare_mb.append(done.peak_mb)
    return {
        "ask_s": statistics.median(asks),
        "bare_s": statistics.median(bares),
        "asks_s": asks,
        "bares_s": bares,
        "ask_peak_mb": statistics.median(ask_mb),
        "bare_peak_mb": statistics.median(bare_mb),
    }


def dense_load(index_root: Path, repeats: int = 5) -> dict[str, Any]:
    """Median ``Engine.load_dense`` on a built index: the embedder loaded as a question would."""
    seconds = []
    for _ in range(repeats):
        engine = Engine.open(PAPER, index_root=index_root)
        seconds.append(timed(engine.load_dense)[0])
    return {"load_dense_s": statistics.median(seconds), "load_dense_all_s": seconds}


def light_commands(repeats: int = 3) -> dict[str, Any]:
    """Wall time of ``posenqa --help`` and ``posenqa parse`` and the heavy modules they import."""
    out: dict[str, Any] = {}
    for label, args in (("help", ["--help"]), ("parse", ["parse", str(PAPER)])):
        argv = [PYTHON, "-X", "importtime", "-m", "posenqa", *args]
        runs = [run(argv, env=child_env()) for _ in range(repeats)]
        if any(r.returncode != 0 for r in runs):
            raise RuntimeError(f"posenqa {label} failed:\n{runs[0].stderr[-2000:]}")
        imported = {
            line.split("|")[-1].strip().split(".")[0]
            for line in runs[0].stderr.splitlines()
            if line.startswith("import time:") and "|" in line
        }
        out[label] = {
            "s": statistics.median(r.seconds for r in runs),
            "heavy_imported": sorted(m for m in HEAVY if m in imported),
        }
    return out


def run_product(log: Any = print) -> dict[str, Any]:
    """All product benchmarks in this process (plus the subprocesses for cold starts)."""
    results: dict[str, Any] = {}
    log("[product] light commands (--help, parse)")
    results["light"] = light_commands()
    seconds, inner = timed(load_embedder)
    results["model_load_s"] = seconds
    results["embedder"] = f"{inner.name} on {getattr(inner, 'runtime', type(inner).__name__)}"
    embedder = counting(inner)
    inner.encode(["warm-up"])
    log("[product] build and reload")
    results["build"] = build_and_reload(embedder)
    with tempfile.TemporaryDirectory(prefix="posenqa-bench-") as tmp:
        engine = Engine.open(PAPER, index_root=tmp, embedder=embedder)
        engine.load_dense()
        plain = Engine.open(
            PAPER,
            index_root=tmp,
            embedder=embedder,
            settings=DEFAULT_SETTINGS.with_retrieval(best_sentence_dense=False),
        )
        plain.load_dense()
        qs = questions()
        log(f"[product] warm latency over {len(qs)} questions")
        results["warm"] = warm_latency(engine, embedder, qs, plain)
        log("[product] Engine.load_dense on the built index")
        results["dense_load"] = dense_load(Path(tmp))
        log("[product] cold posenqa ask")
        results["cold"] = cold_start(Path(tmp), qs[0])
    return results


def table(r: dict[str, Any]) -> str:
    """The product figures as text, each beside its baseline and the goal."""
    w, b, c, light = r["warm"], r["build"], r["cold"], r["light"]
    embed = w["embed_question"]
    lines = [
        f"warm query latency, {w['questions']} questions (ms)    p50      p95  p50 ratio   goal",
        _row("embed the question alone", f"{embed.p50:9.2f}{embed.p95:9.2f}"),
    ]
    for mode in MODES:
        lat, goal = w[mode], "" if mode == "bm25" else "<= 1.3x"
        figures = f"{lat.p50:9.2f}{lat.p95:9.2f}{lat.p50 / embed.p50:10.2f}x   {goal}"
        lines.append(_row(f"ask --mode {mode}", figures))
        if w[f"{mode}_encode_calls"]:
            lines.append(
                f"      inside: {w[f'{mode}_encode_calls']:.1f} encode calls of "
                f"{w[f'{mode}_encode_texts']:.1f} texts, {w[f'{mode}_encode_ms']:.1f} ms per ask"
            )
    if "hybrid_plain" in w:
        lat = w["hybrid_plain"]
        figures = f"{lat.p50:9.2f}{lat.p95:9.2f}{lat.p50 / embed.p50:10.2f}x"
        lines.append(_row("ask --mode hybrid, no sentence cosines", figures))
    asks = c["asks_s"]
    lines += [
        "",
        f"cold start (median of {len(asks)}; s)",
        _row("bare SentenceTransformer load + encode", f"{c['bare_s']:9.2f}"),
        _row(
            "posenqa ask (hybrid, --no-rerank, built)",
            f"{c['ask_s']:9.2f}{c['ask_s'] / c['bare_s']:18.2f}x   <= 0.25x",
        ),
    ]
    if "ask_peak_mb" in c:
        lines += [
            _row("  peak memory, bare SentenceTransformer", f"{c['bare_peak_mb']:9.0f} MB"),
            _row(
                "  peak memory, posenqa ask",
                f"{c['ask_peak_mb']:9.0f} MB{c['ask_peak_mb'] / c['bare_peak_mb']:15.2f}x",
            ),
        ]
    if "dense_load" in r:
        d = r["dense_load"]
        n = len(d["load_dense_all_s"])
        lines.append(_row(f"Engine.load_dense, built (median of {n})", f"{d['load_dense_s']:9.2f}"))
    for label in ("help", "parse"):
        heavy = ", ".join(light[label]["heavy_imported"]) or "none"
        command = "posenqa --help" if label == "help" else "posenqa parse <paper>"
        lines.append(_row(command, f"{light[label]['s']:9.2f}   heavy imports: {heavy}"))
    lines += [
        "",
        f"index of {b['passages']} passages (s; {r.get('embedder', 'model')} loaded "
        f"beforehand in {r['model_load_s']:.2f} s)",
        _row("embed the passages alone (one call)", f"{b['embed_s']:9.2f}"),
        _row(
            "build (Engine.open, fresh dir)",
            f"{b['build_s']:9.2f}{b['build_s'] / b['embed_s']:18.2f}x   <= 1.2x",
        ),
        _row(
            f"embed passages + {b['sentences']} sentences",
            f"{b['embed_with_sentences_s']:9.2f}"
            f"{b['build_s'] / b['embed_with_sentences_s']:18.2f}x   (build / this)",
        ),
        _row(
            "reload (Engine.open, built)",
            f"{b['reload_s']:9.3f}{b['reload_s'] / b['build_s']:18.3f}x   <= 0.05x of a build",
        ),
        _row(
            "reload + load_dense (faiss read)",
            f"{b['reload_dense_s']:9.3f}{b['reload_dense_s'] / b['build_s']:18.3f}x",
        ),
    ]
    return "\n".join(lines)


def _row(label: str, figures: str) -> str:
    return f"  {label:<40}{figures}"
