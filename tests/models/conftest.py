"""Fixtures for model tests: the bundled model's ONNX export, made once per session."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def onnx_embedder():  # type: ignore[no-untyped-def]
    """The bundled model on onnxruntime (exported now if ``make install`` has not)."""
    from posenqa.models.export import ensure_export
    from posenqa.models.onnx_embedder import OnnxEmbedder
    from posenqa.search.embedder import default_model_path, model_checksum, model_name

    path = default_model_path()
    checksum = model_checksum(path)
    return OnnxEmbedder(ensure_export(path, model_name(path), checksum), model_name(path), checksum)


@pytest.fixture(scope="session")
def st_embedder():  # type: ignore[no-untyped-def]
    """The bundled model on sentence-transformers (torch), the reference."""
    from posenqa.search.embedder import SentenceTransformerEmbedder, default_model_path

    return SentenceTransformerEmbedder(default_model_path())


@pytest.fixture(scope="session")
def paper_passages(corpus_pdf):  # type: ignore[no-untyped-def]
    from posenqa.parsing import parse_file
    from posenqa.passages import make_passages
    from posenqa.settings import DEFAULT_SETTINGS

    return make_passages(parse_file(corpus_pdf), DEFAULT_SETTINGS.passages)


@pytest.fixture(scope="session")
def built_index(tmp_path_factory, corpus_pdf):  # type: ignore[no-untyped-def]
    """An index of the paper built with the real model (ONNX), as ``posenqa build`` makes it."""
    from posenqa.answer import Engine

    root = tmp_path_factory.mktemp("index")
    Engine.open(corpus_pdf, index_root=root)
    return root
