"""Property tests: shapes for any architecture, and no NaN or warning under extreme inputs.

pyproject turns RuntimeWarning into an error, so "quiet" below is checked by the run itself.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import engine
from engine import ACTIVATIONS, shape_table

FAST = settings(max_examples=30, deadline=None,
                suppress_health_check=[HealthCheck.too_slow])

dims_st = st.lists(st.integers(1, 6), min_size=0, max_size=4).flatmap(
    lambda hidden: st.integers(1, 4).map(lambda n_x: [n_x, *hidden, 1]))
activation_st = st.sampled_from(list(ACTIVATIONS))


def data(dims, m, seed, x_scale=1.0):
    rng = np.random.default_rng(seed)
    X = rng.normal(0, x_scale, (dims[0], m))
    Y = (rng.random((1, m)) < 0.5).astype(float)
    return X, Y


@FAST
@given(dims=dims_st, m=st.integers(1, 30), activation=activation_st, seed=st.integers(0, 99))
def test_every_array_has_its_table_shape(dims, m, activation, seed):
    X, Y = data(dims, m, seed)
    params = engine.init_params(dims, seed=seed, init="he")
    cache = engine.forward(X, params, activation)
    grads = engine.backward(X, Y, params, cache, activation)
    table = shape_table(dims, m)
    L = len(dims) - 1
    assert set(params) == {f"{p}{l}" for l in range(1, L + 1) for p in "Wb"}
    assert set(grads) == ({f"{p}{l}" for l in range(1, L + 1) for p in ("dZ", "dW", "db")}
                          | {f"dA{l}" for l in range(1, L)})
    for group in (params, grads, {k: v for k, v in cache.items() if k != "AL"}):
        for name, value in group.items():
            assert value.shape == table[name].shape, name
    assert cache["AL"] is cache[f"A{L}"]
    P = engine.predict_proba(X, params, activation)
    assert P.shape == (1, m) and ((P >= 0) & (P <= 1)).all()
    assert set(np.unique(engine.predict(X, params, activation))) <= {0, 1}
    assert 0 <= engine.accuracy(X, Y, params, activation) <= 100


@FAST
@given(dims=dims_st, m=st.integers(1, 20), activation=activation_st, seed=st.integers(0, 99),
       x_scale=st.sampled_from([1e-6, 1.0, 1e3, 1e6]), w_scale=st.sampled_from([1e-3, 1.0, 1e3]))
def test_cost_and_grads_finite_under_extreme_inputs(dims, m, activation, seed, x_scale,
                                                     w_scale):
    X, Y = data(dims, m, seed, x_scale)
    params = engine.init_params(dims, seed=seed, init="xavier")
    params = {k: v * w_scale for k, v in params.items()}
    cache = engine.forward(X, params, activation)
    L = len(dims) - 1
    exact = engine.compute_cost(cache["AL"], Y, cache[f"Z{L}"])
    clipped = engine.compute_cost(cache["AL"], Y)
    assert np.isfinite(exact) and np.isfinite(clipped) and exact >= 0 and clipped >= 0
    # Clipping caps a saturated wrong loss and floors a saturated right one at
    # −log(1 − 1e-15) ≈ 1e-15; beyond that the two forms differ by rounding alone. The
    # clipped form rounds a = σ(z) first (relative error about u), and log(1 − a) or log a
    # magnifies that by a / (1 − a) or (1 − a) / a, up to 1 / 1e-15 next to the clip.
    u = np.finfo(np.float64).eps
    A = np.clip(cache["AL"], 1e-15, 1 - 1e-15)
    magnified = np.where(Y == 1, (1 - A) / A, A / (1 - A))
    floor = -np.log1p(-1e-15)
    assert clipped <= exact + floor + 4 * u * (float(np.mean(1 + magnified)) + exact)
    grads = engine.backward(X, Y, params, cache, activation)
    assert all(np.isfinite(g).all() for g in grads.values())
    assert ((cache["AL"] >= 0) & (cache["AL"] <= 1)).all()


@FAST
@given(z=st.lists(st.floats(-1e4, 1e4), min_size=1, max_size=20), activation=activation_st)
def test_activation_identities(z, activation):
    g = ACTIVATIONS[activation]
    Z = np.array([z])
    A = g.forward(Z)
    assert A.shape == Z.shape and np.isfinite(A).all()
    np.testing.assert_allclose(g.derivative_from_output(A), g.derivative(Z), rtol=1e-9,
                               atol=1e-15)
    d = g.derivative(Z)
    assert ((d >= 0) & (d <= 1)).all()


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(hidden=st.lists(st.integers(2, 12), min_size=1, max_size=3), activation=activation_st,
       seed=st.integers(0, 50), init=st.sampled_from(engine.INITS),
       dtype=st.sampled_from([np.float64, np.float32]))
def test_learning_rate_10_never_returns_nan(hidden, activation, seed, init, dtype):
    X, Y = engine.make_dataset("moons", m=60, seed=seed)
    iterations = 300
    result = engine.train(X, Y, hidden, activation, 10.0, iterations, seed=seed, init=init,
                          frames=20, dtype=dtype)
    assert np.isfinite(result.costs).all()
    assert all(np.isfinite(v).all() for v in result.params.values())
    its = [s.iteration for s in result.snapshots]
    assert its[0] == 0 and its == sorted(set(its))
    for s in result.snapshots:
        assert np.isfinite([s.cost, s.accuracy, *s.grad_norms]).all()
        assert all(np.isfinite(v).all() for v in s.params.values())
    if result.stopped_early:
        assert len(result.costs) == result.stop_iteration == its[-1] + 1
        assert result.stop_code in engine.STOP_CODES
    else:
        assert len(result.costs) == iterations and its[-1] == iterations


@pytest.mark.parametrize("x_scale", [1e3, 1e6])
def test_huge_inputs_train_without_warnings(x_scale):
    X, Y = engine.make_dataset("blobs", m=80)
    result = engine.train(X * x_scale, Y, [4, 4], "tanh", 1.2, 200, frames=5)
    assert np.isfinite(result.costs).all()
