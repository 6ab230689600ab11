"""posenqa.paths: the bundled files are the repository's, and the index folder moves as told."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from posenqa import paths

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(
    ("bundled", "in_repository"),
    [
        (paths.BUNDLED_PAPER, ROOT / "corpus" / "posen-2001-wp01-8.pdf"),
        (paths.BUNDLED_GOLD, ROOT / "evals" / "gold.jsonl"),
    ],
)
def test_bundled_files_are_byte_identical_to_the_repository(
    bundled: Path, in_repository: Path
) -> None:
    # The package ships them (links in the repository, copies in a wheel); a copy
    # that drifted from corpus/ or evals/ would answer about another paper.
    assert bundled.is_file()
    assert bundled.read_bytes() == in_repository.read_bytes()


def test_bundled_files_are_package_data() -> None:
    import tomllib

    patterns = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"][
        "package-data"
    ]["posenqa"]
    for bundled in (paths.BUNDLED_PAPER, paths.BUNDLED_GOLD):
        relative = bundled.relative_to(Path(paths.__file__).resolve().parent)
        assert any(relative.match(pattern) for pattern in patterns), relative


def test_the_environment_variable_moves_the_index_folder(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv(paths.INDEX_DIR_ENV, str(tmp_path / "elsewhere"))
    assert paths.default_index_dir() == tmp_path / "elsewhere"


@pytest.mark.skipif(sys.platform != "linux", reason="platformdirs follows XDG on Linux only")
@pytest.mark.parametrize("value", [None, "", "  "])  # unset or empty: the user's data dir
def test_without_the_variable_indexes_live_in_the_user_data_directory(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, value: str | None
) -> None:
    if value is None:
        monkeypatch.delenv(paths.INDEX_DIR_ENV, raising=False)
    else:
        monkeypatch.setenv(paths.INDEX_DIR_ENV, value)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert paths.default_index_dir() == tmp_path / "data" / "posenqa" / "index"
