"""Backprop against finite differences, hand-derived rules, and the course's own code."""

from __future__ import annotations

import numpy as np
import pytest

import engine
from engine import ACTIVATIONS, MISTAKE_LABELS, MISTAKES

# Centered differences have a round-off floor of about ulp(J)/ε in each entry. With the
# course's ε = 1e-7 that is ~1e-9, which is more than 1e-7 of a small gradient (deep
# sigmoid nets have ‖dW1‖ ~ 1e-4). ε = 1e-5 lowers the floor while the truncation error
# ε²·J'''/6 stays ~1e-11, so the 1e-7 bar below tests backprop, not the finite differences.
EPS = 1e-5
TOL = 1e-7


def random_case(activation: str, hidden: int, m: int, seed: int = 0):
    """A net with `hidden` hidden layers of random widths, xavier weights and random biases
    (so no unit sits at relu's kink), random X (3, m) and labels Y (1, m)."""
    rng = np.random.default_rng(seed)
    dims = [3, *(int(n) for n in rng.integers(2, 6, hidden)), 1]
    params = engine.init_params(dims, seed=seed, init="xavier")
    for l in range(1, len(dims)):
        params[f"b{l}"] = rng.normal(0, 0.5, params[f"b{l}"].shape)
    X = rng.normal(0, 1, (3, m))
    Y = (rng.random((1, m)) < 0.5).astype(float)
    return X, Y, params


@pytest.mark.parametrize("m", [1, 7])
@pytest.mark.parametrize("hidden", [1, 2, 3, 4])
@pytest.mark.parametrize("activation", list(ACTIVATIONS))
def test_backprop_matches_finite_differences(activation, hidden, m):
    X, Y, params = random_case(activation, hidden, m)
    cache = engine.forward(X, params, activation)
    # Honest about kinks: every |z| is far larger than any perturbation ε·|input| (< 1e-4).
    assert min(np.abs(cache[f"Z{l}"]).min() for l in range(1, hidden + 1)) > 1e-3
    errors = engine.gradient_check(X, Y, params, activation, eps=EPS)
    assert set(errors) == set(params)
    assert max(errors.values()) < TOL, errors


def test_course_epsilon_passes_on_the_course_net():
    X, Y = engine.make_dataset("flower", m=40, seed=3)
    params = engine.init_params([2, 4, 1], init="xavier")
    params["b1"] = np.array([[0.3], [-0.2], [0.5], [0.1]])
    errors = engine.gradient_check(X, Y, params, "tanh")  # ε = 1e-7, as in the course
    assert max(errors.values()) < TOL, errors


def test_gradient_check_uses_given_grads_and_exposes_numeric_ones():
    X, Y, params = random_case("tanh", 1, 5)
    grads = engine.backward(X, Y, params, engine.forward(X, params, "tanh"), "tanh")
    numeric = engine.numerical_gradients(X, Y, params, "tanh", eps=EPS)
    assert set(numeric) == {"d" + k for k in params}
    for k in params:
        assert numeric["d" + k].shape == params[k].shape
        np.testing.assert_allclose(numeric["d" + k], grads["d" + k], rtol=1e-6, atol=1e-10)
    wrong = dict(grads, dW1=grads["dW1"] * 2)
    errors = engine.gradient_check(X, Y, params, "tanh", eps=EPS, grads=wrong)
    assert errors["W1"] == pytest.approx(1 / 3, rel=1e-5)  # ‖2g − g‖ / (‖2g‖ + ‖g‖)
    assert errors["W2"] < TOL


def test_relative_error_zero_over_zero_is_zero():
    assert engine.relative_error(np.zeros((2, 2)), np.zeros((2, 2))) == 0.0


# --- the hand-derived rules ----------------------------------------------------------------

def per_example_loss(Z, Y):
    return Y * np.logaddexp(0, -Z) + (1 - Y) * np.logaddexp(0, Z)


def test_dZ2_is_A2_minus_Y_per_example():
    X, Y, params = random_case("tanh", 1, 6, seed=4)
    cache = engine.forward(X, params, "tanh")
    grads = engine.backward(X, Y, params, cache, "tanh")
    Z2, h = cache["Z2"], 1e-6
    fd_sum = np.zeros_like(Z2)
    for i in range(Z2.shape[1]):
        up, down = Z2.copy(), Z2.copy()
        up[0, i] += h
        down[0, i] -= h
        fd_sum[0, i] = (per_example_loss(up, Y).sum() - per_example_loss(down, Y).sum()) / (2 * h)
    np.testing.assert_array_equal(grads["dZ2"], cache["A2"] - Y)
    # dZ is ∂L/∂Z for each example's own loss: no 1/m ...
    np.testing.assert_allclose(grads["dZ2"], fd_sum, rtol=1e-7, atol=1e-10)
    # ... and the cost J = mean of the losses therefore has ∂J/∂Z2 = dZ2 / m.
    m = X.shape[1]
    fd_J = fd_sum / m
    np.testing.assert_allclose(grads["dZ2"] / m, fd_J, rtol=1e-7, atol=1e-10)


Z_GRID = np.array([[-30.0, -6.0, -1.3, -0.2, 0.05, 0.7, 2.0, 5.0, 30.0]])


def central(f, z, h=1e-6):
    return (f(z + h) - f(z - h)) / (2 * h)


@pytest.mark.parametrize("name", list(ACTIVATIONS))
def test_activation_derivatives_match_finite_differences(name):
    g = ACTIVATIONS[name]
    fd = central(g.forward, Z_GRID)  # round-off floor ~ ulp(1) / h ≈ 2e-10 in each entry
    np.testing.assert_allclose(g.derivative(Z_GRID), fd, rtol=1e-7, atol=1e-9)
    np.testing.assert_allclose(g.derivative_from_output(g.forward(Z_GRID)), fd, rtol=1e-7,
                               atol=1e-9)


def test_derivatives_against_closed_forms():
    z = Z_GRID
    np.testing.assert_allclose(ACTIVATIONS["tanh"].derivative(z), 1 / np.cosh(z) ** 2,
                               rtol=1e-10, atol=1e-15)  # 1 − a² rounds to 0 past |z| ≈ 19
    np.testing.assert_allclose(ACTIVATIONS["sigmoid"].derivative(z),
                               np.exp(-np.abs(z)) / (1 + np.exp(-np.abs(z))) ** 2, rtol=1e-14)


def test_course_formulas_for_sigma_and_tanh_derivatives():
    sig, tanh = ACTIVATIONS["sigmoid"], ACTIVATIONS["tanh"]
    A = sig.forward(Z_GRID)
    np.testing.assert_array_equal(sig.derivative_from_output(A), A * (1 - A))
    A = tanh.forward(Z_GRID)
    np.testing.assert_array_equal(tanh.forward(Z_GRID), np.tanh(Z_GRID))
    np.testing.assert_array_equal(tanh.derivative_from_output(A), 1 - A**2)
    assert sig.forward(np.array([[0.0]]))[0, 0] == 0.5


def test_relu_conventions_at_the_kink():
    z = np.array([[-1.0, 0.0, 1.0]])
    assert ACTIVATIONS["relu"].derivative(z).tolist() == [[0.0, 0.0, 1.0]]
    assert ACTIVATIONS["leaky_relu"].derivative(z).tolist() == [[0.01, 0.01, 1.0]]
    assert ACTIVATIONS["leaky_relu"].forward(z).tolist() == [[-0.01, 0.0, 1.0]]


def test_sigmoid_is_stable_and_quiet_at_extremes():
    s = engine.sigmoid(np.array([[-1000.0, -745.0, 0.0, 745.0, 1000.0]]))
    assert s[0, 0] == 0.0 and s[0, -1] == 1.0 and s[0, 2] == 0.5
    assert np.isfinite(ACTIVATIONS["sigmoid"].derivative(np.array([[-1000.0, 1000.0]]))).all()
    assert engine.sigmoid(np.float32([-100.0, 100.0])).dtype == np.float32


def test_every_activation_has_name_and_latex():
    for name, g in ACTIVATIONS.items():
        assert g.name == name
        assert "z" in g.latex and "'" in g.derivative_latex


# --- cost ----------------------------------------------------------------------------------

def test_cost_with_and_without_logits_agree():
    Z = np.array([[-3.0, -0.5, 0.0, 0.4, 2.5]])
    Y = np.array([[0.0, 1.0, 1.0, 0.0, 1.0]])
    A = engine.sigmoid(Z)
    expected = -np.mean(Y * np.log(A) + (1 - Y) * np.log(1 - A))
    assert engine.compute_cost(A, Y) == pytest.approx(expected, rel=1e-14)
    assert engine.compute_cost(A, Y, Z) == pytest.approx(expected, rel=1e-14)


def test_cost_survives_saturated_outputs():
    Z = np.array([[-800.0, 800.0, 40.0, -40.0]])
    Y = np.array([[1.0, 0.0, 1.0, 0.0]])
    A = engine.sigmoid(Z)
    assert A[0, 0] == 0.0 and A[0, 1] == 1.0  # exactly saturated
    exact = engine.compute_cost(A, Y, Z)
    assert exact == pytest.approx((800 + 800 + 2 * np.log1p(np.exp(-40))) / 4, rel=1e-15)
    clipped = engine.compute_cost(A, Y)  # no logits: log(eps) caps each wrong answer at 34.5
    assert np.isfinite(clipped) and clipped == pytest.approx(2 * -np.log(1e-15) / 4, rel=1e-3)
    assert engine.compute_cost(np.float32([[0.0, 1.0]]), np.float32([[1.0, 0.0]])) < 40


# --- the course's code, line by line -------------------------------------------------------

def test_two_layer_backward_is_the_course_code_exactly():
    X, Y = engine.make_dataset("flower", m=50, seed=2)
    p = engine.init_params([2, 4, 1], init="xavier")
    m = X.shape[1]
    Z1 = np.dot(p["W1"], X) + p["b1"]
    A1 = np.tanh(Z1)
    Z2 = np.dot(p["W2"], A1) + p["b2"]
    A2 = 1 / (1 + np.exp(-Z2))
    dZ2 = A2 - Y
    dW2 = (1 / m) * np.dot(dZ2, A1.T)
    db2 = (1 / m) * np.sum(dZ2, axis=1, keepdims=True)
    dZ1 = np.multiply(np.dot(p["W2"].T, dZ2), 1 - np.power(A1, 2))
    dW1 = (1 / m) * np.dot(dZ1, X.T)
    db1 = (1 / m) * np.sum(dZ1, axis=1, keepdims=True)
    cache = engine.forward(X, p, "tanh")
    grads = engine.backward(X, Y, p, cache, "tanh")
    for name, value in dict(Z1=Z1, A1=A1, Z2=Z2, A2=A2).items():
        np.testing.assert_array_equal(cache[name], value)
    np.testing.assert_array_equal(cache["AL"], A2)
    expected = dict(dZ2=dZ2, dW2=dW2, db2=db2, dA1=np.dot(p["W2"].T, dZ2), dZ1=dZ1, dW1=dW1,
                    db1=db1)
    assert set(grads) == set(expected)
    for name, value in expected.items():
        np.testing.assert_array_equal(grads[name], value)


def test_update_params_returns_a_new_dict():
    X, Y, params = random_case("relu", 2, 4)
    before = {k: v.copy() for k, v in params.items()}
    grads = engine.backward(X, Y, params, engine.forward(X, params, "relu"), "relu")
    new = engine.update_params(params, grads, 0.5)
    assert new is not params
    for k in params:
        np.testing.assert_array_equal(params[k], before[k])
        np.testing.assert_array_equal(new[k], before[k] - 0.5 * grads["d" + k])


def test_predict_accuracy_and_hidden_activations():
    X, Y, params = random_case("tanh", 2, 9)
    P = engine.predict_proba(X, params, "tanh")
    pred = engine.predict(X, params, "tanh")
    assert pred.shape == (1, 9) and pred.dtype.kind == "i"
    np.testing.assert_array_equal(pred, (P > 0.5).astype(int))
    assert engine.accuracy(X, Y, params, "tanh") == np.mean(pred == Y) * 100
    hidden = engine.hidden_activations(X, params, "tanh")
    assert [h.shape for h in hidden] == [(params["W1"].shape[0], 9), (params["W2"].shape[0], 9)]


# --- broken formulas -----------------------------------------------------------------------

def test_mistakes_catalogue():
    assert set(MISTAKE_LABELS) == set(MISTAKES) and MISTAKES[0] == "none"


def test_mistake_none_is_backward():
    X, Y, params = random_case("sigmoid", 3, 5)
    cache = engine.forward(X, params, "sigmoid")
    right = engine.backward(X, Y, params, cache, "sigmoid")
    same = engine.backward_with_mistake(X, Y, params, cache, "sigmoid", "none")
    assert set(same) == set(right)
    for k in right:
        np.testing.assert_array_equal(same[k], right[k])


def test_mistakes_that_numpy_catches():
    X, Y = engine.make_dataset("flower", m=400)
    params = engine.init_params([2, 4, 1])
    cache = engine.forward(X, params)
    with pytest.raises(ValueError, match="shapes"):  # W2 (1, 4) · dZ2 (1, 400)
        engine.backward_with_mistake(X, Y, params, cache, "tanh", "no_transpose")
    with pytest.raises(ValueError, match="shapes"):  # (4, 400) · (4, 400)
        engine.backward_with_mistake(X, Y, params, cache, "tanh", "matmul_not_elementwise")
    with pytest.raises(ValueError, match="unknown mistake"):
        engine.backward_with_mistake(X, Y, params, cache, "tanh", "typo")


def test_mistakes_that_compute_but_fail_the_gradient_check():
    X, Y, params = random_case("tanh", 1, 6, seed=1)
    cache = engine.forward(X, params, "tanh")
    right = engine.backward(X, Y, params, cache, "tanh")
    no_m = engine.backward_with_mistake(X, Y, params, cache, "tanh", "no_one_over_m")
    for k in ("dW1", "db1", "dW2", "db2"):
        np.testing.assert_allclose(no_m[k], 6 * right[k], rtol=1e-14)
    wrong_g = engine.backward_with_mistake(X, Y, params, cache, "tanh", "g_instead_of_gprime")
    errors = engine.gradient_check(X, Y, params, "tanh", eps=EPS, grads=wrong_g)
    assert errors["W1"] > 1e-2 and errors["W2"] < TOL  # only layers below the slip are wrong
    # A square case (n_h = m) lets the matrix product run, and the check exposes it.
    X, Y, params = random_case("tanh", 1, 4, seed=3)
    params = engine.init_params([3, 4, 1], init="xavier")
    cache = engine.forward(X, params, "tanh")
    wrong_mm = engine.backward_with_mistake(X, Y, params, cache, "tanh", "matmul_not_elementwise")
    assert engine.gradient_check(X, Y, params, "tanh", eps=EPS, grads=wrong_mm)["W1"] > 1e-2
