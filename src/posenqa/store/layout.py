"""Where things are in an index folder: file names, the format version, index names."""

from __future__ import annotations

import re
from pathlib import Path

#: Version 3 added the passages' terms and per-passage counts (so opening an index
#: re-tokenizes and re-splits nothing); an index of another version is stale.
FORMAT_VERSION = 3
MANIFEST = "params.json"
DOCUMENT = "document.json"
PASSAGES = "passages.jsonl"
EMBEDDINGS = "embeddings.npy"
FAISS = "dense.faiss"
SENTENCES = "sentences.npy"
TERMS = "terms.json"
"""The paper's BM25 vocabulary, a JSON list of terms in order of first occurrence."""
TOKENS = "tokens.npy"
"""int32 term ids (positions in ``terms.json``) of every passage's terms, passages in order."""
COUNTS = "counts.npy"
"""int32 (passages, 2): each passage's number of terms and of sentences."""
LIBRARY_BM25 = ".bm25"
"""In a library's folder: its merged BM25 index, saved for the next opening
(derived data, keyed by the papers it was merged from: ``search/bm25_cache.py``)."""
LIBRARY_PACK = ".pack"
"""In a library's folder: its papers packed into one set of files (derived data, keyed by
the papers' stamps: ``store/pack.py``), so opening reads O(1) files."""
DATA_FILES = (DOCUMENT, PASSAGES, EMBEDDINGS, FAISS, SENTENCES, TERMS, TOKENS, COUNTS)
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def index_name(source: Path) -> str:
    """The directory name of a source file's index: its stem, plus the suffix unless ``.pdf``.

    ``paper.pdf`` and ``paper.txt`` are different documents and get different indexes.
    """
    stem = source.stem if source.suffix.lower() == ".pdf" else source.name.replace(".", "-")
    return _UNSAFE.sub("_", stem).strip("._") or "document"


__all__ = [
    "COUNTS",
    "DATA_FILES",
    "DOCUMENT",
    "EMBEDDINGS",
    "FAISS",
    "FORMAT_VERSION",
    "LIBRARY_BM25",
    "LIBRARY_PACK",
    "MANIFEST",
    "PASSAGES",
    "SENTENCES",
    "TERMS",
    "TOKENS",
    "index_name",
]
