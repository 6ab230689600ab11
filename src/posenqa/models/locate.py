"""Where installed model files live, and their sha256 check at load."""

from __future__ import annotations

import hashlib
import os
import sys
from collections.abc import Mapping
from pathlib import Path

from posenqa.errors import ModelError

MODELS_ENV = "POSENQA_MODELS"
"""Environment variable naming the folder that holds installed model folders."""


def models_root() -> Path:
    """``$POSENQA_MODELS``, else ``<environment prefix>/share/posenqa/models``.

    The environment's prefix (the virtualenv) rather than the checkout: the files
    belong to the installation that fetched them, work from any directory, and go
    away with the environment.
    """
    chosen = os.environ.get(MODELS_ENV)
    if chosen:
        return Path(chosen).expanduser()
    return Path(sys.prefix) / "share" / "posenqa" / "models"


def file_sha256(path: Path) -> str:
    """The sha256 of one file, read in 1 MiB chunks."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def verify_files(folder: Path, expected: Mapping[str, str]) -> None:
    """Raise :class:`ModelError` unless every file in ``expected`` has its sha256."""
    for name, sha256 in expected.items():
        path = folder / name
        if not path.is_file():
            raise ModelError(f"{path}: model file missing")
        actual = file_sha256(path)
        if actual != sha256:
            raise ModelError(f"{path}: sha256 {actual[:12]}… is not the expected {sha256[:12]}…")
