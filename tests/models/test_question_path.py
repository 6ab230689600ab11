"""Answering from a built index imports neither torch nor transformers."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

pytestmark = pytest.mark.model

HEAVY = ("torch", "transformers", "sentence_transformers")


def test_ask_on_a_built_index_imports_no_torch(built_index, corpus_pdf) -> None:  # type: ignore[no-untyped-def]
    argv = [sys.executable, "-X", "importtime", "-m", "posenqa", "ask"]
    argv += ["What did Japan not learn from the S&L crisis?", "--mode", "hybrid"]
    argv += ["--doc", str(corpus_pdf), "--index-dir", str(built_index)]
    done = subprocess.run(
        argv, capture_output=True, text=True, timeout=300, env={**os.environ, "NO_COLOR": "1"}
    )
    assert done.returncode == 0, done.stderr[-2000:]
    imported = {
        line.split("|")[-1].strip().split(".")[0]
        for line in done.stderr.splitlines()
        if line.startswith("import time:")
    }
    assert "onnxruntime" in imported  # the dense side really ran
    assert not imported.intersection(HEAVY)
    assert "S&L" in done.stdout or "savings" in done.stdout.lower()


def test_build_is_one_onnx_pass_and_dense_loads(built_index, corpus_pdf) -> None:  # type: ignore[no-untyped-def]
    from posenqa.answer import Engine

    engine = Engine.open(corpus_pdf, index_root=built_index)
    assert engine.manifest["model"]["runtime"] == "onnxruntime"
    assert engine.manifest["model"]["sentence_vectors"] == "pooled"
    engine.load_dense()
    assert engine.dense_ready
    top = engine.ask("What lesson did Japan fail to learn from the S&L crisis?", mode="dense")
    assert top.hits and top.hits[0].best_sentence
