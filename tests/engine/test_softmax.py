"""Issue 14: the softmax output — stable, its cost, dZ = A − Y, and K = 2 is the sigmoid."""

from __future__ import annotations

import numpy as np
import pytest

import engine
from engine import network_general as net
from engine import softmax as sm


def test_stable_and_normalised():
    Z = np.array([[1000.0, -1000.0, 0.0], [999.0, -1001.0, 0.0], [0.0, 0.0, 0.0]])
    A = sm.softmax(Z)
    assert np.isfinite(A).all()
    np.testing.assert_allclose(A.sum(axis=0), 1.0, rtol=1e-15)
    e = np.exp(-1.0)
    np.testing.assert_allclose(A[:, 0], [1 / (1 + e), e / (1 + e), 0.0], atol=1e-300)
    np.testing.assert_allclose(A[:, 2], [1 / 3] * 3, rtol=1e-15)


def test_cost_is_minus_mean_log_of_the_true_class():
    Z = np.array([[2.0, 0.0], [1.0, 3.0], [0.0, 1.0]])
    Y = engine.one_hot(np.array([[0, 2]]), 3)
    A = sm.softmax(Z)
    expected = -(np.log(A[0, 0]) + np.log(A[2, 1])) / 2
    assert sm.softmax_cost(A, Y, Z) == pytest.approx(expected, rel=1e-14)
    assert sm.softmax_cost(A, Y) == pytest.approx(expected, rel=1e-14)
    # from the logits it stays exact where a rounds to 0
    Zbig = np.array([[800.0], [0.0]])
    assert sm.softmax_cost(sm.softmax(Zbig), np.array([[0.0], [1.0]]), Zbig) == 800.0


def test_jacobian_collapses_to_a_minus_y():
    a = sm.softmax(np.array([[0.3], [-1.2], [2.0], [0.1]]))[:, 0]
    y = np.array([0.0, 0.0, 1.0, 0.0])
    J = sm.softmax_jacobian(a)
    np.testing.assert_allclose(J, J.T)  # symmetric
    dL_da = -y / a
    np.testing.assert_allclose(J.T @ dL_da, a - y, rtol=1e-13, atol=1e-15)
    np.testing.assert_array_equal(sm.softmax_backward(a[:, None], y[:, None]),
                                  (a - y)[:, None])


def test_k_2_softmax_decides_as_the_sigmoid_network():
    X, Y = engine.make_dataset("moons", m=200, seed=4)
    sig = engine.init_params([2, 5, 1], seed=1, init="xavier")
    sig["b2"] = np.array([[0.3]])
    # softmax with rows (z0, z1) where z1 − z0 is the sigmoid network's z
    soft = dict(sig)
    soft["W2"] = np.vstack([np.zeros_like(sig["W2"]), sig["W2"]])
    soft["b2"] = np.array([[0.0], [0.3]])
    a_sig = net.forward(X, sig, "tanh")["AL"]
    a_soft = net.forward(X, soft, "tanh", output="softmax")["AL"]
    np.testing.assert_allclose(a_soft[1:], a_sig, rtol=1e-13)
    np.testing.assert_array_equal(net.predictions(a_soft, "softmax"),
                                  net.predictions(a_sig, "sigmoid"))
    # and any shift of both rows decides the same
    shifted = dict(soft, W2=soft["W2"] + 0.7, b2=soft["b2"] - 2.0)
    a_shift = net.forward(X, shifted, "tanh", output="softmax")["AL"]
    np.testing.assert_allclose(a_shift, a_soft, rtol=1e-12)
    # the costs agree too: the two-class cross-entropy is the binary one
    Y2 = engine.one_hot(Y.astype(int), 2)
    c_soft = net.cost(net.forward(X, soft, "tanh", "softmax"), Y2, soft, "softmax")
    c_sig = net.cost(net.forward(X, sig, "tanh"), Y, sig)
    assert c_soft == pytest.approx(c_sig, rel=1e-12)


def test_class_grid_for_a_k_colour_boundary():
    X, labels = engine.make_multiclass("blobs", 3, m=90, seed=1)
    params = engine.init_params([2, 4, 3], seed=2, init="xavier")
    xs, ys, C, P = net.class_grid(params, "tanh", (-4, 4), (-3, 5), resolution=7)
    assert xs.shape == ys.shape == (7,) and C.shape == (7, 7) and P.shape == (3, 7, 7)
    i, j = 2, 5  # row i follows y, column j follows x
    AL = net.forward(np.array([[xs[j]], [ys[i]]]), params, "tanh", "softmax")["AL"]
    np.testing.assert_allclose(P[:, i, j], AL[:, 0], rtol=1e-13)
    assert C[i, j] == int(np.argmax(AL[:, 0]))
    np.testing.assert_allclose(P.sum(axis=0), 1.0, rtol=1e-13)
