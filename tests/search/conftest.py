"""Fixtures for retrieval tests: the real embedding model, loaded once."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def real_embedder():  # type: ignore[no-untyped-def]
    from posenqa.search.embedder import load_embedder

    return load_embedder()
