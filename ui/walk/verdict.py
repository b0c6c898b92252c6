"""The verdict on a gradient check, one rule for every walk step: the check caption under each
step (frame.check_caption) and step 9's table judge the same numbers the same way.

A relative error at or above engine.AGREE is not always a bug. Two correct cases score worse:
a gradient of about 0, where J's rounding is no longer small next to it, and relu's or leaky
relu's kink at z = 0, where a ±ε nudge moves some z across the kink and the finite difference
mixes the two slopes.
"""

from __future__ import annotations

import math

import numpy as np
import streamlit as st

import engine
from ui import compute

NAMES = ("W1", "b1", "W2", "b2")
KINK_SLOPES = {"relu": 0, "leaky_relu": 0.01}  # g′ just below the kink at z = 0 (1 above)
FINE = ("agrees", "rounding", "kink")  # verdicts of a correct gradient


def numerical(X: np.ndarray, Y: np.ndarray, params: dict, activation: str) -> dict:
    """Centred differences of J for every parameter entry, with the app's one ε (the one the
    walk's own rel_errors use, so step 9's table and every caption show the same numbers)."""
    return _numerical((X, Y, params, activation), compute.digest((X, Y, params, activation)))


@st.cache_data(**compute.CACHE)  # keyed by the digest: see compute.digest
def _numerical(_inputs: tuple, content: str) -> dict:
    X, Y, params, activation = _inputs
    return engine.numerical_gradients(X, Y, params, activation, eps=engine.CHECK_EPS)


def rounding_floor(cost: float, size: int) -> float:
    """How far a correct finite difference can sit from the truth, from rounding alone.

    J carries about 16 significant digits, so J(θ ± ε) are each off by ~|J|·1e-16 and their
    difference, divided by 2ε, by ~|J|·1e-16/ε per entry (ten times that, to be safe).
    """
    return 10 * np.finfo(float).eps * max(abs(cost), 1e-3) / engine.CHECK_EPS * math.sqrt(size)


def kinks(walk: dict, activation: str) -> dict[str, np.ndarray]:
    """Which entries of W1 (n_h, n_x) and b1 (n_h, 1) a ±ε nudge moves across g's kink at 0.

    Nudging W1[k, i] moves Z1[k, j] by ε·X[i, j] and b1[k] by ε, so the nudge crosses the kink
    when some |Z1[k, j]| is within that distance of 0. Empty for smooth activations.
    """
    if activation not in KINK_SLOPES:
        return {}
    eps, z, x = engine.CHECK_EPS, np.abs(walk["cache"]["Z1"]), np.abs(walk["X"])
    return {"W1": (z[:, None, :] <= eps * x[None, :, :]).any(axis=2),
            "b1": (z <= eps).any(axis=1, keepdims=True)}


def judge(analytic: np.ndarray, approx: np.ndarray, floor: float,
          kinked: np.ndarray | None = None) -> str:
    """The verdict on one gradient: "agrees", "rounding" (the gradient is about 0, and the
    difference within rounding), "kink" (agrees once the entries whose nudge crosses the
    kink are left out), "closer", or "bug"."""
    error = engine.relative_error(analytic, approx)
    if error < engine.AGREE:
        return "agrees"
    if np.linalg.norm(analytic - approx) <= floor:
        return "rounding"
    if kinked is not None and kinked.any() and not kinked.all():
        rest = analytic[~kinked], approx[~kinked]
        if engine.relative_error(*rest) < engine.AGREE or \
                np.linalg.norm(rest[0] - rest[1]) <= floor:
            return "kink"
    return "closer" if error < engine.BUG else "bug"


def stacked(grads: dict, numeric: dict) -> tuple[np.ndarray, np.ndarray]:
    """The course's single vector: every parameter's gradient, both ways."""
    return tuple(np.concatenate([g["d" + k].ravel() for k in NAMES]) for g in (grads, numeric))


def verdicts(walk: dict, numeric: dict, activation: str) -> dict[str, str]:
    """`judge` for each parameter, and for the stacked vector ("all")."""
    crossed = kinks(walk, activation)
    out = {k: judge(walk["grads"]["d" + k], numeric["d" + k],
                    rounding_floor(walk["cost"], numeric["d" + k].size), crossed.get(k))
           for k in NAMES}
    both = stacked(walk["grads"], numeric)
    whole = judge(*both, rounding_floor(walk["cost"], both[0].size))
    if whole not in FINE and all(v in FINE for v in out.values()):
        whole = "kink" if "kink" in out.values() else "rounding"  # explained entry by entry
    return {**out, "all": whole}


def of_walk(walk: dict, activation: str) -> dict[str, str]:
    """`verdicts` for the walk's own gradients, each parameter's and "all"; the finite
    differences entry by entry are worked out only when some relative error needs them."""
    if max(walk["rel_errors"].values()) < engine.AGREE:
        return dict.fromkeys((*NAMES, "all"), "agrees")
    numeric = numerical(walk["X"], walk["Y"], walk["params"], activation)
    return verdicts(walk, numeric, activation)


def away_from_kink(walk: dict, activation: str, names: list[str]) -> tuple[int, dict[str, float]]:
    """For the parameters `names` judged "kink": how many entries a ±ε nudge moves across the
    kink, and each one's relative error with those entries left out."""
    crossed = kinks(walk, activation)
    numeric = numerical(walk["X"], walk["Y"], walk["params"], activation)
    rest = {k: engine.relative_error(walk["grads"]["d" + k][~crossed[k]],
                                     numeric["d" + k][~crossed[k]]) for k in names}
    return int(sum(crossed[k].sum() for k in names)), rest
