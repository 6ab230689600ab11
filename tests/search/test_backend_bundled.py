"""On the bundled paper, the engine's first stage through the search backend equals the
one it had before the backend existed: rank-bm25 over every passage's freshly tokenized
text (``Bm25Index``) and the stored faiss index, asked directly.

Everything after the first stage (fusion, reranking, judging, best sentences) is the
same code reading the same numbers, so equal first stages and equal term weights
mean equal answers in every mode.
"""

from __future__ import annotations

import json

import pytest

from posenqa.answer import Engine
from posenqa.paths import BUNDLED_PAPER
from posenqa.pipeline.modes import MODES
from posenqa.pipeline.retrieve import RANKERS, retrieve
from posenqa.search.bm25 import Bm25Index
from posenqa.search.dense import DenseIndex
from posenqa.search.tokenize import tokenize


@pytest.fixture(scope="module")
def engine(tmp_path_factory, fake_embedder_type) -> Engine:  # type: ignore[no-untyped-def]
    root = tmp_path_factory.mktemp("bundled-index")
    return Engine.open(BUNDLED_PAPER, index_root=root, embedder=fake_embedder_type())


def _questions() -> list[str]:
    gold = BUNDLED_PAPER.parent / "gold.jsonl"
    lines = gold.read_text(encoding="utf-8").splitlines()
    return [json.loads(line)["question"] for line in lines if line.strip()]


@pytest.mark.parametrize("mode", MODES)
def test_the_first_stage_equals_rank_bm25_and_the_stored_faiss_index(
    engine: Engine, mode: str
) -> None:
    r = engine.settings.retrieval
    before = Bm25Index(
        [p.searchable for p in engine.passages], engine.settings.tokenizer, k1=r.bm25_k1, b=r.bm25_b
    )
    embedder, _ = engine._dense_parts()
    faiss = DenseIndex.read(engine.stored.faiss_path)
    ids = [p.id for p in engine.passages]
    questions = _questions()
    assert len(questions) > 50
    for question in questions:
        old = retrieve(question, RANKERS[mode], ids, before.scores, lambda: (embedder, faiss), 300)
        new = retrieve(
            question, RANKERS[mode], ids, engine._keyword_scores, engine._dense_parts, 300
        )
        # Equal dicts in equal order: the same scores, bit for bit, ranked alike.
        assert [(k, list(v.items())) for k, v in new.runs.items()] == [
            (k, list(v.items())) for k, v in old.runs.items()
        ]
        for term in [*tokenize(question, engine.settings.tokenizer), "zebra"]:
            assert engine.search.weight(term) == before.weight(term)
