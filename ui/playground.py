"""The training playground: watch gradient descent learn 2D data, frame by frame.

Training runs once per settings (compute.training, cached and shared by a class) and
ui/animation.py plays it in the browser. The charts below the animation show one frame,
`state.frame`, chosen with a slider; they live in a fragment so moving the slider never
re-sends the animation. The charts themselves are in ui/playground_views.py, the course's
experiment and hidden-size sweep in ui/playground_course.py.
"""

from __future__ import annotations

import random

import numpy as np
import streamlit as st

import engine
from ui import animation, compute, playground_course, playground_views, settings
from ui.playground_course import COURSE_PRESET, is_course
from ui.state import LEARNING_RATES, State, to_query

PROBE_ITERS = 300  # trial length when looking for a learning rate that does not blow up
REPLAY_KEY = "playground_replay"  # bumps when a reset asks the player to start over
AUTOPLAY_KEY = "playground_autoplay"  # set by a reset, consumed by the next run
INSIDE_KEY = "playground_inside"  # the charts' expander stays open once opened


def render(state: State) -> None:
    _controls(state)
    try:
        data = compute.dataset(state)
        result = compute.training(state)
    except ValueError as err:  # e.g. a custom data set with one class
        st.error(f"These settings cannot be trained: {err}")
        return
    _stop_notice(state, result, data)
    stopped = None
    if result.stopped_early:
        stopped = (f"Training stopped at iteration {result.stop_iteration:,}: "
                   f"{_plain_reason(result)}. The frames end there.")
    body = animation.trajectory_payload(data, _key(state), result, stopped)
    # A new id makes the player start over; the same id keeps a running animation going.
    # It opens on the URL's frame (by default the trained network); Play replays from 0.
    replay = st.session_state.get(REPLAY_KEY, 0)
    animation.render(body, id=f"{body['id']}-{replay}", start_frame=state.frame,
                     autoplay=bool(st.session_state.pop(AUTOPLAY_KEY, False)))
    _frame_views()
    playground_course.render(state, result, data)


def _controls(state: State) -> None:
    layers = f"{state.layers} hidden layer{'s' if state.layers > 1 else ''}"
    row = st.container(horizontal=True, vertical_alignment="center", key="playground_controls")
    row.button("Course preset", key="preset_course", icon=":material/school:",
               on_click=_course_preset, disabled=is_course(state),
               help="The assignment's run: flower, n_h = 4, tanh, α = 1.2, 10 000 iterations, "
                    "seed 2.")
    row.button("Reset: same start", key="reset_same", icon=":material/replay:",
               on_click=_replay, args=(state,),
               help="Keep the initial weights and replay from iteration 0 (training is "
                    "deterministic for a given seed).")
    row.button("Reset: new seed", key="reset_new_seed", icon=":material/casino:",
               on_click=_new_seed, args=(state,),
               help="Draw fresh initial weights and train again.")
    row.caption(
        f"**{state.dataset.replace('_', ' ')}**, {state.train_m} points · {layers} × "
        f"{state.n_h} **{state.activation}** units · α = **{state.lr:g}** · "
        f"{state.iters:,} iterations · {state.init} init, seed {state.seed}", width="stretch")


def _course_preset() -> None:
    settings.update_state(**COURSE_PRESET)


def _replay(state: State) -> None:
    st.session_state[REPLAY_KEY] = st.session_state.get(REPLAY_KEY, 0) + 1
    st.session_state[AUTOPLAY_KEY] = True
    settings.update_state(frame=0)


def _new_seed(state: State) -> None:
    seed = state.seed
    while seed == state.seed:
        seed = random.randrange(100_000)
    _replay(state)
    settings.update_state(seed=seed)


def _stop_notice(state: State, result, data: dict[str, np.ndarray]) -> None:
    if not result.stopped_early:
        return
    safer = _safer_rate(data, _key(state))
    tips = [f"a smaller learning rate, α = {safer:g}" if safer else "a smaller learning rate",
            "fewer hidden layers" if state.layers > 1 else "",
            "tanh or the course init" if state.activation == "relu" else ""]
    st.error(
        f"**Training stopped at iteration {result.stop_iteration:,}** of {state.iters:,}: "
        f"{_plain_reason(result)}. Each step of size α jumped past the valley of the cost "
        "instead of down into it, and the jumps grew. The animation and the charts show the "
        f"{len(result.snapshots)} frames before that point. Try "
        f"{', or '.join(t for t in tips if t)}.", icon=":material/error:")
    if safer:
        st.button(f"Try α = {safer:g}", key="try_lower_lr", icon=":material/south:",
                  on_click=settings.update_state, kwargs={"lr": safer},
                  help=f"The largest smaller rate that ran {PROBE_ITERS} iterations without "
                       "blowing up.")


# Bounded by count, age and bytes like every cache in ui/ (an entry is one float).
@st.cache_data(max_entries=16, ttl=3600, max_size="1MB", show_spinner=False)
def _safer_rate(data: dict[str, np.ndarray], key: tuple) -> float | None:
    """The largest offered α below the current one that survives a short trial run."""
    layers, n_h, activation, lr, iters, seed, init = key
    for rate in sorted((r for r in LEARNING_RATES if r < lr), reverse=True):
        trial = engine.train(data["X"], data["Y"], hidden_sizes=[n_h] * layers,
                             activation=activation, learning_rate=rate,
                             iterations=min(iters, PROBE_ITERS), seed=seed, init=init, frames=2)
        if not trial.stopped_early:
            return rate
    return None


def _plain_reason(result) -> str:
    text = str(result.stop_reason or "")
    start = float(result.costs[0]) if len(result.costs) else float("nan")
    if "NaN" in text or "nan" in text:
        return "the cost stopped being a number (it overflowed to infinity or NaN)"
    if "exploded" in text:
        return f"the cost shot above 1 000 (it started at {start:.3f})"
    if "parameters" in text:
        return "the weights grew so large they overflowed"
    return text or "the cost stopped being a finite number"


def _key(state: State) -> tuple:
    """The settings a training run depends on: the cache key of its animation."""
    return state.subset("layers", "n_h", "activation", "lr", "iters", "seed", "init")


# ----------------------------------------------------------------- frame views


@st.fragment
def _frame_views() -> None:
    state = settings.get_state()
    data, result = compute.dataset(state), compute.training(state)
    snaps = result.snapshots
    i = min(state.frame, len(snaps) - 1)
    snap = snaps[i]
    st.subheader("Inside the network at one moment")
    st.session_state["w_frame"] = i
    st.select_slider(
        "Look inside the network at iteration", options=list(range(len(snaps))),
        format_func=lambda k: f"{snaps[k].iteration:,}", key="w_frame", on_change=_commit_frame,
        help="The animation above plays on its own; this picks the frame that the link to "
             "the chain-rule walk and the charts below show.")
    settings.sync_url(settings.get_state())
    _walk_link(state, snap.iteration)
    # Closed until asked for, and lazy inside: Plotly's bundle is large, and loading it with
    # the page held the animation's first paint back by seconds (measured on 2 busy cores).
    st.session_state["w_inside"] = st.session_state.get(INSIDE_KEY, False)
    inside = st.expander("Charts at this frame: cost and accuracy · the hidden layer's view · "
                         "each hidden unit · gradient health", icon=":material/insights:",
                         key="w_inside", on_change=_remember_inside)
    if not inside.open:
        return
    with inside:
        playground_views.show(state, data, snaps, i)


def _remember_inside() -> None:
    st.session_state[INSIDE_KEY] = st.session_state["w_inside"]


def _commit_frame() -> None:
    settings.update_state(frame=st.session_state["w_frame"])


def _walk_link(state: State, iteration: int) -> None:
    query = to_query(state.replace(at=iteration))
    if state.layers == 1:
        st.page_link("pages/01_Forward_pass.py", icon=":material/link:", query_params=query,
                     label=f"Walk the chain rule through this network at iteration {iteration:,}")
    else:
        st.page_link("pages/10_Deeper_networks.py", icon=":material/link:", query_params=query,
                     label=f"See backprop through all {state.layers} hidden layers")
        st.caption("The step-by-step walk follows the course's one-hidden-layer network, so a "
                   "deeper net links to the page that repeats the same steps layer by layer.")

