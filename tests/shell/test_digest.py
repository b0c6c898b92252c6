"""compute.digest names a chart's or a table's content for the replay caches: two contents
that differ anywhere must get different names, or a student would see a classmate's matrix."""

from __future__ import annotations

import numpy as np
import pytest

from ui.compute import digest

BASE = (np.array([[0.5, -1.0]]), "dW1", {"row_prefix": "unit ", "labels": [1, 2]}, 3, None)


@pytest.mark.parametrize("changed", [
    (np.array([[0.5, -1.0000001]]), *BASE[1:]),  # one value
    (np.array([[0.5], [-1.0]]), *BASE[1:]),  # the same numbers, another shape
    (np.array([[0.5, -1.0]], dtype=np.float32), *BASE[1:]),  # another dtype
    (BASE[0], "dW2", *BASE[2:]),  # a title
    (*BASE[:2], {"row_prefix": "out ", "labels": [1, 2]}, *BASE[3:]),  # a keyword's value
    (*BASE[:2], {"row_prefix": "unit ", "labels": [1, 2, 3]}, *BASE[3:]),  # a list's length
    (*BASE[:3], 3.0, None),  # 3 and 3.0 draw differently ("3" vs "3.0")
    (*BASE[:3], 3, False),  # None and False
    (*BASE[:4], [None]),  # a list holding None, not None
])
def test_different_content_gets_a_different_name(changed):
    assert digest(changed) != digest(BASE)


def test_the_same_content_gets_the_same_name():
    again = (np.array([[0.5, -1.0]]), "dW1", {"labels": [1, 2], "row_prefix": "unit "}, 3, None)
    assert digest(again) == digest(BASE)
    # A transposed view holds the same bytes in another order: its name must follow the
    # values, not the memory.
    M = np.arange(6.0).reshape(2, 3)
    assert digest(M.T) == digest(np.ascontiguousarray(M.T))
    assert digest(M.T) != digest(M.reshape(3, 2))
