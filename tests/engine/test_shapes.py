"""The shape table and the shape arithmetic shown beside each formula."""

from __future__ import annotations

import pytest

import engine
from engine import product_text, shape_table


@pytest.fixture
def t():
    return shape_table([2, 4, 1], 400)


def test_two_layer_symbols_and_shapes(t):
    assert (t["X"].symbol, t["X"].shape) == ("(n_x, m)", (2, 400))
    assert (t["W1"].symbol, t["W1"].shape) == ("(n_h, n_x)", (4, 2))
    assert (t["b1"].symbol, t["b1"].shape) == ("(n_h, 1)", (4, 1))
    assert (t["W2"].symbol, t["W2"].shape) == ("(n_y, n_h)", (1, 4))
    assert (t["A2"].symbol, t["A2"].shape) == ("(n_y, m)", (1, 400))
    assert (t["W2T"].symbol, t["W2T"].shape) == ("(n_h, n_y)", (4, 1))
    assert (t["A1T"].symbol, t["A1T"].shape) == ("(m, n_h)", (400, 4))
    assert (t["XT"].symbol, t["XT"].shape) == ("(m, n_x)", (400, 2))
    assert t["dA1"].shape == (4, 400) and "dA2" not in t
    for name in ("Y", "A0", "Z1", "A1", "Z2", "dZ1", "dZ2", "dW1", "db1", "dW2", "db2"):
        assert name in t and name + "T" in t


def test_product_text_examples(t):
    assert product_text(t, "W2T", "dZ2") == "(4, 1) · (1, 400) → (4, 400)"
    assert product_text(t, "W2T", "dZ2", symbolic=True) == "(n_h, n_y) · (n_y, m) → (n_h, m)"
    assert product_text(t, "dA1", "A1", op="*") == "(4, 400) * (4, 400) → (4, 400)"
    assert product_text(t, "dZ1", "XT") == "(4, 400) · (400, 2) → (4, 2)"
    assert product_text(t, "dZ2", "A1T", symbolic=True) == "(n_y, m) · (m, n_h) → (n_y, n_h)"
    assert product_text(t, "W1", "X") == "(4, 2) · (2, 400) → (4, 400)"
    assert product_text(t, "Z1", "b1", op="+") == "(4, 400) + (4, 1) → (4, 400)"
    assert product_text(t, "Z1", "b1", op="+", symbolic=True) == "(n_h, m) + (n_h, 1) → (n_h, m)"


def test_product_text_errors(t):
    with pytest.raises(ValueError, match=r"W2 \(1, 4\).*dZ2 \(1, 400\)"):
        product_text(t, "W2", "dZ2")  # the forgotten transpose
    with pytest.raises(ValueError, match="element-wise"):
        product_text(t, "dA1", "W1", op="*")
    with pytest.raises(ValueError, match="op must be"):
        product_text(t, "W1", "X", op="/")
    with pytest.raises(KeyError, match="no array"):
        product_text(t, "W9", "X")


def test_deep_symbols():
    t = shape_table([3, 5, 4, 1], 10)
    assert t["W2"].symbol == "(n[2], n[1])" and t["W2"].shape == (4, 5)
    assert t["X"].symbol == "(n[0], m)" and t["Y"].symbol == "(n[3], m)"
    assert product_text(t, "W3T", "dZ3", symbolic=True) == "(n[2], n[3]) · (n[3], m) → (n[2], m)"
    assert "dA2" in t and "dA3" not in t


@pytest.mark.parametrize("dims,m", [([2, 4, 1], 400), ([3, 5, 4, 1], 7), ([2, 1], 1),
                                    ([4, 3, 3, 2, 1], 5)])
def test_table_matches_real_arrays(dims, m):
    import numpy as np

    t = shape_table(dims, m)
    X = np.ones((dims[0], m))
    Y = np.zeros((1, m))
    params = engine.init_params(dims)
    cache = engine.forward(X, params)
    grads = engine.backward(X, Y, params, cache)
    arrays = {"X": X, "Y": Y, **params, **{k: v for k, v in cache.items() if k != "AL"}, **grads}
    assert set(arrays) | {k + "T" for k in arrays} == set(t)
    for name, value in arrays.items():
        assert t[name].shape == value.shape, name
        assert t[name + "T"].shape == value.T.shape
