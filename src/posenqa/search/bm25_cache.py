"""A library's merged BM25 index saved beside it, so opening does not rebuild it.

Merging every paper's stored terms into one inverted index is the one
library-wide computation left when a library is opened (56 s at 940,544 passages,
measured under load). It depends only on which
papers the library holds, in which order, their terms and BM25's parameters, so
it is saved under a **key** made of exactly those: each paper's id, its number of
passages and the sha256 of its stored terms files (from the paper's verified
manifest), and ``k1``/``b``. Adding, removing or re-indexing a paper changes the
key, and the next opening rebuilds and saves it again; a cache that does not
match, or cannot be read, is ignored. Its postings are memory-mapped on reading.
Each key has its own folder (``<library>/.bm25/<key>``): a library opened on a few of
its papers (``ask --doc``) saves its own, and the whole library's stays.

The cache is derived data and never trusted past its key and its arrays'
consistency (``InvertedBM25.load``); writing is best-effort (a read-only
library still answers) and atomic (a fresh folder renamed into place).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import uuid
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from posenqa.search.scalable import InvertedBM25

_KEY = "key.json"


def cache_key(papers: Sequence[tuple[str, int, str]], *, k1: float, b: float) -> str | None:
    """What the merged BM25 of ``papers`` (id, passages, fingerprint of the stored terms,
    in this order) depends on, as a sha256; None when a paper has no fingerprint (terms
    made in memory: nothing to key them by)."""
    if not papers or any(not fingerprint for _, _, fingerprint in papers):
        return None
    parts = [list(p) for p in papers]
    text = json.dumps({"k1": k1, "b": b, "papers": parts}, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


#: How many merged BM25 indexes a library keeps: the whole library's and that of the
#: last ``ask --doc`` subset, so asking one paper does not evict the library's.
KEEP = 2


def cached_bm25(
    folder: Path, key: str | None, size: int, build: Callable[[], InvertedBM25]
) -> InvertedBM25:
    """The merged BM25 saved under ``folder`` for ``key`` (over ``size`` passages), else
    ``build()``'s, saved there for the next opening (the :data:`KEEP` latest are kept)."""
    from posenqa.search.scalable import InvertedBM25, ScaleError

    if key is None:
        return build()
    place = folder / key[:32]
    try:
        saved = json.loads((place / _KEY).read_text(encoding="utf-8"))
        if saved == {"key": key, "size": size}:
            bm25 = InvertedBM25.load(place, mmap=True)
            if bm25.size == size:
                return bm25
    except (OSError, ValueError, ScaleError):
        pass  # not saved yet, or damaged: rebuilt below
    bm25 = build()
    _save(folder, place, key, bm25)
    return bm25


def _save(folder: Path, place: Path, key: str, bm25: InvertedBM25) -> None:
    """Write ``bm25`` and its key into a fresh folder, put it at ``place`` and drop all but
    the :data:`KEEP` latest saved (best effort: a read-only library still answers).

    Temporary names start with ``building-``, which no saved index's name (hex) does."""
    tmp = folder / f"building-{uuid.uuid4().hex}"
    old = folder / f"building-{uuid.uuid4().hex}"
    try:
        bm25.save(tmp)
        # The key last: a folder without it is never read as a cache.
        (tmp / _KEY).write_text(json.dumps({"key": key, "size": bm25.size}), encoding="utf-8")
        if place.exists():  # damaged (it did not load), or saved meanwhile by another process
            os.rename(place, old)
        os.rename(tmp, place)
        saved = [p for p in folder.iterdir() if not p.name.startswith("building-")]
        saved.sort(key=lambda p: p.stat().st_mtime_ns, reverse=True)
        for stale in saved[KEEP:]:
            shutil.rmtree(stale, ignore_errors=True)  # open maps of it stay valid
    except OSError:
        pass  # read-only library, disk full, or another process saved it first
    finally:
        for leftover in (tmp, old):
            with contextlib.suppress(OSError):
                shutil.rmtree(leftover)


__all__ = ["KEEP", "cache_key", "cached_bm25"]
