"""Choose how the reranker reorders the first stage, on the dev half, in seconds per variant.

    python evals/rerank_sweep.py --titles        # scores what is not cached yet; tables
    python evals/rerank_sweep.py --cached-only   # the tables again from the cache, no model
    python evals/rerank_sweep.py --cached-only --split test --only "interp w=0.5"  # a record

The expensive part is done once per question and cached (``--cache``, under /tmp by
default): every passage's BM25 score, dense cosine and best-sentence cosine, which
passages answer the question (the gold matching rule), and the cross-encoder's logit
for every passage any variant below can put in front of it. A variant is then a pure
re-ordering of cached numbers through the pipeline's own functions
(:mod:`posenqa.pipeline.fuse`, :mod:`posenqa.pipeline.rerank`), so the tables are
what ``Engine.ask`` returned with those settings before the note rules of 2026-12-01:
the sweep reads every passage's indexed text and moves no note
(``RerankSettings.note_context`` and ``source_notes_first``). ``evals/rerank_ab.py``
measures settings through ``Engine.ask`` itself, every rule included.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from posenqa.evaluation.gold import GoldQuestion, load_gold, select_split  # noqa: E402
from posenqa.evaluation.metrics import hit_rank  # noqa: E402
from posenqa.pipeline.fuse import order  # noqa: E402
from posenqa.pipeline.rerank import candidate_pool, combine, reread, sentence_windows  # noqa: E402
from posenqa.pipeline.retrieve import sentence_scores  # noqa: E402
from posenqa.search.diversify import diversify  # noqa: E402
from posenqa.search.fusion import reciprocal_rank_fusion  # noqa: E402
from posenqa.store import passage_sentences  # noqa: E402


@dataclass(frozen=True)
class Variant:
    """One way to rank: the first stage's rankers, the pool, and how logits combine."""

    name: str
    rankers: tuple[str, ...] = ("bm25", "dense")
    depth: int = 20
    dense_extra: int = 0
    sentence_extra: int = 0
    rerank: bool = True
    method: str = "replace"
    weight: float = 1.0
    text: str = "plain"
    """``plain`` (the indexed text) or ``title`` (section title in front)."""
    siblings: bool = False
    """Extras may be another window of a block already in the pool; the final order is
    then diversified after reranking, so the cross-encoder picks the block's window."""
    mix_with: str = "fused"
    """What ``interp`` mixes the logit with: the ``fused`` first-stage score, or the
    ``dense`` or ``sentence`` cosine."""
    sentence_ce: str = ""
    """``max`` or ``mean`` of the passage's logit and its best sentence's (by cosine) logit."""
    reread: int = 0
    """The reranked order's first this many are reread window by window
    (``RerankSettings.window_top``, :func:`posenqa.pipeline.rerank.reread`)."""
    window: int = 2
    """Sentences per window of that reread (``RerankSettings.window_sentences``)."""
    reread_with: str = "mean"
    """How a reread passage's logit and its best window's combine: ``mean`` (shipped),
    ``max``, or ``only`` (the best window's logit alone)."""


def first_stage(item: dict[str, Any], rankers: tuple[str, ...]) -> dict[str, float]:
    runs = [item[name] for name in rankers]
    return runs[0] if len(runs) == 1 else reciprocal_rank_fusion(runs, k=60)


def pool_of(
    item: dict[str, Any], blocks: dict[str, list[str]], v: Variant
) -> tuple[dict[str, float], list[str], list[str]]:
    """The first-stage scores, the first-stage order, and the pool the cross-encoder reads."""
    fused = first_stage(item, v.rankers)
    ranked = order(fused, blocks, max(10, v.depth))
    if not v.rerank:
        return fused, ranked, []
    dense = order(item["dense"], blocks) if v.dense_extra else []
    pool = candidate_pool(
        ranked, new_blocks(dense, ranked[: v.depth], blocks, v), v.depth, v.dense_extra
    )
    if v.sentence_extra:
        sent = new_blocks(order(item["sentence"], blocks), pool, blocks, v)
        pool = candidate_pool(pool, sent, len(pool), v.sentence_extra)
    return fused, ranked, pool


def new_blocks(
    extra: list[str], pool: list[str], blocks: dict[str, list[str]], v: Variant
) -> list[str]:
    """``extra`` as it may join ``pool``: all of it with ``siblings``, else only passages
    sharing no block with the pool (the variant that diversifies before reranking)."""
    if v.siblings:
        return extra
    seen = {b for i in pool for b in blocks.get(i, ())}
    return [i for i in extra if not seen & set(blocks.get(i, ()))]


def ranking(item: dict[str, Any], blocks: dict[str, list[str]], v: Variant) -> list[str]:
    """The top 10 of ``item`` under ``v`` (``Engine.ask``'s steps, on cached numbers)."""
    fused, ranked, pool = pool_of(item, blocks, v)
    if not v.rerank:
        return ranked[:10]
    logits = item["logits"] if v.text == "plain" else item["title_logits"]
    read = [logits[i] for i in pool]
    if v.sentence_ce:
        best = [item["sentence_logits"][i] for i in pool]
        both = zip(read, best, strict=True)
        read = [max(a, b) if v.sentence_ce == "max" else (a + b) / 2 for a, b in both]
    other = fused if v.mix_with == "fused" else item[v.mix_with]
    first = [other.get(i, 0.0) for i in pool]
    pairs = combine(pool, read, first, v.method, v.weight)
    if v.reread:
        logit_of = dict(zip(pool, read, strict=True))
        head = [i for i, _ in pairs[: v.reread]]
        best = [max(item[f"win{v.window}"][i]) for i in head]
        # ``reread`` orders by the mean (logit + window) / 2; the other rows are that
        # mean of a window value chosen to give max(logit, best) or best alone.
        if v.reread_with == "max":
            best = [2 * max(logit_of[i], b) - logit_of[i] for i, b in zip(head, best, strict=True)]
        elif v.reread_with == "only":
            best = [2 * b - logit_of[i] for i, b in zip(head, best, strict=True)]
        pairs = reread(pairs, [logit_of[i] for i in head], best)
    rest = [i for i in ranked if i not in set(pool)]
    final = [i for i, _ in pairs] + rest
    return (diversify(final, blocks) if v.siblings else final)[:10]


def scores(questions: list[GoldQuestion], data: dict[str, Any], v: Variant) -> dict[str, float]:
    ranks: dict[str, list[int | None]] = {}
    for q in questions:
        if not q.answerable:
            continue
        item = data["questions"][q.id]
        answers = set(item["answers"])
        top = ranking(item, data["blocks"], v)
        rank = next((n for n, i in enumerate(top, start=1) if i in answers), None)
        for kind in ("all", q.kind):
            ranks.setdefault(kind, []).append(rank)

    def r_at(kind: str, k: int) -> float:
        got = ranks.get(kind, [])
        return sum(1 for r in got if r is not None and r <= k) / max(len(got), 1)

    return {
        "R@1": r_at("all", 1),
        "R@5": r_at("all", 5),
        "R@10": r_at("all", 10),
        "MRR@10": sum(1 / r for r in ranks["all"] if r is not None) / len(ranks["all"]),
        "fact R@1": r_at("fact", 1),
        "concept R@1": r_at("concept", 1),
        "para R@1": r_at("paraphrase", 1),
        "para R@5": r_at("paraphrase", 5),
        "note@3": r_at("citation", 3),
    }


# -- collecting (the only part that runs models) ----------------------------------


def collect(questions: list[GoldQuestion], cache: Path, paper: str, titles: bool) -> dict:
    from posenqa.answer import Engine

    data: dict[str, Any] = json.loads(cache.read_text()) if cache.exists() else {}
    engine = Engine.open(paper, index_root=ROOT / "index", log=print)
    scorer = engine.load_reranker()
    if scorer is None:
        raise SystemExit(f"no reranker: {engine.reranker_error}")
    passages = engine.passages
    data.setdefault("blocks", {p.id: list(p.block_ids) for p in passages})
    store = data.setdefault("questions", {})
    embedder, dense = engine._dense_parts()  # the script reads the engine's own index
    rows = [engine._sentence_rows[p.id] for p in passages]
    sentences = {p.id: x for p, x in zip(passages, passage_sentences(passages), strict=True)}
    records = [
        {"id": p.id, "kind": p.kind, "number": p.number, "notes": list(p.notes), "text": p.text}
        for p in passages
    ]
    for n, q in enumerate(questions, start=1):
        item = store.get(q.id)
        if item is None:
            qv = embedder.encode([q.question])[0]
            ids = [p.id for p in passages]
            bm25 = engine._keyword_scores(q.question)
            values, positions = dense.search(qv, None)
            cos = {ids[int(j)]: float(v) for v, j in zip(values, positions, strict=True)}
            sent = sentence_scores(qv, engine._stored.sentence_embeddings, rows)
            item = {
                "bm25": {i: float(s) for i, s in zip(ids, bm25, strict=True) if s > 0},
                "dense": cos,
                "sentence": {i: float(s) for i, s in zip(ids, sent, strict=True)},
                "answers": [r["id"] for r in records if q.answerable and hit_rank(q, [r])],
                "logits": {},
            }
            store[q.id] = item
        for text, key in (("plain", "logits"), ("title", "title_logits")):
            if text == "title" and not titles:
                continue
            got = item.setdefault(key, {})
            wanted = [
                i
                for v in variants(titles)
                if v.text == text
                for i in pool_of(item, data["blocks"], v)[2]
            ]
            todo = [i for i in dict.fromkeys(wanted) if i not in got]
            texts = [_indexed(engine.passage(i), text) for i in todo]
            got.update(zip(todo, scorer.scores(q.question, texts), strict=True))
        wanted = [
            i
            for v in variants(titles)
            if v.sentence_ce
            for i in pool_of(item, data["blocks"], v)[2]
        ]
        got = item.setdefault("sentence_logits", {})
        todo = [i for i in dict.fromkeys(wanted) if i not in got]
        if todo:
            qv = embedder.encode([q.question])[0]
            best = []
            for i in todo:
                a, b = engine._sentence_rows[i]
                cosines = engine._stored.sentence_embeddings[a:b] @ qv
                best.append(sentences[i][int(cosines.argmax())])
            got.update(zip(todo, scorer.scores(q.question, best), strict=True))
        for size in sorted({v.window for v in variants(titles) if v.reread}):
            got = item.setdefault(f"win{size}", {})
            wanted = [
                i for v in variants(titles) if v.reread for i in pool_of(item, data["blocks"], v)[2]
            ]
            for i in dict.fromkeys(wanted):
                if i not in got:
                    p = engine.passage(i)
                    got[i] = scorer.scores(
                        q.question, sentence_windows(sentences[i], size, p.searchable)
                    )
        if n % 20 == 0:
            print(f"  {n}/{len(questions)}", file=sys.stderr)
            cache.write_text(json.dumps(data))
    cache.write_text(json.dumps(data))
    return data


def _indexed(passage: Any, text: str) -> str:
    """What the cross-encoder reads: the indexed text, with the section title in front."""
    title = passage.section_title.strip()
    return f"{title}. {passage.searchable}" if title and text == "title" else passage.searchable


# -- the tables -------------------------------------------------------------------


def variants(titles: bool) -> list[Variant]:
    base = Variant("replace d20 (shipped)")
    out = [Variant("no rerank", rerank=False), base]
    out += [replace(base, name=f"replace d{d}", depth=d) for d in (10, 15, 30)]
    for w in (0.3, 0.5, 0.6, 0.7, 0.8, 0.9):
        out.append(replace(base, name=f"interp w={w}", method="interp", weight=w))
    for w in (0.5, 0.6, 0.7, 0.8):
        out.append(replace(base, name=f"rank-rrf w={w}", method="rrf", weight=w))
    out += [
        Variant("no rerank, +sentence ranker", rankers=("bm25", "dense", "sentence"), rerank=False),
        Variant("no rerank, dense+sentence", rankers=("dense", "sentence"), rerank=False),
        Variant("replace d20, +sentence ranker", rankers=("bm25", "dense", "sentence")),
        replace(base, name="replace d20 +3 dense", dense_extra=3),
        replace(base, name="replace d20 +5 sentence", sentence_extra=5),
        replace(base, name="replace d20 +3 dense +3 sentence", dense_extra=3, sentence_extra=3),
    ]
    for w in (0.5, 0.7, 0.8):
        out.append(
            Variant(
                f"interp w={w}, +sentence ranker",
                rankers=("bm25", "dense", "sentence"),
                method="interp",
                weight=w,
            )
        )
        out.append(
            replace(
                base, name=f"interp w={w} +5 sentence", method="interp", weight=w, sentence_extra=5
            )
        )
    for extra in (3, 8, 10, 15):
        out.append(replace(base, name=f"replace d20 +{extra} sentence", sentence_extra=extra))
    for d, extras in ((5, (5, 10)), (10, (3, 5, 8, 10)), (15, (5, 10))):
        for extra in extras:
            out.append(
                replace(base, name=f"replace d{d} +{extra} sentence", depth=d, sentence_extra=extra)
            )
    out.append(
        Variant(
            "replace d20 +5 sentence, +sentence ranker",
            rankers=("bm25", "dense", "sentence"),
            sentence_extra=5,
        )
    )
    out.append(
        Variant(
            "replace d10 +5 sentence, +sentence ranker",
            rankers=("bm25", "dense", "sentence"),
            depth=10,
            sentence_extra=5,
        )
    )
    for d, extra in ((10, 5), (10, 10), (15, 5), (20, 5), (20, 10)):
        out.append(
            replace(
                base,
                name=f"replace d{d} +{extra} sentence, siblings",
                depth=d,
                sentence_extra=extra,
                siblings=True,
            )
        )
    chosen = replace(base, depth=10, sentence_extra=5, siblings=True)
    out.append(replace(chosen, name="replace d10 +5 sentence +3 dense, siblings", dense_extra=3))
    out.append(
        replace(
            chosen,
            name="replace d10 +5 sentence, siblings, +sentence ranker",
            rankers=("bm25", "dense", "sentence"),
        )
    )
    for w in (0.8, 0.9):
        out.append(
            replace(
                chosen, name=f"interp w={w} d10 +5 sentence, siblings", method="interp", weight=w
            )
        )
    for mix in ("dense", "sentence"):
        for w in (0.5, 0.7, 0.8, 0.9):
            out.append(
                replace(
                    chosen,
                    name=f"interp w={w} with {mix} cosine, d10 +5 sentence, siblings",
                    method="interp",
                    weight=w,
                    mix_with=mix,
                )
            )
    for k in (2, 3, 5, 8, 10, 15):
        out.append(replace(chosen, name=f"reread top {k}, 2-sentence windows, mean", reread=k))
    for size, how, k in (
        (1, "mean", 3),
        (1, "mean", 5),
        (2, "max", 5),
        (2, "only", 5),
        (3, "mean", 3),
        (3, "mean", 5),
        (3, "max", 5),
    ):
        out.append(
            replace(
                chosen,
                name=f"reread top {k}, {size}-sentence windows, {how}",
                reread=k,
                window=size,
                reread_with=how,
            )
        )
    for name, rankers in (("bm25", ("bm25",)), ("dense", ("dense",))):
        out.append(Variant(f"{name}: no rerank", rankers=rankers, rerank=False))
        for d in (10, 20):
            out.append(Variant(f"{name}: replace d{d}", rankers=rankers, depth=d))
        if name == "dense":
            out.append(
                Variant(
                    f"{name}: replace d10 +5 sentence, siblings",
                    rankers=rankers,
                    depth=10,
                    sentence_extra=5,
                    siblings=True,
                )
            )
    for how in ("max", "mean"):
        out.append(
            replace(
                base,
                name=f"replace d10 +5 sentence, {how} with best sentence",
                depth=10,
                sentence_extra=5,
                sentence_ce=how,
            )
        )
        out.append(replace(base, name=f"replace d20, {how} with best sentence", sentence_ce=how))
        out.append(
            replace(
                base,
                name=f"replace d20 +5 sentence, {how} with best sentence",
                sentence_extra=5,
                sentence_ce=how,
            )
        )
    if titles:
        out.append(
            replace(
                base, name="replace d20 +5 sentence, title in front", text="title", sentence_extra=5
            )
        )
        out.append(replace(base, name="replace d20, title in front", text="title"))
        out.append(
            replace(
                base, name="interp w=0.7, title in front", text="title", method="interp", weight=0.7
            )
        )
    return out


def table(questions: list[GoldQuestion], data: dict, chosen: list[Variant]) -> str:
    names = list(scores(questions, data, chosen[0]))
    lines = ["| variant | " + " | ".join(names) + " |", "|---|" + "---:|" * len(names)]
    for v in chosen:
        values = scores(questions, data, v)
        lines.append(f"| {v.name} | " + " | ".join(f"{x:.3f}" for x in values.values()) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None, out: Callable[[str], None] = print) -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cache", type=Path, default=Path("/tmp/posenqa-rerank-sweep.json"))
    parser.add_argument("--paper", default=str(ROOT / "corpus" / "posen-2001-wp01-8.pdf"))
    parser.add_argument("--split", default="dev", choices=("dev", "test"))
    parser.add_argument("--only", action="append", help="variant names to show (default: all)")
    parser.add_argument("--titles", action="store_true", help="also score with section titles")
    parser.add_argument("--cached-only", action="store_true", help="no model call")
    args = parser.parse_args(argv)
    questions = list(load_gold(ROOT / "evals" / "gold.jsonl"))
    questions = [q for q in select_split(questions, args.split) if q.answerable]
    if args.cached_only:
        data = json.loads(args.cache.read_text())
    else:  # ranking is scored on answerable questions only: only they are read
        data = collect(questions, args.cache, args.paper, args.titles)
    titled = all("title_logits" in data["questions"][q.id] for q in questions)
    chosen = [v for v in variants(titled) if not args.only or v.name in args.only]
    out(f"{args.split} half\n\n" + table(questions, data, chosen))


if __name__ == "__main__":
    main()
