"""The index on disk: round trip, staleness, damage, interrupted and concurrent builds."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from posenqa.answer import Engine
from posenqa.errors import IndexError_
from posenqa.parsing import file_sha256
from posenqa.settings import PassageSettings, Settings
from posenqa.store import DATA_FILES, MANIFEST, index_name, read_index

TESTS = Path(__file__).resolve().parent
Opener = Callable[..., Engine]


@pytest.fixture
def paper(tmp_path: Path) -> Path:
    path = tmp_path / "small.pdf"
    path.write_text("version 1")
    return path


@pytest.fixture
def open_engine(paper: Path, fake_embedder_type, small_document_factory) -> Opener:  # type: ignore[no-untyped-def]
    """Open the small document's index; ``log`` collects messages; kwargs go to Engine.open."""

    def parse(path: Path) -> Any:
        return small_document_factory(path.name, file_sha256(path))

    def opener(log: list[str] | None = None, **kwargs: Any) -> Engine:
        kwargs.setdefault("embedder", fake_embedder_type())
        return Engine.open(
            paper,
            index_root=paper.parent / "index",
            parse=parse,
            log=(log.append if log is not None else None),
            **kwargs,
        )

    return opener


def test_index_name_keeps_pdf_and_text_apart() -> None:
    assert index_name(Path("a/posen-2001.pdf")) == "posen-2001"
    assert index_name(Path("a/posen-2001.txt")) == "posen-2001-txt"


def test_round_trip(paper, open_engine, fake_embedder_type, small_document_factory) -> None:  # type: ignore[no-untyped-def]
    log: list[str] = []
    engine = open_engine(log)
    assert log == ["no index yet; building the index of small.pdf"]
    stored = read_index(paper.parent / "index" / "small")
    assert stored.passages == engine.passages
    assert stored.document == small_document_factory("small.pdf", file_sha256(paper))
    assert stored.embeddings.shape == (len(engine.passages), 64)
    manifest = json.loads((stored.path / MANIFEST).read_text())
    assert manifest["document"]["sha256"] == file_sha256(paper)
    assert manifest["model"] == {
        "name": "fake-embedder",
        "dim": 64,
        "runtime": "FakeEmbedder",
        "sentence_vectors": "encoded",  # the fake cannot pool spans: a second pass
        "checksum": fake_embedder_type().checksum,
    }
    assert set(manifest["files"]) == set(DATA_FILES)
    # a second open loads, silently, without embedding anything
    again_log: list[str] = []
    embedder = fake_embedder_type()
    open_engine(again_log, embedder=embedder)
    assert again_log == [] and embedder.calls == 0


def test_changed_document_makes_the_index_stale(paper, open_engine) -> None:  # type: ignore[no-untyped-def]
    open_engine()
    paper.write_text("version 2")
    log: list[str] = []
    open_engine(log)
    assert log == ["index is stale (document changed); building the index of small.pdf"]


def test_changed_settings_make_the_index_stale(open_engine) -> None:  # type: ignore[no-untyped-def]
    open_engine()
    log: list[str] = []
    smaller = Settings(passages=PassageSettings(max_words=30))
    open_engine(log, settings=smaller)
    assert log[0].startswith("index is stale (settings changed)")
    # query-time settings do not touch the index
    log.clear()
    open_engine(log, settings=smaller.with_retrieval(rrf_k=10))
    assert log == []


def test_changed_model_makes_the_index_stale(open_engine, fake_embedder_type) -> None:  # type: ignore[no-untyped-def]
    open_engine()
    log: list[str] = []
    open_engine(log, embedder=fake_embedder_type(dim=32, name="other"))
    assert log[0].startswith("index is stale (embedding model changed)")


@pytest.mark.parametrize(
    ("module", "name", "reason"),
    [
        ("posenqa.parsing", "PARSER_VERSION", "parser version changed"),
        ("posenqa.sentences", "SPLITTER_VERSION", "sentence splitter changed"),
        ("posenqa.search.tokenize", "TOKENIZER_VERSION", "tokenizer changed"),
    ],
)
def test_a_changed_parser_splitter_or_tokenizer_makes_the_index_stale_not_damaged(
    open_engine, monkeypatch, module: str, name: str, reason: str
) -> None:  # type: ignore[no-untyped-def]
    import importlib

    open_engine()
    # By module object: ``posenqa.search.tokenize`` as a dotted path is the function.
    monkeypatch.setattr(importlib.import_module(module), name, "changed")
    log: list[str] = []
    open_engine(log)
    assert log == [f"index is stale ({reason}); building the index of small.pdf"]


def test_engine_open_library_add_and_library_open_key_an_index_alike(
    paper, tmp_path, monkeypatch, fake_embedder_type, small_document_factory
) -> None:  # type: ignore[no-untyped-def]
    """The three places that decide whether an index is current (``Engine.open``, adding to
    a library, opening a library) make the same key for the same paper, model and settings,
    and each of them sees a change of parser, model, index settings or document."""
    import importlib
    import inspect
    import itertools
    from dataclasses import replace

    import posenqa.answer
    import posenqa.library.ingest
    from posenqa.library.engine import engine_factory
    from posenqa.library.ingest import add_files
    from posenqa.parsing import PARSER_VERSION
    from posenqa.store import IndexKey

    seen: dict[str, IndexKey] = {}

    def spy(module: Any, name: str, label: str) -> None:
        """Record the ``key`` that ``module`` hands its ``name``."""
        real = getattr(module, name)

        def recording(*args: Any, **kwargs: Any) -> Any:
            seen[label] = inspect.signature(real).bind(*args, **kwargs).arguments["key"]
            return real(*args, **kwargs)

        monkeypatch.setattr(module, name, recording)

    spy(posenqa.answer, "open_index", "open")
    spy(posenqa.library.ingest, "usable_index", "add")
    runs = itertools.count()

    def parse(path: Path) -> Any:
        return small_document_factory(path.name, file_sha256(path))

    def keys(embedder: Any, settings: Settings) -> IndexKey:
        seen.clear()
        root = tmp_path / f"run{next(runs)}"
        Engine.open(
            paper, index_root=root / "paper", embedder=embedder, settings=settings, parse=parse
        )
        add_files(
            root / "library",
            [paper],
            checksum=embedder.checksum,
            embedder=lambda: embedder,
            settings=settings,
            parse=parse,
            workers=0,
        )
        factory = engine_factory(root / "library", model=None, embedder=embedder, settings=settings)
        assert seen["add"] == seen["open"]
        # A library's key leaves the document out: each paper's is its own file's.
        assert factory.index_key() == replace(seen["open"], document_sha256=None)
        return seen["open"]

    settings = Settings()
    base = keys(fake_embedder_type(), settings)
    # The keys these places have always made.
    assert base == IndexKey(
        file_sha256(paper), PARSER_VERSION, fake_embedder_type().checksum, settings.index_dict()
    )
    other_model = keys(fake_embedder_type(dim=32, name="other"), settings)
    assert other_model.model_checksum != base.model_checksum
    other_settings = keys(fake_embedder_type(), Settings(passages=PassageSettings(max_words=30)))
    assert other_settings.settings != base.settings
    # Query-time settings are no part of the key.
    assert keys(fake_embedder_type(), settings.with_retrieval(rrf_k=10)) == base
    with monkeypatch.context() as patch:
        patch.setattr(importlib.import_module("posenqa.parsing"), "PARSER_VERSION", "changed")
        other_parser = keys(fake_embedder_type(), settings)
    assert other_parser.parser_version == "changed"
    paper.write_text("version 2")
    other_document = keys(fake_embedder_type(), settings)
    assert other_document.document_sha256 == file_sha256(paper) != base.document_sha256
    changed = [other_model, other_settings, other_parser, other_document]
    assert len({repr(k) for k in [base, *changed]}) == 5


@pytest.mark.parametrize("at_hand", [True, False], ids=["embedder at hand", "model directory only"])
def test_every_site_keys_an_index_by_the_model_checksum_index_model_checksum_chooses(
    paper, tmp_path, monkeypatch, fake_embedder_type, small_document_factory, at_hand: bool
) -> None:  # type: ignore[no-untyped-def]
    """``Engine.open``, the library's ``EngineFactory.index_key`` and ``posenqa add`` (whose
    checksum ``model_for`` gives) key an index by the model checksum that
    :func:`~posenqa.search.embedder.index_model_checksum` chooses: the embedder's when one
    is at hand, even with a model directory named too, else the directory's weights'."""
    import click

    import posenqa.search.embedder as embedder_module
    from posenqa.answer import CHECKSUM_CACHE
    from posenqa.cli.library_shared import model_for
    from posenqa.library.engine import engine_factory
    from posenqa.store import read_manifest

    model_dir = tmp_path / "model"
    model_dir.mkdir()
    (model_dir / "model.safetensors").write_bytes(b"not the fake's weights")
    fake = fake_embedder_type()
    embedder = fake if at_hand else None
    expected = fake.checksum if at_hand else embedder_module.model_checksum(model_dir)
    # The two answers differ, so a site choosing the other one fails here.
    assert fake.checksum != embedder_module.model_checksum(model_dir)
    # Building with no embedder at hand loads the model: the fake stands in for it.
    monkeypatch.setattr(embedder_module, "load_embedder", lambda *_args: fake)

    def parse(path: Path) -> Any:
        return small_document_factory(path.name, file_sha256(path))

    root = tmp_path / "index"
    assert (
        embedder_module.index_model_checksum(embedder, model_dir, root / CHECKSUM_CACHE) == expected
    )
    Engine.open(paper, index_root=root, model=str(model_dir), embedder=embedder, parse=parse)
    assert read_manifest(root / "small")["model"]["checksum"] == expected
    factory = engine_factory(root, model=str(model_dir), embedder=embedder)
    assert factory.index_key().model_checksum == expected
    with click.Context(click.Command("add"), obj={"embedder": fake} if at_hand else {}):
        assert model_for(root, str(model_dir))[0] == expected


def test_index_model_checksum_needs_an_embedder_or_a_model_path() -> None:
    from posenqa.search.embedder import index_model_checksum

    with pytest.raises(ValueError, match="an embedder or a model path"):
        index_model_checksum(None, None)


def test_the_index_stores_terms_and_sentence_counts_and_opening_recomputes_neither(
    paper, open_engine, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    from posenqa.search.tokenize import tokenize
    from posenqa.store import passage_sentences

    built = open_engine()
    stored = read_index(paper.parent / "index" / "small")
    assert stored.terms is not None and stored.sentence_counts is not None
    assert stored.terms.lists() == [tokenize(p.searchable) for p in stored.passages]
    assert stored.sentence_counts.tolist() == [len(s) for s in passage_sentences(stored.passages)]

    def forbidden(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("opening a built index re-tokenized or re-split passages")

    for target in (
        "posenqa.search.stored.passage_terms",
        "posenqa.store.reading.sentence_counts",
        "posenqa.store.terms.passage_sentences",
    ):
        monkeypatch.setattr(target, forbidden)
    again = open_engine()
    question = "Why did Japanese regulators wait?"
    for mode in ("bm25", "dense", "hybrid"):
        got, expected = again.ask(question, mode=mode), built.ask(question, mode=mode)
        assert [(h.passage.id, h.score, h.best_span) for h in got.hits] == [
            (h.passage.id, h.score, h.best_span) for h in expected.hits
        ]


@pytest.mark.parametrize("victim", [*DATA_FILES, MANIFEST])
def test_truncated_file_is_detected_and_rebuilt(open_engine, victim: str) -> None:  # type: ignore[no-untyped-def]
    engine = open_engine()
    file = engine.index_path / victim
    file.write_bytes(file.read_bytes()[: file.stat().st_size // 2])
    with pytest.raises(IndexError_):
        read_index(engine.index_path)
    log: list[str] = []
    rebuilt = open_engine(log)
    assert log[0].startswith("index is damaged")
    assert rebuilt.passages == engine.passages
    read_index(rebuilt.index_path)  # whole again


def test_same_size_corruption_is_detected(open_engine) -> None:  # type: ignore[no-untyped-def]
    engine = open_engine()
    file = engine.index_path / "embeddings.npy"
    data = bytearray(file.read_bytes())
    data[-1] ^= 0xFF
    file.write_bytes(bytes(data))
    with pytest.raises(IndexError_, match="checksum differs"):
        read_index(engine.index_path)


def test_index_opened_by_name_without_its_source(paper, open_engine, fake_embedder_type) -> None:  # type: ignore[no-untyped-def]
    engine = open_engine()
    paper.unlink()
    root = paper.parent / "index"
    # with the source gone, a good index is still usable by name
    by_name = Engine.open("small", index_root=root, embedder=fake_embedder_type())
    assert by_name.passages == engine.passages
    # but a damaged one cannot be rebuilt
    (engine.index_path / "passages.jsonl").write_text("garbage")
    with pytest.raises(IndexError_, match="source of 'small' is not available"):
        Engine.open("small", index_root=root, embedder=fake_embedder_type())


def test_interrupted_build_leaves_the_old_index_intact(
    paper, open_engine, fake_embedder_type
) -> None:  # type: ignore[no-untyped-def]
    class Failing(fake_embedder_type):  # type: ignore[misc, valid-type]
        def encode(self, texts):  # type: ignore[no-untyped-def]
            raise RuntimeError("power cut")

    old = open_engine()
    before = {f: (old.index_path / f).read_bytes() for f in (*DATA_FILES, MANIFEST)}
    paper.write_text("version 2")
    with pytest.raises(RuntimeError, match="power cut"):
        open_engine(embedder=Failing(), rebuild=True)
    assert {f: (old.index_path / f).read_bytes() for f in before} == before
    assert [p.name for p in (paper.parent / "index").iterdir() if p.name.startswith(".")] == []


def test_failure_while_writing_leaves_no_half_index(paper, open_engine, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from posenqa.search import dense

    def broken_write(self, path):  # type: ignore[no-untyped-def]
        Path(path).write_bytes(b"half")
        raise OSError("disk full")

    monkeypatch.setattr(dense.DenseIndex, "write", broken_write)
    # One line naming the folder and the reason, not a traceback (issue 14).
    with pytest.raises(IndexError_, match=r"index folder cannot be written \(disk full\)"):
        open_engine()
    root = paper.parent / "index"
    assert not (root / "small").exists()
    assert [p.name for p in root.iterdir() if p.name.startswith(".")] == []
    assert not (root / "small.lock").exists()


def test_debris_of_a_killed_build_is_ignored_and_cleared(paper, open_engine) -> None:  # type: ignore[no-untyped-def]
    debris = paper.parent / "index" / ".small.tmp-deadbeef"
    debris.mkdir(parents=True)
    (debris / "passages.jsonl").write_text("{")
    log: list[str] = []
    open_engine(log)
    assert log[0].startswith("no index yet")
    assert not debris.exists()


def test_concurrent_builds_in_threads_do_not_interleave(
    paper, open_engine, fake_embedder_type
) -> None:  # type: ignore[no-untyped-def]
    state = {"active": 0, "most": 0}
    guard = threading.Lock()

    class Slow(fake_embedder_type):  # type: ignore[misc, valid-type]
        def encode(self, texts):  # type: ignore[no-untyped-def]
            with guard:
                state["active"] += 1
                state["most"] = max(state["most"], state["active"])
            time.sleep(0.05)
            try:
                return super().encode(texts)
            finally:
                with guard:
                    state["active"] -= 1

    errors: list[BaseException] = []

    def build() -> None:
        try:
            open_engine(embedder=Slow(), rebuild=True)
        except BaseException as exc:  # reported by the assertion below
            errors.append(exc)

    threads = [threading.Thread(target=build) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert state["most"] == 1
    assert read_index(paper.parent / "index" / "small").passages


_BUILD_SCRIPT = """
import sys
sys.path.insert(0, {tests!r})
from pathlib import Path
from conftest import FakeEmbedder, make_small_document
from posenqa.answer import Engine
from posenqa.parsing import file_sha256
paper = Path({paper!r})
engine = Engine.open(paper, index_root=paper.parent / "index", embedder=FakeEmbedder(),
                     parse=lambda p: make_small_document(p.name, file_sha256(p)), rebuild=True)
print(len(engine.passages))
"""


def test_concurrent_builds_in_processes(paper: Path) -> None:
    script = _BUILD_SCRIPT.format(tests=str(TESTS), paper=str(paper))
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", script],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    outputs = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outputs
    stored = read_index(paper.parent / "index" / "small")
    assert {o.strip() for o, _ in outputs} == {str(len(stored.passages))}
    assert np.isfinite(stored.embeddings).all()


def test_span_pooling_embedder_builds_in_one_pass(open_engine, fake_embedder_type) -> None:  # type: ignore[no-untyped-def]
    from posenqa.store import passage_sentences

    class Pooling(fake_embedder_type):  # type: ignore[misc,valid-type]
        """Pools a span as the fake encoding of its text; spans past ``limit`` get None."""

        limit = 300
        span_calls = 0

        def encode_spans(self, texts, spans):  # type: ignore[no-untyped-def]
            self.span_calls += 1
            pooled = [
                self.encode([text[s:e]])[0] if s < self.limit else None
                for text, group in zip(texts, spans, strict=True)
                for s, e in group
            ]
            vectors = self.encode(texts)
            self.calls = 0  # count only what the build encodes on its own
            return vectors, pooled

    embedder = Pooling()
    progress: list[tuple[int, int]] = []
    engine = open_engine(embedder=embedder, progress=lambda d, t: progress.append((d, t)))
    sentences = [s for group in passage_sentences(engine.passages) for s in group]
    stored = read_index(engine.index_path)
    assert embedder.span_calls == 1
    # only the sentences starting past the limit were encoded on their own, in one call
    assert embedder.calls == 1
    assert stored.manifest["model"]["sentence_vectors"] == "pooled"
    assert np.allclose(stored.sentence_embeddings, fake_embedder_type().encode(sentences))
    assert progress[0] == (0, len(engine.passages)) and progress[-1][0] == progress[-1][1]


@pytest.mark.parametrize("code", ["ENOMEM", "EMFILE"])
def test_vectors_are_memory_mapped_and_running_out_of_maps_is_not_damage(
    open_engine, monkeypatch, code: str
) -> None:  # type: ignore[no-untyped-def]
    import errno

    from posenqa.errors import PosenqaError

    engine = open_engine()
    stored = read_index(engine.index_path)
    assert isinstance(stored.embeddings, np.memmap)
    assert isinstance(stored.sentence_embeddings, np.memmap)

    def no_maps(*_args: Any, **_kwargs: Any) -> Any:
        raise OSError(getattr(errno, code), "out of maps or descriptors")

    monkeypatch.setattr(np, "load", no_maps)
    with pytest.raises(PosenqaError, match="memory-map") as caught:
        read_index(engine.index_path)
    assert not isinstance(caught.value, IndexError_)  # so no rebuild is attempted
