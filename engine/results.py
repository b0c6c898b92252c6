"""What a training run returns: the stop codes, ``Snapshot`` and ``TrainResult``.

Shared by the fast loop (engine/training.py) and the general one
(engine/training_general.py); ``engine.training`` re-exports every name.
Shapes: W[l] (n[l], n[l-1]), b[l] (n[l], 1).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

EXPLODE_COST = 1e3  # cross-entropy this large means logits of ~1000 on the wrong side
EXPLODE_FACTOR = 100.0  # …or this many times the starting cost, if that was already large

# Why a run stopped early (TrainResult.stop_code), checked in this order each iteration:
COST_NOT_FINITE = "cost_not_finite"  # J became NaN or ±inf
COST_EXPLODED = "cost_exploded"  # J rose above TrainResult.cost_limit
GRADS_NOT_FINITE = "grads_not_finite"  # dW or db became NaN or ±inf while J was finite
PARAMS_OVERFLOW = "params_overflow"  # θ − α dθ overflowed though dθ was finite
STOP_CODES = (COST_NOT_FINITE, COST_EXPLODED, GRADS_NOT_FINITE, PARAMS_OVERFLOW)


@dataclass(frozen=True)
class Snapshot:
    """The network after ``iteration`` updates.

    params: {"W1": (n[1], n[0]), "b1": (n[1], 1), …} (copies);  cost, accuracy (percent)
    on the training set; test_cost / test_accuracy or None without a test set;
    grad_norms: (‖dW[1]‖_F, …, ‖dW[L]‖_F) of the gradient at these params.
    """

    iteration: int
    params: dict
    cost: float
    accuracy: float
    test_cost: float | None
    test_accuracy: float | None
    grad_norms: tuple


@dataclass
class TrainResult:
    """Outcome of ``train``.

    costs: (n,) float64; costs[k] is J of the params after k updates, computed before
      update k + 1 as the course's loop does. Never NaN.
    params: final params = after len(costs) updates if training finished, or the last
      finite state (after len(costs) − 1 updates, cost costs[-1]) if it stopped early.
    snapshots: ``Snapshot``s at evenly spaced iterations, always including 0 and the final
      params' iteration; all finite.
    stopped_early; stop_iteration: the first k whose state (params after k updates) was
      bad, so len(costs) == stop_iteration, or None; stop_code: one of STOP_CODES, or None;
      last_cost: J of the params kept (= costs[-1]) if it stopped early, else None.
    cost_limit: the cost above which the run counts as exploded: max(1e3, 100 × the
      starting cost), capped at the largest float.
    initial_params: copy of the starting params; layer_dims, activation, learning_rate,
      iterations (the updates asked for): the settings used.
    step_costs, options: None and {} from the fast loop. From the general loop (any
      course-2 option set; see engine/training_general.py) iterations, costs, snapshots
      and stop_iteration count epochs, step_costs (k,) holds J before each update, and
      options the settings (output, lambd, keep_prob, optimizer, beta1, beta2, epsilon,
      mini_batch_size, dropout_seed, shuffle_seed) and "steps", the updates made.
    """

    costs: np.ndarray
    params: dict
    snapshots: list
    stopped_early: bool
    stop_iteration: int | None
    stop_code: str | None
    initial_params: dict
    layer_dims: list = field(default_factory=list)
    activation: str = "tanh"
    learning_rate: float = 0.0
    iterations: int = 0
    last_cost: float | None = None
    cost_limit: float = math.inf
    step_costs: np.ndarray | None = None
    options: dict = field(default_factory=dict)

    @property
    def counts_epochs(self) -> bool:
        """Whether iterations, costs and snapshots count epochs: a mini-batch run."""
        return bool((self.options or {}).get("mini_batch_size"))

    @property
    def iterations_done(self) -> int:
        """Number of updates in ``params`` (the iteration of the last snapshot)."""
        return self.snapshots[-1].iteration
