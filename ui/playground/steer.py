"""Pause, continue, steer: continuations of a playground run, how a new run starts playing,
and the warning before a long run.

A continuation is one entry of `State.more`, (start, n, α): from the run's iteration
`start` (anything after it is dropped), n more iterations at α. The player asks for one
(components/boundary_player.js: "Train N more" from the last frame, or a new α from the
frame on screen) through its `steer` trigger; `on_steer` appends it with `session.change`,
so the link reproduces the whole run. A change of any other setting starts over: `restart`
clears the continuations. The runs themselves are trained in ui/compute.py.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping

import streamlit as st

from ui import content, training_runs
from ui.continuations import MAX_SEGMENTS, MORE_ITERS, Segments
from ui.playground import DOC
from ui.shell import session
from ui.state import FEEDS, FIELD_BY_NAME, LEARNING_RATES, State

PLAYER_KEY = "boundary_player"  # animation.render's key: the trigger arrives there
BASE_KEY = "steer_base"  # the settings the current continuations continue
SHOWN_KEY = "steer_shown"  # the id of the run the player was last given…
VIEW_KEY = "steer_view"  # …and how it was told to open (start frame, autoplay)
FROM_KEY = "steer_from"  # the iteration a continuation starts at: it plays from there
DONE_KEY = "steer_done"  # the last settings whose run finished: Cancel goes back to them
MORE_OPTIONS = (200, 1_000, 2_000, 5_000)  # "Train N more": N
LONG_RUN_S = 5.0  # a run expected to take longer is announced, with a Cancel button
OVERHEAD = 1.25  # snapshots, progress and the payload on top of the bare iterations
EARLY_ITERS = 2_000  # a run this long, not trained yet, starts playing after a head start
# The head: at most the first tenth, trained in at most HEAD_SECONDS and snapshotted
# HEAD_FRAMES times (two seconds at the player's 30 fps, about as long as the rest of a
# default run takes to train). Both bound the time from a slider change to a playing run:
# 0.04 s is about 300 of the default run's iterations, where the boundary first bends
# (0.08 s put the new run's first frame about 40 ms later).
HEAD_SECONDS = 0.04
HEAD_FRAMES = 60
# A run expected to take longer than this plays no head: it is announced with Cancel. Well
# above LONG_RUN_S, so that a busy machine's slower timing never takes a head from a run of
# a few seconds.
HEADLESS_S = 30.0


def _base(state: State) -> tuple:
    """Everything a run depends on but its continuations (drawn points included)."""
    return (*(getattr(state, name) for name in FEEDS["train"] if name != "more"), state.pts)


def restart(ctx) -> State:
    """Continuations continue one run: a change of any other setting starts over."""
    state = ctx.state
    base = _base(state)
    if state.more and st.session_state.get(BASE_KEY, base) != base:
        state = session.change(more=Segments())
        session.sync_url(state)
        ctx.state = state
    st.session_state[BASE_KEY] = _base(state)
    return state


def on_steer() -> None:
    """The player's "Train N more" or new α, before the rerun: append the continuation."""
    value = st.session_state.get(PLAYER_KEY)
    asked = value.get("steer") if isinstance(value, Mapping) else getattr(value, "steer", None)
    try:
        start, n, rate = int(asked["start"]), int(asked["n"]), float(asked["lr"])
    except (KeyError, TypeError, ValueError):
        return  # not something the player sends
    apply(session.get_state(), start, n, rate)


def apply(state: State, start: int, n: int, rate: float) -> bool:
    """Append (start, n, α) to the state's continuations; refused, with a toast, past the
    caps. Returns whether the state changed."""
    wanted = (*state.more, (start, n, rate))
    new = session.change(more=wanted)
    if len(new.more) != len(wanted):
        st.toast(content.text(DOC, "more_full", segments=MAX_SEGMENTS, iters=MORE_ITERS),
                 icon=":material/block:")
        return False
    st.session_state[BASE_KEY] = _base(new)
    st.session_state[FROM_KEY] = min(start, training_runs.total_iterations(state))
    return True


def view(state: State, run_id: str, iterations: list[int]) -> dict[str, object]:
    """How the player opens run `run_id`: a new run plays from iteration 0 (a continuation
    from where it starts), except on a link's first view that names a frame: paused there."""
    if st.session_state.get(SHOWN_KEY) != run_id:
        named = state.frame != FIELD_BY_NAME["frame"].default
        if SHOWN_KEY not in st.session_state and named:
            opening = {"start_frame": min(state.frame, len(iterations) - 1), "autoplay": False}
        else:
            start = st.session_state.pop(FROM_KEY, 0)
            first = next((k for k, it in enumerate(iterations) if it >= start), 0)
            opening = {"start_frame": first, "autoplay": True}
        st.session_state[SHOWN_KEY], st.session_state[VIEW_KEY] = run_id, opening
    return dict(st.session_state[VIEW_KEY])


def head(state: State) -> State | None:
    """The start of the run of `state`, to play while the rest trains: its first tenth, or
    less when a tenth would take longer than HEAD_SECONDS here. None when the run is cached,
    short, long enough to be announced, or a continuation (whose earlier parts are cached
    and quick)."""
    if state.more or state.iters < EARLY_ITERS:
        return None
    if training_runs.pending_iterations(state) < state.iters:
        return None
    per_iteration = training_runs.iteration_seconds(state)
    if per_iteration * state.iters * OVERHEAD > HEADLESS_S:
        # A long run is announced with Cancel instead (announce): its head would play for
        # two seconds, then wait for minutes, and while the head's player mounted, the
        # browser stalled loading the Cancel button's code.
        return None
    quick = int(HEAD_SECONDS / per_iteration)
    return state.replace(iters=max(state.iters // 100, min(state.iters // 10, quick)))


def run_name(state: State, replay: int) -> str:
    """Names one run in the browser, so the full run's player continues where the player of
    its first tenth is (and a replay, a new run, does not)."""
    text = repr((state.key("train"), state.pts, replay, state.presenter))
    return hashlib.sha1(text.encode()).hexdigest()[:12]


def controls(ctx, state: State) -> dict[str, object]:
    """The player's steering options: the α on offer, N, and how many iterations are left."""
    left = MORE_ITERS - sum(n for _, n, _ in state.more)
    if len(state.more) >= MAX_SEGMENTS or "more" in state.hide:
        left = 0
    rates = sorted({*LEARNING_RATES, state.lr, *(a for _, _, a in state.more)})
    return {"rates": rates, "more_options": list(MORE_OPTIONS), "more_left": left,
            "more_full": ctx.text("more_full", segments=MAX_SEGMENTS, iters=MORE_ITERS)}


def estimate(state: State) -> tuple[float, int]:
    """(seconds, iterations) the run of `state` still has to train here, from a timed short
    run of this network; 0 when it is cached."""
    pending = training_runs.pending_iterations(state)
    if not pending:
        return 0.0, 0
    return training_runs.iteration_seconds(state) * pending * OVERHEAD, pending


def announce(ctx, state: State):
    """Before a long run: say how long, and offer to cancel it (back to the last run).
    Returns the placeholder to empty once the run is trained."""
    slot = st.empty()
    seconds, pending = estimate(state)
    if seconds <= LONG_RUN_S:
        return slot
    box = slot.container(key="long_run")
    box.info(ctx.text("long_run", seconds=seconds, iterations=pending),
             icon=":material/hourglass_top:")
    box.button(ctx.text("cancel_label"), key="cancel_run", icon=":material/cancel:",
               on_click=cancel, help=ctx.text("cancel_help"))
    return slot


def cancel() -> None:
    """Back to the settings of the last finished run (its result is cached), or, on a first
    visit, to the default run: either way a result that is already there or quick."""
    done = st.session_state.get(DONE_KEY) or State()
    back = session.change(**{name: getattr(done, name) for name in FEEDS["train"]})
    st.session_state[BASE_KEY] = _base(back)  # its continuations are its own: keep them


def finished(state: State) -> None:
    """Remember the settings whose run is on screen, for Cancel."""
    st.session_state[DONE_KEY] = state
