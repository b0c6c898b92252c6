"""Issue 14: shuffled mini-batches as the course's random_mini_batches."""

from __future__ import annotations

import math

import numpy as np

from engine import minibatch


def test_partition_sizes_last_partial_and_union():
    X = np.arange(2 * 300, dtype=float).reshape(2, 300)
    Y = (np.arange(300) % 2)[None, :].astype(float)
    batches = minibatch.random_mini_batches(X, Y, 64, seed=11)
    assert [b[0].shape for b in batches] == [(2, 64)] * 4 + [(2, 44)]
    assert [b[1].shape for b in batches] == [(1, 64)] * 4 + [(1, 44)]
    columns = np.concatenate([b[0][0] for b in batches]).astype(int)
    assert sorted(columns.tolist()) == list(range(300))  # every column exactly once
    for Xb, Yb in batches:  # X and Y shuffled together
        np.testing.assert_array_equal(Yb[0], (Xb[0] % 2))
    assert len(minibatch.random_mini_batches(X, Y, 100, 0)) == 3  # m divisible: no partial
    assert len(minibatch.random_mini_batches(X, Y, 1000, 0)) == 1


def test_the_courses_shuffle_draw_for_draw():
    # random_mini_batches(X, Y, 64, seed): np.random.seed(seed); np.random.permutation(m)
    X = np.arange(300, dtype=float)[None, :]
    rs = np.random.RandomState(12)
    permutation = list(rs.permutation(300))
    expected = X[:, permutation]
    batches = minibatch.random_mini_batches(X, X, 64, seed=12)
    num_complete = math.floor(300 / 64)
    for k in range(num_complete):
        np.testing.assert_array_equal(batches[k][0], expected[:, k * 64:(k + 1) * 64])
    np.testing.assert_array_equal(batches[-1][0], expected[:, num_complete * 64:])


def test_seed_per_epoch_and_reused_generator():
    assert [minibatch.epoch_seed(10, e) for e in (1, 2, 3)] == [11, 12, 13]
    first = minibatch.batch_indices(300, 64, minibatch.epoch_seed(10, 1))
    second = minibatch.batch_indices(300, 64, minibatch.epoch_seed(10, 2))
    assert not np.array_equal(first[0], second[0])
    rng = np.random.RandomState(99)
    again = minibatch.batch_indices(300, 64, 11, rng)
    for a, b in zip(first, again, strict=True):
        np.testing.assert_array_equal(a, b)
