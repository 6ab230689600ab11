"""StackedRows: several papers' vector arrays read as one, without copying them together."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from posenqa.store.rows import StackedRows


@given(
    sizes=st.lists(st.integers(0, 5), min_size=0, max_size=5),
    start=st.integers(0, 30),
    length=st.integers(0, 30),
)
def test_slices_and_products_equal_those_of_the_stacked_array(
    sizes: list[int], start: int, length: int
) -> None:
    rng = np.random.default_rng(len(sizes) * 31 + sum(sizes))
    parts = [rng.standard_normal((n, 4)).astype(np.float32) for n in sizes]
    whole = np.vstack(parts) if parts else np.zeros((0, 4), np.float32)
    rows = StackedRows(parts, dim=4)
    assert len(rows) == len(whole) and rows.shape == whole.shape
    np.testing.assert_array_equal(rows[start : start + length], whole[start : start + length])
    vector = rng.standard_normal(4).astype(np.float32)
    np.testing.assert_allclose(rows @ vector, whole @ vector, rtol=1e-6)
    np.testing.assert_array_equal(np.asarray(rows), whole)


def test_a_slice_inside_one_part_is_a_view_of_it() -> None:
    parts = [np.ones((3, 2), np.float32), np.zeros((4, 2), np.float32)]
    view = StackedRows(parts)[4:6]
    assert view.base is parts[1] or np.shares_memory(view, parts[1])


def test_parts_of_different_widths_are_refused() -> None:
    with pytest.raises(ValueError, match="widths"):
        StackedRows([np.ones((1, 2)), np.ones((1, 3))])
