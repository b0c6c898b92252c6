"""An L-layer binary classifier in course notation, built from the pairs in ``layers``.

Layer sizes are layer_dims = [n[0], n[1], …, n[L]] with n[0] = n_x and n[L] = n_y = 1.
Shapes: X (n_x, m), Y (1, m), W[l] (n[l], n[l-1]), b[l] (n[l], 1), Z[l], A[l] (n[l], m).
Hidden layers use ``activation``; the output layer is always sigmoid.

Dictionaries: params {"W1", "b1", …}; cache {"A0" (= X), "Z1", "A1", …, "ZL"-as-"Z{L}",
"A{L}", "AL"}; grads {"dZ{l}" for every l, "dA{l}" for hidden l < L, "dW{l}", "db{l}"}.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from .activations import _sigmoid_into, get_activation
from .layers import (
    activation_backward,
    activation_forward,
    linear_backward,
    linear_forward,
    output_backward,
)

INITS = ("course", "xavier", "he")


def num_layers(params: dict) -> int:
    """L, the number of weight layers (hidden layers + output) in ``params``."""
    L = sum(1 for k in params if k.startswith("W"))
    if L == 0 or any(f"W{l}" not in params or f"b{l}" not in params for l in range(1, L + 1)):
        raise ValueError(f"params must hold W1, b1, …, WL, bL; got keys {sorted(params)}")
    return L


def layer_dims_of(params: dict) -> list[int]:
    """[n[0], n[1], …, n[L]] read off the weight shapes."""
    L = num_layers(params)
    return [params["W1"].shape[1]] + [params[f"W{l}"].shape[0] for l in range(1, L + 1)]


def init_params(layer_dims: Sequence[int], seed: int = 2, init: str = "course") -> dict:
    """Random weights and zero biases.  W[l]: (n[l], n[l-1]), b[l]: (n[l], 1), float64.

    "course": randn · 0.01 drawn from np.random.RandomState(seed) layer by layer, the same
    draws as the assignment's np.random.seed(2) followed by np.random.randn.
    "xavier": randn · √(1/n[l-1]);  "he": randn · √(2/n[l-1]) (suits relu).
    The global NumPy random state is left untouched.
    """
    if init not in INITS:
        raise ValueError(f"unknown init {init!r}; choose from {INITS}")
    if len(layer_dims) < 2 or any(int(n) < 1 for n in layer_dims):
        raise ValueError(f"layer_dims needs at least two positive sizes, got {layer_dims}")
    rng = np.random.RandomState(seed)
    params = {}
    for l in range(1, len(layer_dims)):
        n, n_prev = int(layer_dims[l]), int(layer_dims[l - 1])
        scale = {"course": 0.01, "xavier": np.sqrt(1 / n_prev), "he": np.sqrt(2 / n_prev)}[init]
        params[f"W{l}"] = rng.randn(n, n_prev) * scale
        params[f"b{l}"] = np.zeros((n, 1))
    return params


def forward(X: np.ndarray, params: dict, activation: str = "tanh") -> dict:
    """Forward propagation.  X: (n_x, m) → cache with "A0" = X, and for l = 1…L
    "Z{l}", "A{l}" of shape (n[l], m); "AL" is A[L] (1, m), the predicted probabilities.
    """
    L = num_layers(params)
    cache = {"A0": X}
    A = X
    for l in range(1, L + 1):
        Z, _ = linear_forward(A, params[f"W{l}"], params[f"b{l}"])
        A, _ = activation_forward(Z, activation if l < L else "sigmoid")
        cache[f"Z{l}"], cache[f"A{l}"] = Z, A
    cache["AL"] = A
    return cache


def backward(
    X: np.ndarray, Y: np.ndarray, params: dict, cache: dict, activation: str = "tanh"
) -> dict:
    """Backpropagation for any depth.  X: (n_x, m), Y: (1, m), cache from ``forward``.

    Returns grads: "dZ{l}" (n[l], m) per example, "dA{l}" (n[l], m) for hidden l < L,
    "dW{l}" (n[l], n[l-1]) and "db{l}" (n[l], 1) averaged over the m examples.
      dZ[L] = A[L] − Y
      dW[l] = (1/m) dZ[l] A[l-1]ᵀ,   db[l] = (1/m) Σ dZ[l],   dA[l-1] = W[l]ᵀ dZ[l]
      dZ[l] = dA[l] * g'(Z[l])
    """
    L = num_layers(params)
    grads = {}
    dZ = output_backward(cache[f"A{L}"], Y)
    for l in range(L, 0, -1):
        grads[f"dZ{l}"] = dZ
        A_prev = X if l == 1 else cache[f"A{l - 1}"]
        dA_prev, grads[f"dW{l}"], grads[f"db{l}"] = linear_backward(
            dZ, (A_prev, params[f"W{l}"], params[f"b{l}"])
        )
        if l > 1:
            grads[f"dA{l - 1}"] = dA_prev
            dZ = activation_backward(dA_prev, (cache[f"Z{l - 1}"], A_prev), activation)
    return grads


def update_params(params: dict, grads: dict, learning_rate: float) -> dict:
    """One gradient-descent step, θ := θ − α dθ for every W[l] (n[l], n[l-1]) and
    b[l] (n[l], 1), with dθ = grads["dW{l}"], grads["db{l}"] of the same shapes.

    Returns a NEW dict of new arrays; ``params`` is left unchanged.
    """
    return {k: params[k] - learning_rate * grads["d" + k] for k in params}


def predict_proba(X: np.ndarray, params: dict, activation: str = "tanh") -> np.ndarray:
    """A[L] = P(y = 1 | x) for every column.  X: (n_x, m) → (1, m) floats."""
    return forward(X, params, activation)["AL"]


def predict(X: np.ndarray, params: dict, activation: str = "tanh") -> np.ndarray:
    """Class predictions 1{A[L] > 0.5}.  X: (n_x, m) → (1, m) ints in {0, 1}."""
    return (predict_proba(X, params, activation) > 0.5).astype(int)


def accuracy_of(predictions: np.ndarray, Y: np.ndarray) -> float:
    """Percentage of columns where predictions (1, m) equal labels Y (1, m).

    Computed as the course does, (#correct / m) · 100, so e.g. 363 of 400 gives 90.75.
    """
    correct = float(np.count_nonzero(predictions == Y))
    return float(correct / float(Y.size) * 100)


def accuracy(X: np.ndarray, Y: np.ndarray, params: dict, activation: str = "tanh") -> float:
    """Training-set style accuracy in percent.  X: (n_x, m), Y: (1, m)."""
    return accuracy_of(predict(X, params, activation), Y)


def hidden_activations(X: np.ndarray, params: dict, activation: str = "tanh") -> list:
    """[A[1], …, A[L-1]]: the hidden layers' outputs, each (n[l], m), for plotting."""
    cache = forward(X, params, activation)
    return [cache[f"A{l}"] for l in range(1, num_layers(params))]


PLOT_MARGIN = 0.1  # share of the points' span left free on each side of a plot


def plot_extent(X: np.ndarray, margin: float = PLOT_MARGIN) -> tuple[tuple[float, float], ...]:
    """The plane a decision boundary is drawn over: every point plus a margin on each side.

    X: (n_x, m) points as columns (train and test together), m ≥ 1. Returns one (lo, hi)
    per row, so for 2-D data ``xlim, ylim = plot_extent(X)``: row r spans
    [min − pad, max + pad] with pad = margin · max(max − min, 1e-6), which keeps a set of
    points with no spread along a row from giving an empty range.
    """
    X = np.asarray(X, dtype=np.float64)
    lo, hi = X.min(axis=1), X.max(axis=1)
    pad = margin * np.maximum(hi - lo, 1e-6)
    return tuple((float(a - p), float(b + p)) for a, b, p in zip(lo, hi, pad, strict=True))


def grid_points(xlim, ylim, resolution: int = 100):
    """xs (res,), ys (res,) and the grid as columns G (2, res·res), row-major in y."""
    xs = np.linspace(xlim[0], xlim[1], resolution)
    ys = np.linspace(ylim[0], ylim[1], resolution)
    xx, yy = np.meshgrid(xs, ys)
    return xs, ys, np.vstack([xx.ravel(), yy.ravel()])


def boundary_grid(params: dict, activation: str, xlim, ylim, resolution: int = 100):
    """Predicted probability on a grid for drawing the decision boundary.

    Returns xs (res,), ys (res,), P (res, res) with P[i, j] = A[L] at (xs[j], ys[i]),
    i.e. rows follow y, as heatmap/contour plots expect.
    """
    xs, ys, G = grid_points(xlim, ylim, resolution)
    P = predict_proba(G, params, activation).reshape(resolution, resolution)
    return xs, ys, P


def boundary_frames(
    snapshots_params_list, activation: str, xlim, ylim, resolution: int = 100
) -> np.ndarray:
    """Predicted probability grids for many parameter sets, e.g. every training snapshot.

    snapshots_params_list: params dicts (or Snapshots). Returns (n_frames, res, res)
    float32 with frame[k][i, j] = A[L] at (xs[j], ys[i]) as in ``boundary_grid``.
    Computed in float32 on one precomputed grid with reused buffers (display precision).
    """
    g = get_activation(activation)
    items = [getattr(p, "params", p) for p in snapshots_params_list]
    _, _, G = grid_points(xlim, ylim, resolution)
    G = G.astype(np.float32)
    N = G.shape[1]
    out = np.empty((len(items), resolution, resolution), np.float32)
    bufs: dict[tuple[int, int], tuple[np.ndarray, np.ndarray]] = {}
    for k, params in enumerate(items):
        L = num_layers(params)
        A = G
        for l in range(1, L + 1):
            W = np.asarray(params[f"W{l}"], np.float32)
            b = np.asarray(params[f"b{l}"], np.float32)
            if (l, W.shape[0]) not in bufs:
                bufs[(l, W.shape[0])] = (np.empty((W.shape[0], N), np.float32),
                                         np.empty((W.shape[0], N), np.float32))
            Z, tmp = bufs[(l, W.shape[0])]
            np.dot(W, A, out=Z)
            np.add(Z, b, out=Z)
            if l < L:
                with np.errstate(over="ignore"):
                    g.fast_forward_into(Z, Z, tmp)
                A = Z
            else:
                with np.errstate(over="ignore"):
                    _sigmoid_into(Z, out[k].reshape(1, N))
    return out
