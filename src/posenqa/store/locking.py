"""The build lock of an index (``<root>/<name>.lock``, ``fcntl.flock``) and the debris
(temporary folders, empty lock files) that interrupted builds leave behind."""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from posenqa.errors import IndexError_
from posenqa.store.files import unwritable


@contextlib.contextmanager
def lock(root: Path, name: str) -> Iterator[None]:
    """Hold the exclusive build lock of index ``name``; also clears debris of interrupted builds.

    IndexError_ names the folder when it cannot be written (read-only, missing parent).
    """
    path = root / f"{name}.lock"
    try:
        root.mkdir(parents=True, exist_ok=True)
        handle = _acquire(path, blocking=True)
    except OSError as exc:
        raise IndexError_(unwritable(root, exc)) from exc
    try:
        # Holding the lock, no other build of this name is running: any
        # temporary directory left is from a build that was interrupted.
        _remove_debris(root, name)
        yield
    finally:
        # Unlinked while still held, so no lock file outlives its build; _acquire
        # makes a waiter that locked the unlinked file try again on a fresh one.
        with contextlib.suppress(OSError):
            path.unlink()
        fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
        handle.close()


def clear_debris(root: Path, name: str) -> bool:
    """Remove what a killed build of ``name`` left (temporary folders, an empty lock file).

    Called when an index is opened, so debris does not wait for the next build.
    Does nothing while a build holds the lock, or when the folder cannot be
    written (a read-only index still answers). True when something was removed.
    """
    path = root / f"{name}.lock"
    if not path.exists() and not _debris(root, name, fresh=False):
        return False
    try:
        handle = _acquire(path, blocking=False)
    except OSError:  # BlockingIOError: a build is running; others: read-only, gone
        return False
    try:
        _remove_debris(root, name)
        with contextlib.suppress(OSError):
            path.unlink()
    finally:
        fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
        handle.close()
    return True


def _acquire(path: Path, *, blocking: bool) -> Any:
    """An open handle on ``path`` holding its exclusive flock.

    A lock file is removed by the build that held it, so a waiter may end up
    holding a file that is no longer at ``path``; it then tries again.
    """
    flags = fcntl.LOCK_EX if blocking else fcntl.LOCK_EX | fcntl.LOCK_NB
    while True:
        handle = path.open("a")
        try:
            fcntl.flock(handle.fileno(), flags)
            same = os.fstat(handle.fileno()).st_ino == os.stat(path).st_ino
        except FileNotFoundError:
            same = False
        except BaseException:
            handle.close()
            raise
        if same:
            return handle
        fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
        handle.close()


def _debris(root: Path, name: str, *, fresh: bool = True) -> list[Path]:
    """The temporary folders interrupted builds of ``name`` left in ``root``.

    ``fresh`` False may answer from this process's last listing of ``root`` while the
    folder is unchanged (same modification time): opening a library of N papers
    then lists its folder once, not N times (N^2 entries read: ~20 minutes at 10,000).
    """
    try:
        listing = _listing(root) if fresh else _listing_cached(root)
    except OSError:
        return []
    return [root / entry for entry in listing.get(name, ())]


#: root -> (its st_mtime_ns, index name -> debris entries), see :func:`_debris`.
_LISTINGS: dict[Path, tuple[int, dict[str, list[str]]]] = {}


def _listing_cached(root: Path) -> dict[str, list[str]]:
    stamp = root.stat().st_mtime_ns
    known = _LISTINGS.get(root)
    if known is not None and known[0] == stamp:
        return known[1]
    listing = _listing(root)
    _LISTINGS[root] = (stamp, listing)
    return listing


def _listing(root: Path) -> dict[str, list[str]]:
    """Index name -> the ``.<name>.tmp-*`` and ``.<name>.old-*`` entries of ``root``."""
    found: dict[str, list[str]] = {}
    with os.scandir(root) as entries:
        for entry in entries:
            if not entry.name.startswith("."):
                continue
            for mark in (".tmp-", ".old-"):
                at = entry.name.rfind(mark)
                if at > 1:
                    found.setdefault(entry.name[1:at], []).append(entry.name)
                    break
    return found


def _remove_debris(root: Path, name: str) -> None:
    for debris in _debris(root, name):
        shutil.rmtree(debris, ignore_errors=True)


__all__ = ["clear_debris", "lock"]
