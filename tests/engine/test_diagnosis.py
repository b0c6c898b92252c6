"""engine.cost_bounce: a zigzag in the cost is found where it is plain to see, and only there."""

from __future__ import annotations

import numpy as np
import pytest

import engine


def _zigzag(level: float, amplitude: float, n: int = 60) -> np.ndarray:
    return level + amplitude * (-1.0) ** np.arange(n)


def test_a_visible_zigzag_is_found_with_its_stretch_and_range():
    costs = np.concatenate([np.linspace(0.69, 0.4, 100), _zigzag(0.4, 0.05), np.full(50, 0.3)])
    bounce = engine.cost_bounce(costs)
    assert bounce is not None
    assert bounce.start >= 80 and bounce.stop <= 160 and bounce.stop - bounce.start == 20
    assert bounce.low == pytest.approx(0.35) and bounce.high == pytest.approx(0.45)


@pytest.mark.parametrize("costs", [
    np.linspace(0.69, 0.2, 500),  # a smooth descent
    np.concatenate([np.linspace(0.69, 0.22, 400), _zigzag(0.22, 0.0002)]),  # 4th digit
    _zigzag(0.004, 0.003),  # relatively large, but invisible near J = 0
    np.full(10, 0.5),  # too short to judge
], ids=["smooth", "wobble", "near-zero", "short"])
def test_no_bounce_where_none_is_visible(costs):
    assert engine.cost_bounce(costs) is None


def test_the_course_run_does_not_bounce_and_alpha_10_does():
    X, Y = engine.make_dataset("flower", m=400, noise=0.2, seed=1)
    runs = {lr: engine.train(X, Y, hidden_sizes=[4], learning_rate=lr, iterations=3000, seed=2)
            for lr in (1.2, 10.0)}
    assert engine.cost_bounce(runs[1.2].costs) is None
    bounce = engine.cost_bounce(runs[10.0].costs)
    assert bounce is not None and not runs[10.0].stopped_early
    costs = runs[10.0].costs[bounce.start: bounce.stop + 1]
    assert bounce.low == costs.min() and bounce.high == costs.max()
