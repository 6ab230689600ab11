"""Opening a paper for the TUI so that BM25 answers while a new index is still embedding.

``Engine.open`` parses the paper only when it has to build the index, through
its ``parse`` hook. The hook here parses, hands the UI a text-only engine at
once (BM25 needs no vectors), and returns the document so the build goes on.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any


def text_only_engine(document: Any, settings: Any = None) -> Any:
    """An engine over ``document`` that answers in BM25 mode only (no vectors, no model).

    Its passages and BM25 scores are the ones the full index will have (the
    same ``make_passages`` and settings), so its answers are those of
    ``ask(mode="bm25")`` on the built index. Hybrid and dense questions need
    the built engine that follows it.
    """
    import numpy as np

    from posenqa.answer import Engine
    from posenqa.passages import make_passages
    from posenqa.settings import DEFAULT_SETTINGS
    from posenqa.store import StoredIndex

    settings = settings or DEFAULT_SETTINGS
    passages = make_passages(document, settings.passages)
    empty = np.zeros((0, 0), dtype=np.float32)
    stored = StoredIndex(Path(), {}, document, passages, empty, empty)
    return Engine(stored, settings=settings)


def parse_announcing(
    text_ready: Callable[[Any], None], parse: Callable[[Path], Any] | None = None
) -> Callable[[Path], Any]:
    """A ``parse`` hook for ``Engine.open``: parse, announce a text-only engine, go on."""

    def hook(path: Path) -> Any:
        if parse is None:
            from posenqa.parsing import parse_file

            document = parse_file(path)
        else:
            document = parse(path)
        text_ready(text_only_engine(document))
        return document

    return hook


__all__ = ["parse_announcing", "text_only_engine"]
