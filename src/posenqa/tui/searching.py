"""How the TUI calls the engine: which mode can answer now, and whether it can rerank.

Pure functions over the engine object, so the main screen stays wiring and
these rules have one home.
"""

from __future__ import annotations

import inspect
from typing import Any


def usable_mode(engine: Any, wanted: str) -> str:
    """``wanted``, or ``bm25`` while the embedding model that hybrid and dense need loads."""
    if wanted != "bm25" and not getattr(engine, "dense_ready", False):
        return "bm25"
    return wanted


def supports_rerank(engine: Any) -> bool:
    """Whether ``engine.ask`` takes ``rerank=`` (the engine of issue 9 does; older ones do not)."""
    takes = getattr(engine, "takes_rerank", None)
    if isinstance(takes, bool):  # a Shelf knows its engine's
        return takes
    try:
        return "rerank" in inspect.signature(engine.ask).parameters
    except (TypeError, ValueError):  # not introspectable: assume the older interface
        return False


def first_stage(engine: Any, question: str, *, k: int, mode: str) -> Any:
    """The answer before any reranking: fast, shown at once."""
    if supports_rerank(engine):
        return engine.ask(question, k=k, mode=mode, rerank=False)
    return engine.ask(question, k=k, mode=mode)


def reranked(engine: Any, question: str, *, k: int, mode: str) -> Any:
    """The answer in the reranker's order.

    Raises :class:`RerankUnavailable` when the reranker cannot run: the engine
    then answers unreranked (``Answer.reranked`` false) and keeps the reason.
    """
    answer = engine.ask(question, k=k, mode=mode, rerank=True)
    # A shelf's answer holds the engine's answer and the hits' papers.
    if not getattr(getattr(answer, "answer", answer), "reranked", True):
        raise RerankUnavailable(why_no_reranker(engine))
    return answer


def warm_reranker(engine: Any) -> None:
    """Load the reranker now, so the first reranked question does not wait for it.

    Raises :class:`RerankUnavailable` when it cannot be loaded.
    """
    load = getattr(engine, "load_reranker", None)
    if load is not None and load() is None:
        raise RerankUnavailable(why_no_reranker(engine))


def why_no_reranker(engine: Any) -> str:
    """The engine's reason the reranker is unavailable, in a few words."""
    return getattr(engine, "reranker_error", None) or "the reranker is not installed"


class RerankUnavailable(Exception):
    """The reranker cannot run; the message says why."""


__all__ = [
    "RerankUnavailable",
    "first_stage",
    "reranked",
    "supports_rerank",
    "usable_mode",
    "warm_reranker",
    "why_no_reranker",
]
