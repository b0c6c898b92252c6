"""Cached engine calls. Every number a page shows comes from one of these.

Each function takes plain, hashable settings (never the session), so `st.cache_data`
shares the result between every student who opens the same link. Caches are bounded
so a class trying hundreds of settings cannot grow the server without limit.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict

import numpy as np
import streamlit as st

import engine
from ui.shell.session import custom_data
from ui.state import FEEDS, State

# Bounded by count, age and pickled bytes; the server-wide budget is in .streamlit/config.toml.
CACHE = {"max_entries": 64, "ttl": 3600, "max_size": "64MB", "show_spinner": False}


# A playground rerun asks for its data a dozen times (the run, its head, the estimate, each
# view). A Streamlit cache hashes its arguments on every hit, 0.14–0.19 ms here against 2–8 µs
# for a lookup in this table, and st.cache_data also unpickles a fresh copy (17 ms of a rerun).
# So the splits are kept here, and only here: one shared copy each, read-only, named by the
# settings and the points' digest, the least recently used dropped beyond CACHE's count (an
# entry is at most 2,000 points).
_SPLITS: OrderedDict[tuple, dict[str, np.ndarray]] = OrderedDict()
_SPLITS_LOCK = threading.Lock()


def _split(key: tuple, points: tuple[np.ndarray, np.ndarray] | None) -> dict[str, np.ndarray]:
    """The split that `key` = (name, m, noise, test_frac, seed, digest of the points, K)
    names; `points` are the uploaded (X, Y) when the digest is not empty."""
    name, m, noise, test_frac, seed, _, classes = key
    X, Y = points or (None, None)
    if X is None and classes and name in engine.MULTICLASS:  # softmax: Y one-hot (K, m)
        X, labels = engine.make_multiclass(name, K=classes, m=m, noise=noise, seed=seed)
        Y = engine.one_hot(labels, classes)
    elif X is None:
        X, Y = engine.make_dataset(name, m=m, noise=noise, seed=seed)
    if classes and Y.shape[0] == 1:  # softmax on two classes: Y (2, m)
        Y = engine.one_hot(Y, classes)
    order = np.random.default_rng(seed).permutation(X.shape[1])
    n_test = int(round(test_frac * X.shape[1]))
    test, train = order[:n_test], np.sort(order[n_test:])
    split = {"X": X[:, train], "Y": Y[:, train], "X_test": X[:, test], "Y_test": Y[:, test]}
    for array in split.values():  # fancy indexing made copies of their own: safe to freeze
        array.flags.writeable = False
    return split


def dataset(state: State) -> dict[str, np.ndarray]:
    """Training and test split for the playground: X (2, m), Y (1, m), X_test, Y_test, read-only.

    With a softmax output Y is one-hot (K, m), K = `classes(state)`: the spiral, blobs and
    flower drawn with K classes (engine.make_multiclass), any other set's two classes."""
    K = classes(state) if state.output == "softmax" else 0
    custom = custom_data() if state.dataset == "custom" else None
    if custom is not None:
        key = ("custom", 0, 0.0, state.test_frac, state.data_seed, digest(custom), K)
    else:
        name = "flower" if state.dataset == "custom" else state.dataset
        key = (name, state.train_m, state.noise, state.test_frac, state.data_seed, "", K)
    with _SPLITS_LOCK:
        if key in _SPLITS:
            _SPLITS.move_to_end(key)
            return _SPLITS[key]
    split = _split(key, custom)
    with _SPLITS_LOCK:  # a copy a classmate made meanwhile wins: still one copy per key
        split = _SPLITS.setdefault(key, split)
        _SPLITS.move_to_end(key)
        while len(_SPLITS) > CACHE["max_entries"]:
            _SPLITS.popitem(last=False)
    return split


def classes(state: State) -> int:
    """How many classes the playground's data has: K for a softmax output on a data set
    with K-class versions (engine.MULTICLASS), else 2."""
    multi = state.output == "softmax" and state.dataset in engine.MULTICLASS
    return state.classes if multi else 2


def walk_examples(state: State) -> tuple[np.ndarray, np.ndarray]:
    """The m examples the walk shows: drawn at random (seeded by the data seed), the two
    classes taking turns, so both appear whenever m > 1 and the data has both.

    Not evenly spaced indices: those follow the order the generator wrote the points in, and
    on the flower (by class, then by angle, a petal every 50 points) they all land on the
    same spot, the centre, where the classes overlap and every prediction is the same.
    Returns X (2, m) and Y (1, m).
    """
    data = dataset(state.replace(test_frac=0.0, output="sigmoid"))  # the walk's net: sigmoid
    X, Y = data["X"], data["Y"]
    idx = take_turns(np.random.default_rng(state.data_seed).permutation(X.shape[1]),
                     Y[0], min(state.m, X.shape[1]))
    return X[:, idx], Y[:, idx]


def take_turns(order: np.ndarray, labels: np.ndarray, m: int) -> np.ndarray:
    """The first `m` indices of `order`, the classes taking turns (the first index's class
    first); when one class runs out, the rest come from the other, still in `order`."""
    queues = {c: list(order[labels[order] == c]) for c in np.unique(labels)}
    turn = [labels[order[0]], *(c for c in queues if c != labels[order[0]])]
    picked: list[int] = []
    while len(picked) < m:
        for c in turn:
            if queues[c] and len(picked) < m:
                picked.append(queues[c].pop(0))
    return np.array(picked, dtype=int)


def trained_params(state: State, hidden: tuple[int, ...]) -> dict[str, np.ndarray]:
    """The parameters of the network [2, *hidden, 1] after `state.at` iterations of training
    on the playground's training split (freshly initialised at 0), so a playground frame's
    link shows that frame's network, whatever its depth."""
    train = dataset(state.replace(output="sigmoid"))  # the walk's network has one output
    return _trained_params(train["X"], train["Y"], tuple(hidden), state.activation, state.init,
                           state.seed, state.lr, state.at)


@st.cache_data(**CACHE)
def _trained_params(X: np.ndarray, Y: np.ndarray, hidden: tuple[int, ...], activation: str,
                    init: str, seed: int, lr: float, at: int) -> dict[str, np.ndarray]:
    params = engine.init_params([X.shape[0], *hidden, Y.shape[0]], seed=seed, init=init)
    if at == 0:
        return params
    result = engine.train(X, Y, hidden_sizes=list(hidden), activation=activation,
                          learning_rate=lr, iterations=at, seed=seed, init=init, frames=2,
                          params=params)
    return result.params


@st.cache_data(**CACHE)
def _walk(X: np.ndarray, Y: np.ndarray, params: dict[str, np.ndarray],
          activation: str) -> dict[str, object]:
    cache = engine.forward(X, params, activation=activation)
    grads = engine.backward(X, Y, params, cache, activation=activation)
    errors = engine.gradient_check(X, Y, params, activation=activation, grads=grads,
                                   eps=engine.CHECK_EPS)
    cost = engine.compute_cost(cache["A2"], Y, cache["Z2"])
    shapes = engine.shape_table([X.shape[0], params["W1"].shape[0], 1], X.shape[1])
    return {"X": X, "Y": Y, "params": params, "cache": cache, "grads": grads,
            "rel_errors": errors, "cost": cost, "shapes": shapes}


def walk(state: State) -> dict[str, object]:
    """Everything the chain-rule walk shows for the current settings.

    Keys: X (2, m), Y (1, m), params (W1 (n_h, 2), b1 (n_h, 1), W2 (1, n_h), b2 (1, 1)),
    cache (Z1, A1 (n_h, m), Z2, A2 (1, m)), grads (dZ2, dW2, db2, dA1, dZ1, dW1, db1),
    rel_errors (W1 b1 W2 b2 → float), cost (float), shapes (engine.shape_table).
    The network is the one after `state.at` iterations of training on the playground's
    training split, so a playground frame's "walk this network" link shows that frame.
    """
    if state.dataset == "custom" and custom_data() is not None:
        return _build_walk(state)  # uploaded points live in this session, not in settings
    return _walk_for(state.key("walk"))


@st.cache_data(**CACHE)
def _walk_for(settings: tuple) -> dict[str, object]:
    # Reruns of a walk page hash a dozen scalars here instead of the data set's arrays.
    return _build_walk(State(**dict(zip(FEEDS["walk"], settings, strict=True))))


def _build_walk(state: State) -> dict[str, object]:
    params = trained_params(state, (state.n_h,))  # the walk's one hidden layer
    X, Y = walk_examples(state)
    return _walk(X, Y, params, state.activation)


def digest(value: object) -> str:
    """A name for `value` (numbers, strings, arrays, and tuples, lists and dicts of them).

    st.cache_data's own hasher walks every argument object by object: for a page's dozen
    charts that was a tenth of a rerun's CPU. The arrays here are a few hundred numbers,
    so hashing their bytes is cheap, and only the digest is handed to the cache."""
    h = hashlib.blake2b(digest_size=16)

    def feed(item: object) -> None:
        if isinstance(item, np.ndarray):
            h.update(f"a{item.dtype}{item.shape}".encode())
            h.update(np.ascontiguousarray(item).tobytes())
        elif isinstance(item, (tuple, list)):
            h.update(f"{type(item).__name__}{len(item)}(".encode())
            for part in item:
                feed(part)
            h.update(b")")
        elif isinstance(item, dict):
            feed(sorted(item.items()))
        else:  # numbers, strings, None, booleans: their repr names them
            h.update(f"{type(item).__name__}:{item!r};".encode())

    feed(value)
    return h.hexdigest()


def data_key(state: State, data: dict[str, np.ndarray]) -> tuple:
    """A cheap key naming `data`: the settings that made it, or a digest of uploaded points."""
    if state.dataset == "custom" and custom_data() is not None:
        digest = hashlib.sha1()
        for name in ("X", "Y", "X_test", "Y_test"):
            digest.update(np.ascontiguousarray(data[name], dtype=np.float64).tobytes())
            digest.update(str(data[name].shape).encode())
        return ("custom", digest.hexdigest())
    return state.key("data")
