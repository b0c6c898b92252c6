"""The L2 page's numbers: the walk's own network (X, Y, W1, b1, W2, b2 after the walk's `at`
iterations) with the penalty (λ/2m) Σ_l ‖W[l]‖²_F added to its cost, for a page-local λ.

Everything is from the engine: the cost and the gradients with and without λ
(network_general), the term (λ/m) W[l] and the shrink factor (regularisation), and a float64
finite-difference check of every gradient with λ (gradcheck, with the penalised cost).
`build` is pure (tests call it); `net` caches it per `state.key("walk")` and λ.
"""

from __future__ import annotations

import numpy as np
import streamlit as st

import engine
from engine import network_general as general
from engine.regularisation import l2_cost, l2_grad, shrink_factor
from ui import compute
from ui.state import FEEDS, State
from ui.walk import verdict

LAMBD_MIN, LAMBD_MAX, LAMBD_STEP = 0.0, 10.0, 0.1
DEFAULT_LAMBD = 0.7  # the course's regularisation assignment
NAMES = verdict.NAMES  # W1, b1, W2, b2
FD_EPS = engine.CHECK_EPS


def build(walk: dict, activation: str, lambd: float, lr: float) -> dict:
    """Keys: X (2, m), Y (1, m), params (W1 (n_h, 2), b1 (n_h, 1), W2 (1, n_h), b2 (1, 1)),
    cache (Z1, A1 (n_h, m), Z2, A2 (1, m)), lambd, m, lr;
    plain (the gradients with λ = 0: dW1, db1, dW2, db2, dZ1, dZ2, …), grads (the same with λ),
    term ("W1", "W2": (λ/m) W[l], each the shape of W[l]), sq ({"W1", "W2"}: ‖W[l]‖²_F),
    cross (the cross-entropy part of J), penalty ((λ/2m) Σ ‖W[l]‖²_F), cost (their sum),
    numeric (centred differences of the penalised J for every parameter, float64),
    rel ({name: relative error}), judged ({name: verdict.judge's word}),
    shrink (1 − αλ/m), after_direct / after_decay ({"W1", "b1", "W2", "b2"}: one gradient
    descent step written as W − α dW, and as (1 − αλ/m) W − α·(plain dW))."""
    X = np.asarray(walk["X"], dtype=np.float64)
    Y = np.asarray(walk["Y"], dtype=np.float64)
    params = {k: np.asarray(v, dtype=np.float64) for k, v in walk["params"].items()}
    m = X.shape[1]
    cache = general.forward(X, params, activation)
    plain = general.backward(X, Y, params, cache, activation)
    grads = general.backward(X, Y, params, cache, activation, lambd=lambd)
    cross = general.cost(cache, Y, params)
    penalty = l2_cost(params, lambd, m)

    def penalised(p: dict) -> float:
        return general.cost(general.forward(X, p, activation), Y, p, lambd=lambd)

    numeric = engine.numerical_gradients(X, Y, params, activation, eps=FD_EPS, cost=penalised)
    rel = {k: engine.relative_error(grads["d" + k], numeric["d" + k]) for k in NAMES}
    crossed = verdict.kinks({"X": X, "cache": cache}, activation)
    judged = {k: verdict.judge(grads["d" + k], numeric["d" + k],
                               verdict.rounding_floor(cross + penalty, numeric["d" + k].size),
                               crossed.get(k)) for k in NAMES}
    shrink = shrink_factor(lr, lambd, m)
    after_direct = {k: params[k] - lr * grads["d" + k] for k in NAMES}
    after_decay = {k: (shrink * params[k] if k.startswith("W") else params[k])
                   - lr * plain["d" + k] for k in NAMES}
    return {"X": X, "Y": Y, "params": params, "cache": cache, "lambd": float(lambd), "m": m,
            "lr": float(lr), "plain": plain, "grads": grads,
            "term": {k: l2_grad(params[k], lambd, m) for k in ("W1", "W2")},
            "sq": {k: float(np.sum(np.square(params[k]))) for k in ("W1", "W2")},
            "cross": cross, "penalty": penalty, "cost": cross + penalty, "numeric": numeric,
            "rel": rel, "judged": judged, "shrink": shrink, "after_direct": after_direct,
            "after_decay": after_decay}


def entry(W: np.ndarray) -> tuple[int, int]:
    """The entry of W worked by hand: its largest |w|, where the term (λ/m) w shows most."""
    k, j = np.unravel_index(int(np.argmax(np.abs(W))), W.shape)
    return int(k), int(j)


def penalty_difference(params: dict, name: str, at: tuple[int, int], lambd: float, m: int,
                       eps: float = FD_EPS) -> float:
    """∂/∂w of the penalty alone, (λ/2m) Σ ‖W[l]‖²_F, at entry `at` of params[name], by a
    centred difference in float64 (divided by the step float64 took)."""
    work = {k: np.array(v, dtype=np.float64) for k, v in params.items()}
    w = work[name]
    saved = w[at]
    w[at] = saved + eps
    hi, up = l2_cost(work, lambd, m), w[at]
    w[at] = saved - eps
    lo, down = l2_cost(work, lambd, m), w[at]
    return (hi - lo) / (up - down)


@st.cache_data(**compute.CACHE)
def _net(settings: tuple, lambd: float) -> dict:
    state = State(**dict(zip(FEEDS["walk"], settings, strict=True)))
    return {**build(compute.walk(state), state.activation, lambd, state.lr),
            "activation": state.activation}


def net(state: State, lambd: float) -> dict:
    """`build` for the walk's network and λ, cached (uploaded points live in the session, not
    in the settings, so that network is built afresh); also "activation"."""
    if state.dataset == "custom" and compute.custom_data() is not None:
        return {**build(compute.walk(state), state.activation, lambd, state.lr),
                "activation": state.activation}
    return _net(state.key("walk"), float(lambd))
