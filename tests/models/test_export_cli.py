"""``python -m posenqa.models.export``: bad input is one line and a non-zero exit."""

from __future__ import annotations

from posenqa.models.export import export_folder, main
from posenqa.models.locate import MODELS_ENV


def test_bad_model_directory_is_one_line(tmp_path, capsys) -> None:
    assert main(["--model", str(tmp_path / "nowhere")]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "no such model directory" in err[0]


def test_model_without_sentence_transformers_config_is_refused(tmp_path, capsys) -> None:
    (tmp_path / "model.safetensors").write_bytes(b"w")
    assert main(["--model", str(tmp_path)]) == 1
    assert "not a sentence-transformers model" in capsys.readouterr().err


def test_export_folder_is_under_the_models_root(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv(MODELS_ENV, str(tmp_path))
    folder = export_folder("sentence-transformers/all-MiniLM-L6-v2", "ab" * 32)
    assert folder == tmp_path / "all-MiniLM-L6-v2-abababababab"
