"""This network as a NumPy script: the app's settings handed to `engine.training_script`.

The engine writes the code (it mirrors `engine.train`, so the printed costs are the app's);
this module only maps the State onto its arguments and writes the script's docstring from
content/<lang>/lesson.md.
"""

from __future__ import annotations

import numpy as np

import engine
from engine.script import print_every
from ui import content
from ui.state import FIELDS, State, to_query

DOC = "lesson"
FILE_NAME = "backprop_lab_network.py"

__all__ = ["FILE_NAME", "network_title", "print_every", "python_script"]


def network_title(state: State) -> str:
    """One line that names the configuration: "2 → 4 → 1 network, tanh hidden units, …"."""
    return content.text(DOC, "network_title", dims=" → ".join(str(n) for n in state.layer_dims),
                        activation=state.activation, dataset=state.dataset, lr=state.lr,
                        iters=state.iters)


def _docstring(state: State) -> str:
    """The script's docstring: what it reproduces and the model settings that differ from
    the defaults (view settings such as presenter mode do not change the numbers)."""
    model = {f.name for f in FIELDS if f.group != "view"}
    settings = "\n".join(f"  {k} = {v}" for k, v in to_query(state).items() if k in model)
    settings = settings or f"  {content.text(DOC, 'script_defaults')}"
    return content.text(DOC, "script_docstring", title=network_title(state), settings=settings,
                        file_name=FILE_NAME)


def python_script(state: State, custom: tuple[np.ndarray, np.ndarray] | None = None) -> str:
    """A NumPy-only script that trains this configuration and prints the app's costs.

    `custom` is the session's uploaded (X, Y); without it a custom state falls back to the
    flower, as the app does.
    """
    points = custom if state.dataset == "custom" else None
    dataset = "flower" if state.dataset == "custom" else state.dataset
    return engine.training_script(
        layer_dims=state.layer_dims, activation=state.activation, init=state.init,
        learning_rate=state.lr, iterations=state.iters, seed=state.seed,
        test_frac=state.test_frac, data_seed=state.data_seed, dataset=dataset,
        m=state.train_m, noise=state.noise, points=points, docstring=_docstring(state))
