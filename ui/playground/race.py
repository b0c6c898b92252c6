"""The optimizer race: the playground's network, data and seed, trained by up to four optimizers.

Each (optimizer, α) is one cached run (st.cache_data, shared by every student with the same
settings); a lock per run makes a class that presses Run at once wait for one training
instead of each starting its own. The panels and the cost chart are ONE Plotly figure whose
frames move every panel and every cost marker together, played in the browser: scrubbing
costs the server nothing (race_figure.py). Every run snapshots the same iterations (frame_plan),
so frame k is the same iteration in each panel.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field

import numpy as np
import plotly.graph_objects as go
import streamlit as st

import engine
from engine.network import grid_points
from ui import compute, content, training_runs
from ui.charts import style
from ui.playground import animation
from ui.playground.race_figure import Sent, figure
from ui.shell import session

DOC = "playground_race"
OPTIMIZERS = ("gd", "momentum", "rmsprop", "adam")
BETA1, BETA2, EPSILON = 0.9, 0.999, 1e-8  # the course's values; the race shows them
# "Suggested α": RMSprop and Adam move each weight by about α a step whatever its gradient's
# size, so the playground's α (1.2 by default) makes them jump; 0.01 is a usual start.
ADAPTIVE_LR = 0.01
FRAMES = 40  # frames of the shared player: 4 panels × 40 × 48² bytes, about 0.5 MB sent
RESOLUTION = 48
LONG = 3.0  # seconds: a race that would take longer says so before it trains

PICKED, ALPHA, SHOWN = "race_picked", "race_alpha", "race_shown"  # session keys
PICK_WIDGET = "race_optimizers"


@dataclass
class _Slot:
    """The lock of one (settings, optimizer, α) run and whether it has been trained here."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    done: bool = False


@st.cache_resource(max_entries=256, ttl=3600, show_spinner=False)
def _slot(key: tuple) -> _Slot:
    return _Slot()


def rates(lr: float, mode: str, picked) -> dict[str, float]:
    """α per optimizer: the playground's α for all ("same"), or ADAPTIVE_LR for RMSprop and
    Adam ("suggested")."""
    adaptive = mode == "suggested"
    return {o: ADAPTIVE_LR if adaptive and o in ("rmsprop", "adam") else float(lr)
            for o in picked}


def settings(state) -> tuple:
    """What every panel shares: hidden sizes, activation, initialisation, seed, iterations."""
    return (tuple([state.n_h] * state.layers), state.activation, state.init, state.seed,
            state.iters)


def _key(state, data, optimizer: str, lr: float) -> tuple:
    return (compute.data_key(state, data), settings(state), optimizer, float(lr))


# One run holds 40 grids of 40² bytes and its costs: about 0.15 MB.
@st.cache_data(max_entries=128, ttl=3600, max_size="64MB", show_spinner=False)
def _run(data_key: tuple, shared: tuple, optimizer: str, lr: float, _data: dict) -> dict:
    hidden, activation, init, seed, iters = shared
    X, Y = _data["X"], _data["Y"]
    plan = training_runs.frame_plan(iters, FRAMES)
    started = time.perf_counter()
    result = engine.train(X, Y, hidden_sizes=list(hidden), activation=activation,
                          learning_rate=lr, iterations=iters, seed=seed, init=init,
                          frames=plan, optimizer=optimizer, beta1=BETA1, beta2=BETA2,
                          epsilon=EPSILON)
    seconds = time.perf_counter() - started
    snaps = result.snapshots
    xlim, ylim = animation.limits(_data)
    grids = engine.boundary_frames(snaps, activation, xlim, ylim, RESOLUTION)
    # A frame past an early stop shows the last good snapshot.
    at = [int(np.searchsorted([s.iteration for s in snaps], p, side="right")) - 1 for p in plan]
    xs, ys, _ = grid_points(xlim, ylim, RESOLUTION)
    return {"optimizer": optimizer, "lr": float(lr), "plan": np.array(plan),
            "shown": np.array([snaps[j].iteration for j in at]),
            "grids": np.round(grids[at] * 255).astype(np.uint8),
            "accuracy": np.array([snaps[j].accuracy for j in at]),
            "cost": np.array([snaps[j].cost for j in at]),
            "costs": np.asarray(result.costs, dtype=float), "xs": xs, "ys": ys,
            "stop": result.stop_iteration, "seconds": seconds}


def run(state, data, optimizer: str, lr: float) -> dict:
    """One optimizer's run for the playground's settings (cached, shared by a class)."""
    key = _key(state, data, optimizer, lr)
    slot = _slot(key)
    with slot.lock:  # a classmate training the same run: wait for it, then read the cache
        out = _run(*key, data)
        slot.done = True
    return out


def pending(state, data, lrs: dict[str, float]) -> list[str]:
    return [o for o, a in lrs.items() if not _slot(_key(state, data, o, a)).done]


def estimate(state, optimizers: list[str]) -> float:
    """Seconds the runs of `optimizers` would take here: gd on the fast loop, the others on
    the general loop (timed once per network size)."""
    gd = training_runs.iteration_seconds(state)
    data = compute.dataset(state)
    other = _general_seconds(data["X"].shape[1], tuple([state.n_h] * state.layers),
                             state.activation)
    return state.iters * sum(gd if o == "gd" else other for o in optimizers)


@st.cache_data(max_entries=64, ttl=600, max_size="1MB", show_spinner=False)
def _general_seconds(m: int, hidden: tuple[int, ...], activation: str) -> float:
    # As training_runs._iteration_seconds: a short and a longer run cancel the fixed costs.
    X, Y = engine.make_dataset("flower", m=m, noise=0.2, seed=0)

    def seconds(iterations: int) -> float:
        started = time.perf_counter()
        engine.train(X, Y, hidden_sizes=list(hidden), activation=activation,
                     iterations=iterations, frames=2, optimizer="adam")
        return time.perf_counter() - started

    short, long = min(seconds(5) for _ in range(2)), min(seconds(30) for _ in range(2))
    return max(long - short, 1e-9) / 25


# ------------------------------------------------------------------ the page section


@st.fragment
def render(ctx, data: dict) -> None:
    """The race's section: choices, the Run button, then the shared player and cost chart."""
    state, lang = session.get_state(), ctx.lang
    st.divider()
    st.subheader("Optimizer race")
    st.markdown(content.text(DOC, "intro", lang, beta1=BETA1, beta2=BETA2, epsilon=EPSILON))
    if data["Y"].shape[0] != 1:  # a softmax data set: the race draws two-class boundaries
        st.info(content.text(DOC, "two_classes", lang))
        return
    if PICK_WIDGET not in st.session_state:  # dropped with the page: seed from our copy
        st.session_state[PICK_WIDGET] = list(st.session_state.get(PICKED, OPTIMIZERS))
    left, right = st.columns([1.3, 1])
    left.multiselect("Optimizers (up to four)", OPTIMIZERS, key=PICK_WIDGET,
                     max_selections=4, on_change=_keep_picked)
    mode = right.radio("α", ("same", "suggested"), key=ALPHA, horizontal=True,
                       format_func=lambda m: {"same": f"same for all: {state.lr:g}",
                                              "suggested": "suggested per optimizer"}[m],
                       help=content.text(DOC, "alpha_help", lang, lr=state.lr,
                                         adaptive=ADAPTIVE_LR))
    picked = [o for o in OPTIMIZERS if o in st.session_state[PICK_WIDGET]]
    if not picked:
        st.caption(content.text(DOC, "pick_one", lang))
        return
    lrs = rates(state.lr, mode, picked)
    key = (compute.data_key(state, data), settings(state), tuple(lrs.items()))
    todo = pending(state, data, lrs)
    if todo:
        seconds = estimate(state, todo)
        if seconds > LONG:
            st.caption(content.text(DOC, "estimate", lang, seconds=seconds, runs=len(todo),
                                    iters=state.iters))
    if st.button("Run the race", key="race_run", icon=":material/sports_score:"):
        st.session_state[SHOWN] = key
    if st.session_state.get(SHOWN) != key:
        # Only on request, even when a classmate's runs are cached: Plotly's bundle, loaded
        # with the page, would hold the player's first paint back.
        return
    runs = []
    bar = st.progress(0.0, text="Training…") if todo else None
    for k, o in enumerate(picked):
        if bar is not None:
            bar.progress(k / len(picked), text=f"Training {o} ({k + 1} of {len(picked)})…")
        runs.append(run(state, data, o, lrs[o]))
    if bar is not None:
        bar.empty()
    st.plotly_chart(_shared_figure(key, state.presenter, runs, data),
                    config=style.MATRIX_CONFIG, key="race_chart")  # no toolbar over titles
    st.caption(content.text(DOC, "read", lang))
    for r in runs:
        if r["stop"] is not None:
            st.caption(content.text(DOC, "stopped", lang, optimizer=r["optimizer"],
                                    iteration=r["stop"]))


def _keep_picked() -> None:
    st.session_state[PICKED] = list(st.session_state[PICK_WIDGET])


# A resource, not data: a hit hands back the one figure instead of unpickling 40 frames.
@st.cache_resource(max_entries=16, ttl=3600, show_spinner=False)
def _shared_figure(key: tuple, presenter: bool, _runs: list[dict], _data: dict) -> go.Figure:
    fig = Sent(figure(_runs, _data, presenter))
    fig._sent = go.Figure.to_dict(fig)
    return fig
