"""Plain inline NumPy loops of the course-2 algorithms, for bench/engine_speed.py.

Each is written the way the course's notebooks write it: new arrays everywhere, parameters
and the optimizer's state in dicts keyed "W1", "dW1", …, the cost computed every step. They
start from the same parameters as the engine run they are set against, so the bench can
also check that both compute the same numbers. Shapes: X (n_x, m), Y (1, m) or (K, m).
"""

from __future__ import annotations

import numpy as np


def _sigmoid(z):
    return 1 / (1 + np.exp(-z))


def softmax_gd(X, Y, p, lr, iterations):
    """tanh hidden layer, softmax output over K rows, full-batch gradient descent."""
    p = dict(p)
    m = X.shape[1]
    for _ in range(iterations):
        A1 = np.tanh(np.dot(p["W1"], X) + p["b1"])
        Z2 = np.dot(p["W2"], A1) + p["b2"]
        E = np.exp(Z2 - np.max(Z2, axis=0, keepdims=True))
        A2 = E / np.sum(E, axis=0, keepdims=True)
        _cost = -np.sum(Y * np.log(A2)) / m
        dZ2 = A2 - Y
        dW2 = (1 / m) * np.dot(dZ2, A1.T)
        db2 = (1 / m) * np.sum(dZ2, axis=1, keepdims=True)
        dZ1 = np.multiply(np.dot(p["W2"].T, dZ2), 1 - np.power(A1, 2))
        dW1 = (1 / m) * np.dot(dZ1, X.T)
        db1 = (1 / m) * np.sum(dZ1, axis=1, keepdims=True)
        p = {"W1": p["W1"] - lr * dW1, "b1": p["b1"] - lr * db1,
             "W2": p["W2"] - lr * dW2, "b2": p["b2"] - lr * db2}
    return p


def dropout_gd(X, Y, p, lr, iterations, keep_prob, seed=1):
    """relu hidden layer with inverted dropout, sigmoid output, full-batch gradient descent
    (the course's forward/backward_propagation_with_dropout)."""
    p = dict(p)
    m = X.shape[1]
    rng = np.random.RandomState(seed)
    for _ in range(iterations):
        A1 = np.maximum(0, np.dot(p["W1"], X) + p["b1"])
        D1 = rng.rand(A1.shape[0], A1.shape[1]) < keep_prob
        A1 = A1 * D1 / keep_prob
        A2 = _sigmoid(np.dot(p["W2"], A1) + p["b2"])
        _cost = -np.sum(Y * np.log(A2) + (1 - Y) * np.log(1 - A2)) / m
        dZ2 = A2 - Y
        dW2 = (1 / m) * np.dot(dZ2, A1.T)
        db2 = (1 / m) * np.sum(dZ2, axis=1, keepdims=True)
        dA1 = np.dot(p["W2"].T, dZ2) * D1 / keep_prob
        dZ1 = np.multiply(dA1, np.int64(A1 > 0))
        dW1 = (1 / m) * np.dot(dZ1, X.T)
        db1 = (1 / m) * np.sum(dZ1, axis=1, keepdims=True)
        p = {"W1": p["W1"] - lr * dW1, "b1": p["b1"] - lr * db1,
             "W2": p["W2"] - lr * dW2, "b2": p["b2"] - lr * db2}
    return p


def adam_minibatch(X, Y, p, lr, epochs, size=64, beta1=0.9, beta2=0.999, epsilon=1e-8,
                   seed=10):
    """tanh hidden layer, sigmoid output, Adam on shuffled mini-batches (the course's
    random_mini_batches and update_parameters_with_adam, per layer, with v and s dicts)."""
    p = dict(p)
    m = X.shape[1]
    v = {"d" + k: np.zeros_like(a) for k, a in p.items()}
    s = {"d" + k: np.zeros_like(a) for k, a in p.items()}
    t = 0
    for e in range(1, epochs + 1):
        perm = np.random.RandomState(seed + e).permutation(m)
        Xs, Ys = X[:, perm], Y[:, perm]
        for k in range(0, m, size):
            Xb, Yb = Xs[:, k:k + size], Ys[:, k:k + size]
            mb = Xb.shape[1]
            A1 = np.tanh(np.dot(p["W1"], Xb) + p["b1"])
            A2 = _sigmoid(np.dot(p["W2"], A1) + p["b2"])
            _cost = -np.sum(Yb * np.log(A2) + (1 - Yb) * np.log(1 - A2)) / mb
            dZ2 = A2 - Yb
            g = {"dW2": (1 / mb) * np.dot(dZ2, A1.T),
                 "db2": (1 / mb) * np.sum(dZ2, axis=1, keepdims=True)}
            dZ1 = np.multiply(np.dot(p["W2"].T, dZ2), 1 - np.power(A1, 2))
            g["dW1"] = (1 / mb) * np.dot(dZ1, Xb.T)
            g["db1"] = (1 / mb) * np.sum(dZ1, axis=1, keepdims=True)
            t += 1
            for k2 in p:
                d = "d" + k2
                v[d] = beta1 * v[d] + (1 - beta1) * g[d]
                s[d] = beta2 * s[d] + (1 - beta2) * np.square(g[d])
                v_hat = v[d] / (1 - beta1 ** t)
                s_hat = s[d] / (1 - beta2 ** t)
                p[k2] = p[k2] - lr * v_hat / (np.sqrt(s_hat) + epsilon)
    return p
