"""Synthetic papers and a stand-in embedder for the library benchmark (``library.py``).

A synthetic paper is a :class:`~posenqa.document.Document` of 12 sections x 4
paragraphs of 4-9 sentences drawn at random (seeded by the paper's number) from
the bundled paper's text, with up to 16 notes: ~100 passages, as the issue's
"1,000 papers, ~100k passages" assumes. The files on disk are stubs
(``paper-00042.txt``); :func:`parse_synthetic` stands in for the parser and is
sent to ingest's worker processes by name, as a real parser is.

:class:`RandomEmbedder` is the **stand-in for the model** at sizes the real one
cannot reach in a session: seeded random unit vectors (384-d, as MiniLM), no
model cost, so what is measured with it is everything but the model.
"""

from __future__ import annotations

import functools
import hashlib
import random
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
CORPUS_TXT = ROOT / "corpus" / "posen-2001-wp01-8.txt"


@functools.cache
def corpus_sentences() -> list[str]:
    """The bundled paper's sentences of 40-400 characters."""
    from posenqa.sentences import split_spans

    text = " ".join(CORPUS_TXT.read_text(encoding="utf-8", errors="replace").split())
    return [text[s:e] for s, e in split_spans(text) if 40 <= e - s <= 400]


def write_stubs(folder: Path, count: int) -> list[Path]:
    """``count`` stub files ``paper-NNNNN.txt`` (their bytes make each paper's checksum)."""
    folder.mkdir(parents=True, exist_ok=True)
    files = []
    for n in range(count):
        file = folder / f"paper-{n:05d}.txt"
        file.write_text(f"synthetic paper {n}\n", encoding="utf-8")
        files.append(file)
    return files


def synthetic_document(number: int, sha256: str) -> Any:
    """Paper ``number``: 12 sections of 4 paragraphs (4-9 sentences each), up to 16 notes."""
    from posenqa.document import Block, Document, Footnote, NoteMarker, Section

    sentences = corpus_sentences()
    rng = random.Random(number)
    blocks, sections, notes = [], [], []
    for s in range(1, 13):
        sections.append(Section(str(s), f"Section {s}", s, s + 1))
        for b in range(4):
            text = " ".join(rng.choice(sentences) for _ in range(rng.randint(4, 9)))
            bid = f"b{s:02d}{b}"
            note = len(notes) + 1 if b % 3 == 0 and len(notes) < 16 else None
            markers = (NoteMarker(note, len(text)),) if note else ()
            blocks.append(Block(bid, "paragraph", str(s), s, s, text, markers))
            if note:
                notes.append(Footnote(note, rng.choice(sentences), s, (bid,)))
    return Document(
        title=f"Synthetic Paper {number}",
        author=f"Author{number} Surname{number % 97}",
        year=1990 + number % 30,
        source=f"paper-{number:05d}.txt",
        sha256=sha256,
        pages=13,
        sections=tuple(sections),
        blocks=tuple(blocks),
        footnotes=tuple(notes),
    )


def parse_synthetic(path: Path) -> Any:
    """The parser's stand-in: the synthetic paper a stub file names."""
    from posenqa.parsing import file_sha256

    return synthetic_document(int(path.stem.split("-")[1]), file_sha256(path))


class RandomEmbedder:
    """STAND-IN for the model: unit vectors seeded by each text's hash (no model cost).

    Has ``encode_spans`` like the ONNX embedder, so an index build takes the same
    one-pass path (sentence spans pooled "from the passage's pass").
    """

    dim = 384
    name = "stand-in-random-unit-vectors"
    runtime = "numpy (stand-in)"
    checksum = hashlib.sha256(b"stand-in-random-unit-vectors:384").hexdigest()

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        out = np.empty((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            out[row] = _rng(text).standard_normal(self.dim)
        return out / np.linalg.norm(out, axis=1, keepdims=True)

    def encode_spans(
        self, texts: Sequence[str], spans: Sequence[Sequence[tuple[int, int]]]
    ) -> tuple[np.ndarray, list[np.ndarray | None]]:
        vectors = self.encode(texts)
        pooled: list[np.ndarray | None] = []
        for text, group in zip(texts, spans, strict=True):
            if group:
                pooled.extend(self.encode([text[s:e] for s, e in group]))
        return vectors, pooled


def _rng(text: str) -> np.random.Generator:
    return np.random.default_rng(
        int.from_bytes(hashlib.blake2b(text.encode(), digest_size=8).digest())
    )
