"""Several papers' vector files read as one array of rows, without copying them together.

A library's sentence vectors (~3.5 rows a passage, 5.4 KB) are read a few rows
at a time: the sentence ranker multiplies only its candidates' rows. Stacking
every paper's memory-mapped file into one array would make them all resident
(~5.6 GB at a million passages); :class:`StackedRows` keeps each paper's array
(a memory map) and serves slices from the one that holds them.
"""

from __future__ import annotations

import bisect
import itertools
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
        self._starts = [0, *itertools.accumulate(len(p) for p in self.parts)]

    @property
    def shape(self) -> tuple[int, int]:
        return (self._starts[-1], self.dim)

    @property
    def ndim(self) -> int:
        return 2

    def __len__(self) -> int:
        return self._starts[-1]

    def __getitem__(self, key: Any) -> np.ndarray:
        import numpy as np

        if not isinstance(key, slice) or key.step not in (None, 1):
            return np.asarray(self)[key]
        start, stop, _ = key.indices(len(self))
        # bisect over a list, not np.searchsorted: this runs once per candidate passage
        # of every question (the sentence ranker), where numpy's call overhead shows.
        first = bisect.bisect_right(self._starts, start) - 1
        if 0 <= first < len(self.parts) and start < stop <= self._starts[first + 1]:  # one part
            offset = self._starts[first]
            return self.parts[first][start - offset : stop - offset]
        if stop <= start:
            return np.zeros((0, self.dim), dtype=self.dtype)
        last = bisect.bisect_left(self._starts, stop) - 1
        pieces = [
            self.parts[i][
                max(start - self._starts[i], 0) : min(stop, self._starts[i + 1]) - self._starts[i]
            ]
            for i in range(first, last + 1)
        ]
        return np.concatenate(pieces)

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
