"""The training playground: watch gradient descent learn 2D data, frame by frame.

Training runs once per settings (compute.training, cached and shared by a class) and
animation.py plays it in the browser. The charts below the animation show one frame,
`state.frame`, chosen with a slider; they live in a fragment so moving the slider never
re-sends the animation. The charts themselves are in views.py, what an early stop means in
stops.py, the course's experiment and hidden-size sweep in course.py.
"""

from __future__ import annotations

import random

import streamlit as st

from ui import compute, nav
from ui.playground import animation, course, stops, views
from ui.playground.course import COURSE_PRESET, is_course
from ui.shell import session
from ui.state import State, to_query

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


def _controls(ctx) -> None:
    state = ctx.state
    row = st.container(horizontal=True, vertical_alignment="center", key="playground_controls")
    row.button("Course preset", key="preset_course", icon=":material/school:",
               on_click=_course_preset, disabled=is_course(state), help=ctx.text("preset_help"))
    row.button("Reset: same start", key="reset_same", icon=":material/replay:",
               on_click=_replay, args=(state,), help=ctx.text("reset_same_help"))
    row.button("Reset: new seed", key="reset_new_seed", icon=":material/casino:",
               on_click=_new_seed, args=(state,), help=ctx.text("reset_new_help"))
    layers = ctx.text("one_layer" if state.layers == 1 else "layers", layers=state.layers)
    row.caption(ctx.text("summary", dataset=state.dataset.replace("_", " "),
                         points=state.train_m, layers=layers, n_h=state.n_h,
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
    st.session_state["w_frame"] = i
    st.select_slider(
        "Look inside the network at iteration", options=list(range(len(snaps))),
        format_func=lambda k: f"{snaps[k].iteration:,}", key="w_frame", on_change=_commit_frame,
        help=ctx.text("frame_help"))
    session.sync_url(session.get_state())
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


def _remember_inside() -> None:
    st.session_state[INSIDE_KEY] = st.session_state["w_inside"]


def _commit_frame() -> None:
    session.change(frame=st.session_state["w_frame"])


def _walk_link(ctx, state: State, iteration: int) -> None:
    """The walk opens on this frame's network: step 1 for the course's one hidden layer,
    the deeper-networks step otherwise."""
    query = to_query(state.replace(at=iteration))
    if state.layers == 1:
        st.page_link(nav.page("forward").script, icon=":material/link:", query_params=query,
                     label=ctx.text("walk_link", iteration=iteration))
    else:
        st.page_link(nav.page("deeper").script, icon=":material/link:", query_params=query,
                     label=ctx.text("deeper_link", layers=state.layers))
        st.caption(ctx.text("deeper_note"))

