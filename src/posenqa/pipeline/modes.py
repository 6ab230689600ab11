"""The names of the ranking modes, with and without the reranker: one home for both.

A *mode* picks the first stage (``hybrid``, ``bm25``, ``dense``); a *label*
says how an answer was ranked, ``hybrid+rerank`` when the cross-encoder reread
it. Evaluation runs, reports and ``ask --json`` use labels.
"""

from __future__ import annotations

from typing import Any

from posenqa.errors import ModelError, QuestionError

MODES: tuple[str, ...] = ("hybrid", "bm25", "dense")
RERANK_SUFFIX = "+rerank"
LABELS: tuple[str, ...] = tuple(label for mode in MODES for label in (mode + RERANK_SUFFIX, mode))
"""Every label, each reranked mode beside its first stage alone (``eval --mode all``)."""


def label(mode: str, reranked: bool) -> str:
    """``hybrid+rerank`` for a reranked hybrid answer, ``hybrid`` otherwise."""
    return mode + RERANK_SUFFIX if reranked else mode


def parse_label(text: str) -> tuple[str, bool]:
    """``(mode, reranked)`` of a label; QuestionError for an unknown one."""
    mode, _, rest = text.partition("+")
    if mode not in MODES or rest not in ("", RERANK_SUFFIX[1:]):
        raise QuestionError(f"unknown mode {text!r} (choose from {', '.join(LABELS)})")
    return mode, bool(rest)


class LabelledAnswer:
    """An answer whose ``to_dict()`` names its label as its mode (run records group by it)."""

    def __init__(self, answer: Any, mode_label: str) -> None:
        self.answer = answer
        self.label = mode_label
        self.confidence: float = answer.confidence

    def to_dict(self) -> dict[str, Any]:
        """The answer's dict with ``mode`` set to the label."""
        return {**self.answer.to_dict(), "mode": self.label}


class LabelledAsker:
    """An engine asked by label (the evaluation runner's ``ask(question, k, mode)``).

    ``hybrid`` means the first stage alone and ``hybrid+rerank`` the reranked
    answer; a reranked label the engine could not honour (reranker missing) is
    an error, so a report never shows first-stage numbers under a reranked name.
    Other attributes (thresholds, manifest) are the engine's.
    """

    def __init__(self, engine: Any) -> None:
        object.__setattr__(self, "_engine", engine)

    def ask(self, question: str, k: int = 10, mode: str = "hybrid") -> Any:
        """Ask ``question`` ranked as the label ``mode`` says."""
        first, rerank = parse_label(mode)
        answer = self._engine.ask(question, k=k, mode=first, rerank=rerank)
        # No candidate at all (a question none of whose terms the paper uses, in bm25
        # mode) leaves nothing to rerank: that is no missing reranker.
        if rerank and not answer.reranked and answer.hits:
            raise ModelError(f"mode {mode} needs the reranker, which is not available")
        return LabelledAnswer(answer, mode)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._engine, name)

    def __setattr__(self, name: str, value: Any) -> None:
        setattr(self._engine, name, value)


__all__ = [
    "LABELS",
    "MODES",
    "RERANK_SUFFIX",
    "LabelledAnswer",
    "LabelledAsker",
    "label",
    "parse_label",
]
