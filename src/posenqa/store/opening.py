"""Opening an index: use it when sound and current, else build it under its lock."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from posenqa.errors import IndexError_
from posenqa.store.locking import lock
from posenqa.store.manifest import IndexFormatError, IndexKey, stale_reason
from posenqa.store.reading import StoredIndex, read_index


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


__all__ = ["open_index", "usable_index"]
