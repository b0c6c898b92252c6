"""Every activation × depth × learning rate up to 10 × data set: nothing a chart would
draw is NaN or infinite, and no step raises a RuntimeWarning (pytest turns them into
errors, see pyproject.toml)."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

import engine

ACTIVATIONS = sorted(engine.ACTIVATIONS)
DEPTHS = (1, 2, 3, 4)
RATES = (0.001, 1.2, 10.0)


def all_finite(*arrays) -> bool:
    return all(np.all(np.isfinite(np.asarray(a, dtype=float))) for a in arrays)


@pytest.mark.parametrize("dataset", engine.DATASETS)
def test_training_never_hands_a_chart_nan(dataset):
    X, Y = engine.make_dataset(dataset, m=120, noise=0.3, seed=3)
    lim = (float(X.min()) - 1, float(X.max()) + 1)
    for activation, depth, lr in itertools.product(ACTIVATIONS, DEPTHS, RATES):
        result = engine.train(X, Y, hidden_sizes=[12] * depth, activation=activation,
                              learning_rate=lr, iterations=150, seed=4,
                              init="he" if depth > 1 else "course", frames=6,
                              X_test=X[:, :20], Y_test=Y[:, :20])
        label = (dataset, activation, depth, lr)
        assert len(result.costs) and all_finite(result.costs), label
        snaps = result.snapshots
        assert snaps[0].iteration == 0, label
        for s in snaps:
            assert all_finite(s.cost, s.accuracy, s.test_cost, s.test_accuracy,
                              s.grad_norms), label
            assert all(all_finite(p) for p in s.params.values()), label
        frames = engine.boundary_frames([s.params for s in snaps], activation, lim, lim, 30)
        assert frames.shape == (len(snaps), 30, 30) and all_finite(frames), label
        hidden = engine.hidden_activations(X, snaps[-1].params, activation)
        assert all(all_finite(A) for A in hidden), label
        if result.stopped_early:
            assert result.stop_code in engine.STOP_CODES, label
            assert result.stop_iteration is not None, label
