"""Gold question files: load one, validate every line, and pick a split.

The format is JSON Lines, one question per line::

    {"id": "q01", "question": "...", "kind": "fact", "evidence": ["..."],
     "footnotes": [12], "section": "2A", "split": "dev"}

``kind`` is one of :data:`KINDS`. ``evidence`` holds exact substrings of the
paper's text (empty for negatives); ``footnotes`` the note numbers a citation
question is about. ``split`` is optional: a file without it is split
deterministically by a hash of each id, so any gold file in this format works.
All bad lines are reported at once, each with its line number. Fields beyond
these (notes for the author, say) are ignored.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from posenqa.errors import GoldError
from posenqa.jsonl import read_input

KINDS: tuple[str, ...] = ("fact", "concept", "paraphrase", "citation", "negative", "offtopic")
#: Kinds the paper does not answer: ``negative`` questions are on topic, in the paper's
#: words, asking for something it never gives; ``offtopic`` ones are about something
#: else altogether (a student's question typed at the wrong paper).
UNANSWERABLE_KINDS: tuple[str, ...] = ("negative", "offtopic")
SPLITS: tuple[str, ...] = ("dev", "test")
#: How many problems the error message lists before summarising the rest.
_MAX_REPORTED = 8


@dataclass(frozen=True, slots=True)
class GoldQuestion:
    """One validated gold question."""

    id: str
    question: str
    kind: str
    evidence: tuple[str, ...]
    """Exact substrings of the paper; any one of them in a result answers the question."""
    footnotes: tuple[int, ...]
    """Note numbers the answer rests on (what note@k looks for on citation questions)."""
    section: str | None
    split: str
    """``dev`` or ``test``: given in the file, or derived from the id's hash."""
    line: int = 0
    """Line number in the gold file (1-based), for messages."""

    @property
    def answerable(self) -> bool:
        """False for negatives and off-topic questions: the paper does not answer them."""
        return self.kind not in UNANSWERABLE_KINDS


def hash_split(question_id: str) -> str:
    """The split of a question whose file gives none: stable across runs and machines."""
    digest = hashlib.sha256(question_id.encode("utf-8")).digest()
    return SPLITS[digest[0] % 2]


def load_gold(path: str | Path) -> tuple[GoldQuestion, ...]:
    """Read and validate a gold file; raise GoldError listing every bad line."""
    path = Path(path)
    data = read_input(path, "gold file", GoldError)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise GoldError(
            f"{path}: line {line}: not UTF-8 text (byte 0x{data[exc.start]:02x})"
        ) from None
    return parse_gold(text.splitlines(), source=str(path))


def parse_gold(lines: Iterable[str], source: str = "<gold>") -> tuple[GoldQuestion, ...]:
    """Validate JSON Lines already in memory; blank lines are skipped."""
    questions: list[GoldQuestion] = []
    problems: list[str] = []
    seen: dict[str, int] = {}
    for number, raw in enumerate(lines, start=1):
        if not raw.strip():
            continue
        try:
            data = json.loads(raw)
        except json.JSONDecodeError as exc:
            problems.append(f"line {number}: not valid JSON ({exc.msg})")
            continue
        try:
            question = _question(data, number)
        except ValueError as exc:
            problems.append(f"line {number}: {exc}")
            continue
        if question.id in seen:
            problems.append(
                f"line {number}: id {question.id!r} already used on line {seen[question.id]}"
            )
            continue
        seen[question.id] = number
        questions.append(question)
    if problems:
        shown = "; ".join(problems[:_MAX_REPORTED])
        more = len(problems) - _MAX_REPORTED
        suffix = f"; and {more} more" if more > 0 else ""
        raise GoldError(f"{source}: {len(problems)} bad line(s): {shown}{suffix}")
    if not questions:
        raise GoldError(f"{source}: no questions")
    return tuple(questions)


def select_split(questions: Iterable[GoldQuestion], split: str) -> tuple[GoldQuestion, ...]:
    """The questions of one split, or all of them for ``split == "all"``."""
    if split not in (*SPLITS, "all"):
        raise GoldError(f"unknown split {split!r}: use dev, test or all")
    return tuple(q for q in questions if split == "all" or q.split == split)


def _question(data: Any, line: int) -> GoldQuestion:
    """One line's object -> GoldQuestion; ValueError says what is wrong with it."""
    if not isinstance(data, dict):
        raise ValueError(f"expected a JSON object, got {type(data).__name__}")
    qid = _text(data, "id")
    question = _text(data, "question")
    kind = _text(data, "kind")
    if kind not in KINDS:
        raise ValueError(f"kind {kind!r} is not one of {', '.join(KINDS)}")
    evidence = data.get("evidence", [])
    if not isinstance(evidence, list) or not all(isinstance(e, str) for e in evidence):
        raise ValueError("evidence must be a list of strings")
    if any(not e.strip() for e in evidence):
        raise ValueError("evidence has an empty string")
    footnotes = data.get("footnotes", [])
    # bool is an int subclass; true/false are not note numbers.
    if not isinstance(footnotes, list) or not all(
        isinstance(n, int) and not isinstance(n, bool) and n > 0 for n in footnotes
    ):
        raise ValueError("footnotes must be a list of positive integers")
    if kind in UNANSWERABLE_KINDS and evidence:
        article = "an" if kind[0] in "aeiou" else "a"
        raise ValueError(f"{article} {kind} question has no evidence")
    if kind == "citation" and not footnotes:
        raise ValueError("a citation question needs at least one footnote number")
    if kind not in (*UNANSWERABLE_KINDS, "citation") and not evidence:
        raise ValueError(f"a {kind} question needs at least one evidence string")
    section = data.get("section")
    if section is not None and not isinstance(section, str):
        raise ValueError("section must be a string or null")
    split = data.get("split")
    if split is None:
        split = hash_split(qid)
    elif split not in SPLITS:
        raise ValueError(f"split {split!r} is not one of {', '.join(SPLITS)}")
    return GoldQuestion(
        id=qid,
        question=question,
        kind=kind,
        evidence=tuple(evidence),
        footnotes=tuple(footnotes),
        section=section,
        split=split,
        line=line,
    )


def _text(data: dict[str, Any], field: str) -> str:
    value = data.get(field)
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{field} must be a non-empty string")
    return value


__all__ = [
    "KINDS",
    "SPLITS",
    "UNANSWERABLE_KINDS",
    "GoldQuestion",
    "hash_split",
    "load_gold",
    "parse_gold",
    "select_split",
]
