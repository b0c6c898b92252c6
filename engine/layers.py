"""Layer building blocks as forward/backward pairs (CS231n style), in course notation.

Shapes: m examples as columns; layer l has n[l] units.
  A_prev (n[l-1], m)   W (n[l], n[l-1])   b (n[l], 1)   Z, A (n[l], m)
Every ``*_forward`` returns its output and a cache; the matching ``*_backward`` takes the
gradient of the loss with respect to that output plus the cache, and returns gradients
with respect to the inputs. ``d`` always means "gradient of the loss with respect to".

dZ is per example (no 1/m): column i of dZ is ∂L⁽ⁱ⁾/∂Z⁽ⁱ⁾. The 1/m of the cost
J = (1/m) Σ L⁽ⁱ⁾ appears only in dW and db, as in the course.
"""

from __future__ import annotations

import numpy as np

from .activations import get_activation


def linear_forward(A_prev: np.ndarray, W: np.ndarray, b: np.ndarray):
    """Z = W A_prev + b (b broadcast over the m columns).

    A_prev: (n[l-1], m), W: (n[l], n[l-1]), b: (n[l], 1) → Z: (n[l], m),
    cache = (A_prev, W, b).
    """
    Z = np.dot(W, A_prev) + b
    return Z, (A_prev, W, b)


def linear_backward(dZ: np.ndarray, cache):
    """Chain rule through Z = W A_prev + b, averaging dW and db over the m examples.

    dZ: (n[l], m), cache = (A_prev (n[l-1], m), W (n[l], n[l-1]), b (n[l], 1))
    → dA_prev: (n[l-1], m), dW: (n[l], n[l-1]), db: (n[l], 1).
    """
    A_prev, W, _ = cache
    m = A_prev.shape[1]
    dW = (1 / m) * np.dot(dZ, A_prev.T)
    db = (1 / m) * np.sum(dZ, axis=1, keepdims=True)
    dA_prev = np.dot(W.T, dZ)
    return dA_prev, dW, db


def activation_forward(Z: np.ndarray, activation: str):
    """A = g(Z).  Z: (n[l], m) → A: (n[l], m), cache = (Z, A)."""
    A = get_activation(activation).forward(Z)
    return A, (Z, A)


def activation_backward(dA: np.ndarray, cache, activation: str) -> np.ndarray:
    """dZ = dA * g'(Z), with g' taken from A as the course does (e.g. tanh' = 1 − A²).

    dA: (n[l], m), cache = (Z (n[l], m), A (n[l], m)) → dZ: (n[l], m).
    """
    _, A = cache
    return dA * get_activation(activation).derivative_from_output(A)


def cross_entropy_loss(Y: np.ndarray, ZL: np.ndarray) -> np.ndarray:
    """Per-example binary cross-entropy from the logit: L = y·softplus(−z) + (1 − y)·softplus(z).

    Y: (1, m) labels in {0, 1}, ZL: (1, m) logits → (1, m), one loss per example, no 1/m.

    softplus(z) = log(1 + e^z) = np.logaddexp(0, z), so this equals the course's
    −y log a − (1 − y) log(1 − a) with a = σ(z), but stays finite and exact where a rounds
    to exactly 0 or 1 in float64 and log a or log(1 − a) would be log 0.
    """
    return Y * np.logaddexp(0, -ZL) + (1 - Y) * np.logaddexp(0, ZL)


def saturated_outputs(AL: np.ndarray) -> np.ndarray:
    """Which outputs are exactly 0.0 or 1.0.  AL: (1, m) sigmoid outputs → bool (1, m).

    Where this holds, −y/a + (1 − y)/(1 − a) divides by zero and a(1 − a) is 0.
    """
    return (AL == 0.0) | (AL == 1.0)


def compute_cost(AL: np.ndarray, Y: np.ndarray, ZL: np.ndarray | None = None) -> float:
    """Mean binary cross-entropy J = −(1/m) Σ [y log a + (1 − y) log(1 − a)].

    AL: (1, m) sigmoid outputs, Y: (1, m) labels in {0, 1}, ZL: (1, m) logits or None.

    With ZL the loss is ``cross_entropy_loss(Y, ZL)``, evaluated from the logit; it equals
    −y log a − (1 − y) log(1 − a) and stays exact even where a rounds to 0 or 1. Without ZL,
    a is clipped to [eps, 1 − eps] with eps = 1e-15 (float64) or the dtype's machine epsilon
    (float32) so that log never sees 0; a saturated wrong answer then costs at most
    −log(eps) ≈ 34.5 instead of ∞.
    """
    m = Y.shape[1]
    if ZL is not None:
        loss = cross_entropy_loss(Y, ZL)
    else:
        eps = max(1e-15, float(np.finfo(np.result_type(AL, np.float32)).eps))
        A = np.clip(AL, eps, 1 - eps)
        loss = -(Y * np.log(A) + (1 - Y) * np.log(1 - A))
    return float(np.sum(loss) / m)


def output_backward(AL: np.ndarray, Y: np.ndarray) -> np.ndarray:
    """dZ[L] = A[L] − Y: sigmoid and cross-entropy together, per example (no 1/m).

    AL: (1, m), Y: (1, m) → dZL: (1, m).
    """
    return AL - Y
