"""Facts about a finished cost curve that a learner should be told about.

`cost_bounce` finds the stretch where gradient descent overshoots back and forth: the
cost goes up, down, up, down… by a visible amount, without the run diverging. That is
the signature of a learning rate too big for the curvature there (each step jumps over
the valley floor). The engine reports where and how much; the words are the UI's.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

BOUNCE_WINDOW = 20  # iterations looked at together: a bounce can be over in 30
BOUNCE_ALTERNATION = 0.8  # share of consecutive changes that flip sign within the window
# Mean |ΔJ| per iteration relative to J: at 2 % a zigzag is plainly visible on the cost
# chart, while the course's own run at α = 1.2 wobbles by about 0.04 % late in training.
BOUNCE_RELATIVE = 0.02
# …and the stretch spans at least this much cost: a bounce near J = 0.005 is relatively
# large but invisible on a chart that starts at ln 2 ≈ 0.69.
BOUNCE_SPAN = 0.01


@dataclass(frozen=True)
class Bounce:
    """The stretch of a run where the cost bounces most.

    start, stop: iterations (costs[start:stop + 1] is the stretch); low, high: the
    smallest and largest cost in it; relative: mean |ΔJ| per iteration divided by the
    mean J there.
    """

    start: int
    stop: int
    low: float
    high: float
    relative: float


def cost_bounce(costs: np.ndarray, window: int = BOUNCE_WINDOW,
                alternation: float = BOUNCE_ALTERNATION,
                relative: float = BOUNCE_RELATIVE, span: float = BOUNCE_SPAN) -> Bounce | None:
    """The strongest bouncing stretch of `costs` ((n,) float), or None if there is none.

    A window of `window` iterations bounces when at least `alternation` of its
    consecutive cost changes flip sign, the mean |ΔJ| is at least `relative` × J, and its
    highest and lowest cost are at least `span` apart.
    """
    costs = np.asarray(costs, dtype=np.float64)
    if costs.size < window + 2 or not np.all(np.isfinite(costs)):
        return None
    deltas = np.diff(costs)  # (n − 1,)
    flips = (np.sign(deltas[1:]) * np.sign(deltas[:-1]) < 0).astype(np.float64)  # (n − 2,)

    # Sliding means over `window` changes by cumulative sums: O(n) for any window.
    def sliding(values: np.ndarray, width: int) -> np.ndarray:
        sums = np.concatenate(([0.0], np.cumsum(values)))
        return (sums[width:] - sums[:-width]) / width

    flip_share = sliding(flips, window - 1)  # window k covers deltas[k : k + window]
    step = sliding(np.abs(deltas), window)[: flip_share.size]
    level = sliding(costs[:-1], window)[: flip_share.size]
    stretches = np.lib.stride_tricks.sliding_window_view(costs, window + 1)[: flip_share.size]
    spread = stretches.max(axis=1) - stretches.min(axis=1)
    bouncing = (flip_share >= alternation) & (level > 0) & (spread >= span)
    strength = np.where(bouncing, step / np.where(level > 0, level, 1.0), 0.0)
    k = int(np.argmax(strength))
    if strength[k] < relative:
        return None
    stretch = costs[k: k + window + 1]
    return Bounce(start=k, stop=k + window, low=float(stretch.min()),
                  high=float(stretch.max()), relative=float(strength[k]))
