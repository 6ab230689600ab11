"""Building an index: embedding the passages and their sentences, then writing it."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from posenqa.document import Document
from posenqa.passages import Passage
from posenqa.store.manifest import IndexKey
from posenqa.store.terms import PassageTerms, passage_sentences
from posenqa.store.writing import write_index

if TYPE_CHECKING:
    import numpy as np

    from posenqa.search.embedder import Embedder


def build_index(
    root: Path,
    name: str,
    source: Path,
    document: Document,
    passages: Sequence[Passage],
    key: IndexKey,
    embedder: Embedder,
    *,
    progress: Callable[[int, int], None] | None = None,
    batch: int = 256,
    terms: PassageTerms | None = None,
) -> Path:
    """Embed the passages and their sentences (reporting ``progress(done, total)``) and
    write the index (``terms``: the passages' BM25 terms, when already computed).

    With an embedder that pools spans (the ONNX one), each sentence's vector is
    the mean of its tokens' embeddings in the passage's own model pass: one pass
    per build. Only sentences past the model's length limit are encoded on their
    own. Any other embedder encodes the sentences in a second pass.
    """
    texts = [p.searchable for p in passages]
    if hasattr(embedder, "encode_spans"):
        vectors, sentence_vectors = _embed_one_pass(embedder, passages, texts, progress, batch)
    else:
        sentences = [sentence for group in passage_sentences(passages) for sentence in group]
        done = 0

        def step(count: int) -> None:
            nonlocal done
            done += count
            if progress:
                progress(done, len(texts) + len(sentences))

        step(0)
        vectors = _embed(embedder, texts, batch, step)
        sentence_vectors = _embed(embedder, sentences, batch, step)
    return write_index(
        root,
        name,
        document=document,
        passages=passages,
        embeddings=vectors,
        sentence_embeddings=sentence_vectors,
        key=key,
        model={
            "name": embedder.name,
            "dim": embedder.dim,
            "runtime": getattr(embedder, "runtime", type(embedder).__name__),
            "sentence_vectors": "pooled" if hasattr(embedder, "encode_spans") else "encoded",
        },
        source=source,
        terms=terms,
    )


def _embed(
    embedder: Embedder, items: Sequence[str], batch: int, step: Callable[[int], None]
) -> np.ndarray:
    """``items`` embedded in chunks of ``batch``, calling ``step(count)`` after each."""
    import numpy as np

    # Large chunks: the embedders sort each call's texts by length to pad
    # less, which small chunks defeat (chunks of 32 measured ~1.7x slower).
    chunks = []
    for start in range(0, len(items), batch):
        chunks.append(embedder.encode(items[start : start + batch]))
        step(len(items[start : start + batch]))
    if not chunks:
        return np.zeros((0, embedder.dim), dtype=np.float32)
    return np.vstack(chunks)


def _embed_one_pass(
    embedder: Any,
    passages: Sequence[Passage],
    texts: Sequence[str],
    progress: Callable[[int, int], None] | None,
    batch: int,
) -> tuple[np.ndarray, np.ndarray]:
    """Passage vectors and sentence vectors pooled from the same model pass.

    Progress counts passages; the few sentences past the model's length limit,
    encoded on their own afterwards, are added to the total when known.
    """
    import numpy as np

    from posenqa.search.evidence import sentence_spans

    spans = [sentence_spans(p.text) for p in passages]
    # Sentence spans are offsets into ``text``, which ``searchable`` starts with
    # (it only appends context); a passage where it did not would be encoded alone.
    pool = [
        g if p.searchable.startswith(p.text) else [] for p, g in zip(passages, spans, strict=True)
    ]
    if progress:
        progress(0, len(texts))
    vectors: list[np.ndarray] = []
    pooled: list[np.ndarray | None] = []
    for start in range(0, len(texts), batch):
        v, found = embedder.encode_spans(texts[start : start + batch], pool[start : start + batch])
        vectors.append(v)
        it = iter(found)
        for group, asked in zip(
            spans[start : start + batch], pool[start : start + batch], strict=True
        ):
            pooled.extend(next(it) if asked else None for _ in group)
        if progress:
            progress(start + len(v), len(texts))
    flat = [(p.text, span) for p, group in zip(passages, spans, strict=True) for span in group]
    missing = [i for i, vector in enumerate(pooled) if vector is None]
    if missing:
        alone = embedder.encode([flat[i][0][slice(*flat[i][1])] for i in missing])
        for i, vector in zip(missing, alone, strict=True):
            pooled[i] = vector
        if progress:
            progress(len(texts) + len(missing), len(texts) + len(missing))
    dim = embedder.dim
    passage_vectors = np.vstack(vectors) if vectors else np.zeros((0, dim), np.float32)
    sentence_vectors = np.vstack(pooled) if pooled else np.zeros((0, dim), np.float32)
    return passage_vectors, sentence_vectors


__all__ = ["build_index"]
