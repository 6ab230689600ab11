"""Writing a library's pack (``store/pack.py``) from its papers' verified indexes, one at a time.

Each paper is streamed once: its arrays appended to the pack's files, its passage
lines copied (after checking their sha256 against the paper's manifest once more:
the bytes copied are the bytes verified), its terms mapped onto the pack's one
vocabulary. Nothing of the paper is kept, so a library of any size is packed in
bounded memory and with a bounded number of open files. The pack is written into
a fresh folder and renamed into place after ``pack.json`` (written last, synced);
the library's older packs are then removed. Writing holds the library's pack lock
(``store/locking.py``), so two processes never interleave.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import IO, TYPE_CHECKING, Any

from posenqa.errors import IndexError_
from posenqa.store import layout
from posenqa.store.files import file_info, write_text
from posenqa.store.pack import (
    CITING,
    COUNTS,
    HASHED,
    KEYS,
    OFFSETS,
    PACK_FILES,
    PACK_FORMAT,
    PACK_MANIFEST,
    PASSAGES,
    SENTENCES,
    SEP,
    TERMS,
    TOKENS,
    VECTORS,
    pack_folder,
)

if TYPE_CHECKING:
    import numpy as np

    from posenqa.store.pack import Pack
    from posenqa.store.reading import StoredIndex

#: The lock name (``<library>/.pack.lock``) held while a pack is written.
PACK_LOCK = layout.LIBRARY_PACK


class _Sink:
    """A file being written, hashed as it is written when ``hashed`` (else only sized)."""

    def __init__(self, path: Path, hashed: bool) -> None:
        self.handle: IO[bytes] = path.open("w+b")
        self.digest = hashlib.sha256() if hashed else None
        self.size = 0

    def write(self, data: bytes) -> None:
        self.handle.write(data)
        if self.digest is not None:
            self.digest.update(data)
        self.size += len(data)

    def close(self) -> Any:
        """The file's entry in ``pack.json``: its size and sha256, or its size alone."""
        self.handle.flush()
        os.fsync(self.handle.fileno())
        self.handle.close()
        if self.digest is None:
            return self.size
        return {"size": self.size, "sha256": self.digest.hexdigest()}


@dataclass(frozen=True, slots=True)
class _Paper:
    """One paper's share of every pack file."""

    id: str
    vectors: np.ndarray
    sentences: np.ndarray
    counts: np.ndarray
    """int32 (passages, 2): terms, sentences."""
    vocabulary: Sequence[str]
    """The paper's terms, in order of first occurrence in the paper."""
    ids: np.ndarray
    """Its passages' term ids, in ``vocabulary``."""
    text: bytes
    """Its passages' JSON lines."""
    ends: np.ndarray
    """Where each passage's line ends in ``text``."""
    keys: bytes
    citing: bytes
    fingerprint: str


class PackWriter:
    """Writes a pack: :meth:`add` each paper in library order, then :meth:`finish` with
    its key. Used as a context manager, an unfinished pack leaves nothing.

    OSError from the constructor: the library's folder cannot be written (the
    library is then opened without a pack)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        folder = pack_folder(root)
        folder.mkdir(parents=True, exist_ok=True)
        self.tmp = folder / f"building-{uuid.uuid4().hex}"
        self.tmp.mkdir()
        self._sinks = {
            name: _Sink(self.tmp / name, name in HASHED) for name in PACK_FILES if name != TERMS
        }
        self._vocabulary: dict[str, int] = {}
        self._papers: list[list[Any]] = []
        self._passages = self._sentences = self._terms = self._offset = 0
        self._dim: int | None = None
        self._header = b""
        self._ends: tuple[bytes, bytes] | None = None
        self._sinks[OFFSETS].write(_int64(0))
        self._done = False

    def add(self, paper_id: str, stored: StoredIndex, fingerprint: str) -> None:
        """Append paper ``paper_id``'s verified index (its terms keyed by ``fingerprint``)."""
        import numpy as np

        if stored.terms is None or stored.sentence_counts is None:
            raise IndexError_(f"{stored.path}: an index without stored terms cannot be packed")
        path = stored.path / layout.PASSAGES
        data = path.read_bytes()
        expected = stored.manifest["files"][layout.PASSAGES]
        if {"size": len(data), "sha256": hashlib.sha256(data).hexdigest()} != expected:
            raise IndexError_(f"{path}: size or checksum differs from the manifest")
        lines = [line for line in data.splitlines() if line.strip()]
        if len(lines) != len(stored.passages):
            raise IndexError_(f"{path}: {len(lines)} lines for {len(stored.passages)} passages")
        citing: dict[int, list[str]] = {}
        for p in stored.passages:
            for number in dict.fromkeys(p.notes):
                citing.setdefault(number, []).append(p.id)
        self._append(
            _Paper(
                paper_id,
                np.asarray(stored.embeddings, dtype=np.float32),
                np.asarray(stored.sentence_embeddings, dtype=np.float32),
                np.stack([stored.terms.counts, stored.sentence_counts], axis=1),
                stored.terms.vocabulary,
                np.asarray(stored.terms.ids),
                b"".join(line + b"\n" for line in lines),
                np.cumsum([len(line) + 1 for line in lines]),
                "".join(f"{paper_id}{SEP}{p.id}\n" for p in stored.passages).encode("utf-8"),
                json.dumps(citing, separators=(",", ":")).encode("utf-8"),
                fingerprint,
            )
        )

    def add_packed(self, old: Pack, paper_id: str, vocabulary: Sequence[str]) -> None:
        """Append paper ``paper_id`` as the library's previous pack ``old`` holds it (its
        stamp unchanged since: the same index), ``vocabulary`` being ``old``'s terms."""
        import numpy as np

        start, stop = old.spans[paper_id]
        first, last = int(old.term_starts[start]), int(old.term_starts[stop])
        ids = np.asarray(old.tokens()[first:last])
        # The paper's own vocabulary, in order of first occurrence in the paper (as its
        # index stores it), and its term ids in it.
        seen, at, where = np.unique(ids, return_index=True, return_inverse=True)
        first_seen = np.argsort(at, kind="stable")  # seen[first_seen]: the paper's terms
        rank = np.empty(len(seen), dtype=np.int32)
        rank[first_seen] = np.arange(len(seen), dtype=np.int32)
        order = seen[first_seen]
        lo, hi = int(old.offsets[start]), int(old.offsets[stop])
        self._append(
            _Paper(
                paper_id,
                old.vectors[start:stop],
                old.sentences[int(old.sentence_starts[start]) : int(old.sentence_starts[stop])],
                old.counts[start:stop],
                [vocabulary[i] for i in order.tolist()],
                rank[where.reshape(-1)] if len(ids) else ids,
                old.text(lo, hi),
                old.offsets[start + 1 : stop + 1] - lo,
                "".join(f"{key}\n" for key in old.keys[start:stop]).encode("utf-8"),
                old.citing_line(paper_id),
                old.papers[old.order[paper_id]].fingerprint,
            )
        )

    def _append(self, paper: _Paper) -> None:
        import numpy as np

        vectors, sentences = paper.vectors, paper.sentences
        dim = vectors.shape[1] if len(vectors) else (sentences.shape[1] if len(sentences) else None)
        if dim is not None and self._dim not in (None, dim):
            raise IndexError_(f"{paper.id}: vectors of dimension {dim}, not {self._dim}")
        s = self._sinks
        if self._dim is None and dim is not None:
            self._dim = dim
            self._header = _flat_header(dim)
            s[VECTORS].write(self._header)
        if len(vectors):  # the rows faiss must read back first and last (_check_dense)
            self._ends = (
                vectors[0].tobytes() if self._ends is None else self._ends[0],
                vectors[-1].tobytes(),
            )
        s[VECTORS].write(np.ascontiguousarray(vectors, dtype=np.float32).tobytes())
        s[SENTENCES].write(np.ascontiguousarray(sentences, dtype=np.float32).tobytes())
        s[COUNTS].write(np.ascontiguousarray(paper.counts, dtype=np.int32).tobytes())
        # In the order of the paper's vocabulary (first occurrence in the paper), so the
        # pack's vocabulary numbers terms in order of first occurrence over the library.
        mapping = np.fromiter(
            (self._vocabulary.setdefault(t, len(self._vocabulary)) for t in paper.vocabulary),
            dtype=np.int32,
            count=len(paper.vocabulary),
        )
        ids = paper.ids
        s[TOKENS].write(np.ascontiguousarray(mapping[ids] if len(ids) else ids).tobytes())
        s[PASSAGES].write(paper.text)
        ends = np.asarray(paper.ends, dtype=np.int64) + self._offset
        s[OFFSETS].write(ends.tobytes())
        self._offset += len(paper.text)
        s[KEYS].write(paper.keys)
        s[CITING].write(paper.citing + b"\n")
        rows = len(paper.counts)
        self._papers.append([paper.id, rows, len(sentences), paper.fingerprint])
        self._passages += rows
        self._sentences += len(sentences)
        self._terms += len(ids)

    def finish(self, key: str, **record: Any) -> Path:
        """Close the files, write ``pack.json`` (with ``key`` and ``record``) last and put
        the pack in place (removing the library's older packs); its folder."""
        if not self._passages or self._dim is None:
            raise IndexError_(f"{self.root}: no passage vectors to pack")
        _count_rows(self._sinks[VECTORS].handle, self._header, self._passages, self._dim)
        files = {name: sink.close() for name, sink in self._sinks.items()}
        self._check_dense()
        # Each term was numbered len(vocabulary) as it was inserted: in insertion order,
        # the dict's keys are already in the order of their ids.
        terms = json.dumps(list(self._vocabulary))
        write_text(self.tmp / TERMS, terms)
        files[TERMS] = file_info(self.tmp / TERMS)  # hashed, as every small file
        manifest = {
            "format": PACK_FORMAT,
            "key": key,
            "dim": self._dim,
            "vectors_at": len(self._header),
            "passages": self._passages,
            "sentences": self._sentences,
            "terms": self._terms,
            "papers": self._papers,
            "files": files,
            **record,
        }
        write_text(self.tmp / PACK_MANIFEST, json.dumps(manifest))
        place = pack_folder(self.root) / key[:32]
        if place.exists():  # damaged (it did not read back): set aside, removed below
            os.rename(place, place.with_name(f"building-{uuid.uuid4().hex}"))
        os.rename(self.tmp, place)
        self._done = True
        for other in pack_folder(self.root).iterdir():
            if other != place:  # older packs and leftovers; open maps of them stay valid
                shutil.rmtree(other, ignore_errors=True)
        return place

    def _check_dense(self) -> None:
        """Read the written faiss file back as faiss will (memory-mapped): its size, and its
        first and last rows, must be the vectors written."""
        from posenqa.search.dense import DenseIndex

        dense = DenseIndex.read(self.tmp / VECTORS, mapped=True)
        ends = (dense.row(0).tobytes(), dense.row(self._passages - 1).tobytes())
        if not (dense.exact and dense.size == self._passages and dense.dim == self._dim) or (
            ends != self._ends
        ):
            raise IndexError_(f"{self.tmp / VECTORS}: faiss does not read the packed vectors back")

    def __enter__(self) -> PackWriter:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if not self._done:
            for sink in self._sinks.values():
                with contextlib.suppress(OSError, ValueError):
                    sink.handle.close()
            shutil.rmtree(self.tmp, ignore_errors=True)


def _flat_header(dim: int) -> bytes:
    """faiss's file header of an empty exact inner-product index of dimension ``dim``: the
    rows follow it (its row count and value count are filled in by :func:`_count_rows`)."""
    import faiss

    return bytes(faiss.serialize_index(faiss.IndexFlatIP(dim)).tobytes())


def _count_rows(handle: IO[bytes], header: bytes, rows: int, dim: int) -> None:
    """Write the number of rows and of values into the faiss header at the file's start
    (after the magic and the dimension; and its last field). The file is read back by
    faiss before the pack is used (``PackWriter._check_dense``)."""
    handle.flush()
    handle.seek(8)
    handle.write(_int64(rows))
    handle.seek(len(header) - 8)
    handle.write(_int64(rows * dim))
    handle.seek(0, os.SEEK_END)


def _int64(value: int) -> bytes:
    import numpy as np

    return np.asarray([value], dtype=np.int64).tobytes()


__all__ = ["PACK_LOCK", "PackWriter"]
