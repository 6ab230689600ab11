"""A library's merged BM25 index saved beside it, so opening does not rebuild it.

Merging every paper's stored terms into one inverted index is the one
library-wide computation left when a library is opened (~5 s of 34 s at 300
papers; ~40 s and a 3 GB peak at a million passages). It depends only on which
papers the library holds, in which order, their terms and BM25's parameters, so
it is saved under a **key** made of exactly those: each paper's id, its number of
passages and the sha256 of its stored terms files (from the paper's verified
manifest), and ``k1``/``b``. Adding, removing or re-indexing a paper changes the
key, and the next opening rebuilds and saves it again; a cache that does not
match, or cannot be read, is ignored. Its postings are memory-mapped on reading.

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
    from posenqa.search.backend import PaperPassages
    from posenqa.search.scalable import InvertedBM25

_KEY = "key.json"


def cache_key(papers: Sequence[PaperPassages], *, k1: float, b: float) -> str | None:
    """What the merged BM25 of ``papers`` (in this order) depends on, as a sha256; None
    when a paper has no fingerprint (terms made in memory: nothing to key them by)."""
    if not papers or any(not p.fingerprint for p in papers):
        return None
    parts = [[p.paper_id, len(p.keys), p.fingerprint] for p in papers]
    text = json.dumps({"k1": k1, "b": b, "papers": parts}, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def cached_bm25(
    folder: Path, key: str | None, size: int, build: Callable[[], InvertedBM25]
) -> InvertedBM25:
    """The merged BM25 saved in ``folder`` under ``key`` (over ``size`` passages), else
    ``build()``'s, saved there for the next opening."""
    from posenqa.search.scalable import InvertedBM25, ScaleError

    if key is None:
        return build()
    try:
        saved = json.loads((folder / _KEY).read_text(encoding="utf-8"))
        if saved == {"key": key, "size": size}:
            bm25 = InvertedBM25.load(folder, mmap=True)
            if bm25.size == size:
                return bm25
    except (OSError, ValueError, ScaleError):
        pass  # no cache, another library's, or damaged: rebuilt below
    bm25 = build()
    _save(folder, key, bm25)
    return bm25


def _save(folder: Path, key: str, bm25: InvertedBM25) -> None:
    """Write ``bm25`` and its key into a fresh folder and put it at ``folder`` (best effort).

    The temporary names are not an index's debris names (``.<name>.tmp-*``), which
    opening a paper of that name would clear."""
    tmp = folder.with_name(f"{folder.name}-building-{uuid.uuid4().hex}")
    old = folder.with_name(f"{folder.name}-replaced-{uuid.uuid4().hex}")
    try:
        bm25.save(tmp)
        # The key last: a folder without it is never read as a cache.
        (tmp / _KEY).write_text(json.dumps({"key": key, "size": bm25.size}), encoding="utf-8")
        if folder.exists():
            os.rename(folder, old)
        os.rename(tmp, folder)
    except OSError:
        pass  # read-only library, disk full, or another process saved it first
    finally:
        for leftover in (tmp, old):
            with contextlib.suppress(OSError):
                shutil.rmtree(leftover)


__all__ = ["cache_key", "cached_bm25"]
