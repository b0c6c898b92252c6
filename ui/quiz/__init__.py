"""Quiz mode: "predict before you see" questions built from the live network.

A step's questions live in the step's own module, as `questions(walk, live) -> [Question]`:
they read shapes and values from `compute.walk`'s dict, so a different n_h, m or seed gives
different questions and answers. This package builds the `live` summary they share, drops
any question a non-finite number would make meaningless or whose shown numbers do not decide
its answer (model.Question.decided, numbers.py), and draws them (box.py).
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable

from ui import nav
from ui.quiz.model import Question

# num3 writes a number that is not finite as "inf" or "nan", which no question's text
# contains otherwise: a saturated output divides by zero, and that makes no question.
NOT_FINITE = re.compile(r"\b(?:inf|nan)\b")


def live(data: dict, activation: str, layer_dims: list[int] | None = None) -> dict:
    """What most questions read: sizes, labels and activations of the walk in `data`."""
    X, Y = data["X"], data["Y"]
    n_h = data["params"]["W1"].shape[0]
    return {"n_x": X.shape[0], "m": X.shape[1], "n_h": n_h, "Y": Y[0],
            "A1": data["cache"]["A1"], "A2": data["cache"]["A2"][0], "Z1": data["cache"]["Z1"],
            "activation": activation, "layer_dims": layer_dims or [X.shape[0], n_h, 1]}


def build(make: Callable[[dict, dict], list[Question]], data: dict, activation: str,
          layer_dims: list[int] | None = None) -> list[Question]:
    """`make`'s questions on `data`, keeping only those whose numbers are all finite and
    whose shown numbers decide the marked answer (a step asks through `settle`, which finds
    the decimals that do; this keeps any other question from grading on hidden digits)."""
    return [q for q in make(data, live(data, activation, layer_dims))
            if q is not None and not NOT_FINITE.search(" ".join((q.prompt, *q.options, q.why)))
            and q.decided]


def questions(step: str, data: dict, activation: str = "tanh",
              layer_dims: list[int] | None = None) -> list[Question]:
    """The questions of walk step `step` (a page id) on `data`."""
    if step not in nav.BY_ID:
        return []
    module = importlib.import_module(nav.page(step).module)
    make = getattr(module, "questions", None)
    return build(make, data, activation, layer_dims) if make else []
