"""A training run written out as a NumPy-only Python script: the export's source text.

`training_script` returns a script that rebuilds the data, splits it, initialises and trains
exactly as `train` does, and prints the cost every `print_every(iterations)` iterations:
the same numbers as the app, without the engine. It mirrors `train` line by line:
- the data: the public generators of engine.datasets, copied by `inspect.getsource` (they
  are self-contained for that reason), or the points themselves as literals;
- the split: the held-out test examples of ui.compute, by `np.random.default_rng(data_seed)`;
- the initialisation of `init_params`, the cost from the logit as in `compute_cost`, tanh as
  np.tanh (training's fast form differs by rounding only), and the same "the cost exploded" stop.
tests/test_export.py runs the script in a subprocess and compares its costs with `train`.
"""

from __future__ import annotations

import inspect
from string import Template

import numpy as np

from . import datasets
from .training import EXPLODE_COST, EXPLODE_FACTOR

PRINTS = 10  # the script prints the cost this many times (every 1000 of 10 000 iterations)

# g(Z) and g'(Z) from A = g(Z), as expressions of the script's Z and A.
HIDDEN_FORMS = {
    # np.tanh, the form a learner knows; training's faster 1 − 2/(1 + e^{2z}) differs from it
    # by rounding only, so the printed costs agree with the app's to a tolerance
    "tanh": ("np.tanh(Z)", "1 - A * A"),
    "sigmoid": ("sigmoid(Z)", "(1 - A) * A"),
    "relu": ("np.maximum(Z, 0)", "(A > 0).astype(float)"),
    "leaky_relu": ("np.maximum(Z, 0.01 * Z)", "np.maximum((A > 0).astype(float), 0.01)"),
}

_HEAD = '''"""$docstring
"""

import sys

import numpy as np
'''

_MODEL = Template('''

def split(X, Y, test_frac, seed):
    """Hold out round(test_frac · m) random examples, as the app does; keep the order."""
    order = np.random.default_rng(seed).permutation(X.shape[1])
    n_test = int(round(test_frac * X.shape[1]))
    train = np.sort(order[n_test:])
    return X[:, train], Y[:, train]


def init_params(layer_dims, seed, init):
    """Random weights, zero biases; the same draws as np.random.seed(seed) + randn."""
    rng = np.random.RandomState(seed)
    params = {}
    for l in range(1, len(layer_dims)):
        n, n_prev = layer_dims[l], layer_dims[l - 1]
        scale = {"course": 0.01, "xavier": np.sqrt(1 / n_prev), "he": np.sqrt(2 / n_prev)}[init]
        params[f"W{l}"] = rng.randn(n, n_prev) * scale
        params[f"b{l}"] = np.zeros((n, 1))
    return params


def sigmoid(Z):
    """σ(z) = 1 / (1 + e^(-z)). For z < -709, e^(-z) overflows to inf and σ is 0, as it should."""
    return 1 / (1 + np.exp(-Z))


def g(Z):
    """The hidden activation ($activation)."""
    return $g_forward


def g_prime_from_A(A):
    """g'(Z) written with A = g(Z), as the course does."""
    return $g_prime


def forward(X, params, L):
    cache = {"A0": X}
    for l in range(1, L + 1):
        Z = params[f"W{l}"] @ cache[f"A{l - 1}"] + params[f"b{l}"]
        cache[f"Z{l}"] = Z
        cache[f"A{l}"] = sigmoid(Z) if l == L else g(Z)
    return cache


def compute_cost(ZL, Y):
    """Cross-entropy J = mean of −[y log a + (1−y) log(1−a)], computed from the logit z:
    the loss is log(1 + e^(−z)) when y = 1 and log(1 + e^z) when y = 0, exact for any z."""
    return float(np.sum(np.logaddexp(0, (1 - 2 * Y) * ZL))) / Y.shape[1]


def backward(Y, params, cache, L):
    m = Y.shape[1]
    grads = {}
    dZ = cache[f"A{L}"] - Y  # dZ[L] = A[L] − Y, per example
    for l in range(L, 0, -1):
        A_prev = cache[f"A{l - 1}"]
        grads[f"dW{l}"] = (dZ @ A_prev.T) * (1 / m)
        grads[f"db{l}"] = np.sum(dZ, axis=1, keepdims=True) * (1 / m)
        if l > 1:
            dA_prev = params[f"W{l}"].T @ dZ  # dA[l-1] = W[l]ᵀ dZ[l]
            dZ = dA_prev * g_prime_from_A(A_prev)  # dZ[l-1] = dA[l-1] * g'(Z[l-1])
    return grads


def train(X, Y, layer_dims, learning_rate, iterations, seed, init, print_every):
    params = init_params(layer_dims, seed, init)
    L = len(layer_dims) - 1
    limit = np.inf
    np.seterr(over="ignore")  # e^z overflowing to inf still gives the right σ and tanh
    for i in range(iterations + 1):
        cache = forward(X, params, L)
        cost = compute_cost(cache[f"Z{L}"], Y)
        if not cost <= limit:  # NaN or exploding: the app stops here too
            print(f"Stopped: the cost became {cost} at iteration {i}.")
            break
        if i == 0:
            limit = min(max($explode_cost, $explode_factor * cost), sys.float_info.max)
        if i % print_every == 0 or i == iterations:
            print(f"Cost after iteration {i}: {cost:.6f}")
        if i == iterations:
            break
        grads = backward(Y, params, cache, L)
        params = {k: params[k] - learning_rate * grads["d" + k] for k in params}
    return params, cache


if __name__ == "__main__":
    X, Y = $load_data
    X, Y = split(X, Y, test_frac=$test_frac, seed=$data_seed)
    params, cache = train(X, Y, layer_dims=$layer_dims, learning_rate=$lr,
                          iterations=$iters, seed=$seed, init=$init,
                          print_every=$print_every)
    accuracy = float(np.mean((cache["A$L"] > 0.5) == Y) * 100)
    print(f"Training accuracy: {accuracy:.2f} %")
''')


def print_every(iterations: int) -> int:
    """How often the script prints the cost: `PRINTS` times over the run (at least every 1)."""
    return max(1, iterations // PRINTS)


def dataset_source(name: str) -> str:
    """The source of the functions that draw data set `name`: `class_sizes`,
    `stack_classes` and its generator, verbatim from engine.datasets (NumPy only)."""
    functions = (datasets.class_sizes, datasets.stack_classes, datasets.GENERATORS[name])
    return "\n\n".join(inspect.getsource(f).rstrip() for f in functions)


def dataset_call(name: str, m: int, noise: float, seed: int) -> str:
    """The expression that calls `dataset_source(name)`'s generator as `make_dataset(name, m,
    noise, seed)` does: the flower takes the legacy seed, the others a Generator."""
    argument = repr(seed) if name == "flower" else f"np.random.default_rng({seed!r})"
    return f"{name}({m!r}, {noise!r}, {argument})"


def points_source(X: np.ndarray, Y: np.ndarray) -> str:
    """X (2, m) and Y (1, m) as the literals X_DATA and Y_DATA (repr keeps every float)."""
    rows = ",\n    ".join(f"[{', '.join(repr(float(v)) for v in row)}]" for row in X)
    labels = ", ".join(str(int(v)) for v in Y[0])
    return f"X_DATA = np.array([\n    {rows},\n])\nY_DATA = np.array([[{labels}]], float)"


def training_script(
    *, layer_dims: list[int], activation: str, init: str, learning_rate: float,
    iterations: int, seed: int, test_frac: float, data_seed: int,
    dataset: str = "flower", m: int = 400, noise: float = 0.2,
    points: tuple[np.ndarray, np.ndarray] | None = None, docstring: str = "",
) -> str:
    """A NumPy-only script that trains like `train` and prints the same costs.

    The data is `make_dataset(dataset, m, noise, data_seed)`, or `points` = (X (2, m),
    Y (1, m)) when given; `round(test_frac · m)` examples are held out with `data_seed` as
    the app does. `docstring` becomes the script's docstring (it must not contain three
    double quotes). The rest are `train`'s arguments, with layer_dims = [n_x, …, 1].
    """
    if '"""' in docstring:
        raise ValueError("the docstring must not contain three double quotes")
    if points is not None:
        definitions, load = points_source(*points), "X_DATA, Y_DATA"
    else:
        definitions = dataset_source(dataset)
        load = dataset_call(dataset, m, noise, data_seed)
    g_forward, g_prime = HIDDEN_FORMS[activation]
    values = {"test_frac": test_frac, "data_seed": data_seed, "layer_dims": list(layer_dims),
              "lr": learning_rate, "iters": iterations, "seed": seed, "init": init,
              "print_every": print_every(iterations)}
    body = _MODEL.substitute(
        {k: repr(v) for k, v in values.items()}, activation=activation, g_forward=g_forward,
        g_prime=g_prime, load_data=load, L=len(layer_dims) - 1,
        explode_cost=repr(EXPLODE_COST), explode_factor=repr(EXPLODE_FACTOR))
    head = Template(_HEAD).substitute(docstring=docstring)
    return head + "\n\n" + definitions + "\n" + body
