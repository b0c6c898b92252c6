"""Issue 14 (performance): the buffered course-2 loop computes the plain functions' numbers.

engine/workspace_general.py and optimizers.FlatStep redo network_general.forward/cost/
backward and optimizers.step into buffers allocated once; these tests hold them to the
plain functions bit for bit (assert_array_equal, not a tolerance).
"""

from __future__ import annotations

import numpy as np
import pytest

import engine
from engine import minibatch, optimizers
from engine import network_general as net


def _plain_loop(X, Y, params, epochs, *, activation, output, lambd, keep_prob, optimizer,
                lr, size):
    """The course's model() loop from the plain per-matrix functions (new dicts each step)."""
    state, rng, t = optimizers.init_state(params), np.random.RandomState(1), 0
    costs, step_costs = [], []
    for e in range(1, epochs + 1):
        if size is None:
            batches = [(X, Y)]
        else:
            batches = minibatch.random_mini_batches(X, Y, size, seed=10 + e)
        total = 0.0
        for Xb, Yb in batches:
            cache = net.forward(Xb, params, activation, output, keep_prob, rng=rng)
            J = net.cost(cache, Yb, params, output, lambd)
            grads = net.backward(Xb, Yb, params, cache, activation, output, lambd, keep_prob)
            t += 1
            params, state = optimizers.step(optimizer, params, grads, state, t, lr)
            step_costs.append(J)
            total += J * Xb.shape[1]
        costs.append(total / X.shape[1])
    return params, np.array(costs), np.array(step_costs)


def _same_bits(a, b):
    np.testing.assert_array_equal(a, b)
    np.testing.assert_array_equal(np.signbit(a), np.signbit(b))  # == calls −0.0 and 0.0 equal


CASES = [  # (output, hidden, activation, optimizer, mini-batch size, keep_prob, λ)
    ("softmax", [6], "tanh", "gd", None, 1.0, 0.0),
    ("softmax", [5, 3], "relu", "adam", 32, 0.8, 0.4),
    ("sigmoid", [6], "relu", "gd", None, 0.8, 0.0),
    ("sigmoid", [4, 4, 3], "leaky_relu", "momentum", 50, 0.7, 0.2),
    ("sigmoid", [7], "tanh", "adam", 64, 1.0, 0.0),
    ("sigmoid", [5], "sigmoid", "rmsprop", 120, 1.0, 1.0),  # one shuffled batch of all m
]


@pytest.mark.parametrize("output,hidden,activation,optimizer,size,keep_prob,lambd", CASES)
def test_buffered_loop_equals_the_plain_functions(output, hidden, activation, optimizer,
                                                  size, keep_prob, lambd):
    if output == "softmax":
        X, labels = engine.make_multiclass("spiral", 4, m=110, seed=2)
        Y = engine.one_hot(labels, 4)
    else:
        X, Y = engine.make_dataset("flower", m=120)
    p0 = engine.init_params([2, *hidden, Y.shape[0]], seed=3, init="he")
    lr = 0.3 if optimizer == "gd" else 0.02
    result = engine.train(X, Y, activation=activation, learning_rate=lr, iterations=4,
                          params=p0, frames=2, output=output, lambd=lambd,
                          keep_prob=keep_prob, optimizer=optimizer, mini_batch_size=size)
    params, costs, steps = _plain_loop(X, Y, p0, 4, activation=activation, output=output,
                                       lambd=lambd, keep_prob=keep_prob,
                                       optimizer=optimizer, lr=lr, size=size)
    _same_bits(result.step_costs, steps)
    _same_bits(result.costs, costs)
    for k in params:
        _same_bits(result.params[k], params[k])


@pytest.mark.parametrize("optimizer", optimizers.OPTIMIZERS)
def test_flat_step_equals_step(optimizer):
    rs = np.random.RandomState(4)
    theta = rs.randn(30)
    update = optimizers.FlatStep(optimizer, 30, np.float64, 0.05, 0.8, 0.95, 1e-6)
    state = optimizers.init_state({"θ": theta})
    out = np.empty(30)
    for t in range(1, 5):
        grad = rs.randn(30) * 10.0 ** rs.randint(-6, 3)
        before = grad.copy()
        new, state = optimizers.step(optimizer, {"θ": theta}, {"dθ": grad}, state, t, 0.05,
                                     0.8, 0.95, 1e-6)
        _same_bits(update(theta, grad, out, t), new["θ"])
        np.testing.assert_array_equal(grad, before)  # the gradient is read, not written
        theta = new["θ"]
    np.testing.assert_array_equal(update.v, state[0]["dθ"])
    np.testing.assert_array_equal(update.s, state[1]["dθ"])


def test_sigmoid_cost_keeps_the_formula_when_a_logit_is_infinite():
    # y · softplus(−z) + (1 − y) · softplus(z) is NaN at z = +inf, y = 1 (0 · inf), where
    # softplus(sign · z) would be 0: the buffered cost must keep the formula's NaN
    from engine.workspace_general import BatchBuffers

    ws = BatchBuffers([2, 1], 3, np.float64, "tanh", "sigmoid", 1.0, 0.0, False)
    Y = np.array([[1.0, 0.0, 1.0]])
    for z, finite in (([[np.inf, -2.0, 3.0]], False), ([[1e3, -2.0, 3.0]], True)):
        ZL = np.array(z)
        with np.errstate(all="ignore"):  # as in training
            got = ws._sigmoid_cost(ZL, Y, 1 - 2 * Y, 3)
            want = engine.compute_cost(1 / (1 + np.exp(-ZL)), Y, ZL)
        assert np.isfinite(got) == finite
        np.testing.assert_array_equal(got, want)
