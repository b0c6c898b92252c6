"""Dropout's backward pass with one classic mistake planted, for "Break the formula".

Shapes as in ``network_general``: X (n_x, m); Y (1, m) for output="sigmoid" or (K, m)
one-hot for "softmax"; W[l] (n[l], n[l-1]); Z[l], A[l], D[l] (n[l], m). The correct
backward step through a hidden layer's dropout is dA[l] = dA[l] * D[l] / keep_prob; each
mistake replaces the factor D[l] / keep_prob (n[l], m) by another one:

  "none"        D[l] / keep_prob        the correct formula
  "no_scale"    D[l]                    forgot the / keep_prob
  "fresh_mask"  D'[l] / keep_prob       a new mask D'[l], drawn again in backward
  "no_mask"     1 / keep_prob           forgot the mask

Reports numbers only; the words for each mistake live in the page's content file.
"""

from __future__ import annotations

import numpy as np

from . import network_general
from .dropout import check_keep_prob, draw_masks
from .network import num_layers

DROPOUT_MISTAKES = ("none", "no_scale", "fresh_mask", "no_mask")


def backward_factors(cache: dict, keep_prob: float, mistake: str = "none",
                     fresh_seed: int = 2) -> dict:
    """{"F1": (n[1], m), …, "F{L-1}"}: what backward multiplies each hidden dA[l] by.

    cache is ``network_general.forward``'s; a layer without "D{l}" (keep_prob = 1 drops no
    unit) has the all-ones mask. "fresh_mask" draws D'[l] with ``draw_masks`` from
    RandomState(fresh_seed), as the forward pass drew D[l] from its own seed.
    """
    if mistake not in DROPOUT_MISTAKES:
        raise ValueError(f"unknown mistake {mistake!r}; choose from {DROPOUT_MISTAKES}")
    keep_prob = check_keep_prob(keep_prob)
    L = max(int(k[1:]) for k in cache if k[0] == "Z")
    m = cache["A0"].shape[1]
    dims = [cache["A0"].shape[0]] + [cache[f"Z{l}"].shape[0] for l in range(1, L + 1)]
    fresh = draw_masks(dims, m, keep_prob, fresh_seed) if mistake == "fresh_mask" else {}
    out = {}
    for l in range(1, L):
        D = cache.get(f"D{l}", np.ones_like(cache[f"Z{l}"]))
        if mistake == "no_scale":
            out[f"F{l}"] = D.copy()
        elif mistake == "fresh_mask":
            out[f"F{l}"] = fresh[f"D{l}"] / keep_prob
        elif mistake == "no_mask":
            out[f"F{l}"] = np.full_like(D, 1.0 / keep_prob)
        else:
            out[f"F{l}"] = D / keep_prob
    return out


def backward_with_dropout_mistake(X: np.ndarray, Y: np.ndarray, params: dict, cache: dict,
                                  activation: str = "tanh", keep_prob: float = 1.0,
                                  mistake: str = "none", fresh_seed: int = 2) -> dict:
    """``network_general.backward`` (no L2) with dropout's backward step replaced as
    ``mistake`` says. X (n_x, m), Y (n[L], m), cache from ``network_general.forward`` with
    the same keep_prob (its masks "D{l}" and g(Z[l]) before dropout "G{l}").

    grads: "dZ{l}", "dW{l}" (n[l], n[l-1]), "db{l}" (n[l], 1); for hidden l "dA{l}" after
    the backward factor, "dA{l}_in" = W[l+1]ᵀ dZ[l+1] before it, and "F{l}" the factor.
    With mistake="none" the dW/db/dZ/dA equal ``network_general.backward``'s.
    """
    factors = backward_factors(cache, keep_prob, mistake, fresh_seed)
    grads = network_general.backward(X, Y, params, cache, activation, factors=factors)
    for l in range(1, num_layers(params)):
        grads[f"dA{l}_in"] = params[f"W{l + 1}"].T @ grads[f"dZ{l + 1}"]
        grads[f"F{l}"] = factors[f"F{l}"]
    return grads
