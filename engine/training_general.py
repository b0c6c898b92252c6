"""Training with the course-2 options: softmax, L2, dropout, optimizers and mini-batches.

``train`` (engine/training.py) hands over to ``train_general`` when any of these options
differs from its default; with the defaults it keeps its own fast loop. This loop computes
bit for bit what engine/network_general.py and engine/optimizers.py ``step`` compute (the
written formulas), but in buffers allocated once (engine/workspace_general.py, FlatStep).

Epochs: with ``mini_batch_size`` the m columns are shuffled before epoch e = 1, 2, … with
RandomState(shuffle_seed + e) and cut into batches (engine/minibatch.py); one epoch is one
pass, so ``iterations`` counts epochs. Without it an epoch is one full-batch step.
  costs[e]      the epoch's cost: Σ_batches (m_b / m) J_b over its steps, where J_b is the
                cost of one batch (cross-entropy + (λ/2m_b) Σ‖W‖², on the dropped-out
                network); full batch: J of the params after e updates, as the fast loop
  step_costs[k] J_b before update k + 1 (Adam's t = k + 1)
Snapshots hold the params after e epochs, with cost and accuracy on the whole training set
without dropout (L2 term included). Shapes: X (n_x, m), Y (1, m) or one-hot (K, m).
"""

from __future__ import annotations

import math
import sys

import numpy as np

from . import network_general as net
from .dropout import check_keep_prob
from .minibatch import batch_indices, epoch_seed
from .network import accuracy_of, init_params, layer_dims_of
from .optimizers import OPTIMIZERS, FlatStep
from .results import (
    COST_EXPLODED,
    COST_NOT_FINITE,
    EXPLODE_COST,
    EXPLODE_FACTOR,
    GRADS_NOT_FINITE,
    PARAMS_OVERFLOW,
    Snapshot,
    TrainResult,
)
from .workspace import frobenius
from .workspace_general import BatchBuffers, split


def _finite(flat: np.ndarray) -> bool:
    # a sum is finite unless an entry is not (or finite entries overflow it: then look)
    return math.isfinite(np.add.reduce(flat)) or bool(np.isfinite(flat).all())


def _views(flat: np.ndarray, layout: list) -> dict:
    """{"W1": view (n[1], n[0]), …} into the flat vector; layout: [(name, start, end, shape)]."""
    return {k: flat[a:b].reshape(shape) for k, a, b, shape in layout}


def check_inputs(X, Y, layer_dims, output):
    """Raise ValueError unless X (n_x, m) and Y fit the output layer (see module doc)."""
    net.check_output(output)
    if Y.ndim != 2 or Y.shape[1] != X.shape[1] or Y.shape[0] != layer_dims[-1]:
        raise ValueError(f"X {X.shape} and Y {Y.shape} do not fit layers {layer_dims}")
    if output == "sigmoid":
        if Y.shape[0] != 1 or not np.isin(Y, (0, 1)).all():
            raise ValueError("output='sigmoid' needs labels Y (1, m) in {0, 1}")
    elif Y.shape[0] < 2 or not (np.isin(Y, (0, 1)).all() and (Y.sum(axis=0) == 1).all()):
        raise ValueError("output='softmax' needs one-hot labels Y (K, m) with K >= 2")


def metrics(X, Y, params, activation, output, lambd):
    """(cost with the L2 term, accuracy %) on X, Y without dropout."""
    cache = net.forward(X, params, activation, output)
    acc = accuracy_of(net.predictions(cache["AL"], output), net.labels_of(Y, output))
    return net.cost(cache, Y, params, output, lambd), acc


def snapshot_numbers(X, Y, params, activation, output, lambd, test):
    """(cost, accuracy, test_cost, test_accuracy, grad_norms) for a Snapshot."""
    cache = net.forward(X, params, activation, output)
    grads = net.backward(X, Y, params, cache, activation, output, lambd)
    cost = net.cost(cache, Y, params, output, lambd)
    acc = accuracy_of(net.predictions(cache["AL"], output), net.labels_of(Y, output))
    tc, ta = metrics(*test, params, activation, output, lambd) if test else (None, None)
    L = len(layer_dims_of(params)) - 1
    return cost, acc, tc, ta, tuple(frobenius(grads[f"dW{l}"]) for l in range(1, L + 1))


def train_general(X, Y, *, hidden_sizes, activation, learning_rate, iterations, seed, init,
                  frames, X_test, Y_test, progress, dtype, params, output, lambd, keep_prob,
                  optimizer, beta1, beta2, epsilon, mini_batch_size, dropout_seed,
                  shuffle_seed, plan) -> TrainResult:
    """The general loop; arguments as ``training.train``, which calls it; ``plan``: the
    epochs to snapshot (sorted, from 0 to ``iterations``).

    TrainResult as the fast loop's, counted in epochs (stop_iteration, snapshots' iteration),
    plus step_costs and options (the settings, and "steps": the updates made, Adam's t).
    A stop in epoch e keeps the params after e epochs, or after e − 1 when the state at the
    start of epoch e was the bad one; costs then end with that kept state's epoch.
    """
    if optimizer not in OPTIMIZERS:
        raise ValueError(f"unknown optimizer {optimizer!r}; choose from {OPTIMIZERS}")
    keep_prob = check_keep_prob(keep_prob)
    if lambd < 0:
        raise ValueError(f"lambd must be >= 0, got {lambd}")
    if params is None:
        layer_dims = [X.shape[0], *[int(h) for h in hidden_sizes], Y.shape[0]]
        params = init_params(layer_dims, seed=seed, init=init)
    layer_dims = layer_dims_of(params)
    check_inputs(X, Y, layer_dims, output)
    X, Y = np.asarray(X, dtype), np.asarray(Y, dtype)
    params = {k: np.array(v, dtype) for k, v in params.items()}
    initial = {k: v.copy() for k, v in params.items()}
    test = None
    if X_test is not None and Y_test is not None and X_test.shape[1] > 0:
        test = (np.asarray(X_test, dtype), np.asarray(Y_test, dtype))
    m, iterations, lr = X.shape[1], int(iterations), float(learning_rate)
    rng, shuffler = np.random.RandomState(dropout_seed), np.random.RandomState(0)
    # The optimizers' formulas are element-wise, so they run once on all parameters as one
    # flat vector θ (W1, b1, W2, … in a row), with the same numbers as per matrix. θ lives in
    # two such vectors in turn (a step writes the other one), dθ in one; the params at the
    # start of this epoch and of the previous one are copied aside for a stop.
    ends = np.cumsum([v.size for v in params.values()]).tolist()
    layout = [(k, b - v.size, b, v.shape) for (k, v), b in zip(params.items(), ends, strict=True)]
    flat = np.concatenate([v.ravel() for v in params.values()])
    theta = [flat, np.empty_like(flat)]
    dicts, P = [_views(f, layout) for f in theta], [split(f, layout) for f in theta]
    gflat = np.empty_like(flat)
    grads = split(gflat, layout)
    start, previous = flat.copy(), flat.copy()
    update = FlatStep(optimizer, flat.size, flat.dtype, lr, beta1, beta2, epsilon)
    S = 1 - 2 * Y if output == "sigmoid" else None  # +1 where y = 0, −1 where y = 1
    buffers = {}  # batch width → BatchBuffers (a full batch, or the sizes of mini-batches)

    def buffers_for(width, gather):
        if width not in buffers:
            buffers[width] = BatchBuffers(layer_dims, width, flat.dtype, activation, output,
                                          keep_prob, lambd, gather)
        return buffers[width]

    cur, t = 0, 0
    costs, step_costs, snapshots = np.empty(iterations), [], []
    snap_at = set(plan)
    every = max(1, iterations // 100)
    limit, stop, stop_at, J = math.inf, None, None, None

    def record(e, p):
        snapshots.append((e, {k: v.copy() for k, v in p.items()},
                          *snapshot_numbers(X, Y, p, activation, output, lambd, test)))

    with np.errstate(all="ignore"):
        for e in range(iterations + 1):
            if e in snap_at:
                record(e, dicts[cur])
            if progress is not None and 0 < e < iterations and e % every == 0:
                progress(e / iterations)
            if e == iterations:
                break
            if mini_batch_size is None:
                batches = [None]
            else:
                batches = batch_indices(m, mini_batch_size, epoch_seed(shuffle_seed, e + 1),
                                        shuffler)
            total, seen = 0.0, 0
            for idx in batches:
                if idx is None:
                    ws, Xb, Yb, Sb = buffers_for(m, False), X, Y, S
                else:  # the batch's columns, gathered into the buffers of its width
                    ws = buffers_for(idx.size, True)
                    Xb, Yb, Sb = ws.X, ws.Y, ws.S
                    np.take(X, idx, axis=1, out=Xb, mode="clip")
                    np.take(Y, idx, axis=1, out=Yb, mode="clip")
                    if S is not None:
                        np.take(S, idx, axis=1, out=Sb, mode="clip")
                J = ws.forward_cost(Xb, Yb, Sb, P[cur], dicts[cur], rng)
                if not J <= limit:  # noqa: SIM300 - also true for NaN
                    stop = "cost"
                elif t == 0:
                    limit = min(max(EXPLODE_COST, EXPLODE_FACTOR * J), sys.float_info.max)
                if stop is None:
                    ws.backward(Xb, Yb, P[cur], grads)
                    if not _finite(gflat):
                        stop = "grads"
                if stop is not None:
                    if t == 0:
                        raise ValueError(f"the starting {stop} is not usable; check X, params")
                    break
                new = update(theta[cur], gflat, theta[1 - cur], t + 1)
                step_costs.append(J)
                total, seen = total + J * Xb.shape[1], seen + Xb.shape[1]
                if not _finite(new):
                    stop = "params"
                    break
                cur, t = 1 - cur, t + 1
            if stop is not None:
                # the start of epoch e was bad only if its very first step failed on it
                if seen == 0 and stop != "params":
                    stop_at, costs = e, costs[:e]
                    np.copyto(theta[cur], previous)
                else:
                    costs[e] = total / seen
                    stop_at, costs = e + 1, costs[:e + 1]
                    np.copyto(theta[cur], start)
                break
            costs[e] = total / m
            previous, start = start, previous
            np.copyto(start, theta[cur])
    params = dicts[cur]
    done = stop_at - 1 if stop_at is not None else iterations
    snapshots = [s for s in snapshots if s[0] <= done]
    if not snapshots or snapshots[-1][0] != done:
        with np.errstate(all="ignore"):
            record(done, params)
    if progress is not None:
        progress(1.0)
    code = {"cost": COST_NOT_FINITE if not math.isfinite(J) else COST_EXPLODED,
            "grads": GRADS_NOT_FINITE, "params": PARAMS_OVERFLOW}.get(stop)
    return TrainResult(
        costs=costs, params={k: v.copy() for k, v in params.items()},
        snapshots=[Snapshot(*s) for s in snapshots],
        stopped_early=stop is not None, stop_iteration=stop_at, stop_code=code,
        initial_params=initial, layer_dims=layer_dims, activation=activation,
        learning_rate=lr, iterations=iterations,
        last_cost=float(costs[-1]) if stop is not None and len(costs) else None,
        cost_limit=limit, step_costs=np.array(step_costs, np.float64),
        options={"output": output, "lambd": float(lambd), "keep_prob": keep_prob,
                 "optimizer": optimizer, "beta1": float(beta1), "beta2": float(beta2),
                 "epsilon": float(epsilon), "mini_batch_size": mini_batch_size,
                 "dropout_seed": dropout_seed, "shuffle_seed": shuffle_seed, "steps": t})
