"""The index on disk: plain files, a manifest, atomic replacement, staleness.

An index of one paper lives in ``<root>/<name>/`` (file names in :mod:`.layout`):

- ``document.json``   the parsed Document (so asking never re-parses the PDF)
- ``passages.jsonl``  one passage per line
- ``embeddings.npy``  float32 passage vectors, one row per passage
- ``sentences.npy``   float32 vectors of every sentence of every passage, in
  passage order (so picking a hit's best sentence needs no model call)
- ``dense.faiss``     the faiss index over those rows
- ``terms.json``, ``tokens.npy``  every passage's BM25 terms (a vocabulary and
  int32 term ids), and ``counts.npy`` each passage's number of terms and of
  sentences: opening an index tokenizes and splits nothing
- ``params.json``     the manifest: versions (format, parser, sentence splitter,
  tokenizer), document checksum, model checksum, settings, and the size and
  sha256 of every other file

No pickle anywhere. An index is written into a fresh temporary directory beside
the final one and renamed into place while holding ``<root>/<name>.lock``
(``fcntl.flock``), so a reader sees either the old index or the new one, an
interrupted build leaves only a temporary directory and perhaps an empty lock
file (both removed when the index is next opened), and two builds never
interleave. Reading verifies every file against the manifest, so a truncated or
damaged index is detected, not half-loaded.

One job per module: :mod:`.layout` (names), :mod:`.files` (synced writes,
checksums), :mod:`.locking`, :mod:`.manifest` (key, staleness), :mod:`.terms`
(what is derived from the text at build time), :mod:`.writing`,
:mod:`.building` (embedding), :mod:`.reading`, :mod:`.opening`.
"""

from __future__ import annotations

from posenqa.store.building import build_index
from posenqa.store.files import unwritable
from posenqa.store.layout import DATA_FILES, DOCUMENT, FAISS, FORMAT_VERSION, MANIFEST, index_name
from posenqa.store.locking import clear_debris, lock
from posenqa.store.manifest import (
    IndexFormatError,
    IndexKey,
    read_manifest,
    stale_reason,
    text_versions,
)
from posenqa.store.opening import open_index, usable_index
from posenqa.store.reading import StoredIndex, read_index
from posenqa.store.terms import PassageTerms, passage_sentences, passage_terms, sentence_counts
from posenqa.store.writing import rewrite_dense, write_index

__all__ = [
    "DATA_FILES",
    "DOCUMENT",
    "FAISS",
    "FORMAT_VERSION",
    "MANIFEST",
    "IndexFormatError",
    "IndexKey",
    "PassageTerms",
    "StoredIndex",
    "build_index",
    "clear_debris",
    "index_name",
    "lock",
    "open_index",
    "passage_sentences",
    "passage_terms",
    "read_index",
    "read_manifest",
    "rewrite_dense",
    "sentence_counts",
    "stale_reason",
    "text_versions",
    "unwritable",
    "usable_index",
    "write_index",
]
