"""Inverted dropout on hidden layers, in course notation.

Forward, for a hidden layer l (n[l], m):
  D[l] = (rand(n[l], m) < keep_prob)        the mask, kept in the cache
  A[l] = A[l] * D[l] / keep_prob             the expected value of A[l] is unchanged
Backward: dA[l] = dA[l] * D[l] / keep_prob   the same mask and the same scale.
Masks are drawn from a legacy RandomState, layer after layer, as the course's
np.random.seed(…) followed by np.random.rand does; a fixed mask (passed in) makes the
network deterministic, which gradient checking needs.
"""

from __future__ import annotations

import numpy as np


def draw_mask(shape, keep_prob: float, rng: np.random.RandomState) -> np.ndarray:
    """D (n[l], m) of 0.0 / 1.0, each entry 1 with probability keep_prob."""
    return (rng.rand(*shape) < keep_prob).astype(np.float64)


def draw_masks(layer_dims, m: int, keep_prob: float, seed: int = 1) -> dict:
    """{"D1": (n[1], m), …, "D{L-1}"}: one mask per hidden layer from RandomState(seed)."""
    rng = np.random.RandomState(seed)
    L = len(layer_dims) - 1
    return {f"D{l}": draw_mask((layer_dims[l], m), keep_prob, rng) for l in range(1, L)}


def dropout_forward(A: np.ndarray, D: np.ndarray, keep_prob: float) -> np.ndarray:
    """A * D / keep_prob.  A, D: (n[l], m) → (n[l], m)."""
    return A * D / keep_prob


def dropout_backward(dA: np.ndarray, D: np.ndarray, keep_prob: float) -> np.ndarray:
    """dA * D / keep_prob: the units dropped forward get no gradient.  (n[l], m) → same."""
    return dA * D / keep_prob


def check_keep_prob(keep_prob: float) -> float:
    keep_prob = float(keep_prob)
    if not 0 < keep_prob <= 1:
        raise ValueError(f"keep_prob must be in (0, 1], got {keep_prob}")
    return keep_prob
