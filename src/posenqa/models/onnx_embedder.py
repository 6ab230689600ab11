"""Sentence embeddings on onnxruntime: no torch, no transformers.

Reproduces sentence-transformers' encoding of a mean-pooled, normalized model:
the model's own ``tokenizer.json`` (truncated at the model's
``max_seq_length``, padded to the longest text of a batch), the exported
transformer's token embeddings, their mean over the attention mask, L2
normalization. Vectors agree with sentence-transformers' to a cosine above
0.999 (tests/models/test_onnx_embedder.py).

:meth:`OnnxEmbedder.encode_spans` also pools the token embeddings over
character spans of each text (the sentences of a passage), so an index build
gets its sentence vectors from the passages' one model pass.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from posenqa.errors import ModelError
from posenqa.models.export import ExportInfo
from posenqa.models.onnx_session import BUILD_THREADS, QUESTION_THREADS, make_session

if TYPE_CHECKING:
    import numpy as np

BATCH = 32
"""Texts per model call; texts are sorted by length first, so a batch pads little."""

Span = tuple[int, int]


class OnnxEmbedder:
    """An exported model: ``encode`` texts, or texts and spans of them, to unit vectors."""

    def __init__(self, info: ExportInfo, name: str, checksum: str) -> None:
        from tokenizers import Tokenizer

        try:
            tokenizer = Tokenizer.from_file(str(info.tokenizer_file))
        except Exception as exc:  # the tokenizers library raises its own exception type
            raise ModelError(f"{info.tokenizer_file}: unreadable tokenizer ({exc})") from exc
        # tokenizer.json carries its own truncation and fixed padding (128 for
        # MiniLM); sentence-transformers overrides both: max_seq_length, pad to longest.
        tokenizer.enable_truncation(max_length=info.max_seq_length)
        tokenizer.no_padding()
        self._tokenizer = tokenizer
        self._info = info
        self._sessions: dict[int, Any] = {}
        self._lock = threading.Lock()
        self.name = name
        self.checksum = checksum
        self.dim = info.dim
        self.runtime = "onnxruntime"
        #: Intra-op threads for a batch (0 = one per core); parallel ingest lowers it to
        #: the cores its parsing workers leave free (posenqa.library.ingest).
        self.build_threads = BUILD_THREADS

    def session(self, threads: int) -> Any:
        """The session with ``threads`` intra-op threads, created on first use."""
        with self._lock:
            if threads not in self._sessions:
                self._sessions[threads] = make_session(self._info.model_file, threads)
            return self._sessions[threads]

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Embeddings of ``texts``, float32, rows L2-normalized."""
        vectors, _ = self.encode_spans(texts, [[] for _ in texts])
        return vectors

    def encode_spans(
        self, texts: Sequence[str], spans: Sequence[Sequence[Span]]
    ) -> tuple[np.ndarray, list[np.ndarray | None]]:
        """Embeddings of ``texts`` and, from the same model pass, of their character spans.

        Returns the text vectors and, flat in the order of ``spans``, one unit
        vector per span: the mean of the token embeddings of the tokens that
        start inside it (the text's context shapes them). A span with no such
        token (past the model's length limit) gets None.
        """
        import numpy as np

        if len(spans) != len(texts):
            raise ValueError("one list of spans per text")
        vectors = np.zeros((len(texts), self.dim), dtype=np.float32)
        first = [0]
        for group in spans:
            first.append(first[-1] + len(group))
        pooled: list[np.ndarray | None] = [None] * first[-1]
        if not texts:
            return vectors, pooled
        # One question is one short input: more threads only wait on each other.
        session = self.session(QUESTION_THREADS if len(texts) == 1 else self.build_threads)
        encodings = self._tokenizer.encode_batch(list(texts))
        order = sorted(range(len(texts)), key=lambda i: len(encodings[i].ids))
        for start in range(0, len(order), BATCH):
            rows = order[start : start + BATCH]
            width = max(len(encodings[i].ids) for i in rows)
            ids = np.zeros((len(rows), width), dtype=np.int64)
            mask = np.zeros((len(rows), width), dtype=np.int64)
            types = np.zeros((len(rows), width), dtype=np.int64)
            for r, i in enumerate(rows):
                e = encodings[i]
                ids[r, : len(e.ids)] = e.ids
                mask[r, : len(e.ids)] = e.attention_mask
                types[r, : len(e.ids)] = e.type_ids
            (tokens,) = session.run(
                None, {"input_ids": ids, "attention_mask": mask, "token_type_ids": types}
            )
            vectors[rows] = _unit(_masked_mean(tokens, mask))
            for r, i in enumerate(rows):
                for j, span in enumerate(spans[i]):
                    pooled[first[i] + j] = _pool_span(tokens[r], encodings[i], span)
        return vectors, pooled


def _masked_mean(tokens: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """sentence-transformers' mean pooling: the sum over unmasked tokens / their count."""
    import numpy as np

    weights = mask[..., None].astype(np.float32)
    return (tokens * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None)


def _unit(rows: np.ndarray) -> np.ndarray:
    """Rows L2-normalized as torch's ``normalize`` does (norms clipped at 1e-12)."""
    import numpy as np

    norms = np.linalg.norm(rows, axis=-1, keepdims=True)
    return (rows / np.maximum(norms, 1e-12)).astype(np.float32)


def _pool_span(tokens: np.ndarray, encoding: Any, span: Span) -> np.ndarray | None:
    """The unit mean of the embeddings of the (non-special) tokens starting in ``span``."""
    start, end = span
    picked = [
        t
        for t, ((a, _b), special) in enumerate(
            zip(encoding.offsets, encoding.special_tokens_mask, strict=True)
        )
        if not special and start <= a < end
    ]
    if not picked:
        return None
    return _unit(tokens[picked].mean(axis=0))


__all__ = ["BATCH", "OnnxEmbedder"]
