"""Speed of the engine's training loop against plain course-style NumPy, in one run.

    python bench/engine_speed.py [--quick] [--course2] [--cpu]

µs per iteration = (time of train(iterations=k+1) − time of train(iterations=1)) / k, which
cancels train's fixed costs (setup, first and last snapshots); the plain loop is timed as
time(k iterations) / k. Every timing is the best of several interleaved repetitions, so
other processes on the machine inflate the numbers less. Takes about 1–2 minutes.
The course-2 rows (softmax, dropout, Adam on mini-batches; --course2 runs only those) time
µs per epoch the same way and give the median of the per-repetition ratios as well.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import engine  # noqa: E402
from bench import course2_plain as plain2  # noqa: E402

LR = 1.2


def plain_sigmoid(z):
    return 1 / (1 + np.exp(-z))


def plain_init(n_x, n_h, n_y, seed=2):
    rs = np.random.RandomState(seed)
    return {"W1": rs.randn(n_h, n_x) * 0.01, "b1": np.zeros((n_h, 1)),
            "W2": rs.randn(n_y, n_h) * 0.01, "b2": np.zeros((n_y, 1))}


def plain_forward(X, p):
    Z1 = np.dot(p["W1"], X) + p["b1"]
    A1 = np.tanh(Z1)
    Z2 = np.dot(p["W2"], A1) + p["b2"]
    return A1, plain_sigmoid(Z2)


def plain_step(X, Y, p):
    """One course iteration, written the straightforward way: new arrays everywhere."""
    m = X.shape[1]
    A1, A2 = plain_forward(X, p)
    logprobs = np.multiply(np.log(A2), Y) + np.multiply(1 - Y, np.log(1 - A2))
    cost = float(-np.sum(logprobs) / m)
    dZ2 = A2 - Y
    dW2 = (1 / m) * np.dot(dZ2, A1.T)
    db2 = (1 / m) * np.sum(dZ2, axis=1, keepdims=True)
    dZ1 = np.multiply(np.dot(p["W2"].T, dZ2), 1 - np.power(A1, 2))
    dW1 = (1 / m) * np.dot(dZ1, X.T)
    db1 = (1 / m) * np.sum(dZ1, axis=1, keepdims=True)
    p = {"W1": p["W1"] - LR * dW1, "b1": p["b1"] - LR * db1,
         "W2": p["W2"] - LR * dW2, "b2": p["b2"] - LR * db2}
    return p, cost


def plain_train(X, Y, n_h, iterations):
    p = plain_init(X.shape[0], n_h, Y.shape[0])
    for _ in range(iterations):
        p, _ = plain_step(X, Y, p)
    return p


def plain_animation(X, Y, n_h=4, iterations=10000, frames=100):
    """The course loop plus what an animation needs: params, cost, accuracy at 100 frames."""
    p = plain_init(X.shape[0], n_h, Y.shape[0])
    at = set(np.linspace(0, iterations, frames).round().astype(int).tolist())
    costs, snaps = [], []
    for i in range(iterations + 1):
        if i in at:
            A2 = plain_forward(X, p)[1]
            acc = float(np.mean((A2 > 0.5) == Y) * 100)
            snaps.append(({k: v.copy() for k, v in p.items()}, acc))
        if i == iterations:
            break
        p, cost = plain_step(X, Y, p)
        costs.append(cost)
    return costs, snaps


def plain_frames(params_list, xlim, ylim, res):
    xx, yy = np.meshgrid(np.linspace(*xlim, res), np.linspace(*ylim, res))
    G = np.vstack([xx.ravel(), yy.ravel()])
    return np.array([plain_forward(G, p)[1].reshape(res, res) for p in params_list])


# --cpu: time CPU seconds of this process instead of wall seconds (steadier while others
# load the machine; with BLAS threads it counts their time too, so set OPENBLAS_NUM_THREADS=1)
CLOCK = time.process_time if "--cpu" in sys.argv else time.perf_counter


def timed(f):
    t = CLOCK()
    f()
    return CLOCK() - t


def per_iteration(m, n_h, k, reps):
    X, Y = engine.make_dataset("flower", m=m)
    best = {"plain": np.inf, "e64": np.inf, "e64_1": np.inf, "e32": np.inf, "e32_1": np.inf}

    def run(dtype, n):
        return lambda: engine.train(X, Y, [n_h], iterations=n, frames=2, dtype=dtype)

    for _ in range(reps):
        best["plain"] = min(best["plain"], timed(lambda: plain_train(X, Y, n_h, k)))
        best["e64"] = min(best["e64"], timed(run(np.float64, k + 1)))
        best["e64_1"] = min(best["e64_1"], timed(run(np.float64, 1)))
        best["e32"] = min(best["e32"], timed(run(np.float32, k + 1)))
        best["e32_1"] = min(best["e32_1"], timed(run(np.float32, 1)))
    plain = best["plain"] / k * 1e6
    e64 = (best["e64"] - best["e64_1"]) / k * 1e6
    e32 = (best["e32"] - best["e32_1"]) / k * 1e6
    return plain, e64, e32


# (label, m, n_h, k epochs, repetitions); each label's engine settings and plain loop below
COURSE2 = [("softmax K=5", 400, 50, 400, 9), ("softmax K=5", 10_000, 50, 12, 5),
           ("dropout 0.8", 400, 50, 400, 9), ("dropout 0.8", 10_000, 50, 12, 5),
           ("adam mb=64", 400, 50, 60, 9), ("adam mb=64", 10_000, 50, 4, 5)]


def course2_case(label, m, n_h):
    """(X, Y, engine.train keyword arguments, plain(params, k) -> params) for one row."""
    if label.startswith("softmax"):
        X, labels = engine.make_multiclass("blobs", 5, m=m, seed=2)
        Y = engine.one_hot(labels, 5)
        kw = dict(hidden_sizes=[n_h], activation="tanh", learning_rate=0.5, output="softmax")
        return X, Y, kw, lambda p, k: plain2.softmax_gd(X, Y, p, 0.5, k)
    X, Y = engine.make_dataset("flower", m=m)
    if label.startswith("dropout"):
        kw = dict(hidden_sizes=[n_h], activation="relu", learning_rate=0.5, keep_prob=0.8)
        return X, Y, kw, lambda p, k: plain2.dropout_gd(X, Y, p, 0.5, k, 0.8)
    kw = dict(hidden_sizes=[n_h], activation="tanh", learning_rate=0.01, optimizer="adam",
              mini_batch_size=64)
    return X, Y, kw, lambda p, k: plain2.adam_minibatch(X, Y, p, 0.01, k)


def course2_row(label, m, n_h, k, reps):
    """(plain µs/epoch, engine µs/epoch, best ratio, median ratio, max |Δparams|)."""
    X, Y, kw, plain = course2_case(label, m, n_h)
    p0 = engine.init_params([X.shape[0], n_h, Y.shape[0]], seed=2, init="he")

    def run(n):
        return lambda: engine.train(X, Y, iterations=n, frames=2, params=p0, **kw)

    times = {"plain": [], "e": [], "e_1": []}
    for _ in range(reps):
        times["plain"].append(timed(lambda: plain(p0, k)))
        times["e"].append(timed(run(k + 1)))
        times["e_1"].append(timed(run(1)))
    plain_t = np.array(times["plain"]) / k * 1e6
    eng_t = (np.array(times["e"]) - np.array(times["e_1"])) / k * 1e6
    best = (min(times["e"]) - min(times["e_1"])) / k * 1e6
    a, b = plain(p0, 3), engine.train(X, Y, iterations=3, frames=2, params=p0, **kw).params
    diff = max(float(np.abs(a[key] - b[key]).max()) for key in a)
    return plain_t.min(), best, best / plain_t.min(), float(np.median(eng_t / plain_t)), diff


def course2_rows(quick=False):
    clock = "CPU" if CLOCK is time.process_time else "wall"
    print(f"\ncourse-2 paths (float64), {clock} µs per epoch; plain = the course's inline loop; "
          "ratio = engine / plain (best of, median of per-repetition ratios)")
    print(f"{'row':>12} {'m':>7} {'n_h':>4} | {'plain':>9} | {'engine':>9} {'best':>5} "
          f"{'median':>6} | {'|Δ| 3 ep':>8}")
    for label, m, n_h, k, reps in COURSE2:
        if quick:
            k, reps = max(2, k // 4), 3
        plain, eng, best, med, diff = course2_row(label, m, n_h, k, reps)
        print(f"{label:>12} {m:>7} {n_h:>4} | {plain:>9.1f} | {eng:>9.1f} {best:>5.2f} "
              f"{med:>6.2f} | {diff:>8.1e}", flush=True)


def main(quick=False):
    sizes = [(400, 4, 400, 9), (400, 50, 100, 5), (10_000, 50, 10, 3), (100_000, 100, 2, 2)]
    if quick:
        sizes = [(m, n, max(1, k // 5), 2) for m, n, k, _ in sizes]
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"numpy {np.__version__}; {os.cpu_count()} cores, load average {load}; best of "
          "interleaved repetitions; lower is better\n")
    print(f"{'m':>8} {'n_h':>4} | {'plain µs/it':>12} | {'engine f64':>11} {'ratio':>6} | "
          f"{'engine f32':>11} {'ratio':>6}")
    for m, n_h, k, reps in sizes:
        plain, e64, e32 = per_iteration(m, n_h, k, reps)
        print(f"{m:>8} {n_h:>4} | {plain:>12.1f} | {e64:>11.1f} {e64 / plain:>6.2f} | "
              f"{e32:>11.1f} {e32 / plain:>6.2f}", flush=True)

    X, Y = engine.make_dataset("flower")
    iters = 2000 if quick else 10_000
    t_engine = t_plain = np.inf
    result = None
    for _ in range(2):
        t_plain = min(t_plain, timed(lambda: plain_animation(X, Y, iterations=iters)))
        t0 = time.perf_counter()
        result = engine.train(X, Y, [4], iterations=iters, frames=100)
        t_engine = min(t_engine, time.perf_counter() - t0)
    print(f"\ndefault animation (flower, n_h=4, {iters} iterations, 100 snapshots): "
          f"engine {t_engine:.2f} s, plain {t_plain:.2f} s, ratio {t_engine / t_plain:.2f}")

    params = [s.params for s in result.snapshots]
    lims = ((-4.5, 4.5), (-4.5, 4.5))
    t_frames = t_plain_frames = np.inf
    for _ in range(3):
        t_frames = min(t_frames, timed(lambda: engine.boundary_frames(params, "tanh", *lims, 100)))
        t_plain_frames = min(t_plain_frames, timed(lambda: plain_frames(params, *lims, 100)))
    err = np.abs(engine.boundary_frames(params, "tanh", *lims, 100)
                 - plain_frames(params, *lims, 100)).max()
    print(f"{len(params)} decision-boundary grids of 100×100: engine {t_frames * 1e3:.0f} ms "
          f"(float32), plain {t_plain_frames * 1e3:.0f} ms (float64), ratio "
          f"{t_frames / t_plain_frames:.2f}; max |difference| {err:.1e}")


if __name__ == "__main__":
    t_start = time.perf_counter()
    if "--course2" not in sys.argv:
        main(quick="--quick" in sys.argv)
    course2_rows(quick="--quick" in sys.argv)
    print(f"\n(total {time.perf_counter() - t_start:.0f} s)")
