"""engine.sparse_gradient_check against the full engine.numerical_gradients, in float64: the
sampled check is the full check restricted to its entries, with the app's one ε."""

from __future__ import annotations

import numpy as np
import pytest

import engine
from engine.gradcheck import SPARSE_ENTRIES


def small_network(activation: str, dims=(2, 3, 3, 1), m: int = 5, seed: int = 4):
    """Random X (2, m), both labels, xavier weights and non-zero biases, so no unit sits at 0
    and every gradient entry is distinct."""
    rng = np.random.default_rng(seed)
    X = rng.normal(0, 1.5, size=(dims[0], m))
    Y = (np.arange(m) % 2).astype(float)[None, :]
    params = engine.init_params(list(dims), seed=seed, init="xavier")
    for k in params:
        if k.startswith("b"):
            params[k] = rng.normal(0, 0.3, params[k].shape)
    grads = engine.backward(X, Y, params, engine.forward(X, params, activation), activation)
    return X, Y, params, grads


def stacked(d: dict, params: dict) -> np.ndarray:
    """Every gradient of d ("dW1", "db1", …) flattened and stacked in params order."""
    return np.concatenate([d["d" + k].ravel() for k in params])


@pytest.mark.parametrize("activation", ["tanh", "sigmoid"])
def test_every_entry_sampled_is_the_full_check(activation):
    X, Y, params, grads = small_network(activation)
    assert max(p.size for p in params.values()) <= SPARSE_ENTRIES
    analytic, numeric, skipped = engine.sparse_gradient_check(X, Y, params, grads, activation)
    full = engine.numerical_gradients(X, Y, params, activation, eps=engine.CHECK_EPS)
    assert skipped == 0 and analytic.dtype == numeric.dtype == np.float64
    np.testing.assert_array_equal(analytic, stacked(grads, params))
    # Same cost, same nudges, same ε: the same numbers up to the last bits. A different
    # default ε moves them by ~|J|·1e-16/ε, far above this tolerance.
    np.testing.assert_allclose(numeric, stacked(full, params), rtol=1e-13, atol=0)
    assert engine.relative_error(analytic, numeric) < 1e-8


def test_sampled_entries_are_the_full_check_at_their_positions():
    X, Y, params, grads = small_network("tanh", dims=(2, 5, 4, 1), m=6, seed=7)
    entries = 3
    analytic, numeric, skipped = engine.sparse_gradient_check(X, Y, params, grads, "tanh",
                                                              seed=1, entries=entries)
    assert skipped == 0
    assert analytic.size == sum(min(entries, p.size) for p in params.values())
    all_analytic = stacked(grads, params)
    all_numeric = stacked(engine.numerical_gradients(X, Y, params, "tanh",
                                                     eps=engine.CHECK_EPS), params)
    positions = [int(np.flatnonzero(all_analytic == a)[0]) for a in analytic]
    assert positions == sorted(set(positions))  # distinct entries, in params order
    np.testing.assert_allclose(numeric, all_numeric[positions], rtol=1e-13, atol=0)
    # The seed picks the entries; the same seed picks the same ones.
    again = engine.sparse_gradient_check(X, Y, params, grads, "tanh", seed=1, entries=entries)
    np.testing.assert_array_equal(again[1], numeric)
    other = engine.sparse_gradient_check(X, Y, params, grads, "tanh", seed=2, entries=entries)
    assert not np.array_equal(other[0], analytic)


def test_a_broken_layer_is_caught_and_params_are_left_alone():
    X, Y, params, grads = small_network("sigmoid", dims=(2, 4, 4, 4, 1))
    before = {k: v.copy() for k, v in params.items()}
    analytic, numeric, _ = engine.sparse_gradient_check(X, Y, params, grads, "sigmoid")
    assert engine.relative_error(analytic, numeric) < engine.AGREE
    for k in params:
        np.testing.assert_array_equal(params[k], before[k])
    broken = {**grads, "db3": grads["db3"] + 1e-3}  # one bias gradient off by a little
    analytic, numeric, _ = engine.sparse_gradient_check(X, Y, params, broken, "sigmoid")
    assert engine.relative_error(analytic, numeric) > engine.AGREE


def test_float32_params_are_checked_in_float64():
    X, Y, params, grads = small_network("tanh")
    single = {k: v.astype(np.float32) for k, v in params.items()}
    analytic, numeric, _ = engine.sparse_gradient_check(X, Y, single, grads, "tanh")
    assert numeric.dtype == np.float64
    full = engine.numerical_gradients(X, Y, single, "tanh", eps=engine.CHECK_EPS)
    np.testing.assert_allclose(numeric, stacked(full, params), rtol=1e-13, atol=0)


def test_only_a_kinked_activation_skips_entries():
    X, Y = engine.make_dataset("flower", m=20, noise=0.2, seed=1)
    params = engine.init_params([2, 20, 20, 20, 1], seed=2, init="course")  # z within ±ε of 0
    found = {}
    for activation in ("relu", "tanh"):
        grads = engine.backward(X, Y, params, engine.forward(X, params, activation), activation)
        found[activation] = engine.sparse_gradient_check(X, Y, params, grads, activation, seed=2)
    assert found["relu"][2] > 0 and found["tanh"][2] == 0  # tanh is smooth: nothing to skip
    assert found["tanh"][0].size == sum(min(SPARSE_ENTRIES, p.size) for p in params.values())
