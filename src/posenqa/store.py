"""The index on disk: plain files, a manifest, atomic replacement, staleness.

An index of one paper lives in ``<root>/<name>/``:

- ``document.json``   the parsed Document (so asking never re-parses the PDF)
- ``passages.jsonl``  one passage per line
- ``embeddings.npy``  float32 passage vectors, one row per passage
- ``sentences.npy``   float32 vectors of every sentence of every passage, in
  passage order (so picking a hit's best sentence needs no model call)
- ``dense.faiss``     the faiss index over those rows
- ``params.json``     the manifest: versions, document checksum, model checksum,
  settings, and the size and sha256 of every other file

No pickle anywhere. An index is written into a fresh temporary directory beside
the final one and renamed into place while holding ``<root>/<name>.lock``
(``fcntl.flock``), so a reader sees either the old index or the new one, an
interrupted build leaves only a temporary directory and perhaps an empty lock
file (both removed when the index is next opened), and two builds never
interleave. Reading verifies every file against
the manifest, so a truncated or damaged index is detected, not half-loaded.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import re
import shutil
import uuid
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from posenqa.document import Document
from posenqa.errors import IndexError_
from posenqa.passages import Passage

if TYPE_CHECKING:
    import numpy as np

    from posenqa.search.embedder import Embedder

FORMAT_VERSION = 2
MANIFEST = "params.json"
DOCUMENT = "document.json"
PASSAGES = "passages.jsonl"
EMBEDDINGS = "embeddings.npy"
FAISS = "dense.faiss"
SENTENCES = "sentences.npy"
DATA_FILES = (DOCUMENT, PASSAGES, EMBEDDINGS, FAISS, SENTENCES)
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


class IndexFormatError(IndexError_):
    """The index was written by a posenqa with another on-disk format: stale, not damaged."""


@dataclass(frozen=True, slots=True)
class IndexKey:
    """What an index depends on: when any of these changes, the index is stale."""

    document_sha256: str | None
    """None when the source file is not available (the index is used as it is)."""
    parser_version: str
    model_checksum: str
    settings: dict[str, Any]


@dataclass(frozen=True, slots=True)
class StoredIndex:
    """A verified index read from disk (the faiss file is read later, on demand)."""

    path: Path
    manifest: dict[str, Any]
    document: Document
    passages: list[Passage]
    embeddings: np.ndarray
    sentence_embeddings: np.ndarray
    """One row per sentence of :func:`passage_sentences`, passages in order."""

    @property
    def faiss_path(self) -> Path:
        """Where the faiss index file is."""
        return self.path / FAISS


def index_name(source: Path) -> str:
    """The directory name of a source file's index: its stem, plus the suffix unless ``.pdf``.

    ``paper.pdf`` and ``paper.txt`` are different documents and get different indexes.
    """
    stem = source.stem if source.suffix.lower() == ".pdf" else source.name.replace(".", "-")
    return _UNSAFE.sub("_", stem).strip("._") or "document"


def write_index(
    root: Path,
    name: str,
    *,
    document: Document,
    passages: Sequence[Passage],
    embeddings: np.ndarray,
    sentence_embeddings: np.ndarray,
    key: IndexKey,
    model: dict[str, Any],
    source: Path | None,
    extra: dict[str, Any] | None = None,
) -> Path:
    """Write a complete index and atomically put it at ``root/name``. Call under :func:`lock`."""
    import numpy as np

    from posenqa import __version__
    from posenqa.search.dense import DenseIndex

    if len(passages) != len(embeddings):
        raise IndexError_(f"{len(passages)} passages but {len(embeddings)} embeddings")
    if len(sentence_embeddings) != sum(len(s) for s in passage_sentences(passages)):
        raise IndexError_("sentence embeddings do not match the passages' sentences")
    tmp = root / f".{name}.tmp-{uuid.uuid4().hex}"
    try:
        root.mkdir(parents=True, exist_ok=True)
        tmp.mkdir()
    except OSError as exc:
        raise IndexError_(unwritable(root, exc)) from exc
    try:
        _write_text(tmp / DOCUMENT, json.dumps(document.to_dict(), ensure_ascii=False))
        from posenqa.references.cache import save_references

        save_references(tmp, document)  # resolved once here, so asking never imports eyecite
        _write_text(
            tmp / PASSAGES,
            "".join(json.dumps(p.to_dict(), ensure_ascii=False) + "\n" for p in passages),
        )
        vectors = np.ascontiguousarray(embeddings, dtype=np.float32)
        with (tmp / EMBEDDINGS).open("wb") as handle:
            np.save(handle, vectors, allow_pickle=False)
        DenseIndex.build(vectors).write(tmp / FAISS)
        with (tmp / SENTENCES).open("wb") as handle:
            np.save(
                handle,
                np.ascontiguousarray(sentence_embeddings, dtype=np.float32),
                allow_pickle=False,
            )
        manifest = {
            "format": FORMAT_VERSION,
            "posenqa_version": __version__,
            "name": name,
            "source": str(source) if source is not None else None,
            "document": {
                "sha256": key.document_sha256 or document.sha256,
                "parser_version": key.parser_version,
                "title": document.title,
            },
            "model": {**model, "checksum": key.model_checksum},
            "settings": key.settings,
            "passages": len(passages),
            "files": {f: _file_info(tmp / f) for f in DATA_FILES},
            **(extra or {}),
        }
        # The manifest is written last: a directory without one is never an index.
        _write_text(tmp / MANIFEST, json.dumps(manifest, indent=2, ensure_ascii=False))
        final = root / name
        old = root / f".{name}.old-{uuid.uuid4().hex}"
        if final.exists():
            os.rename(final, old)
        os.rename(tmp, final)
        shutil.rmtree(old, ignore_errors=True)
        return final
    except OSError as exc:  # disk full, or the folder turned read-only mid-build
        shutil.rmtree(tmp, ignore_errors=True)
        raise IndexError_(unwritable(root, exc)) from exc
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def build_index(
    root: Path,
    name: str,
    source: Path,
    document: Document,
    passages: Sequence[Passage],
    key: IndexKey,
    embedder: Embedder,
    *,
    progress: Callable[[int, int], None] | None = None,
    batch: int = 256,
) -> Path:
    """Embed the passages and their sentences (reporting ``progress(done, total)``) and
    write the index.

    With an embedder that pools spans (the ONNX one), each sentence's vector is
    the mean of its tokens' embeddings in the passage's own model pass: one pass
    per build. Only sentences past the model's length limit are encoded on their
    own. Any other embedder encodes the sentences in a second pass.
    """
    texts = [p.searchable for p in passages]
    if hasattr(embedder, "encode_spans"):
        vectors, sentence_vectors = _embed_one_pass(embedder, passages, texts, progress, batch)
    else:
        sentences = [sentence for group in passage_sentences(passages) for sentence in group]
        done = 0

        def step(count: int) -> None:
            nonlocal done
            done += count
            if progress:
                progress(done, len(texts) + len(sentences))

        step(0)
        vectors = _embed(embedder, texts, batch, step)
        sentence_vectors = _embed(embedder, sentences, batch, step)
    return write_index(
        root,
        name,
        document=document,
        passages=passages,
        embeddings=vectors,
        sentence_embeddings=sentence_vectors,
        key=key,
        model={
            "name": embedder.name,
            "dim": embedder.dim,
            "runtime": getattr(embedder, "runtime", type(embedder).__name__),
            "sentence_vectors": "pooled" if hasattr(embedder, "encode_spans") else "encoded",
        },
        source=source,
    )


def _embed(
    embedder: Embedder, items: Sequence[str], batch: int, step: Callable[[int], None]
) -> np.ndarray:
    """``items`` embedded in chunks of ``batch``, calling ``step(count)`` after each."""
    import numpy as np

    # Large chunks: the embedders sort each call's texts by length to pad
    # less, which small chunks defeat (chunks of 32 measured ~1.7x slower).
    chunks = []
    for start in range(0, len(items), batch):
        chunks.append(embedder.encode(items[start : start + batch]))
        step(len(items[start : start + batch]))
    if not chunks:
        return np.zeros((0, embedder.dim), dtype=np.float32)
    return np.vstack(chunks)


def _embed_one_pass(
    embedder: Any,
    passages: Sequence[Passage],
    texts: Sequence[str],
    progress: Callable[[int, int], None] | None,
    batch: int,
) -> tuple[np.ndarray, np.ndarray]:
    """Passage vectors and sentence vectors pooled from the same model pass.

    Progress counts passages; the few sentences past the model's length limit,
    encoded on their own afterwards, are added to the total when known.
    """
    import numpy as np

    from posenqa.search.evidence import sentence_spans

    spans = [sentence_spans(p.text) for p in passages]
    # Sentence spans are offsets into ``text``, which ``searchable`` starts with
    # (it only appends context); a passage where it did not would be encoded alone.
    pool = [
        g if p.searchable.startswith(p.text) else [] for p, g in zip(passages, spans, strict=True)
    ]
    if progress:
        progress(0, len(texts))
    vectors: list[np.ndarray] = []
    pooled: list[np.ndarray | None] = []
    for start in range(0, len(texts), batch):
        v, found = embedder.encode_spans(texts[start : start + batch], pool[start : start + batch])
        vectors.append(v)
        it = iter(found)
        for group, asked in zip(
            spans[start : start + batch], pool[start : start + batch], strict=True
        ):
            pooled.extend(next(it) if asked else None for _ in group)
        if progress:
            progress(start + len(v), len(texts))
    flat = [(p.text, span) for p, group in zip(passages, spans, strict=True) for span in group]
    missing = [i for i, vector in enumerate(pooled) if vector is None]
    if missing:
        alone = embedder.encode([flat[i][0][slice(*flat[i][1])] for i in missing])
        for i, vector in zip(missing, alone, strict=True):
            pooled[i] = vector
        if progress:
            progress(len(texts) + len(missing), len(texts) + len(missing))
    dim = embedder.dim
    passage_vectors = np.vstack(vectors) if vectors else np.zeros((0, dim), np.float32)
    sentence_vectors = np.vstack(pooled) if pooled else np.zeros((0, dim), np.float32)
    return passage_vectors, sentence_vectors


def read_manifest(path: Path) -> dict[str, Any]:
    """The manifest of the index at ``path``; IndexError_ when missing or unreadable."""
    file = path / MANIFEST
    if not file.is_file():
        raise IndexError_(f"{path}: no index here (missing {MANIFEST})")
    try:
        manifest = json.loads(file.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise IndexError_(f"{file}: unreadable manifest ({exc})") from exc
    if not isinstance(manifest, dict) or "format" not in manifest:
        raise IndexError_(f"{file}: not an index manifest")
    if manifest["format"] != FORMAT_VERSION:
        raise IndexFormatError(
            f"index format changed (from {manifest['format']} to {FORMAT_VERSION})"
        )
    return manifest


def read_index(path: Path) -> StoredIndex:
    """Read and verify the index at ``path``. IndexError_ says what is missing or damaged."""
    import numpy as np

    manifest = read_manifest(path)
    files = manifest.get("files")
    if not isinstance(files, dict) or set(files) != set(DATA_FILES):
        raise IndexError_(f"{path / MANIFEST}: file list is damaged")
    for name, info in files.items():
        file = path / name
        if not file.is_file():
            raise IndexError_(f"{file}: missing")
        if _file_info(file) != info:
            raise IndexError_(f"{file}: size or checksum differs from the manifest")
    try:
        document = Document.from_dict(json.loads((path / DOCUMENT).read_text(encoding="utf-8")))
        from posenqa.references.cache import attach_index

        attach_index(path, document)  # its references are saved beside it (no I/O now)
        passages = [
            Passage.from_dict(json.loads(line))
            for line in (path / PASSAGES).read_text(encoding="utf-8").splitlines()
            if line.strip()
        ]
        with (path / EMBEDDINGS).open("rb") as handle:
            embeddings = np.load(handle, allow_pickle=False)
        with (path / SENTENCES).open("rb") as handle:
            sentence_embeddings = np.load(handle, allow_pickle=False)
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise IndexError_(f"{path}: damaged index ({exc})") from exc
    if embeddings.ndim != 2 or len(embeddings) != len(passages):
        raise IndexError_(
            f"{path}: {len(passages)} passages but embeddings of shape {embeddings.shape}"
        )
    expected = sum(len(s) for s in passage_sentences(passages))
    if sentence_embeddings.ndim != 2 or len(sentence_embeddings) != expected:
        raise IndexError_(
            f"{path}: {expected} sentences but sentence embeddings of shape "
            f"{sentence_embeddings.shape}"
        )
    return StoredIndex(path, manifest, document, passages, embeddings, sentence_embeddings)


def rewrite_dense(path: Path, write: Callable[[Path], None]) -> None:
    """Replace the faiss file of the index at ``path`` (``write(file)`` writes it) and its
    manifest entry, under the build lock; IndexError_ when the folder cannot be written.

    For a faiss file that matched its checksum yet could not be read: it is
    derived from the verified vectors, so it is rebuilt from them and put back.
    """
    with lock(path.parent, path.name):
        manifest = read_manifest(path)
        tmp = path / f".{FAISS}.tmp-{uuid.uuid4().hex}"
        try:
            write(tmp)
            os.replace(tmp, path / FAISS)
            manifest["files"][FAISS] = _file_info(path / FAISS)
            _write_text(tmp, json.dumps(manifest, indent=2, ensure_ascii=False))
            os.replace(tmp, path / MANIFEST)
        except OSError as exc:
            with contextlib.suppress(OSError):
                tmp.unlink()
            raise IndexError_(unwritable(path, exc)) from exc


def passage_sentences(passages: Sequence[Passage]) -> list[list[str]]:
    """The sentences of each passage's display text, as the best-sentence pick splits them."""
    from posenqa.search.evidence import sentence_spans

    return [[p.text[s:e] for s, e in sentence_spans(p.text)] for p in passages]


def stale_reason(manifest: dict[str, Any], key: IndexKey) -> str | None:
    """Why an index with this manifest does not match ``key``, or None when it is current."""
    from posenqa import __version__

    doc = manifest.get("document", {})
    if key.document_sha256 is not None and doc.get("sha256") != key.document_sha256:
        return "document changed"
    if doc.get("parser_version") != key.parser_version:
        return "parser version changed"
    if manifest.get("model", {}).get("checksum") != key.model_checksum:
        return "embedding model changed"
    if manifest.get("settings") != key.settings:
        return "settings changed"
    if manifest.get("posenqa_version") != __version__:
        return "posenqa version changed"
    return None


@contextlib.contextmanager
def lock(root: Path, name: str) -> Iterator[None]:
    """Hold the exclusive build lock of index ``name``; also clears debris of interrupted builds.

    IndexError_ names the folder when it cannot be written (read-only, missing parent).
    """
    path = root / f"{name}.lock"
    try:
        root.mkdir(parents=True, exist_ok=True)
        handle = _acquire(path, blocking=True)
    except OSError as exc:
        raise IndexError_(unwritable(root, exc)) from exc
    try:
        # Holding the lock, no other build of this name is running: any
        # temporary directory left is from a build that was interrupted.
        _remove_debris(root, name)
        yield
    finally:
        # Unlinked while still held, so no lock file outlives its build; _acquire
        # makes a waiter that locked the unlinked file try again on a fresh one.
        with contextlib.suppress(OSError):
            path.unlink()
        fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
        handle.close()


def clear_debris(root: Path, name: str) -> bool:
    """Remove what a killed build of ``name`` left (temporary folders, an empty lock file).

    Called when an index is opened, so debris does not wait for the next build.
    Does nothing while a build holds the lock, or when the folder cannot be
    written (a read-only index still answers). True when something was removed.
    """
    path = root / f"{name}.lock"
    if not path.exists() and not _debris(root, name):
        return False
    try:
        handle = _acquire(path, blocking=False)
    except OSError:  # BlockingIOError: a build is running; others: read-only, gone
        return False
    try:
        _remove_debris(root, name)
        with contextlib.suppress(OSError):
            path.unlink()
    finally:
        fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
        handle.close()
    return True


def unwritable(root: Path, exc: OSError) -> str:
    """The one-line message for an index folder that cannot be written."""
    reason = (exc.strerror or str(exc)).lower()
    return f"{root}: the index folder cannot be written ({reason})"


def _acquire(path: Path, *, blocking: bool) -> Any:
    """An open handle on ``path`` holding its exclusive flock.

    A lock file is removed by the build that held it, so a waiter may end up
    holding a file that is no longer at ``path``; it then tries again.
    """
    flags = fcntl.LOCK_EX if blocking else fcntl.LOCK_EX | fcntl.LOCK_NB
    while True:
        handle = path.open("a")
        try:
            fcntl.flock(handle.fileno(), flags)
            same = os.fstat(handle.fileno()).st_ino == os.stat(path).st_ino
        except FileNotFoundError:
            same = False
        except BaseException:
            handle.close()
            raise
        if same:
            return handle
        fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
        handle.close()


def _debris(root: Path, name: str) -> list[Path]:
    try:
        return [*root.glob(f".{name}.tmp-*"), *root.glob(f".{name}.old-*")]
    except OSError:
        return []


def _remove_debris(root: Path, name: str) -> None:
    for debris in _debris(root, name):
        shutil.rmtree(debris, ignore_errors=True)


def usable_index(
    path: Path, key: IndexKey, rebuild: bool = False
) -> tuple[StoredIndex | None, str]:
    """The index at ``path`` when it is sound and fresh for ``key``, else None and why not."""
    if rebuild:
        return None, ""
    try:
        stored = read_index(path)
    except IndexFormatError as exc:
        return None, f"index is stale ({exc})"
    except IndexError_ as exc:
        if not path.exists():
            return None, "no index yet"
        return None, f"index is damaged ({exc})"
    reason = stale_reason(stored.manifest, key)
    return (None, f"index is stale ({reason})") if reason else (stored, "")


def open_index(
    root: Path,
    name: str,
    key: IndexKey,
    build: Callable[[str], None] | None,
    rebuild: bool = False,
) -> StoredIndex:
    """The index ``name`` under ``root``, built by ``build(why)`` when missing, stale or damaged.

    The build runs holding the index's lock, after checking again: another process
    may have built it while this one waited. ``build`` None (the source is gone)
    makes an unusable index an error.
    """
    stored, _ = usable_index(root / name, key, rebuild)
    if stored is not None:
        return stored
    with lock(root, name):
        stored, why = usable_index(root / name, key, rebuild)
        if stored is None:
            if build is None:
                raise IndexError_(f"{why}, and the source of {name!r} is not available")
            build(why)
            stored = read_index(root / name)
    return stored


def _write_text(path: Path, text: str) -> None:
    with path.open("w", encoding="utf-8") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())


def _file_info(path: Path) -> dict[str, Any]:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return {"size": path.stat().st_size, "sha256": digest.hexdigest()}


__all__ = [
    "DATA_FILES",
    "FORMAT_VERSION",
    "MANIFEST",
    "IndexFormatError",
    "IndexKey",
    "StoredIndex",
    "build_index",
    "clear_debris",
    "index_name",
    "lock",
    "open_index",
    "passage_sentences",
    "read_index",
    "read_manifest",
    "rewrite_dense",
    "stale_reason",
    "unwritable",
    "usable_index",
    "write_index",
]
