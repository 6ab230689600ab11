"""Several papers' vector files read as one array of rows, without copying them together.

A library's sentence vectors (~3.5 rows a passage, 5.4 KB) are read a few rows
at a time: the sentence ranker multiplies only its candidates' rows. Stacking
every paper's memory-mapped file into one array would make them all resident
(~5.6 GB at a million passages); :class:`StackedRows` keeps each paper's array
(a memory map) and serves slices from the one that holds them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import numpy as np


class StackedRows:
    """The rows of ``parts`` (2-d arrays of one width and dtype) in order, as one array.

    Supports what the engine asks of its vectors: ``len``, ``shape``, ``dtype``,
    slicing rows (a slice inside one part is a view of it, no copy), ``@`` a vector,
    and ``numpy.asarray`` (which does copy everything: for small stacks only).
    """

    def __init__(self, parts: Sequence[np.ndarray], dim: int | None = None) -> None:
        import numpy as np

        widths = {p.shape[1] for p in parts if p.ndim == 2}
        if len(widths) > 1:
            raise ValueError(f"rows of different widths: {sorted(widths)}")
        self.parts = [p for p in parts if len(p)]
        self.dim = widths.pop() if widths else (dim or 0)
        self.dtype = self.parts[0].dtype if self.parts else np.dtype(np.float32)
        self.starts = np.zeros(len(self.parts) + 1, dtype=np.int64)
        np.cumsum([len(p) for p in self.parts], out=self.starts[1:])

    @property
    def shape(self) -> tuple[int, int]:
        return (int(self.starts[-1]), self.dim)

    @property
    def ndim(self) -> int:
        return 2

    def __len__(self) -> int:
        return int(self.starts[-1])

    def __getitem__(self, key: Any) -> np.ndarray:
        import numpy as np

        if not isinstance(key, slice) or key.step not in (None, 1):
            return np.asarray(self)[key]
        start, stop, _ = key.indices(len(self))
        if stop <= start:
            return np.zeros((0, self.dim), dtype=self.dtype)
        first = int(np.searchsorted(self.starts, start, side="right")) - 1
        last = int(np.searchsorted(self.starts, stop, side="left")) - 1
        pieces = [
            self.parts[i][
                max(start - self.starts[i], 0) : min(stop, self.starts[i + 1]) - self.starts[i]
            ]
            for i in range(first, last + 1)
        ]
        return pieces[0] if len(pieces) == 1 else np.concatenate(pieces)

    def __matmul__(self, vector: np.ndarray) -> np.ndarray:
        import numpy as np

        if not self.parts:
            return np.zeros(0, dtype=np.result_type(self.dtype, vector.dtype))
        return np.concatenate([p @ vector for p in self.parts])

    def __array__(self, dtype: Any = None, copy: Any = None) -> np.ndarray:
        import numpy as np

        out = np.vstack(self.parts) if self.parts else np.zeros((0, self.dim), dtype=self.dtype)
        return out if dtype is None else out.astype(dtype, copy=False)


__all__ = ["StackedRows"]
