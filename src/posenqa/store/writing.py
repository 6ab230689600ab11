"""Writing an index: into a fresh temporary folder, renamed into place (call under the lock)."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import uuid
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from posenqa.document import Document
from posenqa.errors import IndexError_
from posenqa.passages import Passage
from posenqa.store import layout
from posenqa.store.files import file_info, unwritable, write_text
from posenqa.store.locking import lock
from posenqa.store.manifest import IndexKey, read_manifest
from posenqa.store.terms import PassageTerms, passage_terms, sentence_counts

if TYPE_CHECKING:
    import numpy as np


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
    terms: PassageTerms | None = None,
) -> Path:
    """Write a complete index and atomically put it at ``root/name``. Call under :func:`lock`.

    ``terms`` are the passages' BM25 terms when already computed (e.g. in a worker
    process); by default they are tokenized here with the key's tokenizer settings.
    """
    import numpy as np

    from posenqa import __version__
    from posenqa.search.dense import DenseIndex
    from posenqa.settings import TokenizerSettings

    if len(passages) != len(embeddings):
        raise IndexError_(f"{len(passages)} passages but {len(embeddings)} embeddings")
    sentences = sentence_counts(passages)
    if len(sentence_embeddings) != int(sentences.sum()):
        raise IndexError_("sentence embeddings do not match the passages' sentences")
    if terms is None:
        terms = passage_terms(passages, TokenizerSettings(**key.settings.get("tokenizer", {})))
    if len(terms.counts) != len(passages):
        raise IndexError_(f"{len(passages)} passages but terms of {len(terms.counts)}")
    tmp = root / f".{name}.tmp-{uuid.uuid4().hex}"
    try:
        root.mkdir(parents=True, exist_ok=True)
        tmp.mkdir()
    except OSError as exc:
        raise IndexError_(unwritable(root, exc)) from exc
    try:
        write_text(tmp / layout.DOCUMENT, json.dumps(document.to_dict(), ensure_ascii=False))
        from posenqa.references.cache import MANIFEST_KEY as REFERENCES_KEY
        from posenqa.references.cache import save_references

        # Resolved once here, so asking never imports eyecite; checksummed in the manifest.
        references = save_references(tmp, document)
        write_text(
            tmp / layout.PASSAGES,
            "".join(json.dumps(p.to_dict(), ensure_ascii=False) + "\n" for p in passages),
        )
        vectors = np.ascontiguousarray(embeddings, dtype=np.float32)
        DenseIndex.build(vectors).write(tmp / layout.FAISS)
        counts = np.stack([terms.counts, sentences], axis=1).astype(np.int32)
        arrays = {
            layout.EMBEDDINGS: vectors,
            layout.SENTENCES: np.ascontiguousarray(sentence_embeddings, dtype=np.float32),
            layout.TOKENS: np.ascontiguousarray(terms.ids, dtype=np.int32),
            layout.COUNTS: np.ascontiguousarray(counts),
        }
        for file, array in arrays.items():
            with (tmp / file).open("wb") as handle:
                np.save(handle, array, allow_pickle=False)
        write_text(tmp / layout.TERMS, json.dumps(list(terms.vocabulary), ensure_ascii=False))
        manifest = {
            "format": layout.FORMAT_VERSION,
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
            "text": key.text,
            "passages": len(passages),
            "files": {f: file_info(tmp / f) for f in layout.DATA_FILES},
            REFERENCES_KEY: references,
            **(extra or {}),
        }
        # The manifest is written last: a directory without one is never an index.
        write_text(tmp / layout.MANIFEST, json.dumps(manifest, indent=2, ensure_ascii=False))
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


def rewrite_dense(path: Path, write: Callable[[Path], None]) -> None:
    """Replace the faiss file of the index at ``path`` (``write(file)`` writes it) and its
    manifest entry, under the build lock; IndexError_ when the folder cannot be written.

    For a faiss file that matched its checksum yet could not be read: it is
    derived from the verified vectors, so it is rebuilt from them and put back.
    """
    with lock(path.parent, path.name):
        manifest = read_manifest(path)
        tmp = path / f".{layout.FAISS}.tmp-{uuid.uuid4().hex}"
        try:
            write(tmp)
            os.replace(tmp, path / layout.FAISS)
            manifest["files"][layout.FAISS] = file_info(path / layout.FAISS)
            write_text(tmp, json.dumps(manifest, indent=2, ensure_ascii=False))
            os.replace(tmp, path / layout.MANIFEST)
        except OSError as exc:
            with contextlib.suppress(OSError):
                tmp.unlink()
            raise IndexError_(unwritable(path, exc)) from exc


__all__ = ["rewrite_dense", "write_index"]
