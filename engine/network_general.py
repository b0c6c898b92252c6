"""The L-layer network with the course-2 options: softmax output, L2 and inverted dropout.

Plain NumPy, one array per matrix, every intermediate kept, so the walk can show them.
Shapes: X (n_x, m); Y (1, m) labels 0/1 for output="sigmoid" or (K, m) one-hot for
output="softmax" (K = n[L] ≥ 2); W[l] (n[l], n[l-1]), b[l] (n[l], 1); Z[l], A[l], D[l]
(n[l], m). Hidden layers use ``activation``; dropout acts on hidden layers only.

cache: "A0" (= X), "Z{l}", "A{l}" (after dropout), and for hidden l when keep_prob < 1
"D{l}" (the mask) and "G{l}" = g(Z[l]) before dropout (backprop's g' is written with it),
"AL". grads: "dZ{l}", "dA{l}" for hidden l (after the mask), "dW{l}",
"db{l}". With output="sigmoid", lambd=0, keep_prob=1 this is ``network.forward/backward``.
"""

from __future__ import annotations

import numpy as np

from .activations import get_activation
from .dropout import check_keep_prob, draw_mask, dropout_backward, dropout_forward
from .layers import compute_cost, linear_backward, linear_forward
from .network import accuracy_of, grid_points, num_layers
from .regularisation import l2_cost, l2_grad
from .softmax import predict_classes, softmax, softmax_cost

OUTPUTS = ("sigmoid", "softmax")


def check_output(output: str) -> str:
    if output not in OUTPUTS:
        raise ValueError(f"unknown output {output!r}; choose from {OUTPUTS}")
    return output


def forward(X: np.ndarray, params: dict, activation: str = "tanh", output: str = "sigmoid",
            keep_prob: float = 1.0, masks: dict | None = None,
            rng: np.random.RandomState | None = None) -> dict:
    """Forward propagation with optional dropout.  X: (n_x, m) → cache (see module doc).

    With keep_prob < 1 each hidden layer's mask is masks["D{l}"] (n[l], m) when given (a
    fixed mask: the network is then a deterministic function, as gradient checking needs),
    else drawn from ``rng`` (a RandomState; RandomState(1) when None) layer by layer.
    """
    check_output(output)
    keep_prob = check_keep_prob(keep_prob)
    g = get_activation(activation)
    L = num_layers(params)
    cache = {"A0": X}
    A = X
    for l in range(1, L + 1):
        Z, _ = linear_forward(A, params[f"W{l}"], params[f"b{l}"])
        if l < L:
            A = g.forward(Z)
            if keep_prob < 1:
                if masks is not None:
                    D = masks[f"D{l}"]
                else:
                    rng = np.random.RandomState(1) if rng is None else rng
                    D = draw_mask(A.shape, keep_prob, rng)
                cache[f"D{l}"], cache[f"G{l}"] = D, A
                A = dropout_forward(A, D, keep_prob)
        else:
            A = softmax(Z) if output == "softmax" else get_activation("sigmoid").forward(Z)
        cache[f"Z{l}"], cache[f"A{l}"] = Z, A
    cache["AL"] = A
    return cache


def cost(cache: dict, Y: np.ndarray, params: dict, output: str = "sigmoid",
         lambd: float = 0.0) -> float:
    """Cross-entropy from the logits Z[L] plus (λ/2m) Σ ‖W[l]‖²_F.  Y: (n[L], m)."""
    L = num_layers(params)
    AL, ZL = cache[f"A{L}"], cache[f"Z{L}"]
    data = softmax_cost(AL, Y, ZL) if output == "softmax" else compute_cost(AL, Y, ZL)
    return data + l2_cost(params, lambd, Y.shape[1])


def backward(X: np.ndarray, Y: np.ndarray, params: dict, cache: dict,
             activation: str = "tanh", output: str = "sigmoid", lambd: float = 0.0,
             keep_prob: float = 1.0, factors: dict | None = None) -> dict:
    """Backpropagation.  X: (n_x, m), Y: (n[L], m), cache from ``forward`` with the same
    output and keep_prob. Both outputs start from dZ[L] = A[L] − Y, then for l = L…1:
      dW[l] = (1/m) dZ[l] A[l-1]ᵀ + (λ/m) W[l],   db[l] = (1/m) Σ dZ[l]
      dA[l-1] = W[l]ᵀ dZ[l], then * D[l-1] / keep_prob with dropout
      dZ[l-1] = dA[l-1] * g'(Z[l-1])
    factors: {"F{l}": (n[l], m)} to multiply dA[l] by in place of D[l] / keep_prob
    (``dropout_mistakes`` plants a mistake there).
    """
    check_output(output)
    g = get_activation(activation)
    L = num_layers(params)
    m = X.shape[1]
    grads = {}
    dZ = cache[f"A{L}"] - Y
    for l in range(L, 0, -1):
        grads[f"dZ{l}"] = dZ
        A_prev = X if l == 1 else cache[f"A{l - 1}"]
        dA_prev, dW, db = linear_backward(dZ, (A_prev, params[f"W{l}"], params[f"b{l}"]))
        grads[f"dW{l}"] = dW + l2_grad(params[f"W{l}"], lambd, m) if lambd else dW
        grads[f"db{l}"] = db
        if l > 1:
            if factors is not None:
                dA_prev = dA_prev * factors[f"F{l - 1}"]
            elif keep_prob < 1:
                dA_prev = dropout_backward(dA_prev, cache[f"D{l - 1}"], keep_prob)
            grads[f"dA{l - 1}"] = dA_prev
            # g' from g(Z) before the mask, as the course writes it (tanh' = 1 − A²)
            # (backprop_into: dA * g'(A) in one pass, the same numbers as that product)
            G = cache.get(f"G{l - 1}", A_prev)
            dZ = g.backprop_into(dA_prev, G, np.empty_like(dA_prev), np.empty_like(dA_prev))
    return grads


def predictions(AL: np.ndarray, output: str = "sigmoid") -> np.ndarray:
    """(1, m) predicted classes: 1{a > 0.5} for sigmoid, argmax over the K rows for softmax."""
    return predict_classes(AL) if output == "softmax" else (AL > 0.5).astype(int)


def labels_of(Y: np.ndarray, output: str = "sigmoid") -> np.ndarray:
    """(1, m) class labels: Y itself for sigmoid, the row of the 1 for one-hot Y (K, m)."""
    return predict_classes(Y) if output == "softmax" else Y


def accuracy(X: np.ndarray, Y: np.ndarray, params: dict, activation: str = "tanh",
             output: str = "sigmoid") -> float:
    """Percent of columns classified right, without dropout.  X (n_x, m), Y (n[L], m)."""
    AL = forward(X, params, activation, output)["AL"]
    return accuracy_of(predictions(AL, output), labels_of(Y, output))


def class_grid(params: dict, activation: str, xlim, ylim, resolution: int = 100,
               output: str = "softmax"):
    """The predicted class and its probabilities on a grid, for a K-colour boundary.

    Returns xs (res,), ys (res,), C (res, res) ints with C[i, j] the class predicted at
    (xs[j], ys[i]) (rows follow y, as ``network.boundary_grid``), and P (n[L], res, res)
    the output layer A[L] there (for sigmoid, P[0] is P(y = 1)). No dropout.
    """
    xs, ys, G = grid_points(xlim, ylim, resolution)
    AL = forward(G, params, activation, output)["AL"]
    C = predictions(AL, output).reshape(resolution, resolution)
    return xs, ys, C, AL.reshape(-1, resolution, resolution)
