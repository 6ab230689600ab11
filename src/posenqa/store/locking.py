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
    if not path.exists() and not _debris(root, name):
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


def _debris(root: Path, name: str) -> list[Path]:
    try:
        return [*root.glob(f".{name}.tmp-*"), *root.glob(f".{name}.old-*")]
    except OSError:
        return []


def _remove_debris(root: Path, name: str) -> None:
    for debris in _debris(root, name):
        shutil.rmtree(debris, ignore_errors=True)


__all__ = ["clear_debris", "lock"]
