"""Gradient checking, and deliberately broken backprop formulas for teaching.

Shapes as in ``network``: X (n_x, m), Y (1, m), W[l] (n[l], n[l-1]), b[l] (n[l], 1).
"""

from __future__ import annotations

import numpy as np

from .activations import get_activation
from .layers import compute_cost, output_backward
from .network import backward, forward, num_layers

# One ε and one verdict for every gradient check the app shows. ε = 1e-5 rather than the
# course's 1e-7: at course initialisation db1 is about 1e-6, and with ε = 1e-7 the rounding
# error of J alone (about 1e-16 / ε) shows as a relative error near 1e-4 on a correct
# gradient. With 1e-5 both truncation (about ε²) and rounding stay near 1e-6 or below.
CHECK_EPS = 1e-5
AGREE = 1e-5  # a relative error below this: analytic and numeric agree up to rounding
BUG = 1e-3  # the course's line: at or above it, the formula is wrong


def _cost(X: np.ndarray, Y: np.ndarray, params: dict, activation: str) -> float:
    cache = forward(X, params, activation)
    L = num_layers(params)
    return compute_cost(cache[f"A{L}"], Y, cache[f"Z{L}"])  # exact logit form: no clipping


def numerical_gradients(
    X: np.ndarray, Y: np.ndarray, params: dict, activation: str = "tanh", eps: float = 1e-7
) -> dict:
    """Centered finite differences of J: dθ ≈ (J(θ + ε) − J(θ − ε)) / 2ε, entry by entry.
    X (n_x, m), Y (1, m); J is evaluated in float64 from the logits (no clipping).

    Returns {"dW1": (n[1], n[0]), "db1": (n[1], 1), …}, the same keys and shapes as the
    dW/db entries of ``backward``'s grads. Costs 2 forward passes per parameter.
    """
    work = {k: np.array(v, dtype=np.float64) for k, v in params.items()}
    numeric = {}
    for name, theta in work.items():
        d = np.zeros_like(theta)
        for idx in np.ndindex(theta.shape):
            saved = theta[idx]
            theta[idx] = saved + eps
            plus = _cost(X, Y, work, activation)
            theta[idx] = saved - eps
            minus = _cost(X, Y, work, activation)
            theta[idx] = saved
            d[idx] = (plus - minus) / (2 * eps)
        numeric["d" + name] = d
    return numeric


def relative_error(analytic: np.ndarray, numeric: np.ndarray) -> float:
    """‖g_a − g_n‖ / (‖g_a‖ + ‖g_n‖) for two arrays of the same shape (e.g. dW1 (n[1], n[0])),
    taken as 0 when both gradients are exactly zero."""
    denom = np.linalg.norm(analytic) + np.linalg.norm(numeric)
    return 0.0 if denom == 0 else float(np.linalg.norm(analytic - numeric) / denom)


def gradient_check(
    X: np.ndarray,
    Y: np.ndarray,
    params: dict,
    activation: str = "tanh",
    eps: float = 1e-7,
    grads: dict | None = None,
) -> dict:
    """Relative error per parameter ("W1", "b1", …) → float between backprop's gradients
    (or the given ``grads``, e.g. from a broken formula) and ``numerical_gradients``.
    X (n_x, m), Y (1, m); grads holds "dW{l}" (n[l], n[l-1]) and "db{l}" (n[l], 1).

    Below ~1e-7 the formulas agree; around 1e-3 or more something is wrong.
    """
    if grads is None:
        grads = backward(X, Y, params, forward(X, params, activation), activation)
    numeric = numerical_gradients(X, Y, params, activation, eps)
    return {k: relative_error(grads["d" + k], numeric["d" + k]) for k in params}


MISTAKES = ("none", "no_transpose", "no_one_over_m", "g_instead_of_gprime",
            "matmul_not_elementwise")

MISTAKE_LABELS = {
    "none": "Correct formulas",
    "no_transpose": "Forgot the transpose: dA[l] = W[l+1] · dZ[l+1] instead of W[l+1]ᵀ · dZ[l+1]",
    "no_one_over_m": "Forgot the 1/m: dW[l] = dZ[l] · A[l-1]ᵀ and db[l] = Σ dZ[l]",
    "g_instead_of_gprime": "Used g instead of g′: dZ[l] = dA[l] * g(Z[l])",
    "matmul_not_elementwise": "Matrix product instead of element-wise: dZ[l] = dA[l] · g′(Z[l])",
}


def backward_with_mistake(
    X: np.ndarray,
    Y: np.ndarray,
    params: dict,
    cache: dict,
    activation: str = "tanh",
    mistake: str = "none",
) -> dict:
    """``backward`` with one classic mistake planted (see MISTAKES / MISTAKE_LABELS).

    Same arguments and grads keys/shapes as ``backward`` when the mistake still computes.
    "no_transpose" and "matmul_not_elementwise" usually multiply misaligned shapes; NumPy's
    own ValueError is then raised on purpose, since that error message is the lesson.
    """
    if mistake not in MISTAKES:
        raise ValueError(f"unknown mistake {mistake!r}; choose from {MISTAKES}")
    g = get_activation(activation)
    L = num_layers(params)
    m = X.shape[1]
    scale = 1.0 if mistake == "no_one_over_m" else 1 / m
    grads = {}
    dZ = output_backward(cache[f"A{L}"], Y)
    for l in range(L, 0, -1):
        grads[f"dZ{l}"] = dZ
        A_prev = X if l == 1 else cache[f"A{l - 1}"]
        grads[f"dW{l}"] = scale * np.dot(dZ, A_prev.T)
        grads[f"db{l}"] = scale * np.sum(dZ, axis=1, keepdims=True)
        if l == 1:
            break
        W = params[f"W{l}"]
        dA = np.dot(W, dZ) if mistake == "no_transpose" else np.dot(W.T, dZ)
        grads[f"dA{l - 1}"] = dA
        if mistake == "g_instead_of_gprime":
            dZ = dA * A_prev  # A_prev is g(Z[l-1])
        elif mistake == "matmul_not_elementwise":
            dZ = np.dot(dA, g.derivative_from_output(A_prev))
        else:
            dZ = dA * g.derivative_from_output(A_prev)
    return grads
