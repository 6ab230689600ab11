"""A command over the library loads the embedding model once at most, and only when needed."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from posenqa.cli import cli
from posenqa.library.registry import bundled_entry


@pytest.fixture
def counted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fake_embedder_type) -> Any:  # type: ignore[no-untyped-def]
    """The loads of the model (a directory made the default: its loading gives the fake
    embedder, under the directory's checksum)."""
    import posenqa.search.embedder as embedder_module

    folder = tmp_path / "model"
    folder.mkdir()
    (folder / "model.safetensors").write_bytes(b"weights")
    embedder = fake_embedder_type()
    embedder.checksum = embedder_module.model_checksum(folder)
    loads: list[Path] = []

    def load(model: Any = None, cache_file: Any = None) -> Any:
        loads.append(Path(model))
        return embedder

    monkeypatch.setattr(embedder_module, "load_embedder", load)
    monkeypatch.setenv(embedder_module.MODEL_ENV, str(folder))
    return loads


def test_ask_re_indexing_changed_papers_loads_the_model_once(
    tmp_path: Path, papers: dict[str, Path], counted: Any, small_parser: Any
) -> None:
    loads = counted
    args = ["--index-dir", str(tmp_path / "index")]
    obj = {"parse": small_parser}
    run = CliRunner()

    def invoke(*words: str) -> Any:
        result = run.invoke(cli, [*words, *args], obj=obj)
        assert result.exit_code == 0, result.output
        return result

    invoke("remove", bundled_entry().id)
    invoke("add", *(str(p) for p in papers.values()), "--workers", "0")
    assert len(loads) == 1  # add: once for the three papers
    # Nothing changed, a BM25 question: no model at all.
    invoke("ask", "land prices", "--mode", "bm25", "--no-rerank")
    assert len(loads) == 1
    for name in ("alpha.txt", "gamma.txt"):  # two papers change: both re-indexed on opening
        path = papers[name]
        path.write_text(path.read_text(encoding="utf-8") + "\n\nBanks failed.", encoding="utf-8")
    data = json.loads(invoke("ask", "Why did banks fail?", "--json", "--no-rerank").stdout)
    assert len(loads) == 2  # once for both papers and the question's vector
    assert {r["paper"]["id"] for r in data["results"]} >= {"alpha-txt", "gamma-txt"}
    listed = json.loads(invoke("library", "--json").stdout)
    assert {row["status"] for row in listed} == {"indexed"}
