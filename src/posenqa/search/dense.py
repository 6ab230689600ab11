"""Dense retrieval: a faiss inner-product index over normalized vectors.

With L2-normalized rows the inner product is the cosine similarity. Up to
``FLAT_MAX_VECTORS`` rows the index is an exact scan; past that an HNSW graph
(``search/scalable.py``, measured in benchmarks/README.md). faiss is imported
inside functions only.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from posenqa.errors import IndexError_

if TYPE_CHECKING:
    import numpy as np


class DenseIndex:
    """Cosine similarity of a query vector against a fixed matrix of passage vectors."""

    def __init__(self, index: Any) -> None:
        self._index = index

    @classmethod
    def build(cls, vectors: np.ndarray) -> DenseIndex:
        """An exact ``IndexFlatIP`` (or HNSW for a large corpus) over float32 rows
        (assumed L2-normalized)."""
        import faiss
        import numpy as np

        from posenqa.search.scalable import build_dense_index

        vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        if vectors.ndim != 2:
            raise IndexError_(f"embeddings must be a matrix, got shape {vectors.shape}")
        if len(vectors) == 0:
            return cls(faiss.IndexFlatIP(vectors.shape[1]))
        return cls(build_dense_index(vectors))

    @property
    def exact(self) -> bool:
        """Whether a search scans every row (so asking for all rows is cheap and exact)."""
        import faiss

        return isinstance(self._index, faiss.IndexFlat)

    @classmethod
    def read(cls, path: Path, *, mapped: bool = False) -> DenseIndex:
        """Read an index written by :meth:`write`; IndexError_ when unreadable.

        ``mapped``: an exact index's rows stay in the file, memory-mapped (faiss's
        ``IO_FLAG_MMAP_IFC``), not copied into memory."""
        import faiss

        try:
            if mapped:
                return cls(faiss.read_index(str(path), faiss.IO_FLAG_MMAP_IFC))
            return cls(faiss.read_index(str(path)))
        except Exception as exc:  # faiss raises RuntimeError with C++ text
            raise IndexError_(f"{path}: unreadable faiss index") from exc

    def write(self, path: Path) -> None:
        """Write the index to ``path``."""
        import faiss

        faiss.write_index(self._index, str(path))

    def row(self, position: int) -> np.ndarray:
        """The stored vector at ``position`` (an exact index keeps its rows)."""
        return self._index.reconstruct(position)

    @property
    def size(self) -> int:
        """Number of vectors."""
        return int(self._index.ntotal)

    @property
    def dim(self) -> int:
        """Vector dimension."""
        return int(self._index.d)

    def search(
        self, query: np.ndarray, n: int | None = None, within: np.ndarray | None = None
    ) -> tuple[np.ndarray, np.ndarray]:
        """``(scores, positions)`` of the ``n`` nearest rows (all rows when ``n`` is None);
        ``within``: only these row positions (a faiss selector, so a filtered search
        still returns ``n`` rows)."""
        import numpy as np

        limit = self.size if within is None else len(within)
        n = limit if n is None else min(n, limit)
        query = np.ascontiguousarray(query, dtype=np.float32).reshape(1, -1)
        if n == 0:
            return np.zeros(0, dtype=np.float32), np.zeros(0, dtype=np.int64)
        if within is None:
            scores, positions = self._index.search(query, n)
        else:
            import faiss

            selector = faiss.IDSelectorBatch(np.ascontiguousarray(within, dtype=np.int64))
            params = (
                faiss.SearchParametersHNSW(sel=selector, efSearch=self._index.hnsw.efSearch)
                if isinstance(self._index, faiss.IndexHNSW)
                else faiss.SearchParameters(sel=selector)
            )
            scores, positions = self._index.search(query, n, params=params)
        return scores[0], positions[0]


__all__ = ["DenseIndex"]
