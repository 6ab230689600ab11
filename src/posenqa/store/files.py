"""Writing and checking the files of an index: synced writes, sizes and checksums."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Any


def write_text(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` and sync it to disk (a manifest must not outrun its files)."""
    with path.open("w", encoding="utf-8") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())


def file_info(path: Path) -> dict[str, Any]:
    """The manifest entry of a file: its size and sha256."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return {"size": path.stat().st_size, "sha256": digest.hexdigest()}


def unwritable(root: Path, exc: OSError) -> str:
    """The one-line message for an index folder that cannot be written."""
    reason = (exc.strerror or str(exc)).lower()
    return f"{root}: the index folder cannot be written ({reason})"


__all__ = ["file_info", "unwritable", "write_text"]
