"""Issue 14: softmax, L2 and dropout backprop against finite differences (float64, 1e-7)."""

from __future__ import annotations

import numpy as np
import pytest

import engine
from engine import dropout, gradcheck
from engine import network_general as net

TOL = 1e-7  # the course's line for "correct" on the stacked relative error


def _case(depth, m, output, seed=0):
    """A tanh network [3, 4, …, K] with non-zero biases, data X (3, m) and labels Y."""
    rng = np.random.default_rng(seed + 10 * depth + m)
    K = 3 if output == "softmax" else 1
    dims = [3] + [4] * (depth - 1) + [K]
    params = engine.init_params(dims, seed=depth, init="xavier")
    for l in range(1, depth + 1):
        params[f"b{l}"] = rng.normal(0, 0.5, params[f"b{l}"].shape)
    X = rng.normal(size=(3, m))
    labels = rng.integers(0, K if K > 1 else 2, (1, m))
    Y = engine.one_hot(labels, K) if output == "softmax" else labels.astype(float)
    return dims, params, X, Y


def _stacked_error(X, Y, params, output, lambd, keep_prob, masks, grads=None):
    def J(p):
        return net.cost(net.forward(X, p, "tanh", output, keep_prob, masks), Y, p, output, lambd)

    if grads is None:
        cache = net.forward(X, params, "tanh", output, keep_prob, masks)
        grads = net.backward(X, Y, params, cache, "tanh", output, lambd, keep_prob)
    numeric = gradcheck.numerical_gradients(X, Y, params, "tanh", cost=J)
    analytic = np.concatenate([grads["d" + k].ravel() for k in params])
    approx = np.concatenate([numeric["d" + k].ravel() for k in params])
    return gradcheck.relative_error(analytic, approx)


@pytest.mark.parametrize("depth", [1, 2, 3, 4])
@pytest.mark.parametrize("m", [1, 5])
@pytest.mark.parametrize("output,lambd,keep_prob", [
    ("softmax", 0.0, 1.0), ("sigmoid", 0.7, 1.0), ("sigmoid", 0.0, 0.6),
    ("softmax", 0.7, 0.6)])
def test_backprop_matches_finite_differences(depth, m, output, lambd, keep_prob):
    dims, params, X, Y = _case(depth, m, output)
    masks = dropout.draw_masks(dims, m, keep_prob, seed=3)  # fixed: J is deterministic
    assert _stacked_error(X, Y, params, output, lambd, keep_prob, masks) < TOL


def test_forgetting_the_scale_in_dropouts_backward_fails_the_check():
    dims, params, X, Y = _case(3, 5, "sigmoid")
    masks = dropout.draw_masks(dims, 5, 0.6, seed=3)
    cache = net.forward(X, params, "tanh", "sigmoid", 0.6, masks)
    good = net.backward(X, Y, params, cache, "tanh", "sigmoid", 0.0, 0.6)
    assert _stacked_error(X, Y, params, "sigmoid", 0.0, 0.6, masks, good) < TOL
    # the learner's mistake: the mask in backward, but no / keep_prob
    broken = dict(good)
    W3, W2 = params["W3"], params["W2"]
    dA2 = np.dot(W3.T, good["dZ3"]) * masks["D2"]
    dZ2 = dA2 * (1 - cache["G2"] ** 2)
    broken["dW2"] = np.dot(dZ2, cache["A1"].T) / 5
    dA1 = np.dot(W2.T, dZ2) * masks["D1"]
    dZ1 = dA1 * (1 - cache["G1"] ** 2)
    broken["dW1"] = np.dot(dZ1, X.T) / 5
    assert _stacked_error(X, Y, params, "sigmoid", 0.0, 0.6, masks, broken) > 1e-3


def test_l2_adds_lambda_over_m_W_to_dW_and_nothing_to_db():
    dims, params, X, Y = _case(3, 5, "sigmoid")
    cache = net.forward(X, params, "tanh")
    plain = net.backward(X, Y, params, cache, "tanh")
    reg = net.backward(X, Y, params, cache, "tanh", lambd=0.7)
    for l in (1, 2, 3):
        np.testing.assert_allclose(reg[f"dW{l}"] - plain[f"dW{l}"], 0.7 / 5 * params[f"W{l}"],
                                   rtol=1e-12, atol=1e-15)
        np.testing.assert_array_equal(reg[f"db{l}"], plain[f"db{l}"])
    extra = sum(np.sum(params[f"W{l}"] ** 2) for l in (1, 2, 3)) * 0.7 / (2 * 5)
    assert net.cost(cache, Y, params, lambd=0.7) == pytest.approx(
        net.cost(cache, Y, params) + extra, rel=1e-14)
    assert engine.shrink_factor(0.5, 0.7, 5) == pytest.approx(1 - 0.5 * 0.7 / 5)


def test_without_options_it_is_the_plain_network():
    dims, params, X, Y = _case(3, 5, "sigmoid")
    cache, plain_cache = net.forward(X, params, "tanh"), engine.forward(X, params, "tanh")
    grads = net.backward(X, Y, params, cache, "tanh")
    plain = engine.backward(X, Y, params, plain_cache, "tanh")
    for k in plain_cache:
        np.testing.assert_array_equal(cache[k], plain_cache[k])
    assert set(grads) == set(plain)
    for k in plain:
        np.testing.assert_array_equal(grads[k], plain[k])


def test_dropout_mask_in_cache_scale_and_reproducible_draws():
    dims, params, X, Y = _case(3, 400, "sigmoid")
    a = net.forward(X, params, "tanh", keep_prob=0.8, rng=np.random.RandomState(7))
    b = net.forward(X, params, "tanh", keep_prob=0.8, rng=np.random.RandomState(7))
    for l in (1, 2):
        D = a[f"D{l}"]
        assert D.shape == (4, 400) and set(np.unique(D)) <= {0.0, 1.0}
        assert 0.7 < D.mean() < 0.9
        np.testing.assert_array_equal(D, b[f"D{l}"])
        np.testing.assert_allclose(a[f"A{l}"], a[f"G{l}"] * D / 0.8, rtol=1e-15)
    assert "D3" not in a  # never on the output layer
    # the course's draws: np.random.seed(7), then np.random.rand per hidden layer
    rs = np.random.RandomState(7)
    np.testing.assert_array_equal(a["D1"], (rs.rand(4, 400) < 0.8).astype(float))
