"""Fixtures for the TUI tests: a small hand-made paper and a fast engine over it.

The engine answers by counting shared terms (the project's tokenizer), so
every test is fast and deterministic and needs no model. It has the same
attributes as ``posenqa.answer.Engine`` and returns the real ``Answer``/``Hit``;
citations come from the real ``posenqa.references``.
"""

from __future__ import annotations

import threading
from dataclasses import replace
from types import SimpleNamespace
from typing import Any

import pytest

from posenqa.answer import Answer, Hit
from posenqa.document import Block, Document, Footnote, NoteMarker, Section
from posenqa.errors import QuestionError
from posenqa.passages import Passage
from posenqa.search.tokenize import tokenize


def _block(
    block_id: str, section: str, page: int, text: str, notes: dict[str, int] | None = None
) -> Block:
    """A block whose note markers stand right after the given words."""
    markers = []
    for word, number in (notes or {}).items():
        markers.append(NoteMarker(number, text.index(word) + len(word)))
    return Block(block_id, "paragraph", section, page, page, text, tuple(markers))


BLOCKS = (
    _block(
        "b0001",
        "intro",
        1,
        "Financial relations between the United States and Japan changed in the 1990s. "
        "Convergence came without leverage.",
    ),
    _block(
        "b0002",
        "1",
        2,
        "Japanese regulators failed to close insolvent banks for a decade. "
        "Forbearance kept bad loans on the books and starved new lending.",
        {"decade.": 1, "books": 2},
    ),
    _block(
        "b0003",
        "1",
        3,
        "Capital flows from Japan financed the American current account deficit.",
        {"deficit.": 3},
    ),
    _block(
        "b0004",
        "1A",
        4,
        "The yen carry trade linked short-term interest rates in the two countries. "
        "Markets, not governments, set the terms [sic].",
        {"countries.": 2},
    ),
    _block(
        "b0005",
        "2",
        5,
        "Leverage returned only when Japanese savers began to doubt their own banks.",
        {"banks.": 4},
    ),
)

FOOTNOTES = (
    Footnote(
        1,
        "See Takeo Hoshi and Anil Kashyap, Corporate Financing and Governance in Japan "
        "(Cambridge: MIT Press, 2001), 45.",
        8,
        ("b0002",),
    ),
    Footnote(2, "On forbearance see Posen (1998), 12.", 8, ("b0002", "b0004")),
    Footnote(3, "", 9, ("b0003",), missing=True),
    # A short form: its full reference is in note 1.
    Footnote(4, "Hoshi and Kashyap, Corporate Financing.", 9, ("b0005",)),
)

DOCUMENT = Document(
    title="Finance and Changing Relations",
    author="A. Author",
    year=2001,
    source="paper.pdf",
    sha256="0" * 64,
    pages=10,
    sections=(
        Section("intro", "", 1, 1),
        Section("1", "Convergence", 1, 2),
        Section("1A", "Markets", 2, 4),
        Section("2", "Leverage", 1, 5),
    ),
    blocks=BLOCKS,
    footnotes=FOOTNOTES,
)


def _passages(doc: Document) -> list[Passage]:
    titles = {s.label: s.title for s in doc.sections}
    out = [
        Passage(
            id=f"p{i:04d}",
            kind="passage",
            section=b.section,
            section_title=titles.get(b.section, ""),
            page=b.page,
            last_page=b.last_page,
            text=b.text,
            markers=b.notes,
            notes=b.note_numbers,
            number=None,
            block_ids=(b.id,),
        )
        for i, b in enumerate(doc.blocks, start=1)
    ]
    out.extend(
        Passage(
            id=f"n{n.number:03d}",
            kind="footnote",
            section="1",
            section_title="Convergence",
            page=n.page,
            last_page=n.page,
            text=n.text,
            markers=(),
            notes=(),
            number=n.number,
            block_ids=(),
        )
        for n in doc.footnotes
        if not n.missing
    )
    return out


class FakeEngine:
    """The Engine interface over ``DOCUMENT``: term-overlap ranking, instant dense "model".

    ``rerank=True`` reorders the first stage by a fake relevance (term
    overlap discounted by length: shorter passages win ties) and sets
    ``relevance`` on each hit; with ``rerank_error`` the reranker is missing
    (answers come unreranked, the reason in ``reranker_error``, as the
    Engine does), and ``rerank_gate`` holds reranking until set.
    """

    abstain_threshold = 0.3

    def __init__(
        self,
        *,
        fail_on: str | None = None,
        dense_gate: threading.Event | None = None,
        rerank_error: Exception | None = None,
        rerank_gate: threading.Event | None = None,
    ):
        self.document = DOCUMENT
        self.passages = _passages(DOCUMENT)
        self.dense_ready = False
        self.asked: list[tuple[str, str]] = []
        self.reranked: list[str] = []
        self.reranker_error: str | None = None
        self.reranker_loads = 0
        self._fail_on = fail_on
        self._dense_gate = dense_gate
        self._rerank_error = rerank_error
        self._rerank_gate = rerank_gate

    def load_reranker(self) -> object | None:
        """None, with ``reranker_error`` set, when the fake reranker is "missing"."""
        self.reranker_loads += 1
        if self._rerank_error is not None:
            self.reranker_error = str(self._rerank_error)
            return None
        return self

    def load_dense(self) -> None:
        if self._dense_gate is not None:
            self._dense_gate.wait(10)
        self.dense_ready = True

    def ask(
        self, question: str, *, k: int = 5, mode: str = "hybrid", rerank: bool | None = None
    ) -> Answer:
        answer = self._first_stage(question, k=k, mode=mode)
        if not rerank:
            self.asked.append((question, mode))
            return answer
        if self._rerank_gate is not None:
            self._rerank_gate.wait(10)
        if self.load_reranker() is None:
            return answer  # as the Engine does: unreranked, the reason kept
        self.reranked.append(question)
        scored = sorted(
            ((h.score * 100 / (100 + len(h.passage.text)), h) for h in answer.hits),
            key=lambda rh: -rh[0],
        )
        hits = tuple(
            replace(h, rank=rank, relevance=r) for rank, (r, h) in enumerate(scored, start=1)
        )
        return replace(answer, hits=hits, reranked=True)

    def _first_stage(self, question: str, *, k: int, mode: str) -> Answer:
        if not question.strip():
            raise QuestionError("the question is empty")
        if self._fail_on and self._fail_on in question:
            raise RuntimeError("index exploded")
        wanted = set(tokenize(question))
        scored = []
        for p in self.passages:
            overlap = len(wanted.intersection(tokenize(p.text)))
            scored.append((overlap / max(len(wanted), 1), p))
        scored.sort(key=lambda sp: -sp[0])
        hits = []
        for rank, (score, p) in enumerate(scored[:k], start=1):
            best = p.text.split(". ")[0]
            hits.append(
                Hit(
                    rank=rank,
                    score=score,
                    passage=p,
                    best_sentence=best,
                    footnotes=tuple(DOCUMENT.footnote(n) for n in p.notes),  # type: ignore[misc]
                    cited_by=(),
                )
            )
        confidence = scored[0][0] if scored else 0.0
        abstained = confidence < self.abstain_threshold
        return Answer(
            question, mode, abstained, confidence, tuple(hits), threshold=self.abstain_threshold
        )


class EngineWithoutReranker(FakeEngine):
    """The engine before issue 9: ``ask`` takes no ``rerank``."""

    def ask(self, question: str, *, k: int = 5, mode: str = "hybrid") -> Answer:  # type: ignore[override]
        answer = self._first_stage(question, k=k, mode=mode)
        self.asked.append((question, mode))
        return answer


@pytest.fixture
def fake_engine() -> FakeEngine:
    return FakeEngine()


@pytest.fixture
def make_tui():
    """Build the app around a given engine (default: a fresh FakeEngine)."""
    from posenqa.tui import make_app

    def build(engine: Any = None, **kwargs: Any):
        engine = engine if engine is not None else FakeEngine()

        def factory(*, progress: Any, log: Any, **_: Any) -> Any:
            return engine

        return make_app("paper.pdf", engine_factory=factory, **kwargs)

    return build


@pytest.fixture
def fakes() -> SimpleNamespace:
    """The fake paper and engine class, and the references module, for direct use in tests."""
    import posenqa.references as refs

    return SimpleNamespace(
        document=DOCUMENT,
        refs=refs,
        engine_class=FakeEngine,
        engine_without_reranker=EngineWithoutReranker,
    )


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture(scope="session")
def real_engine(tmp_path_factory, corpus_pdf, fake_embedder_type):
    """The real Engine on the bundled paper, embedded by the fast FakeEmbedder (no model)."""
    from posenqa.answer import Engine

    root = tmp_path_factory.mktemp("tui-index")
    return Engine.open(corpus_pdf, index_root=root, embedder=fake_embedder_type())


# -- a library of three small papers, for the library's TUI --------------------------

#: Two more papers beside ``DOCUMENT``. ``SECOND`` cites the work of DOCUMENT's note 1
#: (Hoshi and Kashyap) in its own note 1, so the works list merges them and a note 1
#: shown from either paper must be that paper's own.
SECOND = Document(
    title="Banks After the Bubble",
    author="B. Writer",
    year=2005,
    source="second.pdf",
    sha256="1" * 64,
    pages=4,
    sections=(Section("1", "Regulators", 1, 1), Section("2", "Lending", 1, 2)),
    blocks=(
        _block(
            "b0001",
            "1",
            1,
            "Japanese regulators kept insolvent banks open after the bubble burst.",
            {"burst.": 1},
        ),
        _block("b0002", "2", 2, "Bank lending to small firms shrank for a decade."),
    ),
    footnotes=(
        Footnote(
            1,
            "Takeo Hoshi and Anil Kashyap, Corporate Financing and Governance in Japan "
            "(Cambridge: MIT Press, 2001), 100.",
            3,
            ("b0001",),
        ),
    ),
)
THIRD = Document(
    title="Tea Markets",
    author="C. Third",
    year=1990,
    source="third.pdf",
    sha256="2" * 64,
    pages=2,
    sections=(Section("1", "Tea", 1, 1),),
    blocks=(_block("b0001", "1", 1, "Tea prices in Assam rose with the monsoon."),),
    footnotes=(),
)
LIBRARY_DOCUMENTS = {"first.txt": DOCUMENT, "second.txt": SECOND, "third.txt": THIRD}


class OverlapScorer:
    """A stand-in cross-encoder: the logit grows with the question terms a passage holds."""

    def scores(self, question: str, passages: Any) -> list[float]:
        wanted = set(tokenize(question))
        return [4.0 * len(wanted.intersection(tokenize(p))) - 6.0 for p in passages]


@pytest.fixture
def library_root(tmp_path, fake_embedder_type):
    """A library of the three papers at ``tmp_path / "index"``, and how to open it:
    returns ``(root, open_library())`` (FakeEmbedder, OverlapScorer: no model)."""
    from posenqa.answer import Engine
    from posenqa.library.engine import engine_factory
    from posenqa.library.manage import add_paper, open_library
    from posenqa.library.registry import editing, write_library

    root = tmp_path / "index"
    root.mkdir()
    embedder = fake_embedder_type()

    def open_paper(paper: Any) -> Engine:
        return Engine.open(
            paper,
            index_root=root,
            embedder=embedder,
            parse=lambda path: LIBRARY_DOCUMENTS[path.name],
        )

    make_engine = engine_factory(root, model=None, embedder=embedder, reranker=OverlapScorer())
    with editing(root):
        write_library(root, [])  # without the bundled paper: the fake parser knows these only
    for name in LIBRARY_DOCUMENTS:
        file = tmp_path / name
        file.write_text(name, encoding="utf-8")  # the parse hook supplies the content
        add_paper(root, file, open_paper)

    def opened(names: tuple[str, ...] = ()) -> Any:
        return open_library(root, open_paper, make_engine, names)

    return root, opened
