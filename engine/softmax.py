"""Softmax output layer and its cross-entropy cost, in course notation.

K classes, m examples as columns: Z[L], A[L] and the one-hot labels Y are (K, m).
  A[L] = softmax(Z[L]),  a_k = e^{z_k} / Σ_j e^{z_j}   (per column)
  J = −(1/m) Σ_i Σ_k y_k log a_k
  dZ[L] = A[L] − Y     (per example, no 1/m; the softmax Jacobian collapses against Y)
With K = 2 and z = z1 − z0, a_1 = σ(z): the sigmoid output is the K = 2 case.
"""

from __future__ import annotations

import numpy as np


def softmax(Z: np.ndarray) -> np.ndarray:
    """Column-wise softmax.  Z: (K, m) → A: (K, m), every column sums to 1.

    The column maximum is subtracted first (softmax does not change under a shift), so
    e^{z} never overflows; the largest entry of every column becomes e^0 = 1.
    """
    Z = np.asarray(Z, dtype=np.result_type(Z, np.float16))
    E = np.exp(Z - Z.max(axis=0, keepdims=True))
    return E / E.sum(axis=0, keepdims=True)


def log_softmax(Z: np.ndarray) -> np.ndarray:
    """log softmax(Z) column-wise, exact where a would round to 0.  Z: (K, m) → (K, m)."""
    Z = np.asarray(Z, dtype=np.result_type(Z, np.float16))
    shifted = Z - Z.max(axis=0, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=0, keepdims=True))


def softmax_forward(Z: np.ndarray):
    """A = softmax(Z).  Z: (K, m) → A: (K, m), cache = (Z, A)."""
    A = softmax(Z)
    return A, (Z, A)


def softmax_loss(Y: np.ndarray, ZL: np.ndarray) -> np.ndarray:
    """Per-example loss −Σ_k y_k log a_k from the logits.  Y, ZL: (K, m) → (1, m)."""
    return -np.sum(Y * log_softmax(ZL), axis=0, keepdims=True)


def softmax_cost(AL: np.ndarray, Y: np.ndarray, ZL: np.ndarray | None = None) -> float:
    """J = −(1/m) Σ Σ y log a.  AL: (K, m) softmax outputs, Y: (K, m) one-hot, ZL: (K, m).

    With ZL the log comes from ``log_softmax`` (exact even where a rounds to 0); without,
    a is clipped below at 1e-15 so that log never sees 0.
    """
    m = Y.shape[1]
    if ZL is not None:
        loss = softmax_loss(Y, ZL)
    else:
        loss = -np.sum(Y * np.log(np.maximum(AL, 1e-15)), axis=0, keepdims=True)
    return float(np.sum(loss) / m)


def softmax_backward(AL: np.ndarray, Y: np.ndarray) -> np.ndarray:
    """dZ[L] = A[L] − Y, softmax and cross-entropy together.  AL, Y: (K, m) → (K, m)."""
    return AL - Y


def softmax_jacobian(a: np.ndarray) -> np.ndarray:
    """∂a/∂z for one example: diag(a) − a aᵀ.  a: (K,) or (K, 1) → (K, K).

    Multiplying its transpose by ∂L/∂a = −y / a gives a − y when y is one-hot.
    """
    a = np.asarray(a, dtype=np.float64).reshape(-1)
    return np.diag(a) - np.outer(a, a)


def predict_classes(AL: np.ndarray) -> np.ndarray:
    """The most probable class per column.  AL: (K, m) → (1, m) ints in 0..K−1."""
    return np.argmax(AL, axis=0)[None, :]
