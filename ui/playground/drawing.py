"""Draw your data: a click on the playground's plane adds a point, or removes the nearest.

The player (components/boundary_player.js) reports a click in data coordinates; `on_click`
turns it into a new set of points and sends them down the own-data path: checked by
`points.validate_points` like an upload, stored by `own_data.store` as the session's
"custom" data set, and written into the link (`pts`, ui/classroom/point_link.py) through
`session.change`. The first point drawn starts from the current data set's points, at most
START_POINTS of them, so the learner edits what they see instead of a blank plane.

A lesson that pins the data set pins the points too: drawing is off, because a drawn point
would change the data set the lesson fixed.

Retraining after a click is either the usual cached run from the initial weights, or a run
that continues from the weights the player showed when the point was drawn (its final
parameters). The second is this session's own: a link carries the points, not the weights
they started from, so whoever opens it trains them from scratch.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import streamlit as st

import engine
from ui import compute, content, training_runs
from ui.classroom import own_data, point_link
from ui.classroom.points import DataError, validate_points
from ui.playground import animation
from ui.shell import session
from ui.state import FRAMES, State

DOC = "playground"
MODE_KEY = "draw_mode"  # "0", "1", "remove", or None: clicks do nothing
RETRAIN_KEY = "draw_retrain"  # "scratch" or "current"
WARM_KEY = "draw_warm"  # the run that continues from the weights of the moment of a click
PLAYER_KEY = "boundary_player"  # animation.render's key: the click arrives there
START_POINTS = 100  # the first point keeps this many of the data set's: room for 100 more
MODES = ("0", "1", "remove")
RETRAINS = ("scratch", "current")


def allowed(state: State) -> bool:
    """Drawing changes the data set, so a lesson's pin on it turns drawing off."""
    return "dataset" not in state.hide


def controls(ctx) -> str:
    """The toggle row above the player. Returns the mode the player gets ("" when clicks do
    nothing), so the canvas shows a crosshair only when a click will draw."""
    state = ctx.state
    row = st.container(horizontal=True, vertical_alignment="center", key="draw_controls")
    if not allowed(state):
        row.caption(ctx.text("draw_pinned"))
        return ""
    mode = row.segmented_control(
        ctx.text("draw_label"), MODES, key=MODE_KEY, format_func=lambda m: ctx.text(f"draw_{m}"),
        help=ctx.text("draw_help", max_points=point_link.MAX_POINTS, start=START_POINTS))
    row.segmented_control(
        ctx.text("retrain_label"), RETRAINS, key=RETRAIN_KEY, default="scratch",
        format_func=lambda m: ctx.text(f"retrain_{m}"), help=ctx.text("retrain_help"))
    return mode or ""


def on_click() -> None:
    """The player's click, before the rerun: apply it to the points."""
    value = st.session_state.get(PLAYER_KEY)
    click = value.get("click") if isinstance(value, Mapping) else getattr(value, "click", None)
    mode = st.session_state.get(MODE_KEY)
    state = session.get_state()
    if not click or mode not in MODES or not allowed(state):
        return
    try:
        x1, x2 = float(click["x1"]), float(click["x2"])
    except (KeyError, TypeError, ValueError):
        return  # not a click the player sends
    if not (np.isfinite(x1) and np.isfinite(x2)):
        return
    apply(state, mode, x1, x2, bool(click.get("shift")),
          st.session_state.get(RETRAIN_KEY) == "current")


def apply(state: State, mode: str, x1: float, x2: float, shift: bool = False,
          warm: bool = False) -> bool:
    """Add a point at (x1, x2) (class `mode`, the other one with Shift) or remove the point
    nearest to it. Returns whether the points changed; a refusal is said in a toast."""
    X, Y = current_points(state)
    if mode == "remove":
        X, Y = remove_nearest(X, Y, x1, x2, _extent(state))
    else:
        if X.shape[1] >= point_link.MAX_POINTS:
            st.toast(content.text(DOC, "draw_full", max_points=point_link.MAX_POINTS),
                     icon=":material/block:")
            return False
        label = int(mode) ^ int(shift)
        X, Y = np.hstack([X, [[x1], [x2]]]), np.hstack([Y, [[label]]])
    try:
        X, Y = validate_points(_rows(X, Y))
        link = point_link.encode(X, Y)
        X, Y = point_link.decode(link)  # the session holds exactly what the link holds
    except (DataError, point_link.LinkError) as error:
        st.toast(content.text(DOC, "draw_rejected", error=error), icon=":material/block:")
        return False
    start = training(state) if warm else None  # what the player shows: before the change
    own_data.store(X, Y, link)
    if start is not None:
        new = session.get_state()
        st.session_state[WARM_KEY] = {
            "data": compute.data_key(new, compute.dataset(new)), "train": new.key("train"),
            "params": {k: np.array(v) for k, v in start.params.items()}}
    else:
        st.session_state.pop(WARM_KEY, None)
    return True


def current_points(state: State) -> tuple[np.ndarray, np.ndarray]:
    """The points a click edits: the drawn or uploaded set when it is the data set, else (and
    on the first click) at most START_POINTS of the current data set, classes taking turns."""
    custom = session.custom_data()
    if state.dataset == "custom" and custom is not None:
        X, Y = custom
        if state.pts or X.shape[1] <= START_POINTS:
            return np.asarray(X), np.asarray(Y)
    # Drawn points have two classes (0 and 1): a softmax run's K-class set starts as the data
    # set's two-class version
    data = compute.dataset(state.replace(test_frac=0.0, output="sigmoid"))
    X, Y = data["X"], data["Y"]
    if X.shape[1] <= START_POINTS:
        return X, Y
    order = np.random.default_rng(state.data_seed).permutation(X.shape[1])
    idx = np.sort(compute.take_turns(order, Y[0], START_POINTS))
    return X[:, idx], Y[:, idx]


def remove_nearest(X: np.ndarray, Y: np.ndarray, x1: float, x2: float,
                   extent: tuple[tuple[float, float], tuple[float, float]]):
    """X, Y without the point nearest to (x1, x2) as the eye sees it: distances in shares of
    the plotted ranges, since the plot is square whatever the ranges."""
    (a, b), (c, d) = extent
    dist = ((X[0] - x1) / (b - a)) ** 2 + ((X[1] - x2) / (d - c)) ** 2
    keep = np.arange(X.shape[1]) != int(np.argmin(dist))
    return X[:, keep], Y[:, keep]


def _extent(state: State):
    return animation.limits(compute.dataset(state))


def _rows(X: np.ndarray, Y: np.ndarray) -> list[dict[str, float]]:
    return [{"x1": float(a), "x2": float(b), "label": float(c)}
            for a, b, c in zip(X[0], X[1], Y[0], strict=True)]


# ------------------------------------------------------------ retraining from the current weights


def _warm_record(state: State, data: dict[str, np.ndarray]) -> dict | None:
    """The session's continuation if it is for exactly this data and these settings."""
    record = st.session_state.get(WARM_KEY)
    if (record is None or state.dataset != "custom" or record["train"] != state.key("train")
            or record["data"] != compute.data_key(state, data)):
        return None
    return record


def training(state: State):
    """The run the playground shows: the continuation from the weights of the last click when
    the learner chose that and nothing else changed since, else the usual cached run."""
    data = compute.dataset(state)
    record = _warm_record(state, data)
    if record is None:
        return training_runs.training(state)
    with st.spinner(content.text(DOC, "retrain_spinner")):
        return _warm_run(record["data"], record["train"], compute.digest(record["params"]), data,
                         record["params"], training_runs.training_settings(state, FRAMES),
                         tuple(training_runs.engine_options(state).items()))


def run_key(state: State) -> tuple:
    """Names the shown run for the player's payload cache: the settings, and the starting
    weights when the run continues from a click's."""
    record = _warm_record(state, compute.dataset(state))
    return state.key("train") + (("from", compute.digest(record["params"])) if record else ())


# One learner's run, so few and short-lived: 4 entries of 0.15 MB (n_h = 4, 200 snapshots)
# up to 12.5 MB (4 layers of 50 units) each. A session itself keeps only its points (≤ 4.8 kB)
# and the starting weights (≤ 63 kB).
@st.cache_resource(max_entries=4, ttl=900, show_spinner=False)
def _warm_run(data_key: tuple, train_key: tuple, start: str, _data, _params, _settings,
              _options: tuple = ()):
    hidden, activation, lr, iters, seed, init, frames = _settings
    result = engine.train(
        _data["X"], _data["Y"], hidden_sizes=list(hidden), activation=activation,
        learning_rate=lr, iterations=iters, seed=seed, init=init,
        frames=training_runs.frame_plan(iters, frames),  # spaced like every other run
        params={k: np.array(v) for k, v in _params.items()}, **training_runs.test_split(_data),
        **dict(_options))  # the course-2 options: train_key names them
    return training_runs.freeze(result)
