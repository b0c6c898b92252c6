"""Two-class toy data sets in course layout, pure NumPy.

Every maker returns X (2, m) float64 with examples as columns and Y (1, m) float64 labels
0.0 / 1.0. Classes are balanced: class 0 has m // 2 examples and class 1 has the rest
(one more when m is odd), class 0 first. Points lie roughly within [-4, 4]², the extent
of the course's flower. ``noise`` is a standard deviation in each set's natural units
(noise = 0.2 is a moderate default everywhere; 0 gives the clean shape).
Each set is deterministic for a given seed and never touches NumPy's global random state.

The generators (`flower`, `moons`, …, listed in `GENERATORS`) and their two helpers
`class_sizes` and `stack_classes` are public and self-contained: they use only NumPy and each
other, so the exported training script (engine.script) carries their source verbatim and
draws the app's points. `make_dataset` is the entry point everywhere else.

Below them, outside DATASETS: `course_moons` (the course-2 optimization assignment's data,
scikit-learn's make_moons draw for draw) and `make_multiclass` (spiral, blobs and flower with
K classes, integer labels; `one_hot` turns them into Y (K, m) for a softmax output).
"""

from __future__ import annotations

import numpy as np

DATASETS = ("flower", "moons", "circles", "xor", "spiral", "blobs", "gaussian_quantiles")


def class_sizes(m: int) -> tuple[int, int]:
    """How many of m examples are class 0 and class 1: m // 2, and the rest."""
    return m // 2, m - m // 2


def stack_classes(parts) -> tuple[np.ndarray, np.ndarray]:
    """parts: [(x (n_j,), y (n_j,)) for class 0, 1] → X (2, m), Y (1, m)."""
    X = np.vstack([np.concatenate([p[0] for p in parts]), np.concatenate([p[1] for p in parts])])
    Y = np.concatenate([np.full(len(p[0]), float(j)) for j, p in enumerate(parts)])[None, :]
    return X.astype(np.float64), Y


def flower(m, noise, seed):
    # The assignment's load_planar_dataset, draw for draw: RandomState(seed) draws exactly
    # what np.random.seed(seed) would, without changing the caller's global state.
    rs = np.random.RandomState(seed)
    a = 4  # maximum ray of the flower
    parts = []
    for j, N in enumerate(class_sizes(m)):
        t = np.linspace(j * 3.12, (j + 1) * 3.12, N) + rs.randn(N) * noise  # theta
        r = a * np.sin(4 * t) + rs.randn(N) * noise  # radius
        parts.append((r * np.sin(t), r * np.cos(t)))
    return stack_classes(parts)


def moons(m, noise, rng):
    # sklearn-style half circles (radius 1), centred and scaled by 2.5 to fill [-4, 4]
    n0, n1 = class_sizes(m)
    t0, t1 = rng.uniform(0, np.pi, n0), rng.uniform(0, np.pi, n1)
    x = [np.cos(t0), 1 - np.cos(t1)]
    y = [np.sin(t0), 0.5 - np.sin(t1)]
    parts = []
    for xj, yj in zip(x, y, strict=True):
        xj = xj + rng.normal(0, noise, len(xj)) - 0.5
        yj = yj + rng.normal(0, noise, len(yj)) - 0.25
        parts.append((2.5 * xj, 2.5 * yj))
    return stack_classes(parts)


def circles(m, noise, rng):
    # inner ring (radius 1.5) is class 0, outer ring (radius 3.5) class 1; noise in radius ×1.5
    parts = []
    for radius, N in zip((1.5, 3.5), class_sizes(m), strict=True):
        t = rng.uniform(0, 2 * np.pi, N)
        r = radius + rng.normal(0, 1.5 * noise, N)
        parts.append((r * np.cos(t), r * np.sin(t)))
    return stack_classes(parts)


def xor(m, noise, rng):
    # class 1 where x and y have the same sign (quadrants I and III), class 0 elsewhere;
    # the jitter (std 1.5·noise) lets a few points cross the axes
    parts = []
    for j, N in enumerate(class_sizes(m)):
        u, v = rng.uniform(0.2, 4, N), rng.uniform(0.2, 4, N)
        s = rng.choice((-1.0, 1.0), N)
        x, y = s * u, (s if j == 1 else -s) * v
        parts.append((x + rng.normal(0, 1.5 * noise, N), y + rng.normal(0, 1.5 * noise, N)))
    return stack_classes(parts)


def spiral(m, noise, rng):
    # two interleaved arms, 1.25 turns each, the second rotated by half a turn
    parts = []
    for j, N in enumerate(class_sizes(m)):
        s = rng.uniform(0, 1, N)
        t = 2.5 * np.pi * s + j * np.pi + rng.normal(0, noise, N)
        r = 0.3 + 3.7 * s
        parts.append((r * np.cos(t), r * np.sin(t)))
    return stack_classes(parts)


def blobs(m, noise, rng):
    # two round Gaussian clusters; noise widens them (std 0.5 + 2.5·noise = 1 by default)
    std = 0.5 + 2.5 * noise
    parts = []
    for (cx, cy), N in zip(((-1.5, -1.0), (1.5, 1.0)), class_sizes(m), strict=True):
        parts.append((rng.normal(cx, std, N), rng.normal(cy, std, N)))
    return stack_classes(parts)


def gaussian_quantiles(m, noise, rng):
    # one Gaussian cloud split at its median radius: inner half class 0, outer half class 1;
    # noise then jitters the points across that circle
    n0, _ = class_sizes(m)
    P = rng.normal(0, 1.5, (2, m))
    order = np.argsort(np.hypot(P[0], P[1]), kind="stable")
    P = P[:, order] + rng.normal(0, noise, (2, m))
    return stack_classes([(P[0, :n0], P[1, :n0]), (P[0, n0:], P[1, n0:])])


# name -> generator; "flower" takes a legacy seed, every other generator a Generator
GENERATORS = {
    "flower": flower,
    "moons": moons,
    "circles": circles,
    "xor": xor,
    "spiral": spiral,
    "blobs": blobs,
    "gaussian_quantiles": gaussian_quantiles,
}


def make_dataset(
    name: str, m: int = 400, noise: float = 0.2, seed: int = 1
) -> tuple[np.ndarray, np.ndarray]:
    """X (2, m) float64 and Y (1, m) float64 in {0., 1.} for one of ``DATASETS``.

    "flower" with the defaults is the course's planar data set exactly (legacy seeding,
    a = 4, N = m // 2 points per class, both 0.2 spreads set by ``noise``). The others
    use np.random.default_rng(seed).
    """
    if name not in DATASETS:
        raise ValueError(f"unknown data set {name!r}; choose from {DATASETS}")
    if int(m) < 1:
        raise ValueError(f"m must be at least 1, got {m}")
    if not noise >= 0:
        raise ValueError(f"noise must be >= 0, got {noise}")
    m = int(m)
    if name == "flower":
        return flower(m, noise, seed)
    return GENERATORS[name](m, noise, np.random.default_rng(seed))


# --- the course-2 optimization assignment's data, and sets with K classes ----------------


def course_moons(m: int = 300, noise: float = 0.2, seed: int = 3):
    """scikit-learn's make_moons(n_samples=m, noise=noise) after np.random.seed(seed), draw
    for draw (the course-2 optimization assignment's load_dataset with the defaults), from
    RandomState(seed) so NumPy's global state is left alone. X (2, m) in sklearn's units
    (about [-1.5, 2.5] × [-1, 1.5], not rescaled), Y (1, m) float64 0/1, shuffled.
    """
    rs = np.random.RandomState(seed)
    n_out, n_in = m // 2, m - m // 2
    x = np.append(np.cos(np.linspace(0, np.pi, n_out)), 1 - np.cos(np.linspace(0, np.pi, n_in)))
    y = np.append(np.sin(np.linspace(0, np.pi, n_out)),
                  1 - np.sin(np.linspace(0, np.pi, n_in)) - 0.5)
    labels = np.append(np.zeros(n_out), np.ones(n_in))
    order = np.arange(m)
    rs.shuffle(order)  # sklearn.utils.shuffle: one in-place shuffle of the indices
    X = np.vstack([x[order], y[order]])
    X += rs.normal(scale=noise, size=(m, 2)).T  # drawn (m, 2) row by row, as sklearn's X
    return X, labels[order][None, :]


def class_sizes_k(m: int, K: int) -> list[int]:
    """How many of m examples each of K classes gets; K = 2 gives ``class_sizes``."""
    return [m * (j + 1) // K - m * j // K for j in range(K)]


def spiral_k(m, noise, rng, K):
    # K arms, each rotated by 1/K turn from the last; K = 2 draws exactly `spiral`
    parts = []
    for j, N in enumerate(class_sizes_k(m, K)):
        s = rng.uniform(0, 1, N)
        t = 2.5 * np.pi * s + j * 2 * np.pi / K + rng.normal(0, noise, N)
        r = 0.3 + 3.7 * s
        parts.append((r * np.cos(t), r * np.sin(t)))
    return parts


def blobs_k(m, noise, rng, K):
    # K round clusters with centres on a circle of radius 2.5
    std = 0.3 + 1.5 * noise
    parts = []
    for j, N in enumerate(class_sizes_k(m, K)):
        angle = 2 * np.pi * j / K + np.pi / 4
        parts.append((rng.normal(2.5 * np.cos(angle), std, N),
                      rng.normal(2.5 * np.sin(angle), std, N)))
    return parts


def flower_k(m, noise, seed, K, petals=4):
    # the course's flower with K classes, each a 1/K share of the angle, and r = a sin(petals t)
    # (the radius changes sign, so 2·petals petals in all); K = 2, petals = 4 is `flower`
    rs = np.random.RandomState(seed)
    span = 2 * 3.12 / K
    parts = []
    for j, N in enumerate(class_sizes_k(m, K)):
        t = np.linspace(j * span, (j + 1) * span, N) + rs.randn(N) * noise
        r = 4 * np.sin(petals * t) + rs.randn(N) * noise
        parts.append((r * np.sin(t), r * np.cos(t)))
    return parts


MULTICLASS = ("spiral", "blobs", "flower")


def make_multiclass(name: str, K: int = 3, m: int = 400, noise: float = 0.2, seed: int = 1,
                    petals: int = 4) -> tuple[np.ndarray, np.ndarray]:
    """X (2, m) float64 and integer labels (1, m) in 0..K−1 (class j's examples together,
    class sizes from ``class_sizes_k``) for one of MULTICLASS; ``one_hot`` makes Y (K, m).

    "flower" uses a legacy RandomState(seed) and ``petals``; the others default_rng(seed).
    With K = 2, "spiral" and "flower" (petals = 4) give ``make_dataset``'s points.
    """
    if name not in MULTICLASS:
        raise ValueError(f"unknown multi-class set {name!r}; choose from {MULTICLASS}")
    if int(K) < 2 or int(m) < 1 or not noise >= 0:
        raise ValueError(f"need K >= 2, m >= 1 and noise >= 0; got {K}, {m}, {noise}")
    K, m = int(K), int(m)
    if name == "flower":
        parts = flower_k(m, noise, seed, K, petals)
    else:
        maker = {"spiral": spiral_k, "blobs": blobs_k}[name]
        parts = maker(m, noise, np.random.default_rng(seed), K)
    X = np.vstack([np.concatenate([p[0] for p in parts]), np.concatenate([p[1] for p in parts])])
    labels = np.concatenate([np.full(len(p[0]), j) for j, p in enumerate(parts)])[None, :]
    return X.astype(np.float64), labels.astype(np.int64)


def one_hot(labels: np.ndarray, K: int) -> np.ndarray:
    """Integer labels (1, m) in 0..K−1 → one-hot Y (K, m) float64, Y[k, i] = 1{label_i = k}."""
    labels = np.asarray(labels).reshape(-1).astype(np.int64)
    Y = np.zeros((int(K), labels.size))
    Y[labels, np.arange(labels.size)] = 1.0
    return Y
