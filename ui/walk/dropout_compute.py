"""The dropout page's network: the walk's network (its X, Y and trained parameters) with
inverted dropout on its hidden layer, for a page-local keep_prob and mask seed. Then the
backward pass, correct and with each planted mistake, and float64 finite differences with
the mask held fixed.

Everything is from the engine. `build` is pure (tests call it); `net` caches it per walk
network, keep_prob and seed, so every student with the same link shares one computation.
"""

from __future__ import annotations

import numpy as np
import streamlit as st

import engine
from engine import network_general as general
from engine.layers import compute_cost, linear_forward
from ui import compute
from ui.state import State

KEEP_PROBS = tuple(round(0.5 + 0.05 * i, 2) for i in range(11))  # 0.5, 0.55, …, 1.0
DEFAULT_KEEP_PROB = 0.8
SEEDS = (0, 99)  # the mask seed's range
DEFAULT_SEED = 5  # at the walk's default 4 × 3 and keep_prob 0.8: 2 of the 12 dropped
MISTAKES = tuple(k for k in engine.DROPOUT_MISTAKES if k != "none")
FD_EPS = engine.CHECK_EPS


def fresh_seed(seed: int) -> int:
    """The seed of the "fresh mask" mistake's second mask: another draw, not the forward's."""
    return seed + 1


def build(X: np.ndarray, Y: np.ndarray, params: dict, activation: str, keep_prob: float,
          seed: int) -> dict:
    """X (2, m), Y (1, m), params of the walk (W1 (n_h, 2), b1, W2 (1, n_h), b2).

    Keys: X, Y, params (float64); D1 (n_h, m) the mask; fresh (n_h, m) the mask the
    "fresh_mask" mistake draws; cache (Z1, G1 = g[1](Z1) before dropout, A1 after, Z2, A2);
    grads (network_general.backward: dZ2, dW2, db2, dA1, dZ1, dW1, db1); by_mistake
    {mistake: grads of backward_with_dropout_mistake, with dA1_in (n_h, m) = W2ᵀ dZ2 and
    F1 the factor}; numeric {dW1, db1, dW2, db2} (finite differences of J, mask fixed);
    rel {mistake: {"all": stacked, "W1": …}}; wrong {mistake: (n_h, m) bool, the dA1
    entries that differ from the correct ones}; wrong_dW1, wrong_dZ1 {mistake: int}; fd_dA1 (n_h, m)
    = m ∂J/∂G1 by differences; dA1_rel; cost; kept (int), mean (of D1 / keep_prob).
    """
    params = {k: np.asarray(v, dtype=np.float64) for k, v in params.items()}
    X, Y = np.asarray(X, dtype=np.float64), np.asarray(Y, dtype=np.float64)
    n_h, m = params["W1"].shape[0], X.shape[1]
    D1 = engine.draw_masks([X.shape[0], n_h, 1], m, keep_prob, seed)["D1"]
    masks = {"D1": D1}
    cache = general.forward(X, params, activation, "sigmoid", keep_prob, masks=masks)
    # keep_prob = 1 skips dropout in the engine: the mask is all ones, A1 is g[1](Z1)
    cache.setdefault("D1", D1)
    cache.setdefault("G1", cache["A1"])
    grads = general.backward(X, Y, params, cache, activation, "sigmoid", keep_prob=keep_prob)
    by_mistake = {k: engine.backward_with_dropout_mistake(
        X, Y, params, cache, activation, keep_prob, k, fresh_seed(seed))
        for k in engine.DROPOUT_MISTAKES}

    def J(p: dict) -> float:  # the same mask every time: J is a function of the parameters
        return general.cost(general.forward(X, p, activation, "sigmoid", keep_prob,
                                            masks=masks), Y, p)

    numeric = engine.numerical_gradients(X, Y, params, activation, FD_EPS, cost=J)
    names = list(params)
    rel = {}
    for k, g in by_mistake.items():
        per = {n: engine.relative_error(g["d" + n], numeric["d" + n]) for n in names}
        stacked = engine.relative_error(np.concatenate([g["d" + n].ravel() for n in names]),
                                        np.concatenate([numeric["d" + n].ravel()
                                                        for n in names]))
        rel[k] = {"all": stacked, **per}
    right = by_mistake["none"]
    fd_dA1 = dA1_difference(cache["G1"], D1, keep_prob, params, Y)
    return {"X": X, "Y": Y, "params": params, "D1": D1,
            "fresh": engine.draw_masks([X.shape[0], n_h, 1], m, keep_prob,
                                       fresh_seed(seed))["D1"],
            "cache": cache, "grads": grads, "by_mistake": by_mistake, "numeric": numeric,
            "rel": rel,
            "wrong": {k: g["dA1"] != right["dA1"] for k, g in by_mistake.items()},
            "wrong_dW1": {k: int(np.sum(g["dW1"] != right["dW1"]))
                          for k, g in by_mistake.items()},
            "wrong_dZ1": {k: int(np.sum(g["dZ1"] != right["dZ1"]))
                          for k, g in by_mistake.items()},
            "fd_dA1": fd_dA1, "dA1_rel": engine.relative_error(grads["dA1"], fd_dA1),
            "cost": general.cost(cache, Y, params), "kept": int(D1.sum()),
            "mean": float(np.mean(D1 / keep_prob)), "keep_prob": keep_prob, "seed": seed}


def dA1_difference(G1: np.ndarray, D1: np.ndarray, keep_prob: float, params: dict,
                   Y: np.ndarray, eps: float = FD_EPS) -> np.ndarray:
    """m ∂J/∂G1 entry by entry by centred differences, where G1 = g[1](Z1) (n_h, m) is the
    hidden layer's output before dropout and the mask D1 stays fixed: what dA1 holds after
    backward's * D1 / keep_prob (no 1/m). float64."""
    G = np.array(G1, dtype=np.float64)
    m = G.shape[1]

    def J() -> float:
        A1 = engine.dropout_forward(G, D1, keep_prob)
        Z2, _ = linear_forward(A1, params["W2"], params["b2"])
        return compute_cost(engine.sigmoid(Z2), Y, Z2)

    out = np.zeros_like(G)
    for idx in np.ndindex(G.shape):
        saved = G[idx]
        G[idx] = saved + eps
        hi, up = J(), G[idx]
        G[idx] = saved - eps
        lo, down = J(), G[idx]
        G[idx] = saved
        out[idx] = m * (hi - lo) / (up - down)
    return out


@st.cache_data(**compute.CACHE)
def _net(key: str, _X: np.ndarray, _Y: np.ndarray, _params: dict, activation: str,
         keep_prob: float, seed: int) -> dict:
    # `key` names the walk's arrays (compute.digest); the arrays themselves are not hashed
    return build(_X, _Y, _params, activation, keep_prob, seed)


def net(state: State, keep_prob: float, seed: int) -> dict:
    """`build` for the walk's network (compute.walk) at keep_prob and seed, cached."""
    walk = compute.walk(state)
    X, Y, params = walk["X"], walk["Y"], walk["params"]
    key = compute.digest((X, Y, params, state.activation))
    return _net(key, X, Y, params, state.activation, float(keep_prob), int(seed))
