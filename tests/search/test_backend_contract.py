"""The search backend contract (posenqa.search.backend), run against every backend.

Each test runs against the embedded default and against the reference backend
(tests/search/conftest.py: rank-bm25 and a numpy scan, recomputed per question);
a new backend (OpenSearch, Vespa, Qdrant) joins by being added to ``BACKENDS``.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from posenqa.search.backend import PaperPassages, SearchBackend
from posenqa.search.embedded import EmbeddedBackend
from posenqa.search.tokenize import tokenize
from posenqa.store.terms import terms_of

TEXTS = {
    "alpha": [
        "Japanese banks lent against land, and land prices fell after 1990.",
        "Regulators waited for prices to recover instead of closing banks.",
        "It was of the.",  # no BM25 term at all
    ],
    "beta": [
        "Sterilized intervention in the yen market had small effects on the exchange rate.",
        "Regulators waited for prices to recover instead of closing banks.",  # a tie with alpha
    ],
    "gamma": [
        "Deposit insurance without supervision invites moral hazard among banks.",
        "Prompt corrective action closes failing banks before losses grow.",
        "Land prices and bank lending move together in many countries.",
        "Banks banks banks: land, land, and more land.",
    ],
}
QUESTIONS = [
    "Why did regulators wait instead of closing banks?",
    "land prices and banks",
    "yen exchange rate intervention",
    "moral hazard",
    "nothing matches zebra",
]
BACKENDS = ["embedded", "reference"]


@pytest.fixture
def make_backend(reference_backend_type):  # type: ignore[no-untyped-def]
    def make(kind: str) -> Any:
        return EmbeddedBackend() if kind == "embedded" else reference_backend_type()

    return make


@pytest.fixture
def paper(fake_embedder_type):  # type: ignore[no-untyped-def]
    embedder = fake_embedder_type()

    def make(paper_id: str, texts: list[str] | None = None) -> PaperPassages:
        texts = texts if texts is not None else TEXTS[paper_id]
        return PaperPassages(
            paper_id,
            tuple(f"{paper_id}:p{i}" for i in range(len(texts))),
            tuple(texts),
            terms_of([tokenize(t) for t in texts]),
            embedder.encode(texts),
        )

    return make


@pytest.fixture
def query(fake_embedder_type):  # type: ignore[no-untyped-def]
    embedder = fake_embedder_type()
    return lambda text: embedder.encode([text])[0]


def _filled(make_backend, paper, kind: str, ids=("gamma", "alpha", "beta")) -> Any:  # type: ignore[no-untyped-def]
    backend = make_backend(kind)
    for paper_id in ids:
        backend.add(paper(paper_id))
    return backend


def _answers(backend: Any, query) -> list[Any]:  # type: ignore[no-untyped-def]
    out = []
    for q in QUESTIONS:
        out.append(backend.keyword(q, None))
        out.append(sorted((round(s, 6), k) for k, s in backend.vector(query(q), None)))
    return out


@pytest.mark.parametrize("kind", BACKENDS)
def test_it_is_a_search_backend(make_backend, kind: str) -> None:  # type: ignore[no-untyped-def]
    assert isinstance(make_backend(kind), SearchBackend)


@pytest.mark.parametrize("kind", BACKENDS)
def test_keyword_results_are_positive_best_first_with_ties_in_paper_order(
    make_backend, paper, kind: str
) -> None:  # type: ignore[no-untyped-def]
    backend = _filled(make_backend, paper, kind)
    found = backend.keyword(QUESTIONS[0], None)
    scores = [s for _, s in found]
    assert found and all(s > 0 for s in scores) and scores == sorted(scores, reverse=True)
    # The same passage in alpha and beta ties, and alpha's comes first (papers by id).
    assert [k for k, _ in found[:2]] == ["alpha:p1", "beta:p1"]
    assert found[0][1] == found[1][1]
    assert backend.keyword(QUESTIONS[0], 2) == found[:2]
    assert backend.keyword("nothing matches zebra", None) == []
    assert backend.keyword("the of and", 5) == []  # no term at all


@pytest.mark.parametrize("kind", BACKENDS)
def test_vector_results_are_every_cosine_best_first(make_backend, paper, query, kind: str) -> None:  # type: ignore[no-untyped-def]
    backend = _filled(make_backend, paper, kind)
    q = query(QUESTIONS[1])
    found = backend.vector(q, None)
    assert len(found) == backend.stats().passages == 9
    vectors = {p: paper(p) for p in TEXTS}
    for key, score in found:
        paper_id, row = key.split(":p")
        assert score == pytest.approx(float(vectors[paper_id].vectors[int(row)] @ q), abs=1e-6)
    scores = [s for _, s in found]
    assert scores == sorted(scores, reverse=True)
    assert [s for _, s in backend.vector(q, 3)] == pytest.approx(scores[:3], abs=1e-6)


@pytest.mark.parametrize("kind", BACKENDS)
def test_a_paper_filter_restricts_results_not_statistics(
    make_backend, paper, query, kind: str
) -> None:  # type: ignore[no-untyped-def]
    backend = _filled(make_backend, paper, kind)
    for q in QUESTIONS:
        every = backend.keyword(q, None)
        some = backend.keyword(q, None, papers={"gamma", "beta"})
        assert some == [(k, s) for k, s in every if not k.startswith("alpha")]
        near = backend.vector(query(q), 2, papers=["alpha"])
        assert all(k.startswith("alpha") for k, _ in near)
        # Equal cosines may come in any order (engines differ): compare the scores.
        assert [s for _, s in near] == pytest.approx(
            [s for k, s in backend.vector(query(q), None) if k.startswith("alpha")][:2],
            abs=1e-6,
        )
    assert backend.keyword(QUESTIONS[0], None, papers=[]) == []
    assert backend.vector(query(QUESTIONS[0]), None, papers=["nope"]) == []


@pytest.mark.parametrize("kind", BACKENDS)
def test_adds_and_removes_equal_a_backend_built_from_scratch(
    make_backend, paper, query, kind: str
) -> None:  # type: ignore[no-untyped-def]
    grown = make_backend(kind)
    grown.add(paper("beta"))
    grown.add(paper("alpha", ["An old version of alpha about banks."]))
    grown.add(paper("gamma"))
    grown.keyword(QUESTIONS[0], None)  # built once, then changed
    grown.remove("beta")
    grown.add(paper("alpha"))  # replaces the old alpha
    grown.remove("nope")  # not held: nothing happens
    grown.add(paper("beta"))
    scratch = _filled(make_backend, paper, kind, ("alpha", "beta", "gamma"))
    assert _answers(grown, query) == _answers(scratch, query)
    assert grown.stats() == scratch.stats()
    assert grown.weight("banks") == scratch.weight("banks")


@pytest.mark.parametrize("kind", BACKENDS)
def test_weights_and_stats(make_backend, paper, kind: str) -> None:  # type: ignore[no-untyped-def]
    empty = make_backend(kind)
    assert empty.keyword("banks", 5) == [] and empty.vector(np.ones(64), 5) == []
    assert empty.stats().passages == 0 and empty.stats().papers == 0
    backend = _filled(make_backend, paper, kind)
    stats = backend.stats()
    assert (stats.papers, stats.passages, stats.dim) == (3, 9, 64)
    assert stats.terms == len({t for texts in TEXTS.values() for x in texts for t in tokenize(x)})
    rare, common = backend.weight("hazard"), backend.weight("banks")
    assert rare > common >= 0
    # A word no passage has weighs as much as the rarest (found in one passage).
    assert backend.weight("zebra") == pytest.approx(rare)


def test_the_embedded_backend_equals_the_reference(make_backend, paper, query) -> None:  # type: ignore[no-untyped-def]
    embedded, reference = (_filled(make_backend, paper, kind) for kind in BACKENDS)
    for q in QUESTIONS:
        # BM25 bit for bit (rank-bm25's numbers); cosines to float32 precision.
        assert embedded.keyword(q, None) == reference.keyword(q, None)
        mine, theirs = embedded.vector(query(q), None), reference.vector(query(q), None)
        assert [s for _, s in mine] == pytest.approx([s for _, s in theirs], abs=1e-6)
    for term in ("banks", "land", "zebra", "\x00"):
        assert embedded.weight(term) == pytest.approx(reference.weight(term))
    assert embedded.stats() == reference.stats()
