"""Every formula walk pages 1–5 show, checked numerically in float64.

Gradients are compared with centred finite differences of the loss or the cost; identities
(broadcasting, the outer-product average, the rewritten loss) are compared exactly.
"""

from __future__ import annotations

import numpy as np
import pytest

import engine
from ui.walk_dw2 import per_example_outer
from ui.walk_forward import per_example_loss
from ui.walk_output import loss_of_a, loss_of_z, output_gradients, sigmoid

EPS = 1e-6
CASES = [  # (n_h, activation, m, init, seed): small and wide, every activation
    (4, "tanh", 4, "xavier", 0),
    (1, "sigmoid", 1, "he", 1),
    (7, "relu", 9, "he", 2),
    (5, "leaky_relu", 20, "xavier", 3),
    (50, "tanh", 20, "course", 4),
]


def network(n_h: int, activation: str, m: int, init: str, seed: int) -> dict:
    """A live-like network: data from the engine, weights large enough to be non-trivial."""
    X, Y = engine.make_dataset("flower", m=max(m, 40), noise=0.2, seed=seed)
    idx = np.linspace(0, X.shape[1] - 1, m).round().astype(int)
    X, Y = X[:, idx].astype(np.float64), Y[:, idx].astype(np.float64)
    params = engine.init_params([2, n_h, 1], seed=seed, init=init)
    cache = engine.forward(X, params, activation=activation)
    grads = engine.backward(X, Y, params, cache, activation=activation)
    walk = {"X": X, "Y": Y, "params": params, "cache": cache, "grads": grads}
    return walk


def cost_of(walk: dict, activation: str, **override: np.ndarray) -> float:
    params = {**walk["params"], **override}
    cache = engine.forward(walk["X"], params, activation=activation)
    return float(engine.compute_cost(cache["A2"], walk["Y"]))


def fd_matrix(f, M: np.ndarray) -> np.ndarray:
    """Centred differences of scalar f with respect to every entry of M."""
    out = np.zeros_like(M, dtype=np.float64)
    for idx in np.ndindex(M.shape):
        plus, minus = M.copy(), M.copy()
        plus[idx] += EPS
        minus[idx] -= EPS
        out[idx] = (f(plus) - f(minus)) / (2 * EPS)
    return out


def rel_err(a: np.ndarray, b: np.ndarray) -> float:
    a, b = np.asarray(a, float), np.asarray(b, float)
    return float(np.linalg.norm(a - b) / max(np.linalg.norm(a) + np.linalg.norm(b), 1e-12))


@pytest.fixture(params=CASES, ids=lambda c: f"nh{c[0]}-{c[1]}-m{c[2]}")
def case(request):
    n_h, activation, m, init, seed = request.param
    return network(n_h, activation, m, init, seed), activation


# ---------------------------------------------------------------- page 1: forward pass

def test_broadcasting_adds_b1_to_every_column(case):
    walk, activation = case
    X, p, c = walk["X"], walk["params"], walk["cache"]
    m = X.shape[1]
    explicit_copy = p["b1"] @ np.ones((1, m))  # b1 written out m times, as the page shows
    assert np.array_equal(np.broadcast_to(p["b1"], c["Z1"].shape), explicit_copy)
    np.testing.assert_allclose(p["W1"] @ X + p["b1"], p["W1"] @ X + explicit_copy, rtol=0,
                               atol=0)
    np.testing.assert_allclose(c["Z1"], p["W1"] @ X + explicit_copy, rtol=1e-14, atol=1e-15)


def test_forward_columns_are_the_one_example_loop(case):
    walk, activation = case
    X, p, c = walk["X"], walk["params"], walk["cache"]
    g = engine.ACTIVATIONS[activation]
    for i in range(X.shape[1]):
        z1 = np.array([sum(p["W1"][j, k] * X[k, i] for k in range(2)) + p["b1"][j, 0]
                       for j in range(p["W1"].shape[0])])
        a1 = g.forward(z1)
        z2 = sum(p["W2"][0, j] * a1[j] for j in range(len(a1))) + p["b2"][0, 0]
        np.testing.assert_allclose(c["Z1"][:, i], z1, rtol=1e-12, atol=1e-15)
        np.testing.assert_allclose(c["A1"][:, i], a1, rtol=1e-12, atol=1e-15)
        np.testing.assert_allclose(c["Z2"][0, i], z2, rtol=1e-12, atol=1e-15)
        np.testing.assert_allclose(c["A2"][0, i], sigmoid(z2), rtol=1e-12)


# ---------------------------------------------------------------- page 2: loss and cost

def test_cost_is_the_mean_of_the_losses(case):
    walk, _ = case
    losses = per_example_loss(walk["cache"]["A2"], walk["Y"])
    assert losses.shape == walk["Y"].shape
    loop = [loss_of_a(a, y) for a, y in zip(walk["cache"]["A2"][0], walk["Y"][0], strict=True)]
    np.testing.assert_allclose(losses[0], loop, rtol=1e-13)
    assert np.mean(losses) == pytest.approx(
        float(engine.compute_cost(walk["cache"]["A2"], walk["Y"])), rel=1e-12)


def test_averaging_makes_the_gradient_independent_of_m(case):
    # The claim on page 2: repeat every example and J, and so dW, stay the same.
    walk, activation = case
    X2, Y2 = np.hstack([walk["X"]] * 3), np.hstack([walk["Y"]] * 3)
    cache = engine.forward(X2, walk["params"], activation=activation)
    grads = engine.backward(X2, Y2, walk["params"], cache, activation=activation)
    for name in ("dW2", "db2", "dW1", "db1"):
        np.testing.assert_allclose(grads[name], walk["grads"][name], rtol=1e-12, atol=1e-16)


# ---------------------------------------------------------------- page 3: dL/dA2 and σ′

def test_dL_dA2_per_example_matches_finite_differences(case):
    walk, _ = case
    A2, Y = walk["cache"]["A2"], walk["Y"]
    # d/dA2 of the summed losses: entry i only sees example i's loss.
    fd = fd_matrix(lambda A: float(np.sum(per_example_loss(A, Y))), A2)
    analytic = output_gradients(walk)["dA2"]
    assert rel_err(fd, analytic) < 1e-7
    np.testing.assert_allclose(analytic, -Y / A2 + (1 - Y) / (1 - A2), rtol=1e-15)


@pytest.mark.parametrize("z", [-30.0, -6.0, -1.3, 0.0, 1e-4, 0.7, 5.0, 30.0])
def test_sigmoid_derivative_is_sigma_times_one_minus_sigma(z):
    fd = (sigmoid(z + EPS) - sigmoid(z - EPS)) / (2 * EPS)
    assert sigmoid(z) * (1 - sigmoid(z)) == pytest.approx(fd, rel=1e-7, abs=1e-13)
    sig = engine.ACTIVATIONS["sigmoid"]
    zs = np.array([[z]])
    assert float(sig.derivative(zs)[0, 0]) == pytest.approx(fd, rel=1e-7, abs=1e-13)


def test_sigmoid_derivative_from_live_A2(case):
    walk, _ = case
    Z2 = walk["cache"]["Z2"]
    fd = fd_matrix(lambda Z: float(np.sum(1 / (1 + np.exp(-Z)))), Z2)
    assert rel_err(fd, output_gradients(walk)["s_prime"]) < 1e-7


# ---------------------------------------------------------------- page 4: dZ2 = A2 − Y

def test_dZ2_both_derivations_agree_with_engine_and_fd(case):
    walk, _ = case
    Z2, Y, dZ2 = walk["cache"]["Z2"], walk["Y"], walk["grads"]["dZ2"]
    shown = output_gradients(walk)
    np.testing.assert_allclose(shown["direct"], dZ2, rtol=1e-13, atol=1e-15)
    np.testing.assert_allclose(shown["chain"], dZ2, rtol=1e-9, atol=1e-12)
    fd = fd_matrix(lambda Z: float(np.sum(per_example_loss(1 / (1 + np.exp(-Z)), Y))), Z2)
    assert rel_err(fd, dZ2) < 1e-7


@pytest.mark.parametrize("y", [0.0, 1.0])
@pytest.mark.parametrize("z", [-8.0, -0.9, 0.0, 0.3, 4.0])
def test_loss_rewritten_in_z_is_the_same_loss_with_derivative_a_minus_y(z, y):
    assert loss_of_z(z, y) == pytest.approx(loss_of_a(sigmoid(z), y), rel=1e-12)
    fd = (loss_of_z(z + EPS, y) - loss_of_z(z - EPS, y)) / (2 * EPS)
    assert fd == pytest.approx(sigmoid(z) - y, rel=1e-7, abs=1e-10)


# ---------------------------------------------------------------- page 5: dW2 and db2

def test_dW2_db2_match_finite_differences_of_J(case):
    walk, activation = case
    p, g = walk["params"], walk["grads"]
    fd_W2 = fd_matrix(lambda W: cost_of(walk, activation, W2=W), p["W2"])
    fd_b2 = fd_matrix(lambda b: cost_of(walk, activation, b2=b), p["b2"])
    assert rel_err(fd_W2, g["dW2"]) < 1e-6
    assert rel_err(fd_b2, g["db2"]) < 1e-6
    m = walk["X"].shape[1]
    np.testing.assert_allclose(g["dW2"], g["dZ2"] @ walk["cache"]["A1"].T / m, rtol=1e-13,
                               atol=1e-17)
    np.testing.assert_allclose(g["db2"], np.sum(g["dZ2"], axis=1, keepdims=True) / m,
                               rtol=1e-13, atol=1e-17)


def test_outer_product_average_equals_dW2(case):
    walk, _ = case
    dZ2, A1, dW2 = walk["grads"]["dZ2"], walk["cache"]["A1"], walk["grads"]["dW2"]
    outer = per_example_outer(dZ2, A1)
    assert outer.shape == (dZ2.shape[1], A1.shape[0])
    for i in range(dZ2.shape[1]):  # row i is example i's own outer product
        np.testing.assert_allclose(outer[i], np.outer(dZ2[:, i], A1[:, i])[0], rtol=1e-15)
    np.testing.assert_allclose(outer.mean(axis=0, keepdims=True), dW2, rtol=1e-12, atol=1e-17)


def test_per_example_gradient_of_L_is_the_outer_product(case):
    # Row i of the table is ∂L⁽ⁱ⁾/∂W2: check it against a finite difference of that one loss.
    walk, activation = case
    i = walk["X"].shape[1] // 2
    one = {**walk, "X": walk["X"][:, [i]], "Y": walk["Y"][:, [i]]}
    fd = fd_matrix(lambda W: cost_of(one, activation, W2=W), walk["params"]["W2"])
    outer = per_example_outer(walk["grads"]["dZ2"], walk["cache"]["A1"])
    assert rel_err(fd[0], outer[i]) < 1e-6
