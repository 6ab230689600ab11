"""Synthetic passages and vectors for the scale run, written to a data directory.

Text: terms drawn from a Zipf-Mandelbrot distribution, p(rank r) ~ 1/(r + 2.7),
over a vocabulary that starts with the paper's own terms (most frequent first)
and continues with generated tokens; passages of 40-80 terms (mean 60).
Queries: 3-6 distinct terms of a random passage, so each has real matches.

Vectors: 384-d, L2-normalized, of one of two kinds. ``lowrank`` (default):
a random linear image of 32-d Gaussian points plus isotropic noise of a tenth
of their norm, so the data has a low intrinsic dimension, as sentence
embeddings do. ``clustered``: a random centre plus full-rank Gaussian noise of
the same norm (cosine ~0.7 to the centre), so within a cluster every
neighbour is nearly equidistant: the worst case for a graph index. Purely
uniform random vectors would be worse still and resemble no real embedding.

Files (all plain numpy / json): ``tokens.npy`` (int32 term ids),
``offsets.npy`` (int64, one more than the passages), ``vocab.json``,
``queries.json`` (lists of terms), ``vectors.f32`` (raw float32 rows, read in
chunks so a reader's RSS holds only what it keeps), ``qvectors.npy``.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator, Sequence
from pathlib import Path

import numpy as np

DIM = 384
VOCAB_SIZE = 200_000
N_CLUSTERS = 1024
_CHUNK = 50_000


def paper_vocabulary(text_path: Path) -> list[str]:
    """The paper's BM25 terms, most frequent first (ties alphabetical)."""
    from posenqa.search.tokenize import tokenize

    counts = Counter(tokenize(text_path.read_text(encoding="utf-8", errors="replace")))
    return [term for term, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]


def vocabulary(seed_terms: Sequence[str], size: int = VOCAB_SIZE) -> list[str]:
    """``seed_terms`` then generated ``t<rank>`` tokens up to ``size`` terms."""
    terms = list(dict.fromkeys(seed_terms))[:size]
    terms += [f"t{rank}" for rank in range(len(terms), size)]
    return terms


def write_corpus(
    directory: Path, n_docs: int, vocab: Sequence[str], *, seed: int = 0, n_queries: int = 30
) -> None:
    """Write ``n_docs`` synthetic passages and ``n_queries`` queries to ``directory``."""
    rng = np.random.default_rng(seed)
    directory.mkdir(parents=True, exist_ok=True)
    ranks = np.arange(len(vocab), dtype=np.float64)
    cdf = np.cumsum(1.0 / (ranks + 2.7))
    cdf /= cdf[-1]
    lengths = rng.integers(40, 81, size=n_docs)
    offsets = np.zeros(n_docs + 1, dtype=np.int64)
    np.cumsum(lengths, out=offsets[1:])
    tokens = np.searchsorted(cdf, rng.random(int(offsets[-1]))).astype(np.int32)
    np.save(directory / "tokens.npy", tokens)
    np.save(directory / "offsets.npy", offsets)
    (directory / "vocab.json").write_text(json.dumps(list(vocab)))
    queries = []
    for doc in rng.choice(n_docs, size=n_queries, replace=False):
        terms = np.unique(tokens[offsets[doc] : offsets[doc + 1]])
        picked = rng.choice(terms, size=min(len(terms), int(rng.integers(3, 7))), replace=False)
        queries.append([vocab[t] for t in picked])
    (directory / "queries.json").write_text(json.dumps(queries))


VECTOR_KINDS = ("lowrank", "clustered")
_RANK = 32


def write_vectors(
    directory: Path, n: int, *, kind: str = "lowrank", seed: int = 0, n_queries: int = 100
) -> None:
    """Write ``n`` unit vectors (``vectors.f32``) and ``n_queries`` query vectors of ``kind``."""
    if kind not in VECTOR_KINDS:
        raise ValueError(f"unknown vector kind {kind!r} (choose from {', '.join(VECTOR_KINDS)})")
    rng = np.random.default_rng(seed + 1)
    if kind == "clustered":
        basis = _unit(rng.standard_normal((N_CLUSTERS, DIM)).astype(np.float32))
    else:
        basis = (rng.standard_normal((_RANK, DIM)) / np.sqrt(_RANK)).astype(np.float32)
    make = _clustered if kind == "clustered" else _lowrank
    with (directory / "vectors.f32").open("wb") as handle:
        for start in range(0, n, _CHUNK):
            make(rng, basis, min(_CHUNK, n - start)).tofile(handle)
    np.save(directory / "qvectors.npy", make(rng, basis, n_queries))


def read_vector_chunks(directory: Path) -> Iterator[np.ndarray]:
    """The rows of ``vectors.f32`` in chunks, without mapping the whole file."""
    with (directory / "vectors.f32").open("rb") as handle:
        while True:
            chunk = np.fromfile(handle, dtype=np.float32, count=_CHUNK * DIM)
            if chunk.size == 0:
                return
            yield chunk.reshape(-1, DIM)


def _clustered(rng: np.random.Generator, centres: np.ndarray, n: int) -> np.ndarray:
    picks = centres[rng.integers(0, len(centres), size=n)]
    noise = rng.standard_normal((n, DIM)).astype(np.float32) / np.float32(np.sqrt(DIM))
    return _unit(picks + noise)


def _lowrank(rng: np.random.Generator, basis: np.ndarray, n: int) -> np.ndarray:
    signal = rng.standard_normal((n, _RANK)).astype(np.float32) @ basis
    noise = rng.standard_normal((n, DIM)).astype(np.float32) / np.float32(np.sqrt(DIM))
    return _unit(signal + np.float32(0.1) * noise * np.linalg.norm(signal, axis=1, keepdims=True))


def _unit(vectors: np.ndarray) -> np.ndarray:
    return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


class LazyCorpus(Sequence[list[str]]):
    """The synthetic passages as lists of terms, each made only when asked for.

    Indexers iterate it; holding all 60 M terms as Python lists at once would
    dominate the memory figures of the very structures being measured.
    """

    def __init__(self, directory: Path) -> None:
        self.tokens = np.load(directory / "tokens.npy")
        self.offsets = np.load(directory / "offsets.npy")
        self.words = np.array(json.loads((directory / "vocab.json").read_text()), dtype=object)

    def __len__(self) -> int:
        return len(self.offsets) - 1

    def __getitem__(self, i: int) -> list[str]:  # type: ignore[override]
        if not 0 <= i < len(self):
            raise IndexError(i)
        return self.words[self.tokens[self.offsets[i] : self.offsets[i + 1]]].tolist()

    def __iter__(self) -> Iterator[list[str]]:
        words, tokens, offsets = self.words, self.tokens, self.offsets
        for i in range(len(offsets) - 1):
            yield words[tokens[offsets[i] : offsets[i + 1]]].tolist()
