"""A fake engine and a tiny gold set: the evaluation tests need no model and no index.

The fake ranks a handful of passages by word overlap with the question, so its
answers follow from its inputs (nothing is hard-coded per question), and it
answers in the shape the real engine's ``Answer.to_dict()`` promises.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

PASSAGES: list[dict[str, Any]] = [
    {
        "kind": "passage",
        "number": None,
        "section": "1",
        "page": 3,
        "text": "The yen was supported jointly at 137.60 per dollar in June 1998.",
        "footnotes": [{"number": 4, "text": "Rubin (2003) describes the intervention."}],
    },
    {
        "kind": "passage",
        "number": None,
        "section": "2",
        "page": 5,
        "text": "Commercial paper issuance reached 2.2 trillion yen in its first year.",
        "footnotes": [],
    },
    {
        "kind": "footnote",
        "number": 7,
        "section": "2",
        "page": 6,
        "text": "See Shimizu (2000) on lending to small firms.",
        "footnotes": [],
    },
]

GOLD_LINES: list[dict[str, Any]] = [
    {
        "id": "f1",
        "question": "At what rate per dollar was the yen supported?",
        "kind": "fact",
        "evidence": ["supported jointly at 137.60 per dollar"],
        "footnotes": [],
        "section": "1",
        "split": "dev",
    },
    {
        "id": "f2",
        "question": "How much commercial paper was issued in its first year?",
        "kind": "fact",
        "evidence": ["reached 2.2 trillion yen"],
        "footnotes": [],
        "section": "2",
        "split": "test",
    },
    {
        "id": "c1",
        "question": "Which work covers lending to small firms?",
        "kind": "citation",
        "evidence": [],
        "footnotes": [7],
        "section": "2",
        "split": "dev",
    },
    {
        "id": "n1",
        "question": "What did the author say about cryptocurrency regulation?",
        "kind": "negative",
        "evidence": [],
        "footnotes": [],
        "section": None,
        "split": "dev",
    },
    {
        "id": "n2",
        "question": "Who won the football championship?",
        "kind": "negative",
        "evidence": [],
        "footnotes": [],
        "section": None,
        "split": "test",
    },
]

_WORD = re.compile(r"[a-z0-9]+")


def _words(text: str) -> set[str]:
    return set(_WORD.findall(text.lower()))


@dataclass
class FakeAnswer:
    question: str
    mode: str
    confidence: float
    abstained: bool
    results: list[dict[str, Any]]

    def to_dict(self) -> dict[str, Any]:
        data = {
            "question": self.question,
            "mode": self.mode,
            "abstained": self.abstained,
            "results": self.results,
        }
        if self.mode.endswith("+rerank"):
            # What a reranked answer adds: the judge's features and each result's relevance.
            data["judge"] = {
                "logit": self.confidence,
                "type_missing": False,
                "missing": 1 - self.confidence,
                "beyond": False,
            }
            data["results"] = [{**r, "relevance": r["score"]} for r in self.results]
        return data


@dataclass
class FakeEngine:
    """Ranks PASSAGES by the share of the question's words each holds."""

    passages: list[dict[str, Any]] = field(default_factory=lambda: list(PASSAGES))
    abstain_threshold: float = 0.2
    manifest: dict[str, Any] = field(default_factory=lambda: {"model": "fake", "passages": 3})
    asked: list[tuple[str, int, str]] = field(default_factory=list)

    def ask(self, question: str, k: int = 10, mode: str = "hybrid") -> FakeAnswer:
        self.asked.append((question, k, mode))
        q = _words(question)
        scored = sorted(
            ((len(q & _words(p["text"])) / len(q), i) for i, p in enumerate(self.passages)),
            key=lambda pair: (-pair[0], pair[1]),
        )[:k]
        results = [
            {
                "rank": rank,
                "score": score,
                **self.passages[i],
                "best_sentence": self.passages[i]["text"],
            }
            for rank, (score, i) in enumerate(scored, start=1)
        ]
        confidence = scored[0][0] if scored else 0.0
        return FakeAnswer(question, mode, confidence, confidence < self.abstain_threshold, results)


@pytest.fixture
def fake_engine() -> FakeEngine:
    return FakeEngine()


@pytest.fixture
def gold_file(tmp_path: Path) -> Path:
    path = tmp_path / "gold.jsonl"
    path.write_text("\n".join(json.dumps(line) for line in GOLD_LINES) + "\n", encoding="utf-8")
    return path
