"""Reading an index back: every file verified against the manifest, nothing recomputed."""

from __future__ import annotations

import contextlib
import errno
import functools
import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from posenqa.document import Document
from posenqa.errors import IndexError_, PosenqaError
from posenqa.passages import Passage
from posenqa.store import layout
from posenqa.store.files import file_info
from posenqa.store.manifest import read_manifest
from posenqa.store.terms import PassageTerms, sentence_counts

if TYPE_CHECKING:
    import numpy as np

    from posenqa.references.cache import SavedReferences

#: The files read as memory maps (read-only views of the verified files). Each map
#: holds a file descriptor (Python's mmap keeps a duplicate) and a kernel map: two a
#: paper, so a library of N papers needs ~2N of each (``ulimit -n``, raised to its hard
#: limit below; ``vm.max_map_count``, 65,530 by default).
_MAPPED = frozenset({layout.EMBEDDINGS, layout.SENTENCES})
#: Running out of these is not damage: rebuilding the index would not help.
_EXHAUSTED = frozenset({errno.ENOMEM, errno.EMFILE, errno.ENFILE})
_NO_MAPS = (
    "{path}: cannot memory-map its vectors ({reason}): a library maps two files a paper; "
    "raise the open-file limit (ulimit -n) or vm.max_map_count, or open fewer papers"
)


@functools.cache
def _allow_open_maps() -> None:
    """Raise this process's soft open-file limit to its hard limit (once): the soft
    default (often 1,024) would stop a library at ~500 papers."""
    import resource

    with contextlib.suppress(ValueError, OSError):
        soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
        if hard == resource.RLIM_INFINITY or soft < hard:
            resource.setrlimit(resource.RLIMIT_NOFILE, (max(soft, min(hard, 1 << 20)), hard))


@dataclass(frozen=True, slots=True)
class StoredIndex:
    """A verified index read from disk (the faiss file is read later, on demand).

    ``terms`` and ``sentence_counts`` are None for an index assembled in memory
    (a text-only engine): they are then computed from the passages when needed.
    """

    path: Path
    manifest: dict[str, Any]
    document: Document
    passages: list[Passage]
    embeddings: np.ndarray
    sentence_embeddings: np.ndarray
    """One row per sentence of :func:`passage_sentences`, passages in order."""
    terms: PassageTerms | None = None
    sentence_counts: np.ndarray | None = None
    """int32 number of sentences (rows of ``sentence_embeddings``) of each passage."""
    references: SavedReferences | None = None
    """The paper's resolved references saved beside the index (read when first asked for)."""

    @property
    def faiss_path(self) -> Path:
        """Where the faiss index file is."""
        return self.path / layout.FAISS

    def sentence_rows(self) -> np.ndarray:
        """int32 number of sentence rows of each passage (stored, or split now)."""
        if self.sentence_counts is not None:
            return self.sentence_counts
        return sentence_counts(self.passages)


def read_index(path: Path) -> StoredIndex:
    """Read and verify the index at ``path``. IndexError_ says what is missing or damaged."""
    import numpy as np

    manifest = read_manifest(path)
    files = manifest.get("files")
    if not isinstance(files, dict) or set(files) != set(layout.DATA_FILES):
        raise IndexError_(f"{path / layout.MANIFEST}: file list is damaged")
    for name, info in files.items():
        file = path / name
        if not file.is_file():
            raise IndexError_(f"{file}: missing")
        if file_info(file) != info:
            raise IndexError_(f"{file}: size or checksum differs from the manifest")
    try:
        document = Document.from_dict(
            json.loads((path / layout.DOCUMENT).read_text(encoding="utf-8"))
        )
        passages = [
            Passage.from_dict(json.loads(line))
            for line in (path / layout.PASSAGES).read_text(encoding="utf-8").splitlines()
            if line.strip()
        ]
        arrays = {}
        _allow_open_maps()
        for name in (layout.EMBEDDINGS, layout.SENTENCES, layout.TOKENS, layout.COUNTS):
            # Vectors are memory-mapped: a library reads the rows of its
            # candidates only, so a million passages' vectors need not be resident.
            mmap = "r" if name in _MAPPED else None
            arrays[name] = np.load(path / name, mmap_mode=mmap, allow_pickle=False)
        vocabulary = json.loads((path / layout.TERMS).read_text(encoding="utf-8"))
    except OSError as exc:
        if exc.errno in _EXHAUSTED:  # not a damaged index: rebuilding it would not help
            reason = os.strerror(exc.errno).lower()
            raise PosenqaError(_NO_MAPS.format(path=path, reason=reason)) from exc
        raise IndexError_(f"{path}: damaged index ({exc})") from exc
    except (ValueError, KeyError, TypeError) as exc:
        raise IndexError_(f"{path}: damaged index ({exc})") from exc
    embeddings, sentence_embeddings = arrays[layout.EMBEDDINGS], arrays[layout.SENTENCES]
    tokens, counts = arrays[layout.TOKENS], arrays[layout.COUNTS]
    if embeddings.ndim != 2 or len(embeddings) != len(passages):
        raise IndexError_(
            f"{path}: {len(passages)} passages but embeddings of shape {embeddings.shape}"
        )
    if counts.shape != (len(passages), 2) or counts.dtype != np.int32:
        raise IndexError_(f"{path}: {len(passages)} passages but counts of shape {counts.shape}")
    expected = int(counts[:, 1].sum())
    if sentence_embeddings.ndim != 2 or len(sentence_embeddings) != expected:
        raise IndexError_(
            f"{path}: {expected} sentences but sentence embeddings of shape "
            f"{sentence_embeddings.shape}"
        )
    consistent = (
        isinstance(vocabulary, list)  # of strings: the checksum vouches for the writer
        and tokens.ndim == 1
        and tokens.dtype == np.int32
        and len(tokens) == int(counts[:, 0].sum())
        and (len(tokens) == 0 or 0 <= int(tokens.min()) <= int(tokens.max()) < len(vocabulary))
    )
    if not consistent:
        raise IndexError_(f"{path}: the passages' terms do not fit together")
    try:  # interned: papers share most of their words, which a library then holds once
        words = tuple(map(sys.intern, vocabulary))
    except TypeError as exc:
        raise IndexError_(f"{path}: the passages' terms do not fit together") from exc
    terms = PassageTerms(words, tokens, np.ascontiguousarray(counts[:, 0]))
    sentences = np.ascontiguousarray(counts[:, 1])
    from posenqa.references.cache import saved_references

    references = saved_references(path, manifest)  # verified when first read, not now
    return StoredIndex(
        path,
        manifest,
        document,
        passages,
        embeddings,
        sentence_embeddings,
        terms,
        sentences,
        references,
    )


def read_document(path: Path) -> tuple[Document, SavedReferences | None]:
    """The parsed paper of the index at ``path`` and its saved references, the document
    verified against the manifest (a library opened from its pack reads these alone)."""
    manifest = read_manifest(path)
    file = path / layout.DOCUMENT
    try:
        if file_info(file) != manifest["files"][layout.DOCUMENT]:
            raise IndexError_(f"{file}: size or checksum differs from the manifest")
        document = Document.from_dict(json.loads(file.read_text(encoding="utf-8")))
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise IndexError_(f"{path}: damaged index ({exc})") from exc
    from posenqa.references.cache import saved_references

    return document, saved_references(path, manifest)


__all__ = ["StoredIndex", "read_document", "read_index"]
