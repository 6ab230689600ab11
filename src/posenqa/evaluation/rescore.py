"""Re-scoring a saved run: which split, modes, k and questions it can honestly be scored on.

A run file's header says what it was made from (:class:`RunInfo`). Re-scoring
uses that by default and refuses, with one line saying why, when the options
asked for contradict it or the run lacks questions or modes: a run of 5
questions must not be scored as 162 with 157 misses. Pure: data in, a plan or
an :class:`~posenqa.errors.InputError` out.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from posenqa.errors import InputError
from posenqa.evaluation.gold import GoldQuestion, select_split
from posenqa.evaluation.runner import SavedRun

#: How many missing question ids a message lists.
_SHOWN = 5


@dataclass(frozen=True, slots=True)
class RescorePlan:
    """What to score a saved run on."""

    split: str
    modes: tuple[str, ...]
    k: int
    questions: tuple[GoldQuestion, ...]
    runs: dict[str, list[dict[str, Any]]]
    """Mode -> the run's records of those questions."""
    notes: tuple[str, ...]
    """What the user should know (questions left out with ``partial``)."""


def plan_rescore(
    run: SavedRun,
    source: str,
    gold: Sequence[GoldQuestion],
    gold_sha256: str,
    *,
    split: str | None,
    mode: str | None,
    k: int | None,
    partial: bool = False,
) -> RescorePlan:
    """The plan for scoring ``run`` (read from ``source``) against ``gold``.

    ``split``, ``mode`` and ``k`` are what the user asked for (None: not given,
    take the run's); ``mode`` may be ``"all"``. With ``partial``, questions the
    run lacks are left out (and said so) instead of refusing.
    """
    info = run.info
    if info is not None and info.gold_sha256 != gold_sha256:
        raise InputError(
            f"{source}: the run was made with another gold file ({info.gold}, sha256 "
            f"{info.gold_sha256[:12]}); re-run it, or score it with the gold file it was made with"
        )
    if info is not None and split is not None and split != info.split:
        raise InputError(
            f"{source}: the run was made with --split {info.split}, not {split}; "
            f"leave --split out to use the run's"
        )
    split = split or (info.split if info is not None else "all")
    if info is not None and k is not None and k > info.k:
        raise InputError(
            f"{source}: the run kept {info.k} results per question, fewer than --k {k}"
        )
    k = k or (info.k if info is not None else 10)
    by_mode: dict[str, list[dict[str, Any]]] = {}
    for record in run.records:
        by_mode.setdefault(str(record.get("mode", "hybrid")), []).append(record)
    have = tuple(by_mode)
    wanted = have if mode in (None, "all") else (mode,)
    lacking = [m for m in wanted if m not in by_mode]
    if lacking:
        raise InputError(
            f"{source}: the run has no {', '.join(lacking)} records (it holds {', '.join(have)})"
        )
    questions = select_split(gold, split)
    known = {q.id for q in gold}
    strangers = sorted({str(r["id"]) for r in run.records} - known)
    if strangers:
        raise InputError(
            f"{source}: {len(strangers)} record id(s) are not in the gold file "
            f"({_listed(strangers)})"
        )
    notes: list[str] = []
    for m in wanted:
        ids = {str(r["id"]) for r in by_mode[m]}
        missing = [q.id for q in questions if q.id not in ids]
        if not missing:
            continue
        if not partial:
            raise InputError(
                f"{source}: the {m} run lacks {len(missing)} of the {len(questions)} questions "
                f"of split {split} ({_listed(missing)}); re-run them, or pass --partial "
                f"to score only the {len(questions) - len(missing)} it holds"
            )
        notes.append(
            f"{m}: scoring the {len(questions) - len(missing)} of {len(questions)} questions "
            f"the run holds ({len(missing)} left out: {_listed(missing)})"
        )
    if partial:
        held = {str(r["id"]) for m in wanted for r in by_mode[m]}
        questions = tuple(q for q in questions if q.id in held)
    if not questions:
        raise InputError(f"{source}: the run holds none of the questions of split {split}")
    chosen = {q.id for q in questions}
    runs = {m: [r for r in by_mode[m] if str(r["id"]) in chosen] for m in wanted}
    return RescorePlan(split, wanted, k, questions, runs, tuple(notes))


def thresholds_of(run: SavedRun) -> Mapping[str, float]:
    """The abstention thresholds the run's engine used ({} for a run without a header)."""
    return dict(run.info.thresholds) if run.info is not None else {}


def _listed(ids: Sequence[str]) -> str:
    shown = ", ".join(ids[:_SHOWN])
    return shown + (f", and {len(ids) - _SHOWN} more" if len(ids) > _SHOWN else "")


__all__ = ["RescorePlan", "plan_rescore", "thresholds_of"]
