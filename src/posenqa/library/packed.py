"""Opening a library from its pack (``store/pack.py``), packing it first when needed.

When the pack's key matches (two ``stat`` calls a paper: nothing was added,
removed, re-indexed or changed since it was written), opening reads the pack's
few files and no paper's; a paper's own files are read when a hit of it is shown.
Otherwise a new pack is written: a paper whose stamp is the one the previous pack
recorded (the same index, the same source file) is copied from the previous pack;
every other paper is opened as before (which re-indexes it when stale), streamed
into the new pack and let go, so packing holds one paper's files open at a time
whatever the size of the library, and adding one paper to a large library costs
copying the others' packed files, not reading every paper's index again. When the library cannot
be packed (a read-only folder, a full disk) the caller opens it paper by paper in
memory, as it did before packs existed.
"""

from __future__ import annotations

import dataclasses
import gc
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from posenqa.errors import IndexError_
from posenqa.library.engine import EngineFactory, LibraryEngine
from posenqa.library.registry import PaperEntry
from posenqa.search.stored import terms_fingerprint
from posenqa.store import IndexKey, StoredIndex, lock, read_manifest, stale_reason
from posenqa.store.layout import FORMAT_VERSION
from posenqa.store.pack import Pack, latest_pack, pack_key, paper_stamp, read_pack
from posenqa.store.packing import PACK_LOCK, PackWriter

#: Opens one paper (re-indexing it when stale): its entry as it now is, and its index.
OpenOne = Callable[[PaperEntry], tuple[PaperEntry, StoredIndex]]

#: Papers opened between collections while packing: a paper's engine holds its memory
#: maps in a reference cycle, so collecting now and then keeps the open files bounded.
COLLECT_EVERY = 256


def open_packed(
    root: Path, chosen: Sequence[PaperEntry], open_one: OpenOne, make_engine: EngineFactory
) -> tuple[LibraryEngine | None, dict[str, PaperEntry]]:
    """The engine over the papers ``chosen`` (in library order) read from the library's
    pack, packed first when missing or stale; and the entries that changed on the way
    (re-indexed papers). None when the library cannot be packed."""
    key = make_engine.index_key()
    versions = _versions(key)
    stamps = [paper_stamp(root, e.id, e.source) for e in chosen]
    pack = read_pack(root, pack_key(versions, stamps))
    entries, changed = list(chosen), {}
    if pack is None:
        try:
            packed = _repack(root, chosen, open_one, key, versions)
        except (OSError, IndexError_):
            return None, {}  # opened paper by paper instead (which says what is wrong)
        if packed is None:
            return None, {}
        pack, entries = packed
        changed = {e.id: e for e, old in zip(entries, chosen, strict=True) if e != old}
    return LibraryEngine.packed(entries, pack, root, make_engine=make_engine), changed


def _versions(key: IndexKey) -> dict[str, Any]:
    """What every paper's index was checked against, as a pack's key records it; and the
    labels' version: an opening from the pack describes no paper (``registry.described``),
    so a change of labels re-opens (and describes) every paper once."""
    from posenqa import __version__
    from posenqa.library.labels import LABELS_VERSION

    return {
        "index_format": FORMAT_VERSION,
        "key": dataclasses.asdict(key),
        "posenqa": __version__,
        "labels": LABELS_VERSION,
    }


def _repack(
    root: Path,
    chosen: Sequence[PaperEntry],
    open_one: OpenOne,
    key: IndexKey,
    versions: dict[str, Any],
) -> tuple[Pack, list[PaperEntry]] | None:
    """Open every paper (re-indexing what is stale) and pack them, holding the pack lock;
    the pack and the papers' entries, or None when a paper's index was not built as
    ``key`` says (the papers were opened with other settings than the library's engine)."""
    with lock(root, PACK_LOCK):
        # Another process may have packed the library while this one waited.
        stamps = [paper_stamp(root, e.id, e.source) for e in chosen]
        pack = read_pack(root, pack_key(versions, stamps))
        if pack is not None:
            return pack, list(chosen)
        entries, stamps = [], []
        old = latest_pack(root)
        if old is not None and old.versions != versions:
            old = None  # written with other versions: every paper is opened again
        vocabulary = old.vocabulary() if old is not None else []
        with PackWriter(root) as writer:
            for n, entry in enumerate(chosen, start=1):
                stamp = paper_stamp(root, entry.id, entry.source)
                if old is not None and old.stamps.get(entry.id) == stamp:
                    # The very index (and source) the previous pack was written from.
                    writer.add_packed(old, entry.id, vocabulary)
                    entries.append(entry)
                    stamps.append(stamp)
                    continue
                current, stored = open_one(entry)
                stamp = paper_stamp(root, entry.id, entry.source)
                # The stamp must be of the index just read: re-read its manifest after.
                if stale_reason(stored.manifest, key) or read_manifest(stored.path) != (
                    stored.manifest
                ):
                    return None
                writer.add(entry.id, stored, terms_fingerprint(stored.manifest))
                entries.append(current)
                stamps.append(stamp)
                del stored
                if n % COLLECT_EVERY == 0:
                    gc.collect()
            place = writer.finish(pack_key(versions, stamps), versions=versions, stamps=stamps)
        gc.collect()  # the last papers' maps
        pack = read_pack(root, pack_key(versions, stamps))
        if pack is None:
            raise IndexError_(f"{place}: the pack just written does not read back")
        return pack, entries


__all__ = ["COLLECT_EVERY", "OpenOne", "open_packed"]
