"""Parameter updates in the course's form: gd, momentum, RMSprop and Adam.

params {"W1": (n[1], n[0]), "b1": (n[1], 1), …}; grads {"dW1", "db1", …} of the same
shapes; the state dicts are keyed like the grads, as in the course: v["dW1"], s["db2"].
For every parameter θ with gradient dθ (α the learning rate):
  gd:        θ −= α dθ
  momentum:  v = β v + (1 − β) dθ;          θ −= α v
  rmsprop:   s = β2 s + (1 − β2) dθ²;       θ −= α dθ / (√s + ε)
  adam:      v = β1 v + (1 − β1) dθ;  s = β2 s + (1 − β2) dθ²;
             v̂ = v / (1 − β1ᵗ);  ŝ = s / (1 − β2ᵗ);  θ −= α v̂ / (√ŝ + ε)
t counts the updates made so far including this one (t = 1 for the first). Momentum's β
is ``beta1`` and RMSprop's is ``beta2`` wherever one call takes all settings (``step``).
Every function returns new dicts; its arguments are left unchanged.
"""

from __future__ import annotations

import numpy as np

OPTIMIZERS = ("gd", "momentum", "rmsprop", "adam")


def _names(params: dict) -> list[str]:
    return list(params)


def init_state(params: dict) -> tuple[dict, dict]:
    """(v, s): zeros shaped like every parameter, keyed "dW1", "db1", …"""
    v = {"d" + k: np.zeros_like(p) for k, p in params.items()}
    s = {"d" + k: np.zeros_like(p) for k, p in params.items()}
    return v, s


def update_with_gd(params: dict, grads: dict, learning_rate: float) -> dict:
    """θ − α dθ for every parameter."""
    return {k: params[k] - learning_rate * grads["d" + k] for k in _names(params)}


def update_with_momentum(params, grads, v, beta, learning_rate):
    """(params, v) after v = β v + (1 − β) dθ and θ −= α v."""
    v = {d: beta * v[d] + (1 - beta) * grads[d] for d in v}
    return {k: params[k] - learning_rate * v["d" + k] for k in _names(params)}, v


def update_with_rmsprop(params, grads, s, beta2, learning_rate, epsilon=1e-8):
    """(params, s) after s = β2 s + (1 − β2) dθ² and θ −= α dθ / (√s + ε)."""
    s = {d: beta2 * s[d] + (1 - beta2) * np.square(grads[d]) for d in s}
    new = {k: params[k] - learning_rate * grads["d" + k] / (np.sqrt(s["d" + k]) + epsilon)
           for k in _names(params)}
    return new, s


def update_with_adam(params, grads, v, s, t, learning_rate, beta1=0.9, beta2=0.999,
                     epsilon=1e-8):
    """(params, v, s, v̂, ŝ) after one Adam step at step t ≥ 1 (see the module docstring)."""
    if t < 1:
        raise ValueError(f"Adam's step t counts from 1, got {t}")
    v = {d: beta1 * v[d] + (1 - beta1) * grads[d] for d in v}
    s = {d: beta2 * s[d] + (1 - beta2) * np.square(grads[d]) for d in s}
    v_hat = {d: v[d] / (1 - beta1 ** t) for d in v}
    s_hat = {d: s[d] / (1 - beta2 ** t) for d in s}
    new = {k: params[k] - learning_rate * v_hat["d" + k] / (np.sqrt(s_hat["d" + k]) + epsilon)
           for k in _names(params)}
    return new, v, s, v_hat, s_hat


def step(optimizer: str, params: dict, grads: dict, state: tuple[dict, dict], t: int,
         learning_rate: float, beta1: float = 0.9, beta2: float = 0.999,
         epsilon: float = 1e-8) -> tuple[dict, tuple[dict, dict]]:
    """One update by ``optimizer`` (one of OPTIMIZERS): (new params, new (v, s)).

    state = (v, s) from ``init_state``; gd ignores it, momentum updates only v, RMSprop
    only s. t is this update's number, from 1.
    """
    v, s = state
    if optimizer == "gd":
        return update_with_gd(params, grads, learning_rate), state
    if optimizer == "momentum":
        new, v = update_with_momentum(params, grads, v, beta1, learning_rate)
        return new, (v, s)
    if optimizer == "rmsprop":
        new, s = update_with_rmsprop(params, grads, s, beta2, learning_rate, epsilon)
        return new, (v, s)
    if optimizer == "adam":
        new, v, s, _, _ = update_with_adam(params, grads, v, s, t, learning_rate, beta1, beta2,
                                           epsilon)
        return new, (v, s)
    raise ValueError(f"unknown optimizer {optimizer!r}; choose from {OPTIMIZERS}")


class FlatStep:
    """``step`` on one flat vector θ (n,) in place: the same operations in the same order, so
    the same numbers, into buffers allocated once (the training loop's hot path).

    ``__call__(theta, grad, out, t)`` writes the new θ into ``out`` and updates v and s in
    place; theta and grad are left unchanged.
    """

    def __init__(self, optimizer, size, dtype, learning_rate, beta1=0.9, beta2=0.999,
                 epsilon=1e-8):
        if optimizer not in OPTIMIZERS:
            raise ValueError(f"unknown optimizer {optimizer!r}; choose from {OPTIMIZERS}")
        self.optimizer, self.lr, self.epsilon = optimizer, learning_rate, epsilon
        self.beta1, self.beta2 = beta1, beta2
        self.v, self.s = np.zeros(size, dtype), np.zeros(size, dtype)
        self.tmp, self.tmp2 = np.empty(size, dtype), np.empty(size, dtype)

    def _average(self, avg, beta, term, scratch):
        """avg = β avg + (1 − β) term, as ``beta * avg + (1 - beta) * term``."""
        np.multiply(avg, beta, out=avg)
        np.multiply(term, 1 - beta, out=scratch)
        np.add(avg, scratch, out=avg)

    def __call__(self, theta, grad, out, t):
        tmp, tmp2, lr, opt = self.tmp, self.tmp2, self.lr, self.optimizer
        if opt == "gd":
            np.multiply(grad, lr, out=tmp)
        elif opt == "momentum":
            self._average(self.v, self.beta1, grad, tmp)
            np.multiply(self.v, lr, out=tmp)
        else:
            if opt == "adam":
                self._average(self.v, self.beta1, grad, tmp)
            np.square(grad, out=tmp2)
            self._average(self.s, self.beta2, tmp2, tmp2)
            if opt == "adam":
                np.divide(self.v, 1 - self.beta1 ** t, out=tmp)  # v̂
                np.divide(self.s, 1 - self.beta2 ** t, out=tmp2)  # ŝ
                np.multiply(tmp, lr, out=tmp)
                np.sqrt(tmp2, out=tmp2)
            else:
                np.multiply(grad, lr, out=tmp)
                np.sqrt(self.s, out=tmp2)
            np.add(tmp2, self.epsilon, out=tmp2)
            np.divide(tmp, tmp2, out=tmp)
        return np.subtract(theta, tmp, out=out)
