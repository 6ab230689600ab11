"""The embedding model one command shares across the library's papers, loaded on first use.

Opening a library opens each paper's index; a paper whose file changed is
re-indexed then, which needs the model. Each paper opened with no model at hand
loaded its own (about a second and ~100 MB each). A :class:`LazyEmbedder` is
handed to every paper instead: its checksum (all that deciding whether an index
is current needs) is known without loading, and the model is loaded once, the
first time anything needs more than the checksum (a paper to embed, a question's
vector), then used by every engine of the command.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import numpy as np

    from posenqa.search.embedder import Embedder

_OWN = frozenset({"checksum", "_load", "_model", "_lock"})


class LazyEmbedder:
    """An :class:`~posenqa.search.embedder.Embedder` whose model is loaded on first use."""

    checksum: str

    def __init__(self, checksum: str, load: Callable[[], Embedder]) -> None:
        """``checksum`` is the model's (cheap: cached beside the indexes); ``load()`` loads it."""
        object.__setattr__(self, "checksum", checksum)
        object.__setattr__(self, "_load", load)
        object.__setattr__(self, "_model", None)
        # The TUI opens and asks from worker threads: two of them must not load it twice.
        object.__setattr__(self, "_lock", threading.Lock())

    @property
    def loaded(self) -> bool:
        """Whether the model has been loaded."""
        return self._model is not None

    def model(self) -> Embedder:
        """The model, loaded now when it is not yet."""
        with self._lock:
            if self._model is None:
                object.__setattr__(self, "_model", self._load())
            return self._model  # type: ignore[return-value]

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """The model's vectors of ``texts``."""
        return self.model().encode(texts)

    def __getattr__(self, name: str) -> Any:
        # Anything but the checksum (dim, name, encode_spans, ...) is the model's:
        # asking for it means the model is about to be used.
        if name.startswith("__") or name in _OWN:
            raise AttributeError(name)
        return getattr(self.model(), name)

    def __setattr__(self, name: str, value: Any) -> None:
        # A setting (e.g. ``build_threads``) is the model's, not this stand-in's.
        if name in _OWN:
            object.__setattr__(self, name, value)
        else:
            setattr(self.model(), name, value)


def lazy_model(root: Path, model: str | Path | None) -> LazyEmbedder:
    """The model ``model`` names (default: ``$POSENQA_MODEL``, else the bundled one) for the
    library at ``root``, its checksum read now (cached beside the indexes), loaded on first use.

    ModelError now when the model directory is missing or holds no weights.
    """
    from posenqa.answer import CHECKSUM_CACHE
    from posenqa.search.embedder import model_checksum, resolve_model_path

    path = resolve_model_path(model)
    cache = root / CHECKSUM_CACHE

    def load() -> Embedder:
        from posenqa.search.embedder import load_embedder

        return load_embedder(path, cache)

    return LazyEmbedder(model_checksum(path, cache), load)


__all__ = ["LazyEmbedder", "lazy_model"]
