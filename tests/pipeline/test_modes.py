"""Asking by label: a reranked label is honoured or refused, never silently downgraded."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from posenqa.errors import ModelError
from posenqa.pipeline.modes import LabelledAsker


@dataclass
class _Answer:
    reranked: bool
    hits: tuple[Any, ...]
    confidence: float = 0.0


class _Engine:
    def __init__(self, answer: _Answer) -> None:
        self.answer = answer

    def ask(self, question: str, *, k: int, mode: str, rerank: bool) -> _Answer:
        return self.answer


def test_a_reranked_label_without_the_reranker_is_an_error() -> None:
    asker = LabelledAsker(_Engine(_Answer(reranked=False, hits=("a passage",))))
    with pytest.raises(ModelError, match="needs the reranker"):
        asker.ask("q?", mode="bm25+rerank")


def test_nothing_to_rerank_is_no_missing_reranker() -> None:
    # A question none of whose terms the paper uses finds no candidate in bm25 mode.
    asker = LabelledAsker(_Engine(_Answer(reranked=False, hits=())))
    assert asker.ask("q?", mode="bm25+rerank").label == "bm25+rerank"
