"""The playground's "Course 2 options": softmax with K classes, λ, keep_prob, the optimizer
and its β values, the mini-batch size, drawn together in one popover beside the preset and
reset buttons, so that the controls above the player (n_h, activation, α) stay in view.

The fields are the State's group "options" (ui/state.py); engine.train gets them through
training_runs.engine_options. Every change goes through session.change, which keeps a lesson's
pins; a pinned option is not drawn. The words for the run (its summary, the notes under the
player) come from content/en/playground.md.
"""

from __future__ import annotations

import math

import numpy as np
import streamlit as st

import engine
from ui import compute
from ui.playground import stops
from ui.shell import sidebar
from ui.state import FIELD_BY_NAME, FIELDS, State

NAMES = tuple(f.name for f in FIELDS if f.group == "options")
POPOVER_KEY = "playground_options"
ROWS = (("output", "classes"), ("lambd", "keep_prob"), ("optimizer", "batch"),
        ("beta1", "beta2"))


def is_default(state: State) -> bool:
    """Whether every option is at its default: the first course's network, the fast loop."""
    return all(getattr(state, n) == FIELD_BY_NAME[n].default for n in NAMES)


def shown(state: State) -> tuple[str, ...]:
    """The options that mean something for `state`: K with softmax on a data set with K-class
    versions, β1 with momentum and
    Adam, β2 with RMSprop and Adam; none a lesson pinned."""
    wanted = {"classes": state.output == "softmax" and state.dataset in engine.MULTICLASS,
              "beta1": state.optimizer in {"momentum", "adam"},
              "beta2": state.optimizer in {"rmsprop", "adam"}}
    return tuple(n for n in NAMES if wanted.get(n, True) and n not in state.hide)


def controls(ctx, row) -> None:
    """The popover in the playground's button row (`row`, a horizontal container)."""
    state = ctx.state
    names = shown(state)
    if not names:
        return
    label = ctx.text("options_label")
    with row.popover(label, icon=":material/tune:", help=ctx.text("options_help"),
                     key=POPOVER_KEY):
        st.markdown(ctx.text("options_intro"))
        for pair in ROWS:  # two a row: the open popover fits a 768 px high screen
            here = [n for n in pair if n in names]
            for column, name in zip(st.columns(2), here, strict=False):
                with column:  # its own key: the sidebar does not draw these
                    sidebar.widget(FIELD_BY_NAME[name], state, prefix="opt_")
        if state.output == "softmax" and state.dataset not in engine.MULTICLASS:
            st.caption(ctx.text("options_classes_note", dataset=state.dataset.replace("_", " ")))
        st.caption(ctx.text("options_continue_note"))


# ------------------------------------------------------------------------ words for the run


def unit(ctx, state: State) -> str:
    """"epoch" with mini-batches (an iteration is then a pass over the data), else
    "iteration"."""
    return stops.units_of(state, ctx.lang)["unit"]


def summary(ctx, state: State) -> str:
    """The options set, for the run's one-line summary: "" at the defaults."""
    if is_default(state):
        return ""
    parts = []
    if state.output == "softmax":
        parts.append(ctx.text("part_softmax", classes=compute.classes(state)))
    if state.lambd:
        parts.append(ctx.text("part_lambd", lambd=state.lambd))
    if state.keep_prob < 1:
        parts.append(ctx.text("part_keep_prob", keep_prob=state.keep_prob))
    parts.append(ctx.text(f"part_{state.optimizer}", beta1=state.beta1, beta2=state.beta2))
    parts.append(ctx.text("part_batch", batch=state.batch, iters=state.iters) if state.batch
                 else ctx.text("batch_full"))
    return ctx.text("options_summary", parts=" · ".join(parts))


def hover_hint(ctx, data: dict[str, np.ndarray]) -> str:
    """The line under the player's plane while the pointer is off it."""
    return ctx.text("hover_hint" if data["Y"].shape[0] == 1 else "hover_hint_classes")


def notes(ctx, state: State, data: dict[str, np.ndarray]) -> None:
    """What the options change in what the page shows, each only when it applies."""
    K, m = data["Y"].shape[0], data["X"].shape[1]
    if K > 1:
        st.caption(ctx.text("classes_note", K=K))
    if state.batch > 0:
        st.caption(ctx.text("epochs_note", batch=state.batch, points=m,
                            steps=math.ceil(m / state.batch)))
    if state.lambd > 0:
        st.caption(ctx.text("regularised_note"))
    if state.keep_prob < 1:
        st.caption(ctx.text("dropout_note"))


def boundary_summary(ctx, state: State, data: dict[str, np.ndarray], snap) -> str:
    """The boundary in one sentence for a softmax output or mini-batches: each class's share
    of the plane, then the accuracy, with the run's unit (iteration or epoch)."""
    xlim, ylim = engine.plot_extent(data["X"])
    K = data["Y"].shape[0]
    output = "softmax" if K > 1 else "sigmoid"
    _, _, C, _ = engine.network_general.class_grid(snap.params, state.activation, xlim, ylim,
                                                    resolution=40, output=output)
    counts = np.bincount(C.ravel(), minlength=max(K, 2)) / C.size * 100
    order = range(len(counts)) if K > 1 else (1, 0)  # sigmoid: y = 1 first, as before
    shares = ", ".join(ctx.text("share_item", k=k, share=float(counts[k])) for k in order)
    return ctx.text("boundary_summary_classes", unit=unit(ctx, state), iteration=snap.iteration,
                    shares=shares, accuracy=snap.accuracy, points=data["X"].shape[1],
                    cost=snap.cost)
