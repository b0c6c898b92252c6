"""Fast batch gradient descent with snapshots for animation, and early stops as codes.

The loop computes the course's formulas with the same operations in the same order as
``network.forward``/``backward``/``update_params`` (two exceptions that change at most the
last bits: hidden tanh is evaluated as 1 − 2/(1 + e^{2z}), about 3× faster than np.tanh
and within 3.3e-16 of it, and the cost sums the per-example losses of ``compute_cost``
written for labels 0/1), but into buffers allocated once (engine/workspace.py):
  * hidden layers compute Z[l] in the A[l] buffer and apply g in place (backprop only
    needs A[l]: g'(Z) is written with A), dA[l] and dZ[l] share one buffer;
  * the update is three calls on the flat vectors, whatever the depth.
A run that diverges stops with one of the STOP_CODES and the numbers behind it; the
words for learners are the UI's (content/en/playground.md).
Shapes: X (n_x, m), Y (1, m), W[l] (n[l], n[l-1]), b[l] (n[l], 1), A[l] (n[l], m).
"""

from __future__ import annotations

import math
import sys
from collections.abc import Callable, Sequence

import numpy as np

from .activations import _sigmoid_into, get_activation
from .layers import compute_cost
from .network import accuracy_of, backward, forward, init_params, layer_dims_of, num_layers
from .results import (  # noqa: F401 - re-exported: engine.training.STOP_CODES, …
    COST_EXPLODED,
    COST_NOT_FINITE,
    EXPLODE_COST,
    EXPLODE_FACTOR,
    GRADS_NOT_FINITE,
    PARAMS_OVERFLOW,
    STOP_CODES,
    Snapshot,
    TrainResult,
)
from .training_general import train_general
from .workspace import Workspace, frobenius


def _snapshot_plan(iterations: int, frames) -> list[int]:
    """The iterations to snapshot: `frames` evenly spaced ones, or, if `frames` is a
    sequence, those iterations (clipped to [0, iterations]); 0 and the last always."""
    if not isinstance(frames, (int, np.integer)):
        inside = {min(max(int(k), 0), iterations) for k in frames}
        return sorted(inside | {0, iterations})
    frames = min(max(int(frames), 2), iterations + 1)
    return sorted({int(round(x)) for x in np.linspace(0, iterations, frames)})


def _metrics(X, Y, params, activation):
    """(cost, accuracy) of params on X (n_x, m), Y (1, m) via the plain forward pass."""
    cache = forward(X, params, activation)
    L = num_layers(params)
    AL = cache[f"A{L}"]
    return compute_cost(AL, Y, cache[f"Z{L}"]), accuracy_of((AL > 0.5).astype(int), Y)


def train(
    X: np.ndarray,
    Y: np.ndarray,
    hidden_sizes: Sequence[int] = (4,),
    activation: str = "tanh",
    learning_rate: float = 1.2,
    iterations: int = 10000,
    seed: int = 2,
    init: str = "course",
    frames: int | Sequence[int] = 100,
    X_test: np.ndarray | None = None,
    Y_test: np.ndarray | None = None,
    progress: Callable[[float], None] | None = None,
    dtype=np.float64,
    params: dict | None = None,
    output: str = "sigmoid",
    lambd: float = 0.0,
    keep_prob: float = 1.0,
    optimizer: str = "gd",
    beta1: float = 0.9,
    beta2: float = 0.999,
    epsilon: float = 1e-8,
    mini_batch_size: int | None = None,
    dropout_seed: int = 1,
    shuffle_seed: int = 10,
) -> TrainResult:
    """Batch gradient descent, as the course's nn_model loop: forward, cost, backward, update.

    X (n_x, m), Y (1, m); X_test (n_x, m_test), Y_test (1, m_test) optional.
    Layers are [n_x, *hidden_sizes, 1], initialised by ``init_params(…, seed, init)`` unless
    ``params`` is given (then its sizes are used, hidden_sizes/seed/init are ignored, and
    the dict is not modified). ``dtype`` np.float32 halves memory traffic at large m.
    ``frames`` snapshots (clipped to [2, iterations + 1]) at evenly spaced iterations, or,
    given a sequence of iterations, snapshots at those (and at 0 and the last).
    ``progress(fraction)`` is called at most about every 1 % and once with 1.0 at the end.

    Early stop: at the first iteration k whose state (params after k updates) is bad — cost
    NaN/inf (COST_NOT_FINITE) or above max(1e3, 100 × the starting cost) (COST_EXPLODED),
    gradient NaN/inf (GRADS_NOT_FINITE), or parameters overflowing (PARAMS_OVERFLOW) —
    training stops, stop_iteration = k, stop_code says which, and the result keeps the last
    good state, k − 1 (see TrainResult). A non-finite starting cost or gradient raises
    ValueError. Labels must be 0/1.

    Course-2 options (any of them not at its default hands the run to the plain loop in
    engine/training_general.py, documented there): output "sigmoid" or "softmax" (Y one-hot
    (K, m)), lambd (L2), keep_prob (inverted dropout on hidden layers, masks drawn from
    RandomState(dropout_seed)), optimizer in engine.optimizers.OPTIMIZERS (momentum's β is
    beta1, RMSprop's is beta2; epsilon), mini_batch_size (None: full batch; else
    ``iterations`` counts epochs, shuffled with RandomState(shuffle_seed + e) before epoch
    e = 1, 2, …). The defaults keep this fast loop and its exact numbers.
    """
    if (output, lambd, keep_prob, optimizer, mini_batch_size) != ("sigmoid", 0, 1, "gd", None):
        return train_general(
            X, Y, hidden_sizes=hidden_sizes, activation=activation,
            learning_rate=learning_rate, iterations=iterations, seed=seed, init=init,
            frames=frames, X_test=X_test, Y_test=Y_test, progress=progress, dtype=dtype,
            params=params, output=output, lambd=lambd, keep_prob=keep_prob,
            optimizer=optimizer, beta1=beta1, beta2=beta2, epsilon=epsilon,
            mini_batch_size=mini_batch_size, dropout_seed=dropout_seed,
            shuffle_seed=shuffle_seed, plan=_snapshot_plan(int(iterations), frames))
    g = get_activation(activation)
    if params is None:
        layer_dims = [X.shape[0], *[int(h) for h in hidden_sizes], Y.shape[0]]
        params = init_params(layer_dims, seed=seed, init=init)
    else:
        layer_dims = layer_dims_of(params)
        if layer_dims[0] != X.shape[0] or layer_dims[-1] != Y.shape[0]:
            raise ValueError(f"params for layers {layer_dims} do not fit X {X.shape}, Y {Y.shape}")
    if Y.shape[0] != 1 or Y.shape[1] != X.shape[1]:
        raise ValueError(f"expected X (n_x, m) and Y (1, m), got {X.shape} and {Y.shape}")
    if not np.isin(Y, (0, 1)).all():
        raise ValueError("train needs labels Y in {0, 1}")
    iterations = int(iterations)
    ws = Workspace(layer_dims, X, Y, dtype)
    ws.load(0, params)
    initial = ws.params(0)
    test = None
    if X_test is not None and Y_test is not None and X_test.shape[1] > 0:
        test = (np.asarray(X_test, dtype), np.asarray(Y_test, dtype))

    plan = _snapshot_plan(iterations, frames)
    snap_at = set(plan)
    prog_at = set()
    if progress is not None:
        every = max(1, iterations // 100)
        prog_at = set(range(every, iterations, every))
    events = iter(sorted(snap_at | prog_at) + [-1])
    next_event = next(events)

    L, m, lr, inv_m = ws.L, ws.m, float(learning_rate), 1 / ws.m
    A, D, T, ZL, Yb = ws.A, ws.D, ws.T, ws.ZL, ws.Y
    gflat, step, flat, views, grads = ws.gflat, ws.step, ws.flat, ws.views, ws.grads
    costs = np.empty(iterations, np.float64)
    snapshots: list[Snapshot] = []
    stop_at, code, limit, cur = None, None, math.inf, 0
    hidden = range(1, L)
    back = range(L, 0, -1)
    dot, add, subtract, multiply, logaddexp = np.dot, np.add, np.subtract, np.multiply, np.logaddexp
    total = np.add.reduce  # np.sum without its Python wrapper: same pairwise sums
    sigmoid_into, S = _sigmoid_into, 1 - 2 * Yb  # S = +1 where y = 0, −1 where y = 1
    fwd, bwd = g.fast_forward_into, g.backprop_into

    # Overflow in a diverging run is expected: it is detected and reported, not warned about.
    with np.errstate(all="ignore"):
        for i in range(iterations + 1):
            P = views[cur]
            for l in hidden:
                W, b = P[l]
                dot(W, A[l - 1], out=A[l])
                add(A[l], b, out=A[l])
                fwd(A[l], A[l], T[l])
            W, b = P[L]
            dot(W, A[L - 1], out=ZL)
            add(ZL, b, out=ZL)
            sigmoid_into(ZL, A[L])
            # loss = softplus(−z) if y = 1, softplus(z) if y = 0: exact from the logit
            multiply(S, ZL, out=T[L])
            logaddexp(0, T[L], out=T[L])
            cost = float(total(T[L], axis=None)) / m
            if not cost <= limit:  # also catches NaN
                if i == 0:
                    raise ValueError(f"the starting cost is {cost}; check X and the params")
                stop_at, cur = i, (cur + 2) % 3  # back to the previous, finite params
                code = COST_NOT_FINITE if not math.isfinite(cost) else COST_EXPLODED
                break
            if i == 0:
                # capped below inf, so that `cost <= limit` also rejects an infinite cost
                limit = min(max(EXPLODE_COST, EXPLODE_FACTOR * cost), sys.float_info.max)
            if i < iterations:
                costs[i] = cost

            subtract(A[L], Yb, out=D[L])  # dZ[L] = A[L] − Y
            for l in back:
                dW, db = grads[l]
                dot(D[l], A[l - 1].T, out=dW)
                total(D[l], axis=1, keepdims=True, out=db)
                if l > 1:
                    W = P[l][0]
                    if W.shape[0] == 1:  # an outer product: 5× faster as a broadcast, same bits
                        multiply(W.T, D[l], out=D[l - 1])
                    else:
                        dot(W.T, D[l], out=D[l - 1])  # dA[l-1] = W[l]ᵀ dZ[l]
                    bwd(D[l - 1], A[l - 1], D[l - 1], T[l - 1])  # dZ = dA * g'(Z)
            multiply(gflat, inv_m, out=gflat)  # the 1/m of dW and db, once for all layers

            if i == next_event:
                if i in snap_at:
                    snapshots.append(_record(ws, cur, i, cost, test, activation))
                if i in prog_at:
                    progress(i / iterations)
                next_event = next(events)
            if i == iterations:
                break
            multiply(gflat, lr, out=step)
            nxt = (cur + 1) % 3
            subtract(flat[cur], step, out=flat[nxt])
            if not math.isfinite(total(flat[nxt])):
                if np.isfinite(gflat).all():  # the step overflowed: this state is still good
                    stop_at, code = i + 1, PARAMS_OVERFLOW
                elif i == 0:
                    raise ValueError("the starting gradient is not finite; check X and params")
                else:  # this state's gradient is unusable: go back one more
                    stop_at, cur, code = i, (cur + 2) % 3, GRADS_NOT_FINITE
                break
            cur = nxt

        if stop_at is not None:
            done = stop_at - 1
            costs = costs[:stop_at]
            snapshots = [s for s in snapshots if s.iteration <= done]
            if snapshots[-1].iteration != done:
                snapshots.append(_record_plain(ws, cur, done, activation, test))
    if progress is not None:
        progress(1.0)
    return TrainResult(
        costs=costs,
        params=ws.params(cur),
        snapshots=snapshots,
        stopped_early=stop_at is not None,
        stop_iteration=stop_at,
        stop_code=code,
        initial_params=initial,
        layer_dims=layer_dims,
        activation=activation,
        learning_rate=float(learning_rate),
        iterations=iterations,
        last_cost=float(costs[-1]) if stop_at is not None else None,
        cost_limit=limit,
    )


def _record(ws, cur, i, cost, test, activation) -> Snapshot:
    """Snapshot from the live buffers: A[L] and the (already 1/m-scaled) grads are current."""
    params = ws.params(cur)
    acc = accuracy_of((ws.A[ws.L] > 0.5).astype(int), ws.Y)
    tc, ta = _metrics(*test, params, activation) if test else (None, None)
    return Snapshot(i, params, cost, acc, tc, ta, ws.grad_norms())


def _record_plain(ws, cur, i, activation, test) -> Snapshot:
    """Snapshot of stored params via the plain functions (used after an early stop)."""
    params = ws.params(cur)
    Xd, Yd = ws.X, ws.Y
    cache = forward(Xd, params, activation)
    grads = backward(Xd, Yd, params, cache, activation)
    cost, acc = _metrics(Xd, Yd, params, activation)
    tc, ta = _metrics(*test, params, activation) if test else (None, None)
    norms = tuple(frobenius(grads[f"dW{l}"]) for l in range(1, ws.L + 1))
    return Snapshot(i, params, cost, acc, tc, ta, norms)

