"""Run gold questions through an engine and keep what it returned: the run records.

The runner takes any object with ``ask(question, k=..., mode=...)`` returning
something with ``to_dict()`` and ``confidence``; the real
:class:`posenqa.answer.Engine` and the test fakes both qualify. Runs are
written as JSON Lines so they can be re-scored (:mod:`posenqa.evaluation.metrics`)
without the model.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any, Protocol

from posenqa.errors import InputError
from posenqa.evaluation.gold import GoldQuestion

MODES: tuple[str, ...] = ("hybrid", "bm25", "dense")


class AnswerLike(Protocol):
    """What the runner needs from an answer."""

    confidence: float

    def to_dict(self) -> dict[str, Any]: ...


class Asker(Protocol):
    """What the runner needs from an engine."""

    def ask(self, question: str, k: int = ..., mode: str = ...) -> AnswerLike: ...


def run_questions(
    engine: Asker,
    questions: Sequence[GoldQuestion],
    *,
    mode: str,
    k: int = 10,
    on_done: Callable[[GoldQuestion], None] | None = None,
    clock: Callable[[], float] = time.perf_counter,
    warm_up: bool = True,
) -> list[dict[str, Any]]:
    """Ask every question in one mode; return one run record per question, in order.

    A record is ``answer.to_dict()`` plus ``id``, ``kind``, ``confidence`` and
    ``latency_ms`` (wall time of ``ask``). With ``warm_up`` the first question
    is asked once untimed first, so one-off costs (lazy loading, caches) do not
    land in the latency percentiles.
    """
    if warm_up and questions:
        engine.ask(questions[0].question, k=k, mode=mode)
    records: list[dict[str, Any]] = []
    for question in questions:
        start = clock()
        answer = engine.ask(question.question, k=k, mode=mode)
        elapsed_ms = (clock() - start) * 1000
        body = answer.to_dict()
        record = {
            "id": question.id,
            "kind": question.kind,
            **body,
            "mode": body.get("mode", mode),
            "confidence": float(answer.confidence),
            "latency_ms": round(elapsed_ms, 3),
        }
        records.append(record)
        if on_done is not None:
            on_done(question)
    return records


def write_run(path: str | Path, records: Iterable[dict[str, Any]]) -> None:
    """Write run records as JSON Lines (the file is replaced whole)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    with tmp.open("w", encoding="utf-8") as handle:
        for record in records:
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    tmp.replace(path)


def read_run(path: str | Path) -> list[dict[str, Any]]:
    """Read a run file written by :func:`write_run`; InputError names a bad line."""
    path = Path(path)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        raise InputError(f"{path}: no such run file") from None
    records: list[dict[str, Any]] = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(f"{path}: line {number}: not valid JSON ({exc.msg})") from None
        if not isinstance(record, dict) or "id" not in record or "results" not in record:
            raise InputError(f"{path}: line {number}: not a run record (needs id and results)")
        records.append(record)
    return records


def records_by_mode(records: Iterable[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """Group run records by their ``mode``, keeping first-seen mode order."""
    grouped: dict[str, list[dict[str, Any]]] = {}
    for record in records:
        grouped.setdefault(str(record.get("mode", "hybrid")), []).append(record)
    return grouped


__all__ = [
    "MODES",
    "AnswerLike",
    "Asker",
    "read_run",
    "records_by_mode",
    "run_questions",
    "write_run",
]
