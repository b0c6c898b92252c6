"""Every formula on walk pages 6–10, checked in float64 against centred finite differences.

The finite differences here are written from scratch (not the engine's gradient checker),
so a shared mistake in the engine and the pages could not hide itself.
"""

from __future__ import annotations

import numpy as np
import pytest

import engine
from ui import figures, walk_check, walk_deep, walk_hidden, walk_puzzle, walk_transpose

EPS = 1e-6  # centred differences: truncation ~ε², rounding ~1e-16/ε
TOL = 1e-7
CASES = [(n_h, m, act) for n_h, m in ((4, 4), (1, 5), (6, 1), (7, 3))
         for act in ("tanh", "sigmoid", "relu", "leaky_relu")]


def rel_error(a: np.ndarray, b: np.ndarray) -> float:
    denom = np.linalg.norm(a) + np.linalg.norm(b)
    return 0.0 if denom == 0 else float(np.linalg.norm(a - b) / denom)


def losses_from_logits(Z2: np.ndarray, Y: np.ndarray) -> np.ndarray:
    """Each example's cross-entropy L⁽ⁱ⁾, from the output logits (exact, no clipping)."""
    return np.logaddexp(0.0, Z2) - Y * Z2


def centred(f, x: np.ndarray) -> np.ndarray:
    """∂f/∂x entry by entry for a scalar function f of the array x."""
    grad = np.zeros_like(x)
    for idx in np.ndindex(x.shape):
        saved = x[idx]
        x[idx] = saved + EPS
        plus = f(x)
        x[idx] = saved - EPS
        minus = f(x)
        x[idx] = saved
        grad[idx] = (plus - minus) / (2 * EPS)
    return grad


def network(n_h: int, m: int, activation: str, seed: int = 3, layers: int = 1):
    """A walk-sized network with weights big enough that g′ varies (xavier, not × 0.01)."""
    rng = np.random.default_rng(seed)
    X = rng.normal(0, 1.5, size=(2, m))
    Y = (np.arange(m) % 2).astype(float)[None, :]  # both labels whenever m > 1
    params = engine.init_params([2] + [n_h] * layers + [1], seed=seed, init="xavier")
    for k in params:
        if k.startswith("b"):
            params[k] = rng.normal(0, 0.3, params[k].shape)  # non-zero, so no unit sits at 0
    cache = engine.forward(X, params, activation)
    grads = engine.backward(X, Y, params, cache, activation)
    return X, Y, params, cache, grads


@pytest.mark.parametrize(("n_h", "m", "act"), CASES)
def test_dA1_is_the_per_example_loss_gradient(n_h, m, act):
    X, Y, p, cache, grads = network(n_h, m, act)
    # Each example's loss depends only on its own column of A1, so the derivative of the
    # summed loss with respect to A1[j, i] is ∂L⁽ⁱ⁾/∂a1ⱼ⁽ⁱ⁾: no 1/m, as the page says.
    fd = centred(lambda A1: losses_from_logits(p["W2"] @ A1 + p["b2"], Y).sum(),
                 cache["A1"].copy())
    assert rel_error(grads["dA1"], fd) < TOL
    assert rel_error(p["W2"].T @ grads["dZ2"], fd) < TOL


@pytest.mark.parametrize("n_y", [1, 3])
def test_scalar_sum_equals_matrix_form(n_y):
    rng = np.random.default_rng(n_y)
    W2, dZ2 = rng.normal(size=(n_y, 5)), rng.normal(size=(n_y, 4))
    np.testing.assert_allclose(walk_transpose.scalar_dA1(W2, dZ2), W2.T @ dZ2, rtol=1e-13)


def test_row_layout_transposed_is_the_column_layout():
    _, _, p, _, grads = network(5, 3, "tanh")
    for i in range(3):
        dz = grads["dZ2"][:, [i]]
        np.testing.assert_allclose((dz.T @ p["W2"]).T, grads["dA1"][:, [i]], rtol=1e-13)


@pytest.mark.parametrize(("n_h", "m", "act"), CASES)
def test_dZ1_is_the_per_example_loss_gradient(n_h, m, act):
    X, Y, p, cache, grads = network(n_h, m, act)
    g = engine.ACTIVATIONS[act]
    Z1 = cache["Z1"].copy()
    if act in ("relu", "leaky_relu"):
        assert np.min(np.abs(Z1)) > 10 * EPS, "a kink would spoil the difference"
    fd = centred(lambda Z: losses_from_logits(p["W2"] @ g.forward(Z) + p["b2"], Y).sum(), Z1)
    assert rel_error(grads["dZ1"], fd) < TOL
    # The page's element-wise form and its diagonal-Jacobian form.
    assert rel_error(grads["dA1"] * g.derivative(cache["Z1"]), fd) < TOL
    for i in range(m):
        jac = np.diag(g.derivative(cache["Z1"][:, i]))
        np.testing.assert_allclose(jac.T @ grads["dA1"][:, i], grads["dZ1"][:, i], rtol=1e-12)


@pytest.mark.parametrize("act", ["tanh", "sigmoid", "relu", "leaky_relu"])
def test_g_prime_matches_finite_differences(act):
    g = engine.ACTIVATIONS[act]
    z = np.linspace(-4, 4, 81)
    z = z[np.abs(z) > 1e-3][None, :]  # relu has no derivative at its kink
    fd = (g.forward(z + EPS) - g.forward(z - EPS)) / (2 * EPS)
    np.testing.assert_allclose(g.derivative(z), fd, atol=1e-8)
    np.testing.assert_allclose(g.derivative_from_output(g.forward(z)), fd, atol=1e-8)


@pytest.mark.parametrize(("n_h", "m", "act"), CASES)
def test_dW1_db1_are_gradients_of_the_cost(n_h, m, act):
    X, Y, p, _, grads = network(n_h, m, act)

    def cost(params):
        return float(np.mean(losses_from_logits(engine.forward(X, params, act)["Z2"], Y)))

    for name in ("W1", "b1", "W2", "b2"):
        fd = centred(lambda theta, name=name: cost({**p, name: theta}), p[name].copy())
        assert rel_error(grads["d" + name], fd) < TOL, name
    np.testing.assert_allclose(grads["dW1"], grads["dZ1"] @ X.T / m, rtol=1e-13)
    np.testing.assert_allclose(grads["db1"], grads["dZ1"].mean(axis=1, keepdims=True),
                               rtol=1e-13)


@pytest.mark.parametrize(("n_h", "m"), [(4, 4), (3, 1), (8, 6)])
def test_outer_product_average_is_dW1(n_h, m):
    X, _, _, _, grads = network(n_h, m, "tanh")
    outer = walk_hidden.outer_products(grads["dZ1"], X)
    assert outer.shape == (m, n_h, 2)
    for i in range(m):
        np.testing.assert_allclose(outer[i], np.outer(grads["dZ1"][:, i], X[:, i]), rtol=1e-13)
    np.testing.assert_allclose(outer.mean(axis=0), grads["dW1"], rtol=1e-12, atol=1e-17)


@pytest.mark.parametrize("depth", [2, 3, 4])
@pytest.mark.parametrize("act", ["tanh", "sigmoid", "relu", "leaky_relu"])
def test_deep_recursion(depth, act):
    n_h, m = 5, 4
    X, Y, p, cache, grads = network(n_h, m, act, layers=depth)
    g, L = engine.ACTIVATIONS[act], depth + 1
    for l in range(L - 1, 0, -1):
        recursion = (p[f"W{l + 1}"].T @ grads[f"dZ{l + 1}"]) * g.derivative(cache[f"Z{l}"])
        np.testing.assert_allclose(grads[f"dZ{l}"], recursion, rtol=1e-12, atol=1e-18)

        def loss_from(Z, l=l):  # run the rest of the network from layer l's pre-activation
            A = g.forward(Z)
            for k in range(l + 1, L):
                A = g.forward(p[f"W{k}"] @ A + p[f"b{k}"])
            return losses_from_logits(p[f"W{L}"] @ A + p[f"b{L}"], Y).sum()

        assert rel_error(grads[f"dZ{l}"], centred(loss_from, cache[f"Z{l}"].copy())) < TOL

    def cost(params):
        return float(np.mean(losses_from_logits(engine.forward(X, params, act)[f"Z{L}"], Y)))

    for name in p:
        fd = centred(lambda theta, name=name: cost({**p, name: theta}), p[name].copy())
        assert rel_error(grads["d" + name], fd) < TOL, name


def test_recursion_latex_shows_every_layer():
    text = walk_deep.recursion_latex((2, 6, 6, 6, 1), 4)
    assert text.count("&=") == 4
    assert r"W^{[4]T}" in text and r"W^{[2]T}" in text and "(6,\\,4)" in text


def test_sigmoid_slope_is_at_most_a_quarter():
    z = np.linspace(-10, 10, 2001)[None, :]
    assert float(np.max(engine.ACTIVATIONS["sigmoid"].derivative(z))) == pytest.approx(0.25)


def test_vanishing_gradients_with_sigmoid():
    X, Y = engine.make_dataset("flower", m=200, noise=0.2, seed=1)
    dims = (2, 8, 8, 8, 8, 1)
    sig = walk_deep.gradient_norms(X, Y, dims, "sigmoid", "xavier", 2)
    relu = walk_deep.gradient_norms(X, Y, dims, "relu", "he", 2)
    assert sig[0] / sig[-1] < relu[0] / relu[-1]
    assert sig[0] < sig[-1] / 10


# ---------------------------------------------------------------- the shape puzzle's verdicts

def verdicts(n_h: int, m: int) -> dict[str, dict]:
    rng = np.random.default_rng(n_h * 100 + m)
    W2, dZ2 = rng.normal(size=(1, n_h)), rng.normal(size=(1, m))
    return {k: walk_puzzle.judge(k, W2, dZ2, W2.T @ dZ2) for k in walk_puzzle.CANDIDATES}


@pytest.mark.parametrize(("n_h", "m"), [(4, 4), (5, 3), (1, 4), (4, 1), (1, 1)])
def test_puzzle_verdicts_follow_the_shapes(n_h, m):
    for label, v in verdicts(n_h, m).items():
        if label == walk_puzzle.CORRECT:
            assert v["right_values"]
        assert v["runs"] == (v["error"] is None)
        if not v["runs"]:
            assert "mismatch" in v["error"] or "align" in v["error"]
        if v["right_values"]:
            assert v["right_shape"]


def test_puzzle_honest_cases():
    square = verdicts(4, 4)
    assert square["dZ2ᵀ · W2"]["right_shape"] and not square["dZ2ᵀ · W2"]["right_values"]
    assert square["dZ2ᵀ · W2"]["transposed"]
    assert not square["W2 · dZ2"]["runs"]
    assert verdicts(1, 4)["W2 · dZ2"]["right_values"]  # n_h = 1: W2 is its own transpose
    assert verdicts(4, 1)["W2ᵀ · dZ2ᵀ"]["right_values"]  # m = 1: dZ2 is its own transpose
    assert square["W2ᵀ * dZ2  (element-wise)"]["right_values"]  # n_y = 1: an outer product


# ---------------------------------------------------------------- the check and its mistakes

@pytest.mark.parametrize("mistake", [m for m in engine.MISTAKES if m != "none"])
def test_each_mistake_is_caught_at_walk_defaults(mistake):
    X, Y, p, cache, grads = network(4, 4, "tanh")
    numeric = engine.numerical_gradients(X, Y, p, "tanh")
    assert max(engine.relative_error(grads["d" + k], numeric["d" + k]) for k in p) < TOL
    try:
        broken = engine.backward_with_mistake(X, Y, p, cache, "tanh", mistake)
    except ValueError as error:
        assert "not aligned" in str(error) or "mismatch" in str(error)
        return
    assert max(walk_check.mistake_errors(broken, numeric).values()) > 1e-3


def test_small_values_get_a_readable_unit():
    M = np.array([[3e-10, -1.2e-9]])
    shown, unit = figures.small_unit(M)
    assert unit == " ×1e-9"
    np.testing.assert_allclose(shown * 1e-9, M)
    assert figures.small_unit(np.array([[0.5]]))[1] == ""


def test_deep_spot_check_agrees_and_catches_a_wrong_layer():
    X, Y, p, _, grads = network(6, 5, "tanh", layers=3)
    analytic, approx, skipped = walk_deep.spot_check(X, Y, p, grads, "tanh", seed=0)
    assert engine.relative_error(analytic, approx) < TOL and skipped == 0
    broken = {**grads, "dW2": grads["dW2"] * 2}  # one layer's formula off by a factor
    analytic, approx, _ = walk_deep.spot_check(X, Y, p, broken, "tanh", seed=0)
    assert engine.relative_error(analytic, approx) > 1e-3


def test_deep_spot_check_steps_around_relu_kinks():
    X, Y = engine.make_dataset("flower", m=20, noise=0.2, seed=1)
    dims = [2, 20, 20, 20, 1]
    params = engine.init_params(dims, seed=2, init="course")  # tiny z: kinks within ±ε
    grads = engine.backward(X, Y, params, engine.forward(X, params, "relu"), "relu")
    analytic, approx, skipped = walk_deep.spot_check(X, Y, params, grads, "relu", seed=2)
    assert skipped > 0
    assert engine.relative_error(analytic, approx) < 1e-5
