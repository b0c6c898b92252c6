"""The training playground: watch gradient descent learn 2D data, frame by frame.

Training runs once per settings (training_runs.training, cached and shared by a class) and
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
from ui import compute, nav, training_runs
from ui.playground import animation, course, course2, drawing, options, race, steer, stops, views
from ui.playground.course import COURSE_PRESET, is_course
from ui.shell import session, sidebar
from ui.state import FIELD_BY_NAME, State, to_query

REPLAY_KEY = "playground_replay"  # bumps when a reset asks the player to start over
INSIDE_KEY = "playground_inside"  # the charts' expander stays open once opened


def render(ctx) -> None:
    state = steer.restart(ctx)  # another setting changed: the continuations are dropped
    _controls(ctx)
    notice = steer.announce(ctx, state)
    notes, slot = st.container(), st.empty()  # filled once the run is trained
    # The drawing tools sit under the plane they act on, so that on a 1366×768 screen the
    # player, not two rows of tools, follows the controls.
    with st.container():
        draw = drawing.controls(ctx)
    handoff = steer.run_name(state, st.session_state.get(REPLAY_KEY, 0))
    try:
        data = compute.dataset(state)
        head = steer.head(state) if drawing.run_key(state) == state.key("train") else None
        if head is not None:  # play the run's start while the rest trains
            with slot:  # one element: the full run's player replaces it
                _early_player(ctx, head, data, handoff)
        result = drawing.training(state)  # the cached run, or one continued after a click
    except ValueError as err:  # e.g. a custom data set with one class
        st.error(ctx.text("cannot_train", error=err))
        return
    notice.empty()
    steer.finished(state)
    schedule = training_runs.schedule(state) if state.more else [(0, state.lr)]
    with notes:
        stops.notice(ctx, result, data)
        stops.bounce_notice(ctx, result, data, schedule)
    # Keyed by every setting the run depends on (with `data`, which names uploaded points).
    body = animation.trajectory_payload(data, drawing.run_key(state), result,
                                        stops.player_sentence(result, ctx.lang),
                                        options.hover_hint(ctx, data), tuple(schedule))
    # A new id makes the player start over, playing from 0 (a link's frame opens paused); the
    # same id keeps a running animation going.
    run_id = f"{body['id']}-{st.session_state.get(REPLAY_KEY, 0)}-{int(state.presenter)}"
    with slot:
        animation.render(body, id=run_id, **steer.view(state, run_id, body["iterations"]),
                         presenter=state.presenter, **steer.controls(ctx, state),
                         on_steer=steer.on_steer, draw=draw, on_click=drawing.on_click,
                         diagram_hint=ctx.text("diagram_hint"), run=handoff)
    options.notes(ctx, state, data)  # below the player, which stays in view
    st.caption(ctx.text("steer_note"))
    _frame_views(ctx)
    course.render(ctx, result, data)
    race.render(ctx, data)  # the optimizer race, then the course-2 experiment
    course2.render(ctx)


def _early_player(ctx, head: State, data: dict, handoff: str) -> None:
    """The start of a run (steer.head), playing while the rest trains; the full run's player
    takes over at the iteration this one has reached (`run`: components/boundary_player.js)."""
    result = training_runs.training(head, frames=steer.HEAD_FRAMES)
    # The head's own frame count names its payload: a run of the same length, trained for
    # itself, has FRAMES snapshots.
    name = (*head.key("train"), steer.HEAD_FRAMES)
    body = animation.trajectory_payload(data, name, result, None,
                                        options.hover_hint(ctx, data), ((0, head.lr),))
    animation.render(body, key="boundary_player_early", id=f"{body['id']}-early",
                     start_frame=0, autoplay=True, early=True, run=handoff,
                     presenter=head.presenter, diagram_hint=ctx.text("diagram_hint"))


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
    options.controls(ctx, row)  # course 2: softmax, λ, keep_prob, optimizer, mini-batches
    layers = ctx.text("one_layer" if state.layers == 1 else "layers", layers=state.layers)
    row.caption(ctx.text("summary", dataset=state.dataset.replace("_", " "),
                         points=_point_count(state), layers=layers, n_h=state.n_h,
                         activation=state.activation, lr=state.lr, iters=state.iters,
                         init=state.init, seed=state.seed)
                + (f" · {options.summary(ctx, state)}" if not options.is_default(state) else ""),
                width="stretch")


def _course_preset() -> None:
    session.change(**COURSE_PRESET)


def _replay(state: State) -> None:
    st.session_state[REPLAY_KEY] = st.session_state.get(REPLAY_KEY, 0) + 1
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
    data, result = compute.dataset(state), drawing.training(state)
    snaps = result.snapshots
    i = min(state.frame, len(snaps) - 1)
    snap = snaps[i]
    st.subheader("Inside the network at one moment")
    session.seed_widget("w_frame", i)  # only when it differs: see seed_widget
    st.select_slider(
        ctx.text("frame_label", unit=options.unit(ctx, state)), options=list(range(len(snaps))),
        value=i,
        format_func=lambda k: f"{snaps[k].iteration:,}", key="w_frame", on_change=_commit_frame,
        help=ctx.text("frame_help"))
    session.sync_url(session.get_state())
    st.caption(_boundary_summary(ctx, state, data, snap), width="stretch")
    # The walk trains at the settings' one α: a frame after a change of α is not its network.
    schedule = training_runs.schedule(state) if state.more else [(0, state.lr)]
    changed = next((t for t, rate in schedule if rate != state.lr), None)
    if changed is not None and snap.iteration > changed:
        st.caption(ctx.text("walk_beyond", start=changed))
    else:
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
    if data["Y"].shape[0] > 1 or state.batch > 0:  # K classes, or epochs: options.py says it
        return options.boundary_summary(ctx, state, data, snap)
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
