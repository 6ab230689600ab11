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
    """The answer with the reranker's order (raises when the reranker cannot run)."""
    return engine.ask(question, k=k, mode=mode, rerank=True)


__all__ = ["first_stage", "reranked", "supports_rerank", "usable_mode"]
