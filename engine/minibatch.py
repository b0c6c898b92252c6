"""Shuffled mini-batches, as the course's random_mini_batches.

The columns of X (n_x, m) and Y (n_y, m) are permuted with np.random.RandomState(seed)
(the same draws as np.random.seed(seed); np.random.permutation(m)) and cut into batches of
mini_batch_size columns; the last batch holds the m mod mini_batch_size left over. Training
shuffles before epoch e = 1, 2, … with seed base + e, as the course's loop does
(seed = 10, then seed = seed + 1 at the top of each epoch).
"""

from __future__ import annotations

import numpy as np


def epoch_seed(base: int, epoch: int) -> int:
    """The shuffle seed before epoch ``epoch`` (1-based): base + epoch."""
    return int(base) + int(epoch)


def batch_indices(m: int, mini_batch_size: int | None, seed: int,
                  rng: np.random.RandomState | None = None) -> list[np.ndarray]:
    """Column indices of each mini-batch: a permutation of 0..m−1 cut into pieces.

    None (or a size ≥ m) still shuffles and gives one batch of all m columns. ``rng``, if
    given, is re-seeded with ``seed`` and used: the same draws, 35× cheaper than a new
    RandomState every epoch.
    """
    size = m if mini_batch_size is None else int(mini_batch_size)
    if size < 1:
        raise ValueError(f"mini_batch_size must be at least 1, got {mini_batch_size}")
    if rng is None:
        rng = np.random.RandomState(seed)
    else:
        rng.seed(seed)
    permutation = rng.permutation(m)
    return [permutation[k:k + size] for k in range(0, m, size)]


def random_mini_batches(X: np.ndarray, Y: np.ndarray, mini_batch_size: int = 64,
                        seed: int = 0) -> list[tuple[np.ndarray, np.ndarray]]:
    """[(X_b (n_x, m_b), Y_b (n_y, m_b)), …]; every m_b = mini_batch_size but the last."""
    return [(X[:, idx], Y[:, idx]) for idx in batch_indices(X.shape[1], mini_batch_size, seed)]
