"""Where posenqa's files live: the bundled paper and gold set, and the index folder.

The one home for these paths, so that every command works from any directory:

- the bundled paper and the gold question set ship inside the package
  (``posenqa/data/``; in the repository they are links to ``corpus/`` and
  ``evals/``, which setuptools copies into sdists and wheels as real files);
- indexes are kept in the user's data directory (platformdirs), unless
  ``$POSENQA_INDEX_DIR`` or a command's ``--index-dir`` says otherwise.
"""

from __future__ import annotations

import os
from pathlib import Path

#: The package's data folder (calibration, bundled paper, gold set).
DATA_DIR = Path(__file__).resolve().parent / "data"

#: The bundled paper: Posen (2001), the paper every command uses by default.
BUNDLED_PAPER = DATA_DIR / "posen-2001-wp01-8.pdf"

#: The gold question set about the bundled paper (``posenqa eval``'s default).
BUNDLED_GOLD = DATA_DIR / "gold.jsonl"

#: The environment variable that moves the index folder (``--index-dir`` beats it).
INDEX_DIR_ENV = "POSENQA_INDEX_DIR"

#: The application's name in the user's data directory.
APP_NAME = "posenqa"


def user_index_dir() -> Path:
    """The index folder in the user's data directory (e.g. ``~/.local/share/posenqa/index``)."""
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, appauthor=False) / "index"


def default_index_dir() -> Path:
    """``$POSENQA_INDEX_DIR`` when set (and not empty), else :func:`user_index_dir`."""
    chosen = os.environ.get(INDEX_DIR_ENV, "").strip()
    return Path(chosen).expanduser() if chosen else user_index_dir()


__all__ = [
    "APP_NAME",
    "BUNDLED_GOLD",
    "BUNDLED_PAPER",
    "DATA_DIR",
    "INDEX_DIR_ENV",
    "default_index_dir",
    "user_index_dir",
]
