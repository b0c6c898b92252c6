"""Gradient checking, and deliberately broken backprop formulas for teaching.

Shapes as in ``network``: X (n_x, m), Y (1, m), W[l] (n[l], n[l-1]), b[l] (n[l], 1).
"""

from __future__ import annotations

from collections.abc import Callable

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
    X: np.ndarray, Y: np.ndarray, params: dict, activation: str = "tanh", eps: float = 1e-7,
    cost: Callable[[dict], float] | None = None,
) -> dict:
    """Centered finite differences of J: dθ ≈ (J(θ + ε) − J(θ − ε)) / 2ε, entry by entry.
    X (n_x, m), Y (1, m); J is evaluated in float64 from the logits (no clipping), or is
    ``cost(params)`` when given (e.g. softmax, L2 or a fixed dropout mask: see
    ``network_general``; it must be deterministic).

    Returns {"dW1": (n[1], n[0]), "db1": (n[1], 1), …}, the same keys and shapes as the
    dW/db entries of ``backward``'s grads. Costs 2 forward passes per parameter.
    """
    work = {k: np.array(v, dtype=np.float64) for k, v in params.items()}
    J = cost if cost is not None else (lambda p: _cost(X, Y, p, activation))
    numeric = {}
    for name, theta in work.items():
        d = np.zeros_like(theta)
        for idx in np.ndindex(theta.shape):
            saved = theta[idx]
            theta[idx] = saved + eps
            plus = J(work)
            theta[idx] = saved - eps
            minus = J(work)
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


SPARSE_ENTRIES = 24  # entries per parameter the sparse check samples, by default
_KINKED = ("relu", "leaky_relu")  # activations whose slope jumps at z = 0


def sparse_gradient_check(
    X: np.ndarray,
    Y: np.ndarray,
    params: dict,
    grads: dict,
    activation: str = "tanh",
    seed: int = 0,
    entries: int = SPARSE_ENTRIES,
    eps: float = CHECK_EPS,
) -> tuple[np.ndarray, np.ndarray, int]:
    """Backprop's value and the centred difference (J(θ + ε) − J(θ − ε)) / 2ε at up to
    ``entries`` randomly chosen entries of every parameter, for networks too big to check
    entry by entry. X (n_x, m), Y (1, m), params {"W1": (n[1], n[0]), "b1": (n[1], 1), …};
    grads holds "dW{l}" and "db{l}" of the same shapes (from ``backward``, or broken ones).

    Returns (analytic (k,), numeric (k,), skipped): parameters in ``params`` order, each one's
    sampled entries in flat (row-major) order, so with ``entries`` ≥ every parameter's size
    the two vectors are every dW/db flattened and stacked. J is evaluated in float64 from the
    logits. ``seed`` fixes which entries are drawn.

    A full check of a 4 × 50 network takes about 16,000 forward passes; a sample from every
    W and b catches the same formula mistakes. With relu or leaky relu a nudge of ±ε can push
    some z across 0, where the slope jumps: such a difference measures the jump, not the
    slope, so the entry is left out and counted in ``skipped`` (the hidden units' on/off
    pattern must be the same at θ + ε and θ − ε).
    """
    rng = np.random.default_rng(seed)
    work = {k: np.array(v, dtype=np.float64) for k, v in params.items()}
    L = num_layers(work)
    kinked = activation in _KINKED

    def cost() -> tuple[float, bytes]:
        cache = forward(X, work, activation)
        pattern = b"".join(np.packbits(cache[f"Z{l}"] > 0).tobytes() for l in range(1, L))
        return compute_cost(cache[f"A{L}"], Y, cache[f"Z{L}"]), pattern

    analytic, numeric, skipped = [], [], 0
    for name, theta in work.items():
        flat = theta.reshape(-1)  # a view: writing it nudges the parameter itself
        chosen = rng.choice(flat.size, size=min(entries, flat.size), replace=False)
        for idx in np.sort(chosen):
            saved = flat[idx]
            flat[idx] = saved + eps
            plus, up = cost()
            flat[idx] = saved - eps
            minus, down = cost()
            flat[idx] = saved
            if kinked and up != down:
                skipped += 1
                continue
            numeric.append((plus - minus) / (2 * eps))
            analytic.append(grads["d" + name].reshape(-1)[idx])
    return np.array(analytic, dtype=np.float64), np.array(numeric, dtype=np.float64), skipped


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
