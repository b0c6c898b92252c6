"""Buffers for the course-2 training loop (engine/training_general.py), one set per batch width.

``BatchBuffers`` runs one step's forward pass, cost and backward pass into arrays allocated
once, with the operations of ``network_general.forward``/``cost``/``backward`` in the same
order, so every number is bit for bit the plain functions' (tests/engine/
test_training_general_speed.py compares them). The plain functions build dicts of new
arrays every step; here a step allocates only its dropout draws (and the squares of the L2 term).
Shapes: X (n_x, m), Y (n[L], m); per width mb: Z[l], A[l], dZ[l] (n[l], mb); W[l]
(n[l], n[l-1]) and b[l] (n[l], 1) are views into the flat θ, dW[l], db[l] into the flat dθ.
"""

from __future__ import annotations

import math

import numpy as np

from .activations import _sigmoid_into, get_activation
from .regularisation import l2_cost

_dot, _add, _subtract, _multiply, _divide = np.dot, np.add, np.subtract, np.multiply, np.divide
_sum = np.add.reduce  # np.sum without its Python wrapper: the same pairwise sums


def split(flat: np.ndarray, layout: list) -> list:
    """[None, (W1, b1), …, (WL, bL)] views into ``flat``; layout: [(name, start, end, shape)]."""
    by_name = {k: flat[a:b].reshape(shape) for k, a, b, shape in layout}
    L = len(layout) // 2
    return [None] + [(by_name[f"W{l}"], by_name[f"b{l}"]) for l in range(1, L + 1)]


class BatchBuffers:
    """One step on mb columns: ``forward_cost`` then ``backward`` (call under np.errstate)."""

    def __init__(self, layer_dims, mb, dtype, activation, output, keep_prob, lambd, gather):
        n = self.n = list(layer_dims)
        L = self.L = len(n) - 1
        self.mb, self.output, self.keep_prob, self.lambd = mb, output, keep_prob, lambd
        self.g = get_activation(activation)
        self.dropout = keep_prob < 1

        def new(rows):
            return np.empty((rows, mb), dtype)

        if gather:  # a mini-batch's columns of X, Y and 1 − 2Y, gathered
            self.X, self.Y, self.S = new(n[0]), new(n[L]), new(1)
        # G[l]: Z[l], then g(Z[l]) in place; with dropout A[l] = G[l] * D[l] / keep_prob is
        # its own array (backprop's g' is written with G), else A[l] is G[l]
        self.G = [None] + [new(n[l]) for l in range(1, L + 1)]
        self.A = [None] + [new(n[l]) if self.dropout else self.G[l] for l in range(1, L)]
        self.D = [None] + [new(n[l]) for l in range(1, L)] if self.dropout else None
        # relu' = 1{a > 0} as a boolean mask: the multiply casts it to the same 0.0 / 1.0 that
        # Activation.backprop_into writes into a float buffer, and the comparison is 4× cheaper
        self.relu = self.g.name == "relu"
        self.R = [None] + [np.empty((n[l], mb), bool) for l in range(1, L)] if self.relu \
            else None
        self.dZ = [None] + [new(n[l]) for l in range(1, L + 1)]  # dA[l], then dZ[l] in place
        self.T = [None] + [new(n[l]) for l in range(1, L + 1)]  # scratch
        self.AL = new(n[L])
        self.row = np.empty((1, mb), dtype)  # softmax: column max, then column sums
        self.loss = np.empty((1, mb), dtype)
        self.WT = [None] + [np.empty((n[l], n[l - 1]), dtype) for l in range(1, L + 1)]

    def forward_cost(self, X, Y, S, P, params, rng) -> float:
        """J of the batch X (n_x, mb), Y (n[L], mb) with params P (see ``split``); ``params``
        the same as a dict for the L2 term; S (1, mb) = 1 − 2Y for a sigmoid output (else
        unused); ``rng`` draws the dropout masks."""
        L, G, A, kp = self.L, self.G, self.A, self.keep_prob
        fwd = self.g.forward_into
        prev = X
        for l in range(1, L):
            W, b = P[l]
            Z = G[l]
            _dot(W, prev, out=Z)
            _add(Z, b, out=Z)
            fwd(Z, Z, self.T[l])
            if self.dropout:
                D = self.D[l]
                np.less(rng.rand(*Z.shape), kp, out=D)
                _multiply(Z, D, out=A[l])
                _divide(A[l], kp, out=A[l])
            prev = A[l]
        W, b = P[L]
        ZL, AL = G[L], self.AL
        _dot(W, prev, out=ZL)
        _add(ZL, b, out=ZL)
        m = Y.shape[1]
        if self.output == "softmax":
            data = self._softmax(ZL, AL, Y, m)
        else:
            _sigmoid_into(ZL, AL)
            data = self._sigmoid_cost(ZL, Y, S, m)
        return data + l2_cost(params, self.lambd, m)

    def _sigmoid_cost(self, ZL, Y, S, m) -> float:
        """compute_cost(AL, Y, ZL): y·softplus(−z) + (1 − y)·softplus(z) per column."""
        loss = self.loss
        if math.isfinite(_sum(ZL, axis=None)):
            # for y in {0, 1} and finite z that sum is exactly softplus((1 − 2y) z)
            _multiply(S, ZL, out=loss)
            np.logaddexp(0, loss, out=loss)
        else:  # 0 · inf is NaN in the written formula: keep its every term
            T = self.T[self.L]
            np.negative(ZL, out=loss)
            np.logaddexp(0, loss, out=loss)
            _multiply(Y, loss, out=loss)
            np.logaddexp(0, ZL, out=T)
            _multiply(1 - Y, T, out=T)
            _add(loss, T, out=loss)
        return float(_sum(loss, axis=None) / m)

    def _softmax(self, ZL, AL, Y, m) -> float:
        """A[L] = softmax(Z[L]) and its cost as softmax.softmax / softmax_cost compute them."""
        row, T = self.row, self.T[self.L]
        np.maximum.reduce(ZL, axis=0, keepdims=True, out=row)
        _subtract(ZL, row, out=T)  # shifted logits: the log-softmax below needs them
        np.exp(T, out=AL)
        _sum(AL, axis=0, keepdims=True, out=row)
        _divide(AL, row, out=AL)
        np.log(row, out=row)
        _subtract(T, row, out=T)  # log softmax
        _multiply(Y, T, out=T)
        _sum(T, axis=0, keepdims=True, out=row)
        np.negative(row, out=row)  # per-example losses, negated before the sum as there
        return float(_sum(row, axis=None) / m)

    def backward(self, X, Y, P, grads):
        """dW[l], db[l] into the views ``grads`` ([None, (dW1, db1), …]) for the batch whose
        ``forward_cost`` ran last; the L2 term (λ/m) W[l] is added to dW[l]."""
        L, dZs, kp, lambd = self.L, self.dZ, self.keep_prob, self.lambd
        m = X.shape[1]
        inv_m = 1 / m
        dZ = dZs[L]
        _subtract(self.AL, Y, out=dZ)
        for l in range(L, 0, -1):
            W = P[l][0]
            dW, db = grads[l]
            A_prev = X if l == 1 else self.A[l - 1]
            _dot(dZ, A_prev.T, out=dW)
            _multiply(dW, inv_m, out=dW)
            if lambd:
                _multiply(W, lambd / m, out=self.WT[l])  # l2_grad(W, λ, m)
                _add(dW, self.WT[l], out=dW)
            _sum(dZ, axis=1, keepdims=True, out=db)
            _multiply(db, inv_m, out=db)
            if l > 1:
                dA = dZs[l - 1]
                # by dot even for a one-row W[l]: a broadcast multiply there would give −0.0 where
                # dot gives 0.0, and these numbers are to be the plain functions' to the bit
                _dot(W.T, dZ, out=dA)
                if self.dropout:
                    _multiply(dA, self.D[l - 1], out=dA)
                    _divide(dA, kp, out=dA)
                if self.relu:
                    R = np.greater(self.G[l - 1], 0, out=self.R[l - 1])
                    _multiply(dA, R, out=dA)
                else:
                    self.g.backprop_into(dA, self.G[l - 1], dA, self.T[l - 1])
                dZ = dA
