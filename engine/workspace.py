"""The fast training loop's buffers, allocated once per (layer_dims, m, dtype).

``train`` (engine/training.py) runs every iteration inside these arrays instead of
allocating new ones:
  * parameters live in one flat vector, three of them in rotation (so the two previous
    states survive when a step blows up), gradients in another, W[l]/b[l] being views;
  * A[l] (n[l], m) per layer, with A[0] = X; D[l] holds dA[l] and then dZ[l]; T[l] is
    scratch; ZL (n[L], m) the output layer's logits.
Shapes: X (n_x, m), Y (1, m), W[l] (n[l], n[l-1]), b[l] (n[l], 1).
"""

from __future__ import annotations

import math

import numpy as np


class Workspace:
    """Buffers for one (layer_dims, m, dtype): flat params ×3, flat grads, activations."""

    def __init__(self, layer_dims, X, Y, dtype):
        self.n = n = list(layer_dims)
        self.L = L = len(n) - 1
        self.m = m = X.shape[1]
        sizes = [n[l] * n[l - 1] + n[l] for l in range(1, L + 1)]
        total = sum(sizes)
        self.flat = [np.empty(total, dtype) for _ in range(3)]
        self.gflat = np.empty(total, dtype)
        self.step = np.empty(total, dtype)
        self.views = [self._split(f) for f in self.flat]
        self.grads = self._split(self.gflat)
        self.X = np.ascontiguousarray(X, dtype)
        self.Y = np.ascontiguousarray(Y, dtype)
        self.A = [self.X] + [np.empty((n[l], m), dtype) for l in range(1, L + 1)]
        self.D = [None] + [np.empty((n[l], m), dtype) for l in range(1, L + 1)]  # dA, dZ
        self.T = [None] + [np.empty((n[l], m), dtype) for l in range(1, L + 1)]  # scratch
        self.ZL = np.empty((n[L], m), dtype)

    def _split(self, flat):
        """[None, (W1, b1), …, (WL, bL)] as views into ``flat``."""
        out, at = [None], 0
        for l in range(1, self.L + 1):
            r, c = self.n[l], self.n[l - 1]
            W = flat[at:at + r * c].reshape(r, c)
            b = flat[at + r * c:at + r * c + r].reshape(r, 1)
            out.append((W, b))
            at += r * c + r
        return out

    def load(self, k, params):
        for l in range(1, self.L + 1):
            W, b = self.views[k][l]
            np.copyto(W, params[f"W{l}"])
            np.copyto(b, params[f"b{l}"])

    def params(self, k) -> dict:
        out = {}
        for l in range(1, self.L + 1):
            W, b = self.views[k][l]
            out[f"W{l}"], out[f"b{l}"] = W.copy(), b.copy()
        return out

    def grad_norms(self) -> tuple:
        return tuple(frobenius(self.grads[l][0]) for l in range(1, self.L + 1))


def frobenius(M: np.ndarray) -> float:
    """‖M‖_F, scaled first so that entries beyond 1e154 do not overflow when squared."""
    scale = float(np.abs(M).max()) if M.size else 0.0
    if scale == 0.0 or not math.isfinite(scale):
        return scale
    return float(np.sqrt(np.sum(np.square(M / scale)))) * scale
