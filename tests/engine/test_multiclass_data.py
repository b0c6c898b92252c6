"""Issue 14: the course-2 moons draw for draw, and data sets with K classes."""

from __future__ import annotations

import numpy as np
import pytest

import engine
from engine import datasets


def test_course_moons_is_sklearns_make_moons_after_seed_3():
    sk = pytest.importorskip("sklearn.datasets")
    np.random.seed(3)  # noqa: NPY002 - the assignment's load_dataset, exactly
    X_sk, y_sk = sk.make_moons(n_samples=300, noise=0.2)
    X, Y = engine.course_moons()
    assert X.shape == (2, 300) and Y.shape == (1, 300)
    np.testing.assert_array_equal(X, X_sk.T)
    np.testing.assert_array_equal(Y[0], y_sk)
    np.random.seed(5)  # noqa: NPY002
    X_sk, y_sk = sk.make_moons(n_samples=41, noise=0.1)
    X, Y = engine.course_moons(41, 0.1, seed=5)
    np.testing.assert_array_equal(X, X_sk.T)
    np.testing.assert_array_equal(Y[0], y_sk)


def test_course_moons_leaves_the_global_state_alone():
    np.random.seed(123)  # noqa: NPY002
    expected = np.random.rand(3)  # noqa: NPY002
    np.random.seed(123)  # noqa: NPY002
    engine.course_moons()
    np.testing.assert_array_equal(np.random.rand(3), expected)  # noqa: NPY002


@pytest.mark.parametrize("name", datasets.MULTICLASS)
@pytest.mark.parametrize("K", [2, 3, 5])
def test_multiclass_shapes_labels_and_determinism(name, K):
    X, labels = engine.make_multiclass(name, K, m=203, seed=4)
    assert X.shape == (2, 203) and X.dtype == np.float64 and np.isfinite(X).all()
    assert labels.shape == (1, 203) and labels.dtype == np.int64
    counts = np.bincount(labels[0], minlength=K)
    assert counts.sum() == 203 and counts.max() - counts.min() <= 1 and len(counts) == K
    assert 2.5 < np.abs(X).max() < 6
    X2, labels2 = engine.make_multiclass(name, K, m=203, seed=4)
    np.testing.assert_array_equal(X, X2)
    np.testing.assert_array_equal(labels, labels2)
    assert not np.array_equal(X, engine.make_multiclass(name, K, m=203, seed=5)[0])
    Y = engine.one_hot(labels, K)
    assert Y.shape == (K, 203)
    np.testing.assert_array_equal(Y.sum(axis=0), 1.0)
    np.testing.assert_array_equal(np.argmax(Y, axis=0), labels[0])


@pytest.mark.parametrize("name", ["spiral", "flower"])
def test_two_classes_are_the_binary_sets(name):
    X, labels = engine.make_multiclass(name, 2, m=400, seed=1)
    X_bin, Y_bin = engine.make_dataset(name, m=400, seed=1)
    np.testing.assert_array_equal(X, X_bin)
    np.testing.assert_array_equal(labels, Y_bin.astype(int))


def test_more_petals_change_the_flower_and_bad_arguments():
    a, _ = engine.make_multiclass("flower", 3, petals=4)
    b, _ = engine.make_multiclass("flower", 3, petals=6)
    assert not np.array_equal(a, b)
    with pytest.raises(ValueError, match="unknown multi-class"):
        engine.make_multiclass("moons", 3)
    with pytest.raises(ValueError, match="K >= 2"):
        engine.make_multiclass("blobs", 1)
