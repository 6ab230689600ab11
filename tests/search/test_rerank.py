"""The cross-encoder: loads only checked files, scores pairs one at a time, ranks sensibly."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from posenqa.errors import ModelError
from posenqa.models.fetch_reranker import FILES, reranker_dir
from posenqa.search.rerank import load_reranker

INSTALLED = reranker_dir()
needs_model = pytest.mark.skipif(
    not INSTALLED.is_dir(),
    reason=f"reranker not installed in {INSTALLED} (make install runs fetch_reranker)",
)


def test_a_missing_folder_names_the_install_command(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="fetch_reranker"):
        load_reranker(tmp_path / "absent")


@needs_model
def test_a_damaged_file_is_refused(tmp_path: Path) -> None:
    copy = tmp_path / "model"
    shutil.copytree(INSTALLED, copy)
    (copy / "vocab.txt").write_text("[PAD]\n")
    with pytest.raises(ModelError, match=r"vocab\.txt: sha256"):
        load_reranker(copy)


@needs_model
def test_every_installed_file_is_checked() -> None:
    assert set(FILES) <= {p.name for p in INSTALLED.iterdir()}


@pytest.fixture(scope="module")
def reranker():  # type: ignore[no-untyped-def]
    if not INSTALLED.is_dir():
        pytest.skip(f"reranker not installed in {INSTALLED}")
    return load_reranker()


def test_the_answering_passage_scores_higher(reranker) -> None:  # type: ignore[no-untyped-def]
    question = "Why did Japanese banks keep lending to bankrupt borrowers?"
    answering = (
        "Japanese banks rolled over loans to insolvent firms because writing them off "
        "would have exposed their own lack of capital."
    )
    unrelated = "The Federal Reserve raised interest rates in 1994."
    high, low = reranker.scores(question, [answering, unrelated])
    assert high > low + 3


def test_a_score_does_not_depend_on_its_neighbours(reranker) -> None:  # type: ignore[no-untyped-def]
    # Batch size 1 and no fixed padding: the same pair scores the same alone or in a list.
    question = "What did the Plaza Accord do?"
    short, long = "The Plaza Accord.", "The Plaza Accord of 1985 pushed the dollar down. " * 20
    assert reranker.scores(question, [short, long])[0] == reranker.score(question, short)


def test_a_passage_longer_than_the_model_is_truncated_not_refused(reranker) -> None:  # type: ignore[no-untyped-def]
    score = reranker.score("What is sterilized intervention?", "intervention " * 2000)
    assert isinstance(score, float)
