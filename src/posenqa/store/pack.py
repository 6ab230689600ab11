"""A library's papers packed into one set of files: opening it reads O(1) files, not N.

Opening a library paper by paper reads and verifies every paper's index (~10-40 ms
a paper: JSON, checksums, Python objects) and memory-maps two files a paper, so a
library of 10,000 papers took minutes to open and one process could not open many
more (its file descriptors and memory maps run out). The **pack** holds, in
library order, what a question over the whole library reads: every passage's
vector, every sentence's vector, the passages' stored JSON lines (parsed on
demand, a candidate at a time), their keys, term and sentence counts, and their
BM25 terms over one vocabulary. It is derived data, written from the papers'
verified indexes (``store/packing.py``) and never the only copy of anything.

It is saved under a **key** (:func:`pack_key`) made of the versions every paper's
index was checked against when the pack was written (index format, parser, model,
settings, splitter and tokenizer, posenqa) and, per paper in order, its id, its
source file's size and modification time, and its index manifest's size,
modification time and inode (an index is rewritten by renaming a new folder into
place: a new inode). Computing the key costs two ``stat`` calls a paper; when it
matches, every paper's index is exactly the one the pack was written from, and
each paper was current for its source then, so staleness per paper still holds.
Any add, remove, re-index, changed source file or changed version misses the key,
and the library is opened paper by paper again (which rebuilds what is stale) and
packed anew.

Files (``<library>/.pack/<key[:32]>/``), plain binary arrays whose shapes
``pack.json`` gives (no pickle): ``dense.faiss`` (every passage's vector as an exact
faiss inner-product index: faiss's header, then the float32 rows, which are read as
a memory map both by faiss and as an array, so the dense index costs no memory of its
own and no time to fill), ``sentences.f32``
(sentences x dim), ``counts.i32`` (passages x 2: terms, sentences), ``tokens.i32``
(term ids), ``terms.json`` (the vocabulary, in order of first occurrence),
``passages.jsonl`` and ``offsets.i64`` (each passage's line), ``keys.txt``
(``paper:passage``, one a line), ``citing.jsonl`` (a line a paper: note number ->
the ids of the paper's passages citing it). ``pack.json`` is written last, with every file's
size and the sha256 of the small files (keys, counts, offsets, terms), all checked
at every opening; the large ones (vectors, passages, tokens) were verified against
their papers' manifests when packed and are checked by size, as the saved BM25 is
(``search/bm25_cache.py``): re-hashing gigabytes at every opening is what the pack
exists to avoid.
"""

from __future__ import annotations

import bisect
import functools
import hashlib
import json
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from posenqa.passages import Passage
from posenqa.store.files import file_info
from posenqa.store.layout import LIBRARY_PACK, MANIFEST

if TYPE_CHECKING:
    import numpy as np

    from posenqa.search.dense import DenseIndex
    from posenqa.store.terms import PassageTerms

PACK_FORMAT = 1
PACK_MANIFEST = "pack.json"
VECTORS = "dense.faiss"
SENTENCES = "sentences.f32"
COUNTS = "counts.i32"
TOKENS = "tokens.i32"
TERMS = "terms.json"
PASSAGES = "passages.jsonl"
OFFSETS = "offsets.i64"
KEYS = "keys.txt"
CITING = "citing.jsonl"
PACK_FILES = (VECTORS, SENTENCES, COUNTS, TOKENS, TERMS, PASSAGES, OFFSETS, KEYS, CITING)
#: Checked by sha256 at every opening (small); the others by size.
HASHED = frozenset({COUNTS, TERMS, OFFSETS, KEYS, CITING})
#: The separator of a passage's key: ``paper:passage`` (paper ids never hold one).
SEP = ":"


def paper_stamp(root: Path, paper_id: str, source: str) -> list[Any]:
    """What identifies paper ``paper_id``'s index and source file now, from two ``stat``s:
    [source size, source mtime] (None when the file is gone) and [manifest size, mtime,
    inode] (None when there is no index)."""
    try:
        s = os.stat(source)
        source_stamp: list[int] | None = [s.st_size, s.st_mtime_ns]
    except OSError:
        source_stamp = None
    try:
        m = os.stat(root / paper_id / MANIFEST)
        index_stamp: list[int] | None = [m.st_size, m.st_mtime_ns, m.st_ino]
    except OSError:
        index_stamp = None
    return [paper_id, source, source_stamp, index_stamp]


def pack_key(versions: dict[str, Any], stamps: Sequence[list[Any]]) -> str:
    """The sha256 of what a pack depends on: ``versions`` (what every paper's index was
    checked against) and each paper's :func:`paper_stamp`, in library order."""
    text = json.dumps(
        {"format": PACK_FORMAT, "versions": versions, "papers": list(stamps)},
        sort_keys=True,
        separators=(",", ":"),
    )
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def pack_folder(root: Path) -> Path:
    """Where a library's packs are kept."""
    return root / LIBRARY_PACK


@dataclass(frozen=True, slots=True)
class PackedPaper:
    """One paper in a pack: its rows and what its BM25 statistics are keyed by."""

    id: str
    passages: int
    sentences: int
    fingerprint: str
    """The sha256 of the paper's stored terms files (``search/stored.terms_fingerprint``)."""


class Pack:
    """A pack read back: memory-mapped arrays, and passages parsed when asked for."""

    def __init__(self, folder: Path, manifest: dict[str, Any]) -> None:
        import numpy as np

        self.folder = folder
        self.key: str = manifest["key"]
        self.dim = int(manifest["dim"])
        self.size = int(manifest["passages"])
        self.papers = tuple(PackedPaper(*p) for p in manifest["papers"])
        rows = np.cumsum([0, *(p.passages for p in self.papers)]).tolist()
        self.spans = {p.id: (rows[i], rows[i + 1]) for i, p in enumerate(self.papers)}
        self._starts = rows
        sentences = int(manifest["sentences"])
        # One memory map a file, whatever the number of papers.
        offset = int(manifest["vectors_at"])
        self.vectors = _rows(folder / VECTORS, np.float32, (self.size, self.dim), offset)
        self.sentences = _rows(folder / SENTENCES, np.float32, (sentences, self.dim))
        self.counts = np.fromfile(folder / COUNTS, dtype=np.int32).reshape(self.size, 2)
        self.offsets = np.fromfile(folder / OFFSETS, dtype=np.int64)
        self._text = _rows(folder / PASSAGES, np.uint8, (int(self.offsets[-1]),))
        self.keys = (folder / KEYS).read_text(encoding="utf-8").split("\n")[: self.size]
        self.sentence_starts = np.zeros(self.size + 1, dtype=np.int64)
        np.cumsum(self.counts[:, 1], out=self.sentence_starts[1:])
        self._terms = int(manifest["terms"])
        self._citing = (folder / CITING).read_bytes().split(b"\n")
        self.order = {p.id: i for i, p in enumerate(self.papers)}
        #: What the pack was written from: each paper's stamp, and the versions.
        self.stamps = {stamp[0]: stamp for stamp in manifest.get("stamps", ())}
        self.versions = manifest.get("versions")

    def dense(self) -> DenseIndex:
        """The exact faiss index over every passage's vector, memory-mapped (not copied)."""
        from posenqa.search.dense import DenseIndex

        return DenseIndex.read(self.folder / VECTORS, mapped=True)

    def passage(self, row: int) -> Passage:
        """Passage ``row`` as its paper stores it (its own id and block ids)."""
        start, stop = int(self.offsets[row]), int(self.offsets[row + 1])
        return Passage.from_dict(json.loads(self._text[start:stop].tobytes()))

    @functools.lru_cache(maxsize=1024)  # noqa: B019 (a pack lives as long as its library)
    def citing(self, paper_id: str) -> dict[int, tuple[str, ...]]:
        """Paper ``paper_id``'s note numbers -> the ids of its passages citing them."""
        line = json.loads(self.citing_line(paper_id))
        return {int(n): tuple(ids) for n, ids in line.items()}

    def citing_line(self, paper_id: str) -> bytes:
        """Paper ``paper_id``'s line of ``citing.jsonl``."""
        return self._citing[self.order[paper_id]]

    @functools.cached_property
    def term_starts(self) -> np.ndarray:
        """int64, one more than the passages: where each passage's terms start in
        :meth:`tokens`."""
        import numpy as np

        out = np.zeros(self.size + 1, dtype=np.int64)
        np.cumsum(self.counts[:, 0], out=out[1:])
        return out

    def tokens(self) -> np.ndarray:
        """int32 term ids (in ``terms.json``) of every passage's terms, memory-mapped."""
        import numpy as np

        return _rows(self.folder / TOKENS, np.int32, (self._terms,))

    def vocabulary(self) -> list[str]:
        """``terms.json``: the pack's terms in order of first occurrence."""
        return list(json.loads((self.folder / TERMS).read_text(encoding="utf-8")))

    def text(self, start: int, stop: int) -> bytes:
        """Bytes ``start:stop`` of ``passages.jsonl``."""
        return self._text[start:stop].tobytes()

    def paper_of(self, row: int) -> str:
        """The id of the paper holding row ``row``."""
        return self.papers[bisect.bisect_right(self._starts, row) - 1].id

    def terms(self) -> PassageTerms:
        """Every passage's BM25 terms over the pack's one vocabulary (read now: only
        needed when the merged BM25 is not saved)."""
        import numpy as np

        from posenqa.store.terms import PassageTerms

        counts = np.ascontiguousarray(self.counts[:, 0])
        return PassageTerms(tuple(self.vocabulary()), self.tokens(), counts)


def latest_pack(root: Path) -> Pack | None:
    """The library's pack whatever its key (the one an opening last wrote), when it reads
    back and checks out: what a new pack may copy its unchanged papers from."""
    for folder in sorted(pack_folder(root).glob("*/" + PACK_MANIFEST)):
        try:
            key = json.loads(folder.read_text(encoding="utf-8"))["key"]
        except (OSError, ValueError, KeyError, TypeError):
            continue
        pack = read_pack(root, str(key))
        if pack is not None:
            return pack
    return None


def read_pack(root: Path, key: str) -> Pack | None:
    """The library's pack for ``key``, or None when there is none, or it does not match or
    does not check out (then the library is opened paper by paper and packed again)."""
    folder = pack_folder(root) / key[:32]
    try:
        manifest = json.loads((folder / PACK_MANIFEST).read_text(encoding="utf-8"))
        if manifest.get("format") != PACK_FORMAT or manifest.get("key") != key:
            return None
        files = manifest["files"]
        for name in PACK_FILES:
            path = folder / name
            expected = files[name]
            if (file_info(path) if name in HASHED else path.stat().st_size) != expected:
                return None
        return Pack(folder, manifest)
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _rows(path: Path, dtype: Any, shape: tuple[int, ...], offset: int = 0) -> np.ndarray:
    """``path`` from byte ``offset`` as a read-only memory map of ``shape`` (an empty
    array for no rows: an empty file cannot be mapped)."""
    import numpy as np

    if not shape[0]:
        return np.zeros(shape, dtype=dtype)
    return np.memmap(path, dtype=dtype, mode="r", shape=shape, offset=offset)


__all__ = [
    "PACK_FILES",
    "PACK_FORMAT",
    "PACK_MANIFEST",
    "SEP",
    "Pack",
    "PackedPaper",
    "latest_pack",
    "pack_folder",
    "pack_key",
    "paper_stamp",
    "read_pack",
]
