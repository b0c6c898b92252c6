"""The softmax page's network: the walk's hidden layer (n_h, g, init, seed) under a softmax
output of K classes, on a K-class data set, trained for the walk's `at` iterations; then
its m examples, forward and backward, and a float64 finite-difference check of dZ2.

Everything is from the engine. `build` is pure (tests call it); `net` caches it per
`state.key("walk")` and K, so every student with the same link shares one computation.
"""

from __future__ import annotations

import numpy as np
import streamlit as st

import engine
from engine import network_general as general
from engine.softmax import softmax_jacobian, softmax_loss
from ui import compute
from ui.state import FEEDS, State

KS = (2, 3, 4, 5)
DEFAULT_K = 3
FALLBACK_DATA = "spiral"  # for a walk data set with no K-class version (moons, circles, …)
FD_EPS = engine.CHECK_EPS
# dZ2's entries lie in [−1, 1]; a centred difference of a loss L in float64 is off by about
# 1e-16 · L / ε ≈ 1e-9 · L, while a wrong formula is off by order 1 (see fd_tolerance).
FD_TOL = 1e-6
# The plain course-2 training loop is slower than the walk's fast one: 20,000 iterations on
# 2,000 points with n_h = 50 took 2 minutes here. This page trains at most this many.
MOST_ITERATIONS = 1000


def data_name(state: State) -> str:
    return state.dataset if state.dataset in engine.MULTICLASS else FALLBACK_DATA


def build(state: State, K: int) -> dict:
    """Keys: X (2, m), Y (K, m) one-hot, labels (m,), params (W1 (n_h, 2), b1, W2 (K, n_h),
    b2 (K, 1)), cache (Z1, A1 (n_h, m), Z2, A2 (K, m)), grads (dZ2 (K, m), dW2, db2, dA1,
    dZ1, dW1, db1), cost, fd (K, m) the centred difference of Σ_i L_i in Z2, fd_rel and
    fd_diff (its relative error and largest difference against dZ2), fd_tol (the largest
    difference that passes), data (the set's name),
    K, trained (iterations trained: fewer than `at` above MOST_ITERATIONS or where
    training diverged)."""
    name = data_name(state)
    X_all, labels = engine.make_multiclass(name, K=K, m=state.train_m, noise=state.noise,
                                           seed=state.data_seed)
    Y_all = engine.one_hot(labels, K)
    params = engine.init_params([2, state.n_h, K], seed=state.seed, init=state.init)
    trained = 0
    if state.at:
        result = engine.train(X_all, Y_all, hidden_sizes=[state.n_h],
                              activation=state.activation, learning_rate=state.lr,
                              iterations=min(state.at, MOST_ITERATIONS), seed=state.seed,
                              init=state.init, frames=2, params=params, output="softmax")
        params = result.params
        trained = result.iterations_done
    order = np.random.default_rng(state.data_seed).permutation(X_all.shape[1])
    idx = compute.take_turns(order, labels[0], min(state.m, X_all.shape[1]))
    X, Y = X_all[:, idx], Y_all[:, idx]
    params = {k: np.asarray(v, dtype=np.float64) for k, v in params.items()}
    cache = general.forward(X, params, state.activation, "softmax")
    grads = general.backward(X, Y, params, cache, state.activation, "softmax")
    fd = dz_difference(cache["Z2"], Y)
    dZ2 = grads["dZ2"]
    denom = np.linalg.norm(dZ2) + np.linalg.norm(fd)
    return {"X": X, "Y": Y, "labels": labels[0, idx], "params": params, "cache": cache,
            "grads": grads, "cost": general.cost(cache, Y, params, "softmax"), "fd": fd,
            "fd_rel": float(np.linalg.norm(dZ2 - fd) / denom) if denom else 0.0,
            "fd_diff": float(np.max(np.abs(dZ2 - fd))), "fd_tol": fd_tolerance(cache["Z2"], Y),
            "data": name, "K": K,
            "trained": trained}


def dz_difference(Z2: np.ndarray, Y: np.ndarray, eps: float = FD_EPS) -> np.ndarray:
    """∂L_i/∂Z2[k, i] entry by entry by centred differences of example i's own loss, in
    float64: what dZ2 holds (no 1/m). Z2, Y: (K, m) → (K, m)."""
    Z = np.array(Z2, dtype=np.float64)
    out = np.zeros_like(Z)
    for k, i in np.ndindex(Z.shape):
        z, y = Z[:, i:i + 1], Y[:, i:i + 1]  # z is a view: nudging it nudges Z
        saved = z[k, 0]
        z[k, 0] = saved + eps
        hi, up = float(softmax_loss(y, z)[0, 0]), z[k, 0]
        z[k, 0] = saved - eps
        lo, down = float(softmax_loss(y, z)[0, 0]), z[k, 0]
        z[k, 0] = saved
        # Divided by the step float64 took: at |z| ≈ 1000 (a diverged network), z ± ε is
        # rounded by ~1e-13, which alone would be a relative error of ~1e-6 in the quotient.
        out[k, i] = (hi - lo) / (up - down)
    return out


def fd_tolerance(Z2: np.ndarray, Y: np.ndarray) -> float:
    """How far the centred difference may be from dZ2 (entries in [−1, 1]): FD_TOL, scaled
    by the largest example loss, as a loss L is itself rounded by ~L · 1e-16 and ε divides
    that (a diverged network's losses reach thousands)."""
    return FD_TOL * max(1.0, float(np.max(softmax_loss(Y, Z2))))


def chain(a: np.ndarray, y: np.ndarray) -> dict:
    """One example through the softmax Jacobian. a, y: (K,) → J (K, K) = ∂a/∂z, dlda (K,) =
    ∂L/∂a = −y/a (0 where y = 0; −∞ where y = 1 and a rounded to 0), and dz (K,) = Jᵀ dlda."""
    a, y = np.asarray(a, dtype=np.float64), np.asarray(y, dtype=np.float64)
    J = softmax_jacobian(a)
    with np.errstate(divide="ignore", invalid="ignore"):
        dlda = np.where(y == 0, 0.0, -y / a)
        dz = J.T @ dlda
    return {"J": J, "dlda": dlda, "dz": dz}


def sigmoid_twin(walk: dict) -> dict:
    """K = 2 only: the sigmoid network the softmax one is (W2 and b2: row 2 − row 1, so
    z = z2 − z1), on the same examples with y = row 2 of Y, run by the course network's
    engine. Returns its cache and grads (dZ2 (1, m)) and its params."""
    p = walk["params"]
    params = {"W1": p["W1"], "b1": p["b1"], "W2": p["W2"][1:2] - p["W2"][0:1],
              "b2": p["b2"][1:2] - p["b2"][0:1]}
    X, y = walk["X"], walk["Y"][1:2]
    activation = walk["activation"]
    cache = engine.forward(X, params, activation=activation)
    grads = engine.backward(X, y, params, cache, activation=activation)
    return {"params": params, "Y": y, "cache": cache, "grads": grads}


@st.cache_data(**compute.CACHE)
def _net(settings: tuple, K: int) -> dict:
    state = State(**dict(zip(FEEDS["walk"], settings, strict=True)))
    return {**build(state, K), "activation": state.activation}


def net(state: State, K: int) -> dict:
    """`build` for the walk's settings and K, cached; also "activation"."""
    return _net(state.key("walk"), int(K))
