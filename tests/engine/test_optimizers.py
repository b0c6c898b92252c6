"""Issue 14: each optimizer's update equals its written formula, on numbers done by hand."""

from __future__ import annotations

import numpy as np
import pytest

from engine import optimizers as opt

ALPHA = 0.1


@pytest.fixture
def case():
    """One weight row and one bias: W (1, 2), b (1, 1), and their gradients."""
    params = {"W1": np.array([[1.0, 2.0]]), "b1": np.array([[0.0]])}
    grads = {"dW1": np.array([[0.5, -1.0]]), "db1": np.array([[0.2]])}
    return params, grads


def test_gd(case):
    params, grads = case
    new = opt.update_with_gd(params, grads, ALPHA)
    # 1 − 0.1·0.5 = 0.95;  2 − 0.1·(−1) = 2.1;  0 − 0.1·0.2 = −0.02
    np.testing.assert_allclose(new["W1"], [[0.95, 2.1]], rtol=1e-15)
    np.testing.assert_allclose(new["b1"], [[-0.02]], rtol=1e-15)
    assert params["W1"][0, 0] == 1.0  # arguments untouched


def test_momentum_two_steps(case):
    params, grads = case
    v, s = opt.init_state(params)
    assert set(v) == {"dW1", "db1"} and v["dW1"].shape == (1, 2)
    p1, v1 = opt.update_with_momentum(params, grads, v, 0.9, ALPHA)
    # v = 0.9·0 + 0.1·0.5 = 0.05 → W = 1 − 0.1·0.05 = 0.995; v = 0.1·(−1) = −0.1 → 2.01
    np.testing.assert_allclose(v1["dW1"], [[0.05, -0.1]], rtol=1e-15)
    np.testing.assert_allclose(p1["W1"], [[0.995, 2.01]], rtol=1e-15)
    np.testing.assert_allclose(p1["b1"], [[-0.002]], rtol=1e-14)  # v = 0.02
    p2, v2 = opt.update_with_momentum(p1, grads, v1, 0.9, ALPHA)
    # v = 0.9·0.05 + 0.1·0.5 = 0.095 → W = 0.995 − 0.0095 = 0.9855
    np.testing.assert_allclose(v2["dW1"][0, 0], 0.095, rtol=1e-14)
    np.testing.assert_allclose(p2["W1"][0, 0], 0.9855, rtol=1e-14)


def test_rmsprop(case):
    params, _ = case
    grads = {"dW1": np.array([[2.0, -4.0]]), "db1": np.array([[0.0]])}
    _, s = opt.init_state(params)
    new, s1 = opt.update_with_rmsprop(params, grads, s, 0.75, ALPHA, epsilon=1e-8)
    # s = 0.25·g² = [1, 4], √s = [1, 2] → W = 1 − 0.1·2/1 = 0.8, 2 − 0.1·(−4)/2 = 2.2
    np.testing.assert_allclose(s1["dW1"], [[1.0, 4.0]], rtol=1e-15)
    np.testing.assert_allclose(new["W1"], [[0.8, 2.2]], rtol=1e-7)
    assert new["b1"][0, 0] == 0.0  # a zero gradient: ε keeps 0/0 away


def test_adam_step_one_and_two(case):
    params, grads = case
    v, s = opt.init_state(params)
    new, v1, s1, v_hat, s_hat = opt.update_with_adam(params, grads, v, s, 1, ALPHA, 0.9, 0.999)
    # t = 1: v = 0.1 g, s = 0.001 g²; v̂ = g, ŝ = g² → step α g / |g| = ±0.1
    np.testing.assert_allclose(v1["dW1"], [[0.05, -0.1]], rtol=1e-14)
    np.testing.assert_allclose(s1["dW1"], [[0.00025, 0.001]], rtol=1e-12)
    np.testing.assert_allclose(v_hat["dW1"], [[0.5, -1.0]], rtol=1e-14)
    np.testing.assert_allclose(s_hat["dW1"], [[0.25, 1.0]], rtol=1e-12)
    np.testing.assert_allclose(new["W1"], [[0.9, 2.1]], rtol=1e-7)
    np.testing.assert_allclose(new["b1"], [[-0.1]], rtol=1e-7)
    # t = 2, same g: v = 0.19 g, s = 0.001999 g², and the corrections give g and g² again
    new2, v2, s2, v_hat2, s_hat2 = opt.update_with_adam(new, grads, v1, s1, 2, ALPHA)
    np.testing.assert_allclose(v2["dW1"], 0.19 * grads["dW1"], rtol=1e-14)
    np.testing.assert_allclose(s2["dW1"], 0.001999 * grads["dW1"] ** 2, rtol=1e-12)
    np.testing.assert_allclose(v_hat2["dW1"], grads["dW1"], rtol=1e-13)
    np.testing.assert_allclose(new2["W1"], [[0.8, 2.2]], rtol=1e-7)


def test_bias_correction_matters_at_t_1(case):
    params, grads = case
    v, s = opt.init_state(params)
    new, v1, s1, _, _ = opt.update_with_adam(params, grads, v, s, 1, ALPHA)
    corrected = params["W1"] - new["W1"]
    uncorrected = ALPHA * v1["dW1"] / (np.sqrt(s1["dW1"]) + 1e-8)
    # without it the first step is (1 − β1)/√(1 − β2) = 0.1/√0.001 ≈ 3.16 times too long
    np.testing.assert_allclose(uncorrected / corrected, 0.1 / np.sqrt(0.001), rtol=1e-6)


def test_step_dispatch_and_the_betas(case):
    params, grads = case
    state = opt.init_state(params)
    momentum, (v, s) = opt.step("momentum", params, grads, state, 1, ALPHA, beta1=0.5)
    np.testing.assert_allclose(v["dW1"], 0.5 * grads["dW1"])  # momentum's β is beta1
    assert not s["dW1"].any()
    _, (v, s) = opt.step("rmsprop", params, grads, state, 1, ALPHA, beta2=0.5)
    np.testing.assert_allclose(s["dW1"], 0.5 * grads["dW1"] ** 2)  # RMSprop's is beta2
    assert not v["dW1"].any()
    gd, _ = opt.step("gd", params, grads, state, 1, ALPHA)
    np.testing.assert_array_equal(gd["W1"], opt.update_with_gd(params, grads, ALPHA)["W1"])
    with pytest.raises(ValueError, match="unknown optimizer"):
        opt.step("sgd", params, grads, state, 1, ALPHA)
    with pytest.raises(ValueError, match="counts from 1"):
        opt.update_with_adam(params, grads, *state, 0, ALPHA)
