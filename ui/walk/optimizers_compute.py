"""The optimizers page's numbers: the walk's network (its X, Y and parameters after `at`
iterations), t − 1 updates of the chosen optimizer from there, then step t with every
intermediate (v, s, v̂, ŝ, the update) as matrices shaped like W; each optimizer's first
step from the walk's network; a float64 finite-difference check of the gradients step t
uses; and, for the 2-parameter view, the paths of all four optimizers in the plane of two
weights with the cost surface under them.

Everything is from the engine (engine/optimizers.py and engine/optimizer_paths.py). `build`
and `plane` are pure (tests call them); `step` and `view` cache them per network and choices.
"""

from __future__ import annotations

import numpy as np
import streamlit as st

from engine import optimizer_paths as paths_engine
from engine import optimizers as opt
from engine.gradcheck import numerical_gradients, relative_error
from ui import compute

OPTIMIZERS = opt.OPTIMIZERS
TS = tuple(range(1, 11))  # step t: enough for v and s to carry history, few to compute
BETA1S = (0.5, 0.8, 0.9, 0.95, 0.99)
BETA2S = (0.9, 0.99, 0.999)
ALPHAS = (0.001, 0.01, 0.03, 0.1, 0.3, 1.2)
DEFAULTS = {"optimizer": "adam", "t": 1, "beta1": 0.9, "beta2": 0.999, "alpha": 0.1}
EPSILON = 1e-8
FD_EPS = 1e-6  # float64 centred differences of J: ~1e-10 relative for a correct formula
FD_TOL = 1e-5
PATH_STEPS = 30
GRID = 41  # the cost surface is GRID × GRID forward passes
WIDEST = 8.0  # the plane spans at most this far from the start, whatever a path does
NARROWEST = 0.5  # and at least this far, so a path that hardly moves still has a landscape
WEIGHTS = ("W1", "W2")


def build(X: np.ndarray, Y: np.ndarray, params: dict, activation: str, optimizer: str, t: int,
          alpha: float, beta1: float, beta2: float) -> dict:
    """Keys: start (engine.optimizer_paths.history: params θ, v, s after t − 1 updates, grads
    at θ, costs), v, s, v_hat, s_hat (dicts keyed "dW1" …, after step t; v̂ and ŝ only for
    adam, v only where the optimizer keeps it), new (θ after step t), delta ({"W1": new −
    θ, …}), first ({optimizer: delta of its first update from the walk's network}), bias
    (Adam's t = 1 from the walk's network: v, s, v_hat, s_hat, delta, and delta_raw, the
    update with v and s in place of v̂ and ŝ), fd_rel ({"dW1": …}: the grads against float64
    centred differences), and the choices."""
    theta0 = {k: np.array(p, dtype=np.float64) for k, p in params.items()}
    start = paths_engine.history(X, Y, theta0, activation, optimizer, t, alpha, beta1, beta2,
                                 EPSILON)
    theta, grads, v, s = start["params"], start["grads"], start["v"], start["s"]
    out = {"start": start, "optimizer": optimizer, "t": t, "alpha": alpha, "beta1": beta1,
           "beta2": beta2, "epsilon": EPSILON, "activation": activation, "X": X, "Y": Y,
           "params": theta0}
    if optimizer == "adam":
        new, v, s, v_hat, s_hat = opt.update_with_adam(theta, grads, v, s, t, alpha, beta1,
                                                       beta2, EPSILON)
        out.update(v_hat=v_hat, s_hat=s_hat)
    else:
        new, (v, s) = opt.step(optimizer, theta, grads, (v, s), t, alpha, beta1, beta2, EPSILON)
    out.update(v=v, s=s, new=new, delta={k: new[k] - theta[k] for k in theta})
    _, grads0 = paths_engine.cost_and_grads(X, Y, theta0, activation)
    zero = opt.init_state(theta0)
    out["first"] = {}
    for name in OPTIMIZERS:
        moved, _ = opt.step(name, theta0, grads0, zero, 1, alpha, beta1, beta2, EPSILON)
        out["first"][name] = {k: moved[k] - theta0[k] for k in theta0}
    moved, v1, s1, v1_hat, s1_hat = opt.update_with_adam(theta0, grads0, *zero, 1, alpha,
                                                         beta1, beta2, EPSILON)
    raw = {k: -alpha * v1["d" + k] / (np.sqrt(s1["d" + k]) + EPSILON) for k in theta0}
    out["bias"] = {"grads": grads0, "v": v1, "s": s1, "v_hat": v1_hat, "s_hat": s1_hat,
                   "delta": {k: moved[k] - theta0[k] for k in theta0}, "delta_raw": raw}
    numeric = numerical_gradients(X, Y, theta, activation, eps=FD_EPS)
    out["fd_rel"] = {d: relative_error(grads[d], numeric[d]) for d in ("dW1", "db1", "dW2",
                                                                       "db2")}
    out["fd"] = numeric
    return out


def entry(walk: dict, weight: str) -> tuple[int, int]:
    """The entry of `weight` worked by hand: where |dW| at step t is largest (the first such)."""
    g = np.abs(walk["start"]["grads"]["d" + weight])
    i, j = np.unravel_index(int(np.argmax(g)), g.shape)
    return int(i), int(j)


def window(runs: dict, start: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The plane's extent in each weight: every path's finite points, with a margin, at
    least NARROWEST and at most WIDEST from the start. Returns (lo (2,), hi (2,))."""
    points = np.vstack([r["path"] for r in runs.values()])
    points = points[np.all(np.isfinite(points), axis=1)]
    lo, hi = points.min(axis=0), points.max(axis=0)
    pad = 0.15 * (hi - lo)
    lo = np.clip(lo - pad, start - WIDEST, start - NARROWEST)
    hi = np.clip(hi + pad, start + NARROWEST, start + WIDEST)
    return lo, hi


def plane(X: np.ndarray, Y: np.ndarray, params: dict, activation: str, coords, alpha: float,
          beta1: float, beta2: float) -> dict:
    """Keys: runs ({optimizer: {"path" (n, 2), "cost" (n,)}}, PATH_STEPS updates each), xs
    (GRID,), ys (GRID,), J (GRID, GRID) the cost surface (row r at ys[r]), start (2,)."""
    theta = {k: np.array(p, dtype=np.float64) for k, p in params.items()}
    runs = paths_engine.paths(X, Y, theta, activation, coords, PATH_STEPS, alpha, beta1,
                              beta2, EPSILON)
    start = np.array([theta[n][i, j] for n, i, j in coords])
    lo, hi = window(runs, start)
    xs, ys = np.linspace(lo[0], hi[0], GRID), np.linspace(lo[1], hi[1], GRID)
    J = paths_engine.cost_surface(X, Y, theta, activation, coords, xs, ys)
    return {"runs": runs, "xs": xs, "ys": ys, "J": J, "start": start, "coords": coords}


@st.cache_data(**compute.CACHE)
def _step(key: str, _X, _Y, _params, activation: str, optimizer: str, t: int, alpha: float,
          beta1: float, beta2: float) -> dict:
    return build(_X, _Y, _params, activation, optimizer, t, alpha, beta1, beta2)


def step(walk: dict, activation: str, optimizer: str, t: int, alpha: float, beta1: float,
         beta2: float) -> dict:
    """`build` on the walk's network (compute.walk's X, Y, params), cached per network."""
    key = compute.digest((walk["X"], walk["Y"], walk["params"]))
    return _step(key, walk["X"], walk["Y"], walk["params"], activation, optimizer, int(t),
                 float(alpha), float(beta1), float(beta2))


@st.cache_data(**compute.CACHE)
def _plane(key: str, _X, _Y, _params, activation: str, coords: tuple, alpha: float,
           beta1: float, beta2: float) -> dict:
    return plane(_X, _Y, _params, activation, coords, alpha, beta1, beta2)


def view(walk: dict, activation: str, coords: tuple, alpha: float, beta1: float,
         beta2: float) -> dict:
    """`plane` on the walk's network, cached per network and choices."""
    key = compute.digest((walk["X"], walk["Y"], walk["params"]))
    return _plane(key, walk["X"], walk["Y"], walk["params"], activation, tuple(coords),
                  float(alpha), float(beta1), float(beta2))
