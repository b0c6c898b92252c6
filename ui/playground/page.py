"""The training playground: watch gradient descent learn 2D data, frame by frame.

Training runs once per settings (compute.training, cached and shared by a class) and
animation.py plays it in the browser. The charts below the animation show one frame,
`state.frame`, chosen with a slider; they live in a fragment so moving the slider never
re-sends the animation. The charts themselves are in views.py, what an early stop means in
stops.py, the course's experiment and hidden-size sweep in course.py.
"""

from __future__ import annotations

import random

import numpy as np
import streamlit as st

import engine
from ui import compute, nav
from ui.playground import animation, course, stops, views
from ui.playground.course import COURSE_PRESET, is_course
from ui.shell import session, sidebar
from ui.state import FIELD_BY_NAME, State, to_query

REPLAY_KEY = "playground_replay"  # bumps when a reset asks the player to start over
AUTOPLAY_KEY = "playground_autoplay"  # set by a reset, consumed by the next run
INSIDE_KEY = "playground_inside"  # the charts' expander stays open once opened


def render(ctx) -> None:
    state = ctx.state
    _controls(ctx)
    try:
        data = compute.dataset(state)
        result = compute.training(state)
    except ValueError as err:  # e.g. a custom data set with one class
        st.error(ctx.text("cannot_train", error=err))
        return
    stops.notice(ctx, result, data)
    stops.bounce_notice(ctx, result, data)
    # Keyed by every setting the run depends on (with `data`, which names uploaded points).
    body = animation.trajectory_payload(data, state.key("train"), result,
                                        stops.player_sentence(result, ctx.lang),
                                        ctx.text("hover_hint"))
    # A new id makes the player start over; the same id keeps a running animation going.
    # It opens on the URL's frame (by default the trained network); Play replays from 0.
    replay = st.session_state.get(REPLAY_KEY, 0)
    animation.render(body, id=f"{body['id']}-{replay}", start_frame=state.frame,
                     autoplay=bool(st.session_state.pop(AUTOPLAY_KEY, False)))
    _frame_views(ctx)
    course.render(ctx, result, data)


def _point_count(state: State) -> int:
    """How many points the run uses in all: an upload's own count, not the slider's."""
    custom = session.custom_data() if state.dataset == "custom" else None
    return custom[0].shape[1] if custom is not None else state.train_m


# The settings the playground is about, above the player: in the sidebar they would come
# after the five data settings, below the fold of a 1366×768 screen. The sidebar leaves
# them out (one widget per setting: see sidebar.settings_panel).
QUICK_FIELDS = ("n_h", "activation", "lr")


def _controls(ctx) -> None:
    state = ctx.state
    quick = [FIELD_BY_NAME[name] for name in QUICK_FIELDS if name not in state.hide]
    if quick:
        for column, field in zip(st.columns(len(quick)), quick, strict=True):
            with column:
                sidebar.widget(field, state, prefix="quick_")
    row = st.container(horizontal=True, vertical_alignment="center", key="playground_controls")
    row.button("Course preset", key="preset_course", icon=":material/school:",
               on_click=_course_preset, disabled=is_course(state), help=ctx.text("preset_help"))
    row.button("Reset: same start", key="reset_same", icon=":material/replay:",
               on_click=_replay, args=(state,), help=ctx.text("reset_same_help"))
    row.button("Reset: new seed", key="reset_new_seed", icon=":material/casino:",
               on_click=_new_seed, args=(state,), help=ctx.text("reset_new_help"))
    layers = ctx.text("one_layer" if state.layers == 1 else "layers", layers=state.layers)
    row.caption(ctx.text("summary", dataset=state.dataset.replace("_", " "),
                         points=_point_count(state), layers=layers, n_h=state.n_h,
                         activation=state.activation, lr=state.lr, iters=state.iters,
                         init=state.init, seed=state.seed), width="stretch")


def _course_preset() -> None:
    session.change(**COURSE_PRESET)


def _replay(state: State) -> None:
    st.session_state[REPLAY_KEY] = st.session_state.get(REPLAY_KEY, 0) + 1
    st.session_state[AUTOPLAY_KEY] = True
    session.change(frame=0)


def _new_seed(state: State) -> None:
    seed = state.seed
    while seed == state.seed:
        seed = random.randrange(100_000)
    _replay(state)
    session.change(seed=seed)


# ----------------------------------------------------------------- frame views


@st.fragment
def _frame_views(ctx) -> None:
    state = session.get_state()
    data, result = compute.dataset(state), compute.training(state)
    snaps = result.snapshots
    i = min(state.frame, len(snaps) - 1)
    snap = snaps[i]
    st.subheader("Inside the network at one moment")
    session.seed_widget("w_frame", i)  # only when it differs: see seed_widget
    st.select_slider(
        "Look inside the network at iteration", options=list(range(len(snaps))), value=i,
        format_func=lambda k: f"{snaps[k].iteration:,}", key="w_frame", on_change=_commit_frame,
        help=ctx.text("frame_help"))
    session.sync_url(session.get_state())
    st.caption(_boundary_summary(ctx, state, data, snap), width="stretch")
    _walk_link(ctx, state, snap.iteration)
    # Closed until asked for, and lazy inside: Plotly's bundle is large, and loading it with
    # the page held the animation's first paint back by seconds (measured on 2 busy cores).
    st.session_state["w_inside"] = st.session_state.get(INSIDE_KEY, False)
    inside = st.expander("Charts at this frame: cost and accuracy · the hidden layer's view · "
                         "each hidden unit · gradient health", icon=":material/insights:",
                         key="w_inside", on_change=_remember_inside)
    if not inside.open:
        return
    with inside:
        views.show(ctx, state, data, snaps, i)


def _boundary_summary(ctx, state: State, data: dict, snap) -> str:
    """The boundary in one sentence, for anyone who cannot see the canvas: how much of the
    plane the network gives to each class, and how many points it gets right."""
    xlim, ylim = engine.plot_extent(data["X"])
    [grid] = engine.boundary_frames([snap], state.activation, xlim, ylim, resolution=40)
    share = float(np.mean(grid >= 0.5)) * 100
    return ctx.text("boundary_summary", iteration=snap.iteration, share=share,
                    accuracy=snap.accuracy, points=data["X"].shape[1], cost=snap.cost)


def _remember_inside() -> None:
    st.session_state[INSIDE_KEY] = st.session_state["w_inside"]


def _commit_frame() -> None:
    session.change(frame=st.session_state["w_frame"])


def _walk_link(ctx, state: State, iteration: int) -> None:
    """The walk opens on this frame's network: step 1 for the course's one hidden layer,
    the deeper-networks step otherwise.

    A button, not a page link: the walk's pages keep the session's state, not a link's, so
    `at` changes through session.change (which refuses it if a lesson pins it) and only
    then does the page switch."""
    one = state.layers == 1
    label = (ctx.text("walk_link", iteration=iteration) if one
             else ctx.text("deeper_link", layers=state.layers))
    if st.button(label, key="walk_at_frame", icon=":material/link:", type="tertiary"):
        walked = session.change(at=iteration)
        if walked.at == iteration:
            st.switch_page(nav.page("forward" if one else "deeper").script,
                           query_params=to_query(walked))
    if not one:
        st.caption(ctx.text("deeper_note"))
