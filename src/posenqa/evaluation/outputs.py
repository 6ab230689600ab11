"""Writing evaluation outputs: checked before the work, replaced whole, errors in one line.

An evaluation can run for minutes; finding at the end that ``--report`` points
into a read-only folder would lose it. So every output path is checked first
(:func:`check_writable`), and a failure while writing is one line naming the file.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from posenqa.errors import OutputError


def check_writable(path: str | Path) -> None:
    """Raise OutputError unless a file can be created at ``path`` (its folder made if needed).

    Probes by creating a temporary file beside it: permission bits do not stop
    root, a read-only or virtual file system does.
    """
    path = Path(path)
    if path.is_dir():
        raise OutputError(f"{path}: is a directory, not a file")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, prefix=f".{path.name}.", delete=True):
            pass
    except OSError as exc:
        raise OutputError(_message(path, exc)) from exc


def write_output(path: str | Path, write: Callable[[Path], None]) -> None:
    """Call ``write(path)``; OutputError names the file when the file system refuses."""
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write(path)
    except OSError as exc:
        raise OutputError(_message(path, exc)) from exc


def write_text(path: str | Path, text: str) -> None:
    """Replace ``path`` with ``text`` (UTF-8) in one step: readers never see half a file."""

    def write(target: Path) -> None:
        tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
        try:
            tmp.write_text(text, encoding="utf-8")
            os.replace(tmp, target)
        finally:
            tmp.unlink(missing_ok=True)

    write_output(path, write)


def _message(path: Path, exc: OSError) -> str:
    return f"{path}: cannot write ({(exc.strerror or str(exc)).lower()})"


__all__ = ["check_writable", "write_output", "write_text"]
