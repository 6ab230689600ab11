"""Choose the shipped settings by measurement: one factor at a time, on the dev half.

    python evals/sweep.py [--split dev]
    python evals/sweep.py --split test --confirm '{}'
    python evals/sweep.py --split test --confirm '{"retrieval": {"diversify": false}}'

The sweep starts from the current defaults (``posenqa.settings.DEFAULT_SETTINGS``)
and changes one thing at a time:

- query time (one index, no rebuild): RRF with several ``rrf_k``, weighted
  fusion with several dense weights, diversification off;
- index time (one index per variant, under ``index/sweep-*``): passage size,
  then the overlap at the winning size, the stemmer, a note's citing sentence
  in its passage, note bodies in the citing passage, the front matter.

A factor's winner is the variant with the best hybrid MRR@10 that beats the
default by at least ``--margin`` without losing hybrid R@10; otherwise the
default stays. The winners are then combined once and measured again. The
table is printed as Markdown, ready for ``evals/README.md``.

The full sweep only runs on dev: choosing on test would make its numbers
meaningless. ``--confirm SETTINGS`` scores the defaults and one given setting
(the dev winners; ``{}`` for the defaults alone) on any split, for the record.

Question and passage vectors are cached by text across variants, so a
rebuild embeds only the texts it has not seen; batch and single encodings of
one text agree to float rounding, which cannot move a ranking here.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

from posenqa.errors import PosenqaError
from posenqa.evaluation import (
    GoldQuestion,
    ModeScores,
    load_gold,
    run_questions,
    score_mode,
    select_split,
)
from posenqa.evaluation.metrics import hit_rank
from posenqa.settings import DEFAULT_SETTINGS, Settings

ROOT = Path(__file__).resolve().parent.parent
ALL_MODES = ("hybrid", "bm25", "dense")
MARGIN = 0.01
"""Hybrid MRR@10 a variant must gain to replace a default (one dev question moving
from rank 1 to 2 costs about 0.0075)."""


@dataclass(frozen=True, slots=True)
class Row:
    """One variant's scores; ``bm25``/``dense`` are None when the variant cannot change them."""

    variant: str
    hybrid: ModeScores
    bm25: ModeScores | None
    dense: ModeScores | None
    passages: int
    seconds: float
    ranks: tuple[int | None, ...]
    """Hybrid first-hit rank of each answerable question, in gold order (None: not in top k)."""

    @property
    def mrr(self) -> float:
        """Hybrid MRR@10."""
        return self.hybrid.overall["MRR@10"] or 0.0

    @property
    def r10(self) -> float:
        """Hybrid R@10."""
        return self.hybrid.overall["R@10"] or 0.0

    def better_worse(self, other: Row) -> tuple[int, int]:
        """How many questions this row ranks higher, and lower, than ``other`` (hybrid)."""
        better = worse = 0
        for mine, theirs in zip(self.ranks, other.ranks, strict=True):
            a, b = mine or 10**6, theirs or 10**6
            better += a < b
            worse += a > b
        return better, worse


class CachingEmbedder:
    """An embedder that remembers every text's vector, so variants share the work."""

    def __init__(self, inner: Any) -> None:
        self._inner = inner
        self.name: str = inner.name
        self.checksum: str = inner.checksum
        self.dim: int = inner.dim
        self._cache: dict[str, Any] = {}

    def encode(self, texts: Sequence[str]) -> Any:
        """Vectors of ``texts``, encoding only the ones not seen before."""
        import numpy as np

        new = list(dict.fromkeys(t for t in texts if t not in self._cache))
        if new:
            for text, vector in zip(new, self._inner.encode(new), strict=True):
                self._cache[text] = vector
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return np.stack([self._cache[t] for t in texts]).astype(np.float32)


# -- settings and their indexes -------------------------------------------------


def index_changes(settings: Settings) -> dict[str, Any]:
    """The index settings that differ from the defaults, as ``{"group.key": value}``."""
    base = DEFAULT_SETTINGS.index_dict()
    return {
        f"{group}.{key}": value
        for group, values in settings.index_dict().items()
        for key, value in values.items()
        if base[group][key] != value
    }


def root_for(base: Path, settings: Settings) -> Path:
    """One index root per index setting, so variants with equal settings share a build."""
    changes = index_changes(settings)
    if not changes:
        return base / "sweep-default"
    parts = [f"{key.split('.', 1)[1]}-{_short(value)}" for key, value in sorted(changes.items())]
    return base / ("sweep-" + "+".join(parts))


def _short(value: Any) -> str:
    if isinstance(value, bool):
        return "on" if value else "off"
    return str(value)


def with_index(settings: Settings, group: str, **changes: Any) -> Settings:
    """A copy with some passage or tokenizer settings changed."""
    return replace(settings, **{group: replace(getattr(settings, group), **changes)})


def merge(settings: Settings, data: dict[str, Any]) -> Settings:
    """``settings`` with a partial :meth:`Settings.to_dict` mapping laid over it."""
    full = settings.to_dict()
    for group, values in data.items():
        if group not in full or not isinstance(values, dict):
            raise PosenqaError(f"--confirm: unknown settings group {group!r}")
        full[group] = {**full[group], **values}
    return Settings.from_dict(full)


# -- measuring --------------------------------------------------------------------


class Sweep:
    """Opens engines (one per index setting) and scores variants on a set of questions."""

    def __init__(
        self,
        paper: Path,
        questions: Sequence[GoldQuestion],
        index_base: Path,
        k: int,
        log: Callable[[str], None],
    ) -> None:
        from posenqa.search.embedder import load_embedder

        self.paper = paper
        self.questions = questions
        self.index_base = index_base
        self.k = k
        self.log = log
        self.embedder = CachingEmbedder(load_embedder(None, index_base / "model-checksums.json"))
        self._engines: dict[Path, Any] = {}

    def engine(self, settings: Settings) -> Any:
        """The engine for these index settings, built under its own root when needed."""
        from posenqa.answer import Engine

        root = root_for(self.index_base, settings)
        if root not in self._engines:
            start = time.perf_counter()
            self._engines[root] = Engine.open(
                self.paper, index_root=root, embedder=self.embedder, settings=settings, log=self.log
            )
            self.log(f"{root.name}: ready in {time.perf_counter() - start:.1f} s")
        return self._engines[root]

    def measure(self, name: str, settings: Settings, modes: Sequence[str] = ALL_MODES) -> Row:
        """Score ``settings`` in ``modes`` (hybrid always), reusing an index when it fits."""
        engine = self.engine(settings)
        # Query-time settings are read on every ask, so one engine serves them all.
        engine.settings = settings
        start = time.perf_counter()
        scores: dict[str, ModeScores] = {}
        ranks: tuple[int | None, ...] = ()
        for mode in ("hybrid", *[m for m in modes if m != "hybrid"]):
            records = run_questions(engine, self.questions, mode=mode, k=self.k, warm_up=False)
            scores[mode] = score_mode(self.questions, records)
            if mode == "hybrid":
                by_id = {r["id"]: r["results"] for r in records}
                ranks = tuple(hit_rank(q, by_id[q.id]) for q in self.questions if q.answerable)
        row = Row(
            variant=name,
            hybrid=scores["hybrid"],
            bm25=scores.get("bm25"),
            dense=scores.get("dense"),
            passages=len(engine.passages),
            seconds=time.perf_counter() - start,
            ranks=ranks,
        )
        self.log(f"{name}: hybrid MRR@10 {row.mrr:.3f}, R@10 {row.r10:.3f} ({row.seconds:.1f} s)")
        return row


def winner(default: Row, candidates: Sequence[tuple[Row, Settings]], margin: float) -> Any:
    """The candidate with the best hybrid MRR@10 that beats ``default`` by ``margin``
    without losing R@10, as ``(row, settings)``; None when the default stands."""
    fair = [c for c in candidates if c[0].r10 >= default.r10 and c[0].mrr >= default.mrr + margin]
    return max(fair, key=lambda c: c[0].mrr, default=None)


def sweep(s: Sweep, margin: float) -> tuple[list[Row], Settings]:
    """Run every variant one factor at a time, then the winners combined.

    Returns the rows in order and the combined settings.
    """
    base = DEFAULT_SETTINGS
    default = s.measure("default", base)
    rows = [default]
    chosen = base

    def run(
        name: str, settings: Settings, modes: Sequence[str] = ALL_MODES
    ) -> tuple[Row, Settings]:
        row = s.measure(name, settings, modes)
        rows.append(row)
        return row, settings

    # Query time: fusion (one factor, both methods), then diversification.
    fusion = [
        run(f"rrf k={k}", base.with_retrieval(fusion="rrf", rrf_k=k), ("hybrid",))
        for k in (10, 30, 100)
    ]
    fusion += [
        run(
            f"weighted w_dense={w}",
            base.with_retrieval(fusion="weighted", dense_weight=w),
            ("hybrid",),
        )
        for w in (0.3, 0.5, 0.7)
    ]
    diversify = [run("diversify off", base.with_retrieval(diversify=False))]
    query_winners = [
        w for w in (winner(default, fusion, margin), winner(default, diversify, margin)) if w
    ]
    retrieval = base.retrieval
    for _row, settings in query_winners:
        changed = {
            f: getattr(settings.retrieval, f)
            for f in _names(settings.retrieval)
            if getattr(settings.retrieval, f) != getattr(base.retrieval, f)
        }
        retrieval = replace(retrieval, **changed)

    # Index time: the passage size first, the overlap at the winning size.
    sizes = [run(f"max_words={n}", with_index(base, "passages", max_words=n)) for n in (100, 240)]
    size = winner(default, sizes, margin)
    size_base, size_row = (size[1], size[0]) if size else (base, default)
    width = size_base.passages.max_words
    overlaps = [
        run(
            f"overlap={n} (max_words={width})",
            with_index(size_base, "passages", overlap_sentences=n),
        )
        for n in (0, 2)
    ]
    overlap = winner(size_row, overlaps, margin)
    index_winners = [w for w in (overlap or size,) if w]
    others = [
        ("stem on", with_index(base, "tokenizer", stem=not base.tokenizer.stem)),
        (
            "note_context off",
            with_index(base, "passages", note_context=not base.passages.note_context),
        ),
        (
            "notes_in_body on",
            with_index(base, "passages", notes_in_body=not base.passages.notes_in_body),
        ),
        (
            "front matter off",
            with_index(
                base, "passages", include_front_matter=not base.passages.include_front_matter
            ),
        ),
    ]
    for name, settings in others:
        row, settings = run(name, settings)
        if winner(default, [(row, settings)], margin):
            index_winners.append((row, settings))

    passages, tokenizer = base.passages, base.tokenizer
    for _row, settings in index_winners:
        passages = _overlay(passages, settings.passages, base.passages)
        tokenizer = _overlay(tokenizer, settings.tokenizer, base.tokenizer)
    chosen = replace(base, passages=passages, tokenizer=tokenizer, retrieval=retrieval)
    if len(query_winners) + len(index_winners) > 1:
        run("combined winners", chosen)
    return rows, chosen


def _overlay(current: Any, variant: Any, base: Any) -> Any:
    """``current`` with the fields where ``variant`` departs from ``base``."""
    changed = {
        f: getattr(variant, f) for f in _names(base) if getattr(variant, f) != getattr(base, f)
    }
    return replace(current, **changed)


def _names(settings: Any) -> list[str]:
    return [f.name for f in fields(settings)]


def changes_dict(settings: Settings) -> dict[str, dict[str, Any]]:
    """The groups and keys of ``settings`` that differ from the defaults (for ``--confirm``)."""
    base = DEFAULT_SETTINGS.to_dict()
    out: dict[str, dict[str, Any]] = {}
    for group, values in settings.to_dict().items():
        diff = {k: v for k, v in values.items() if base[group][k] != v}
        if diff:
            out[group] = diff
    return out


# -- the table ----------------------------------------------------------------------


def render(rows: Sequence[Row], default: Row) -> str:
    """The rows as a Markdown table."""
    head = (
        "| variant | passages | hybrid R@1 | R@5 | R@10 | MRR@10 | Δ MRR | better/worse "
        "| bm25 MRR@10 | dense MRR@10 | paraphrase R@5 | citation note@1 | hybrid AUC |"
    )
    lines = [head, "|---|" + "---:|" * 12]
    for row in rows:
        o = row.hybrid.overall
        cells = [
            row.variant,
            str(row.passages),
            _num(o["R@1"]),
            _num(o["R@5"]),
            _num(o["R@10"]),
            _num(o["MRR@10"]),
            "" if row is default else f"{row.mrr - default.mrr:+.3f}",
            "" if row is default else "{}/{}".format(*row.better_worse(default)),
            _num(row.bm25.overall["MRR@10"]) if row.bm25 else "",
            _num(row.dense.overall["MRR@10"]) if row.dense else "",
            _num(row.hybrid.by_kind.get("paraphrase", {}).get("R@5")),
            _num(row.hybrid.citation.get("note@1")),
            _num(row.hybrid.confidence_auc),
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def _num(value: float | None) -> str:
    return "" if value is None else f"{value:.3f}"


# -- command line -------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    """Parse arguments, run the sweep (or the confirmation), print the table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--split", default="dev", choices=("dev", "test", "all"))
    parser.add_argument("--gold", type=Path, default=ROOT / "evals" / "gold.jsonl")
    parser.add_argument("--paper", type=Path, default=ROOT / "corpus" / "posen-2001-wp01-8.pdf")
    parser.add_argument("--index-dir", type=Path, default=ROOT / "index")
    parser.add_argument("--k", type=int, default=10)
    parser.add_argument("--margin", type=float, default=MARGIN)
    parser.add_argument(
        "--confirm",
        metavar="JSON",
        help="Skip the sweep: score the defaults and these settings (partial to_dict JSON).",
    )
    args = parser.parse_args(argv)

    def log(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    try:
        if args.split != "dev" and not args.confirm:
            raise PosenqaError("the sweep chooses settings, so it runs on dev only; use --confirm")
        questions = select_split(load_gold(args.gold), args.split)
        s = Sweep(args.paper, questions, args.index_dir, args.k, log)
        answerable = sum(1 for q in questions if q.answerable)
        started = time.perf_counter()
        if args.confirm:
            try:
                data = json.loads(args.confirm)
            except json.JSONDecodeError as exc:
                raise PosenqaError(f"--confirm: not valid JSON ({exc.msg})") from None
            default = s.measure("default", DEFAULT_SETTINGS)
            rows = [default]
            if data:
                rows.append(s.measure(f"chosen {args.confirm}", merge(DEFAULT_SETTINGS, data)))
            chosen = None
        else:
            rows, chosen = sweep(s, args.margin)
            default = rows[0]
    except PosenqaError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(
        f"split {args.split}: {len(questions)} questions ({answerable} answerable), k={args.k}, "
        f"{time.perf_counter() - started:.0f} s"
    )
    print(render(rows, default))
    if chosen is not None:
        print(f"\nchosen (changes from the defaults): {json.dumps(changes_dict(chosen))}")
    return 0


if __name__ == "__main__":
    sys.exit(main())


__all__ = ["CachingEmbedder", "Row", "Sweep", "index_changes", "main", "root_for", "sweep"]
