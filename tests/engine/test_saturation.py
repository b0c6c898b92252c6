"""Saturated outputs in the engine: where A2 is exactly 0 or 1 in float64, the loss is still
exact (computed from the logit), and the engine says which outputs saturated."""

from __future__ import annotations

import numpy as np
import pytest

import engine


def test_cross_entropy_loss_is_finite_and_is_the_course_loss():
    z = np.array([-1609.0, -750.0, -30.0, -5.0, -0.7, 0.0, 0.4, 3.0, 8.0, 40.0, 900.0])
    Z = np.concatenate([z, z])[None, :]
    Y = np.repeat([0.0, 1.0], z.size)[None, :]
    A = engine.sigmoid(Z)
    assert np.any(A == 0.0) and np.any(A == 1.0)
    loss = engine.cross_entropy_loss(Y, Z)
    assert loss.shape == Y.shape and np.all(np.isfinite(loss)) and np.all(loss >= 0)
    # At a saturated output the loss is that of z itself: |z| when wrong, 0 when right.
    wrong = engine.saturated_outputs(A) & (np.round(A) != Y)
    np.testing.assert_allclose(loss[wrong], np.abs(Z[wrong]), rtol=1e-15)
    with np.errstate(divide="ignore", invalid="ignore"):
        course = -(Y * np.log(A) + (1 - Y) * np.log(1 - A))
    finite = np.isfinite(course)
    assert finite.sum() == 14  # the 8 saturated entries hold log 0
    np.testing.assert_allclose(loss[finite], course[finite], rtol=1e-12, atol=1e-15)
    assert engine.compute_cost(A, Y, Z) == pytest.approx(float(np.mean(loss)), rel=1e-15)


def test_saturated_outputs_marks_exactly_zero_and_one():
    A = engine.sigmoid(np.array([[-1609.0, -710.0, -709.0, 0.0, 36.0, 37.0, 1609.0]]))
    mask = engine.saturated_outputs(A)
    assert mask.dtype == bool and mask.shape == A.shape
    assert mask.tolist() == [[True, True, False, False, False, True, True]]
