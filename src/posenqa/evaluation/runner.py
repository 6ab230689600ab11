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
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from posenqa.errors import InputError
from posenqa.evaluation.gold import GoldQuestion
from posenqa.jsonl import read_jsonl
from posenqa.pipeline.modes import MODES


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


#: The key that marks a run file's first line as its header, and the header's version.
RUN_HEADER = "posenqa_run"
RUN_FORMAT = 1


@dataclass(frozen=True, slots=True)
class RunInfo:
    """What a run was made from, saved as the first line of the run file."""

    gold: str
    gold_sha256: str
    split: str
    modes: tuple[str, ...]
    k: int
    thresholds: dict[str, float] = field(default_factory=dict)
    """The abstention thresholds the engine used, by setting name."""

    def to_dict(self) -> dict[str, Any]:
        """The header line's object."""
        return {
            RUN_HEADER: RUN_FORMAT,
            "gold": self.gold,
            "gold_sha256": self.gold_sha256,
            "split": self.split,
            "modes": list(self.modes),
            "k": self.k,
            "thresholds": self.thresholds,
        }


@dataclass(frozen=True, slots=True)
class SavedRun:
    """A run file read back: its header (None for a file written before runs had one)."""

    info: RunInfo | None
    records: list[dict[str, Any]]


def write_run(
    path: str | Path, records: Iterable[dict[str, Any]], info: RunInfo | None = None
) -> None:
    """Write run records as JSON Lines, ``info`` first (the file is replaced whole)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    try:
        with tmp.open("w", encoding="utf-8") as handle:
            if info is not None:
                handle.write(json.dumps(info.to_dict(), ensure_ascii=False) + "\n")
            for record in records:
                handle.write(json.dumps(record, ensure_ascii=False) + "\n")
        tmp.replace(path)
    finally:
        tmp.unlink(missing_ok=True)


def read_run(path: str | Path) -> list[dict[str, Any]]:
    """The records of a run file written by :func:`write_run`; InputError names a bad line."""
    return load_run(path).records


def load_run(path: str | Path) -> SavedRun:
    """A run file's header and records, every record checked; InputError names a bad line."""
    lines = read_jsonl(path, "run file")
    info = None
    if lines and isinstance(lines[0][1], dict) and RUN_HEADER in lines[0][1]:
        info = _run_info(path, *lines[0])
        lines = lines[1:]
    records: list[dict[str, Any]] = []
    seen: dict[tuple[str, str], int] = {}
    for number, record in lines:
        problem = record_problem(record)
        if problem:
            raise InputError(f"{path}: line {number}: not a run record ({problem})")
        key = (str(record["id"]), str(record.get("mode", "hybrid")))
        if key in seen:
            raise InputError(
                f"{path}: line {number}: question {key[0]!r} in mode {key[1]} "
                f"already on line {seen[key]}"
            )
        seen[key] = number
        records.append(record)
    if not records:
        raise InputError(f"{path}: no run records")
    return SavedRun(info, records)


def record_problem(record: Any) -> str | None:
    """What makes ``record`` unusable as a run record, or None when it can be scored."""
    if not isinstance(record, dict) or "id" not in record or "results" not in record:
        return "needs id and results"
    if not isinstance(record["id"], str | int) or isinstance(record["id"], bool):
        return "id must be a string or a number"
    if "mode" in record and not isinstance(record["mode"], str):
        return "mode must be a string"
    if "abstained" in record and not isinstance(record["abstained"], bool):
        return "abstained must be true or false"
    for name in ("confidence", "latency_ms"):
        value = record.get(name)
        if value is not None and (not isinstance(value, int | float) or isinstance(value, bool)):
            return f"{name} must be a number"
    results = record["results"]
    if not isinstance(results, list):
        return "results must be a list"
    for rank, result in enumerate(results, start=1):
        if not isinstance(result, dict):
            return f"result {rank} is not an object"
        if not isinstance(result.get("text", ""), str):
            return f"result {rank}: text must be a string"
        if not isinstance(result.get("notes") or [], list) or not isinstance(
            result.get("footnotes") or [], list
        ):
            return f"result {rank}: notes and footnotes must be lists"
    return None


def _run_info(path: str | Path, number: int, data: dict[str, Any]) -> RunInfo:
    """The header line as a RunInfo; InputError when it is not one this posenqa writes."""
    if data.get(RUN_HEADER) != RUN_FORMAT:
        raise InputError(f"{path}: line {number}: run format {data.get(RUN_HEADER)!r} unknown")
    modes = data.get("modes")
    thresholds = data.get("thresholds", {})
    fields_ok = (
        all(isinstance(data.get(name), str) for name in ("gold", "gold_sha256", "split"))
        and isinstance(modes, list)
        and all(isinstance(m, str) for m in modes)
        and isinstance(data.get("k"), int)
        and isinstance(thresholds, dict)
        and all(isinstance(v, int | float) and not isinstance(v, bool) for v in thresholds.values())
    )
    if not fields_ok:
        raise InputError(f"{path}: line {number}: damaged run header")
    return RunInfo(
        data["gold"],
        data["gold_sha256"],
        data["split"],
        tuple(modes),
        data["k"],
        {str(k): float(v) for k, v in thresholds.items()},
    )


def records_by_mode(records: Iterable[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """Group run records by their ``mode``, keeping first-seen mode order."""
    grouped: dict[str, list[dict[str, Any]]] = {}
    for record in records:
        grouped.setdefault(str(record.get("mode", "hybrid")), []).append(record)
    return grouped


__all__ = [
    "MODES",
    "RUN_HEADER",
    "AnswerLike",
    "Asker",
    "RunInfo",
    "SavedRun",
    "load_run",
    "read_run",
    "record_problem",
    "records_by_mode",
    "run_questions",
    "write_run",
]
