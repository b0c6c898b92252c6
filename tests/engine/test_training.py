"""The fast training loop: same numbers as the plain functions, snapshots, early stop."""

from __future__ import annotations

import numpy as np
import pytest

import engine
from engine import training


@pytest.fixture(scope="module")
def flower():
    return engine.make_dataset("flower")


def plain_loop(X, Y, params, activation, lr, iterations):
    """The course loop with the engine's plain functions: (costs, final params)."""
    costs = []
    for _ in range(iterations):
        cache = engine.forward(X, params, activation)
        L = engine.num_layers(params)
        costs.append(engine.compute_cost(cache["AL"], Y, cache[f"Z{L}"]))
        params = engine.update_params(params, engine.backward(X, Y, params, cache, activation),
                                      lr)
    return np.array(costs), params


@pytest.mark.parametrize("activation,hidden", [("tanh", [4]), ("relu", [5, 3]),
                                               ("sigmoid", [3, 3, 2]), ("leaky_relu", [6])])
def test_matches_the_plain_functions(flower, activation, hidden):
    X, Y = flower
    p0 = engine.init_params([2, *hidden, 1], seed=1, init="he")
    result = engine.train(X, Y, hidden, activation, 0.3, iterations=200, params=p0, frames=5)
    costs, params = plain_loop(X, Y, p0, activation, 0.3, 200)
    # identical formulas; only tanh is evaluated through exp in the loop (≤ 3.3e-16 apart)
    np.testing.assert_allclose(result.costs, costs, rtol=1e-12)
    for k in params:
        np.testing.assert_allclose(result.params[k], params[k], rtol=1e-10, atol=1e-13)


def test_snapshots(flower):
    X, Y = flower
    result = engine.train(X, Y, iterations=1000, frames=11)
    its = [s.iteration for s in result.snapshots]
    assert its == list(range(0, 1001, 100))
    assert result.costs.shape == (1000,) and result.iterations_done == 1000
    for s in result.snapshots[:-1]:
        assert s.cost == pytest.approx(result.costs[s.iteration], rel=1e-15)
    for s in result.snapshots:
        cache = engine.forward(X, s.params)
        assert s.cost == pytest.approx(engine.compute_cost(cache["A2"], Y, cache["Z2"]),
                                       rel=1e-12)
        assert s.accuracy == engine.accuracy(X, Y, s.params)
        grads = engine.backward(X, Y, s.params, cache)
        np.testing.assert_allclose(s.grad_norms, [np.linalg.norm(grads["dW1"]),
                                                  np.linalg.norm(grads["dW2"])], rtol=1e-9)
        assert s.test_cost is None and s.test_accuracy is None
    np.testing.assert_array_equal(result.snapshots[-1].params["W1"], result.params["W1"])
    assert result.snapshots[0].params["W1"] is not result.initial_params["W1"]
    np.testing.assert_array_equal(result.snapshots[0].params["W1"], result.initial_params["W1"])


def test_frame_counts(flower):
    X, Y = flower
    assert len(engine.train(X, Y, iterations=10, frames=100).snapshots) == 11
    assert [s.iteration for s in engine.train(X, Y, iterations=10, frames=1).snapshots] == [0, 10]
    zero = engine.train(X, Y, iterations=0)
    assert zero.costs.shape == (0,) and [s.iteration for s in zero.snapshots] == [0]


def test_test_set_metrics(flower):
    X, Y = flower
    Xt, Yt = engine.make_dataset("flower", m=100, seed=7)
    result = engine.train(X, Y, iterations=300, frames=4, X_test=Xt, Y_test=Yt)
    for s in result.snapshots:
        cache = engine.forward(Xt, s.params)
        assert s.test_cost == pytest.approx(engine.compute_cost(cache["A2"], Yt, cache["Z2"]))
        assert s.test_accuracy == engine.accuracy(Xt, Yt, s.params)


def test_progress_callback(flower):
    X, Y = flower
    calls = []
    engine.train(X, Y, iterations=1000, frames=3, progress=calls.append)
    assert 50 <= len(calls) <= 101
    assert calls == sorted(calls) and calls[-1] == 1.0 and 0 < calls[0] <= 0.011
    few = []
    engine.train(X, Y, iterations=5, progress=few.append)
    assert few[-1] == 1.0 and len(few) <= 5


def test_same_start_and_params_untouched(flower):
    X, Y = flower
    p0 = engine.init_params([2, 4, 1], seed=5, init="xavier")
    before = {k: v.copy() for k, v in p0.items()}
    a = engine.train(X, Y, iterations=200, params=p0, frames=2)
    b = engine.train(X, Y, iterations=200, params=p0, frames=2)
    c = engine.train(X, Y, iterations=200, seed=5, init="xavier", frames=2)
    for k in p0:
        np.testing.assert_array_equal(p0[k], before[k])
        np.testing.assert_array_equal(a.initial_params[k], before[k])
        np.testing.assert_array_equal(a.params[k], b.params[k])
        np.testing.assert_array_equal(a.params[k], c.params[k])
    with pytest.raises(ValueError, match="do not fit"):
        engine.train(X[:1], Y, params=p0)


def test_float32(flower):
    X, Y = flower
    r32 = engine.train(X, Y, iterations=500, frames=3, dtype=np.float32)
    r64 = engine.train(X, Y, iterations=500, frames=3)
    assert r32.params["W1"].dtype == np.float32
    assert r32.snapshots[1].params["W2"].dtype == np.float32
    np.testing.assert_allclose(r32.costs, r64.costs, rtol=1e-3)
    assert abs(r32.snapshots[-1].accuracy - r64.snapshots[-1].accuracy) <= 1


def test_logistic_regression_and_deep(flower):
    X, Y = flower
    lr = engine.train(X, Y, hidden_sizes=[], iterations=100, frames=2)
    assert set(lr.params) == {"W1", "b1"} and lr.costs[-1] < lr.costs[0]
    deep = engine.train(X, Y, [8, 8, 8], "relu", 0.1, 300, init="he", frames=2)
    assert len(deep.snapshots[-1].grad_norms) == 4 and deep.costs[-1] < deep.costs[0]


def test_labels_must_be_binary(flower):
    X, Y = flower
    with pytest.raises(ValueError, match="labels"):
        engine.train(X, Y * 2, iterations=1)


# --- early stopping ----------------------------------------------------------------------

def check_stop_semantics(result, iterations):
    assert np.isfinite(result.costs).all()
    for s in result.snapshots:
        assert np.isfinite([s.cost, s.accuracy, *s.grad_norms]).all()
        assert all(np.isfinite(v).all() for v in s.params.values())
    assert result.snapshots[0].iteration == 0
    if result.stopped_early:
        n = result.stop_iteration
        assert len(result.costs) == n and result.snapshots[-1].iteration == n - 1
        assert result.snapshots[-1].cost == pytest.approx(result.costs[-1], rel=1e-12)
        assert all(np.isfinite(v).all() for v in result.params.values())
        assert result.stop_code in training.STOP_CODES
        assert result.last_cost == result.costs[-1]
    else:
        assert len(result.costs) == iterations and result.snapshots[-1].iteration == iterations
        assert result.stop_iteration is None and result.stop_code is None
        assert result.last_cost is None
    limit = max(training.EXPLODE_COST, training.EXPLODE_FACTOR * result.costs[0])
    assert result.cost_limit == min(limit, np.finfo(np.float64).max)


def test_diverging_deep_relu_stops_early(flower):
    X, Y = flower
    result = engine.train(X, Y, [20, 20, 20], "relu", 10.0, 300, init="he", frames=50)
    assert result.stopped_early and result.stop_code == training.COST_EXPLODED
    check_stop_semantics(result, 300)
    for k, v in result.params.items():
        np.testing.assert_array_equal(v, result.snapshots[-1].params[k])


def test_nan_stop_when_explosion_limit_is_off(flower, monkeypatch):
    monkeypatch.setattr(training, "EXPLODE_COST", np.inf)
    X, Y = flower
    result = engine.train(X, Y, [20, 20, 20], "leaky_relu", 10.0, 300, init="he", frames=50)
    assert result.stopped_early and result.stop_code == training.COST_NOT_FINITE
    check_stop_semantics(result, 300)
    result = engine.train(X, Y, [10, 10], "leaky_relu", 50.0, 300, init="he", frames=50)
    assert result.stopped_early
    check_stop_semantics(result, 300)


def one_step(X, Y, params, activation, lr):
    """The state after one plain update from `params`: (params, cost, grads there)."""
    with np.errstate(all="ignore"):  # overflow is what these states are about
        grads = engine.backward(X, Y, params, engine.forward(X, params, activation), activation)
        new = engine.update_params(params, grads, lr)
        cache = engine.forward(X, new, activation)
        cost = engine.compute_cost(cache["AL"], Y, cache[f"Z{engine.num_layers(new)}"])
        return new, cost, engine.backward(X, Y, new, cache, activation)


def finite(arrays) -> bool:
    return all(np.isfinite(v).all() for v in arrays.values())


# One setting per stop code: (scale of the flower data, hidden sizes, α), relu, he init.
# Within the app's bounds (α ≤ 10, uploaded coordinates within ±1e6) a search over data
# sets, depths, widths, activations and inits only ever stopped with cost_exploded: the
# cost limit max(1e3, 100 J0) catches divergence first. The other codes need α or a data
# scale beyond those bounds; a large scale also lifts the limit, with J0.
STOPPING = {
    training.COST_EXPLODED: (1.0, [20, 20, 20], 10.0),
    training.COST_NOT_FINITE: (1.0, [2], 1e300),  # one step, and the logits overflow to inf
    training.PARAMS_OVERFLOW: (1e50, [], 1e300),  # α · dW itself overflows
    training.GRADS_NOT_FINITE: (1e200, [2, 2], 1.0),  # J ~1e198 is finite, dZ Aᵀ is not
}


@pytest.mark.parametrize("code", list(STOPPING))
def test_each_stop_code_comes_from_the_state_it_names(code):
    X, Y = engine.make_dataset("flower", m=100)
    scale, hidden, lr = STOPPING[code]
    X = X * scale
    result = engine.train(X, Y, hidden, "relu", lr, 50, seed=2, init="he", frames=5)
    assert result.stopped_early and result.stop_code == code
    check_stop_semantics(result, 50)
    # The bad state is one plain update after the kept one; it is bad in the named way only.
    assert finite(result.params) and np.isfinite(result.last_cost)
    new, cost, grads = one_step(X, Y, result.params, "relu", lr)
    if code == training.PARAMS_OVERFLOW:
        assert not finite(new)
        return
    assert finite(new)
    if code == training.COST_NOT_FINITE:
        assert not np.isfinite(cost)
    elif code == training.COST_EXPLODED:
        assert result.cost_limit < cost < np.inf
    else:
        assert cost <= result.cost_limit and not finite(grads)


def test_stop_codes_are_codes():
    assert len(set(training.STOP_CODES)) == 4
    assert all(c.isidentifier() and c.islower() for c in training.STOP_CODES)
    assert engine.STOP_CODES is training.STOP_CODES


def test_large_rate_on_tanh_keeps_going(flower):
    X, Y = flower
    result = engine.train(X, Y, [4], "tanh", 10.0, 300, frames=10)
    check_stop_semantics(result, 300)


def test_non_finite_start_raises(flower):
    X, Y = flower
    p = engine.init_params([2, 4, 1])
    p["b2"] = np.array([[np.nan]])
    with pytest.raises(ValueError, match="starting cost"):
        engine.train(X, Y, params=p)


# --- decision boundaries -------------------------------------------------------------------

def test_plot_extent_pads_each_axis_by_a_tenth_of_its_span():
    X = np.array([[0.0, 2.0, 1.0], [-1.0, 3.0, 5.0]])  # (2, m): x1 spans 2, x2 spans 6
    (x_lo, x_hi), (y_lo, y_hi) = engine.plot_extent(X)
    assert (x_lo, x_hi) == pytest.approx((-0.2, 2.2)) and (y_lo, y_hi) == pytest.approx((-1.6, 5.6))
    assert engine.plot_extent(X, margin=0.0) == ((0.0, 2.0), (-1.0, 5.0))
    no_spread = np.array([[1.0, 1.0], [0.0, 4.0]])  # every point on the line x1 = 1
    (lo, hi), _ = engine.plot_extent(no_spread)
    assert lo < 1 < hi and hi - lo == pytest.approx(2e-7)


def test_boundary_grid_orientation():
    params = {"W1": np.array([[0.0, 5.0]]), "b1": np.array([[0.0]])}  # logistic: P = σ(5 y)
    xs, ys, P = engine.boundary_grid(params, "tanh", (-1, 1), (-2, 2), resolution=5)
    assert xs.tolist() == [-1, -0.5, 0, 0.5, 1] and ys.tolist() == [-2, -1, 0, 1, 2]
    assert P.shape == (5, 5)
    np.testing.assert_allclose(P[:, 0], engine.sigmoid(5 * ys))  # rows follow y
    assert np.ptp(P, axis=1).max() == 0  # nothing depends on x


def test_boundary_frames_match_boundary_grid(flower):
    X, Y = flower
    result = engine.train(X, Y, [5, 3], "leaky_relu", 0.5, 200, init="he", frames=4)
    frames = engine.boundary_frames(result.snapshots, "leaky_relu", (-4, 4), (-3, 5), 30)
    assert frames.shape == (4, 30, 30) and frames.dtype == np.float32
    for k, s in enumerate(result.snapshots):
        _, _, P = engine.boundary_grid(s.params, "leaky_relu", (-4, 4), (-3, 5), 30)
        np.testing.assert_allclose(frames[k], P, atol=1e-5)
    same = engine.boundary_frames([s.params for s in result.snapshots], "leaky_relu",
                                  (-4, 4), (-3, 5), 30)
    np.testing.assert_array_equal(same, frames)
