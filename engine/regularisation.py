"""L2 regularisation ("weight decay") in course notation.

  J_reg = J + (λ / 2m) Σ_l ‖W[l]‖²_F
  dW[l] += (λ / m) W[l]          (db[l] is unchanged: the biases are not penalised)
With gradient descent the step becomes W := (1 − αλ/m) W − α dW_data: a shrink factor.
Shapes: W[l] (n[l], n[l-1]); params {"W1", "b1", …}; m examples.
"""

from __future__ import annotations

import numpy as np


def l2_cost(params: dict, lambd: float, m: int) -> float:
    """(λ / 2m) Σ_l ‖W[l]‖²_F over every "W{l}" in params (biases excluded)."""
    if lambd == 0:
        return 0.0
    total = sum(float(np.sum(np.square(v))) for k, v in params.items() if k.startswith("W"))
    return lambd / (2 * m) * total


def l2_grad(W: np.ndarray, lambd: float, m: int) -> np.ndarray:
    """(λ / m) W, what L2 adds to dW.  W: (n[l], n[l-1]) → same shape."""
    return (lambd / m) * W


def shrink_factor(learning_rate: float, lambd: float, m: int) -> float:
    """1 − αλ/m: gradient descent with L2 multiplies W by this before the data step."""
    return 1 - learning_rate * lambd / m
