"""Loading the embedding model from disk, offline, and its checksum."""

from __future__ import annotations

import os
import time

import numpy as np
import pytest

from posenqa.errors import ModelError
from posenqa.search.embedder import (
    DEFAULT_MODEL_NAME,
    default_model_path,
    model_checksum,
    model_name,
    resolve_model_path,
)


def test_default_model_path_is_the_bundled_package() -> None:
    path = default_model_path()
    assert (path / "model.safetensors").is_file()
    assert model_name(path) == DEFAULT_MODEL_NAME


def test_missing_model_directory_is_a_model_error(tmp_path) -> None:
    with pytest.raises(ModelError, match="no such model directory"):
        resolve_model_path(tmp_path / "nowhere")
    with pytest.raises(ModelError, match="no model weights"):
        resolve_model_path(tmp_path)


def test_env_variable_chooses_the_model(tmp_path, monkeypatch) -> None:
    (tmp_path / "model.safetensors").write_bytes(b"w")
    monkeypatch.setenv("POSENQA_MODEL", str(tmp_path))
    assert resolve_model_path() == tmp_path


def test_checksum_changes_with_the_weights_and_is_cached(tmp_path) -> None:
    model = tmp_path / "m"
    model.mkdir()
    weights = model / "model.safetensors"
    weights.write_bytes(b"a" * 1000)
    cache = tmp_path / "cache.json"
    first = model_checksum(model, cache)
    assert cache.is_file() and first in model_checksum(model, cache)
    weights.write_bytes(b"b" * 1000)
    # a new mtime (some file systems keep whole seconds) makes the cache miss
    os.utime(weights, ns=(time.time_ns() + 2_000_000_000,) * 2)
    assert model_checksum(model, cache) != first


@pytest.mark.model  # imports torch: slow, though no real model is read
def test_garbage_model_directory_fails_to_load_with_model_error(tmp_path) -> None:
    from posenqa.search.embedder import load_embedder

    (tmp_path / "model.safetensors").write_bytes(b"not weights")
    with pytest.raises(ModelError, match="cannot load model"):
        load_embedder(tmp_path)


@pytest.mark.model
def test_real_model_encodes_normalized_vectors(real_embedder) -> None:
    vectors = real_embedder.encode(["Japanese banks", "bad loans in Japan", "a recipe for soup"])
    assert vectors.dtype == np.float32 and vectors.shape == (3, real_embedder.dim)
    assert np.linalg.norm(vectors, axis=1) == pytest.approx([1.0, 1.0, 1.0], abs=1e-5)
    # related texts are closer than unrelated ones
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2]


@pytest.mark.model
def test_model_loads_with_no_hub_reachable() -> None:
    import subprocess
    import sys

    # Point the hub at a closed port and clear the offline switches: loading must not try it.
    env = {
        k: v for k, v in os.environ.items() if k not in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE")
    }
    env.update(HF_ENDPOINT="http://127.0.0.1:9", HF_HOME=os.devnull + "-missing")
    code = (
        "from posenqa.search.embedder import load_embedder; "
        "e = load_embedder(); print(e.name, e.dim, e.encode(['yen']).shape)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == [DEFAULT_MODEL_NAME, "384", "(1,", "384)"]
