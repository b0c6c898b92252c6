"""Optimizers on a live network: a few real steps, and paths in a plane of two weights.

Pure NumPy, on ``network_general``'s network with a sigmoid output (the walk's). Shapes:
X (n_x, m), Y (1, m), params {"W1": (n[1], n[0]), "b1": (n[1], 1), …}. Each update is
``optimizers.step``, so every number here follows the course's written formulas.

A weight is named by a coordinate (name, row, column), e.g. ("W1", 0, 1) for W1[0, 1].
"""

from __future__ import annotations

import numpy as np

from . import network_general as general
from . import optimizers


def cost_and_grads(X: np.ndarray, Y: np.ndarray, params: dict,
                   activation: str) -> tuple[float, dict]:
    """J (float) and the grads of ``general.backward`` ("dW1" (n[1], n[0]), …)."""
    cache = general.forward(X, params, activation)
    grads = general.backward(X, Y, params, cache, activation)
    return general.cost(cache, Y, params), grads


def history(X: np.ndarray, Y: np.ndarray, params: dict, activation: str, optimizer: str,
            t: int, learning_rate: float, beta1: float = 0.9, beta2: float = 0.999,
            epsilon: float = 1e-8) -> dict:
    """Where step t of ``optimizer`` starts: t − 1 updates from ``params`` (t ≥ 1).

    Returns {"params": θ after t − 1 updates, "v", "s": the state after them (dicts keyed
    "dW1", …, zeros when the optimizer keeps none), "grads": the gradients at that θ,
    "costs": (t,) J before each update so far and at the start of step t}.
    """
    if t < 1:
        raise ValueError(f"step t counts from 1, got {t}")
    theta = {k: np.array(p, dtype=np.float64) for k, p in params.items()}
    state = optimizers.init_state(theta)
    costs = []
    for done in range(1, t):
        J, grads = cost_and_grads(X, Y, theta, activation)
        costs.append(J)
        theta, state = optimizers.step(optimizer, theta, grads, state, done, learning_rate,
                                       beta1, beta2, epsilon)
    J, grads = cost_and_grads(X, Y, theta, activation)
    costs.append(J)
    return {"params": theta, "v": state[0], "s": state[1], "grads": grads,
            "costs": np.array(costs)}


def _with(params: dict, coords, values) -> dict:
    out = dict(params)
    for (name, i, j), value in zip(coords, values, strict=True):
        out[name] = out[name].copy()
        out[name][i, j] = value
    return out


def paths(X: np.ndarray, Y: np.ndarray, params: dict, activation: str, coords, steps: int,
          learning_rate: float, beta1: float = 0.9, beta2: float = 0.999,
          epsilon: float = 1e-8, names=optimizers.OPTIMIZERS) -> dict:
    """Each optimizer in ``names`` moving only the two weights ``coords`` (the rest fixed),
    all starting at the same point, for ``steps`` updates of ``learning_rate``.

    Returns {name: {"path": (steps + 1, 2) the two weights before each update and after the
    last, "cost": (steps + 1,) J there}}. A path stops early (shorter arrays) where J or a
    weight is no longer finite.
    """
    base = {k: np.array(p, dtype=np.float64) for k, p in params.items()}
    start = np.array([base[n][i, j] for n, i, j in coords])
    out = {}
    for name in names:
        point = {"w": start.copy()}
        state = optimizers.init_state(point)
        trail, costs = [start.copy()], []
        for t in range(1, steps + 2):
            J, grads = cost_and_grads(X, Y, _with(base, coords, point["w"]), activation)
            costs.append(J)
            if t > steps or not (np.isfinite(J) and np.all(np.isfinite(point["w"]))):
                break
            d = {"dw": np.array([grads["d" + n][i, j] for n, i, j in coords])}
            point, state = optimizers.step(name, point, d, state, t, learning_rate, beta1,
                                           beta2, epsilon)
            trail.append(point["w"].copy())
        n = len(costs)
        out[name] = {"path": np.array(trail[:n]), "cost": np.array(costs)}
    return out


def cost_surface(X: np.ndarray, Y: np.ndarray, params: dict, activation: str, coords,
                 xs: np.ndarray, ys: np.ndarray) -> np.ndarray:
    """J with the two weights ``coords`` set to (x, y) for every x in xs (k,) and y in ys
    (r,), the rest fixed: (r, k), row r for ys[r] (as a contour plot wants it)."""
    base = {k: np.array(p, dtype=np.float64) for k, p in params.items()}
    J = np.empty((len(ys), len(xs)))
    for r, y in enumerate(ys):
        for c, x in enumerate(xs):
            cache = general.forward(X, _with(base, coords, (x, y)), activation)
            J[r, c] = general.cost(cache, Y, base)
    return J
