"""Learning you can see, pause-continue-steer, and the word before a long run (issue 13).

Dense frames where the boundary forms; continuations in the state and the link; a new run
that plays from 0; the estimate and Cancel. The browser side is in
tests/browser/test_browser_live_playground.py."""

from __future__ import annotations

import numpy as np
import pytest
import streamlit as st
from test_playground import QUICK, open_playground, payload_of, state_of

from ui import compute, training_runs
from ui.continuations import MAX_SEGMENTS, MORE_ITERS, SEGMENT_FRAMES
from ui.playground import animation, steer
from ui.state import FIELD_BY_NAME, FRAMES, MAX_FRAMES, State, from_query, to_query


@pytest.fixture
def fresh():
    st.cache_data.clear()
    st.cache_resource.clear()


# ------------------------------------------------------------------- dense frames


def test_a_run_shorter_than_the_frames_shows_every_iteration():
    assert training_runs.frame_plan(100) == list(range(101))


@pytest.mark.parametrize("iterations", [1_000, 10_000, 20_000])
def test_half_the_frames_fall_in_the_first_tenth_and_the_ends_are_kept(iterations):
    plan = training_runs.frame_plan(iterations)
    assert plan[0] == 0 and plan[-1] == iterations and plan == sorted(set(plan))
    assert len(plan) <= FRAMES
    early = sum(1 for k in plan if k <= iterations / 10)
    assert early >= 0.4 * len(plan), (early, len(plan))  # evenly spaced would give 10 %


def test_the_default_run_snapshots_its_plan(fresh):
    result = training_runs.training(State(iters=2_000))
    assert [s.iteration for s in result.snapshots] == training_runs.frame_plan(2_000)


def test_the_largest_run_stays_within_the_payload_budget(fresh):
    # Every continuation the caps allow, each adding its own frames.
    more = tuple((2_000 + 200 * k, MORE_ITERS // MAX_SEGMENTS, 0.3 if k % 2 else 1.2)
                 for k in range(MAX_SEGMENTS))
    state = State(iters=2_000, test_frac=0.25, more=more)
    result = training_runs.training(state)
    assert len(result.snapshots) <= MAX_FRAMES
    body = animation.trajectory_payload(compute.dataset(state), state.key("train"), result,
                                        None, "", tuple(training_runs.schedule(state)))
    assert animation.payload_bytes(body) <= animation.MAX_PAYLOAD_BYTES


# ---------------------------------------------------------------- continuations


def test_train_more_at_the_same_rate_is_the_longer_run_exactly(fresh):
    longer = training_runs.training(State(iters=1_500))
    more = training_runs.training(State(iters=1_000, more=((1_000, 500, 1.2),)))
    assert more.iterations_done == 1_500 and len(more.costs) == 1_500
    np.testing.assert_array_equal(more.costs, longer.costs)
    for name, value in longer.params.items():
        np.testing.assert_array_equal(more.params[name], value)


def test_a_new_rate_continues_from_the_weights_at_its_start(fresh):
    base = training_runs.training(State(iters=1_000))
    start = base.snapshots[120].iteration
    state = State(iters=1_000, more=((start, 300, 0.3),))
    steered = training_runs.training(state)
    assert steered.iterations_done == start + 300
    np.testing.assert_array_equal(steered.costs[:start], base.costs[:start])
    # The first step after `start` is the paused weights' step at the new α …
    assert steered.costs[start] == pytest.approx(base.snapshots[120].cost, abs=1e-12)
    assert training_runs.schedule(state) == [(0, 1.2), (start, 0.3)]
    # … and what followed `start` in the first run is gone.
    assert [s.iteration for s in steered.snapshots if s.iteration <= start] == \
        [s.iteration for s in base.snapshots if s.iteration <= start]


def test_a_start_between_two_snapshots_is_trained_up_to(fresh):
    exact = training_runs.training(State(iters=1_000, more=((997, 100, 0.5),)))
    plain = training_runs.training(State(iters=997, more=((997, 100, 0.5),)))
    np.testing.assert_allclose(exact.costs, plain.costs, rtol=0, atol=1e-12)


def test_a_start_past_the_end_continues_from_the_end(fresh):
    state = State(iters=500, more=((9_999, 100, 1.2),))
    assert training_runs.training(state).iterations_done == 600


def test_a_cancelled_run_leaves_the_cache_as_it_was(fresh):
    done = training_runs.training(State(iters=300))
    state = State(iters=300, more=((300, 2_000, 0.3),))

    def stop(fraction):
        if fraction > 0.2:
            raise training_runs.Cancelled

    with pytest.raises(training_runs.Cancelled):
        training_runs.training(state, progress=stop)
    assert training_runs.pending_iterations(state) == 2_000  # nothing half-stored
    assert training_runs.training(State(iters=300)) is done


# ------------------------------------------------------------------ in the link


def test_continuations_round_trip_through_the_link():
    more = ((10_000, 2_000, 0.3), (11_000, 500, 1.2))
    query = to_query(State(more=more))
    assert query == {"more": "10000:2000@0.3,11000:500@1.2"}
    back, warnings = from_query(query)
    assert back.more == more and warnings == []


@pytest.mark.parametrize(("raw", "kept"), [
    ("10:5@0.3,x,7", ((10, 5, 0.3),)),  # malformed entries are dropped
    ("10:0@0.3", ()),  # no iterations
    ("10:5@50", ()),  # α beyond the slider's range
    ("-1:5@0.3", ()),
    (",".join(["1:10@1"] * (MAX_SEGMENTS + 2)), ((1, 10, 1.0),) * MAX_SEGMENTS),
    (f"0:{MORE_ITERS}@1,0:1@1", ((0, MORE_ITERS, 1.0),)),  # the iteration cap
])
def test_bad_continuations_are_dropped_with_a_warning(raw, kept):
    state, warnings = from_query({"more": raw})
    assert state.more == kept
    assert len(warnings) == 1 and "`more=" in warnings[0] and len(warnings[0]) < 300


def test_a_link_with_continuations_plays_the_whole_run(fresh):
    at = open_playground({**QUICK, "more": "1000:500@1.2,1200:300@0.3"})
    body = payload_of(at)
    assert body["iterations"][-1] == 1_500
    assert body["schedule"] == [[0, 1.2], [1000, 1.2], [1200, 0.3]]
    assert state_of(at).more == ((1000, 500, 1.2), (1200, 300, 0.3))


def test_another_setting_starts_over(fresh):
    at = open_playground({**QUICK, "more": "1000:500@0.3"})
    at.slider(key="quick_n_h").set_value(5).run()
    assert not at.exception
    assert state_of(at).more == () and "more" not in at.query_params
    assert payload_of(at)["iterations"][-1] == 1_000


def test_appending_a_continuation_keeps_it_across_reruns(fresh):
    at = open_playground(QUICK)
    at.session_state["state"] = state_of(at).replace(more=((1000, 200, 0.3),))
    at.session_state[steer.BASE_KEY] = steer._base(state_of(at))  # as on_steer leaves it
    at.run()
    assert state_of(at).more == ((1000, 200, 0.3),)
    assert payload_of(at)["iterations"][-1] == 1_200


# ------------------------------------------------------------- how a run opens


def test_a_new_run_plays_from_iteration_zero(fresh):
    body = payload_of(open_playground(QUICK))
    assert body["autoplay"] and body["start_frame"] == 0


def test_a_link_that_names_a_frame_opens_there_paused(fresh):
    body = payload_of(open_playground({**QUICK, "frame": "10"}))
    assert not body["autoplay"] and body["start_frame"] == 10


def test_after_a_setting_changes_the_new_run_plays_again(fresh):
    at = open_playground({**QUICK, "frame": "10"})
    at.slider(key="quick_n_h").set_value(5).run()
    body = payload_of(at)
    assert body["autoplay"] and body["start_frame"] == 0


def test_the_frame_default_means_the_end():
    assert FIELD_BY_NAME["frame"].default == MAX_FRAMES - 1
    assert MAX_FRAMES == FRAMES + MAX_SEGMENTS * SEGMENT_FRAMES


# ------------------------------------------------------------------- long runs


def _announce_script():
    import streamlit as st

    from ui import content
    from ui.playground import steer
    from ui.state import State

    class Ctx:
        def text(self, section, **values):
            return content.text("playground", section, **values)

    st.cache_resource.clear()
    steer.announce(Ctx(), State(iters=20_000, n_h=50, train_m=2_000))


def test_a_long_run_is_announced_with_an_estimate_and_a_cancel_button():
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_function(_announce_script, default_timeout=60).run()
    assert not at.exception
    [box] = at.info
    seconds, pending = steer.estimate(State(iters=20_000, n_h=50, train_m=2_000))
    assert pending == 20_000 and seconds > steer.LONG_RUN_S
    assert "about" in box.value and "20,000 iterations" in box.value
    assert [b.key for b in at.button] == ["cancel_run"]


def test_a_quick_run_is_not_announced(fresh):
    seconds, pending = steer.estimate(State(iters=100))
    assert pending == 100 and seconds < steer.LONG_RUN_S


def _cancel_script():
    import streamlit as st

    from ui.playground import steer
    from ui.shell import session
    from ui.state import State

    session.get_state()
    st.session_state[steer.DONE_KEY] = State(iters=1_000, more=((1_000, 200, 0.3),))
    session.change(n_h=9, more=())  # a long run was asked for …
    steer.cancel()  # … and cancelled: back to the last finished run, continuations and all
    st.session_state["after"] = session.get_state()


def test_cancel_goes_back_to_the_last_finished_run():
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_function(_cancel_script, default_timeout=60).run()
    assert not at.exception
    after = at.session_state["after"]
    assert (after.n_h, after.iters, after.more) == (4, 1_000, ((1_000, 200, 0.3),))


# ------------------------------------------------------- playing while training


def test_a_long_new_run_plays_its_first_tenth_while_the_rest_trains(fresh, monkeypatch):
    from ui.playground import page

    heads = []
    monkeypatch.setattr(training_runs, "iteration_seconds", lambda state: 1e-5)  # a fast machine
    real = page._early_player
    monkeypatch.setattr(page, "_early_player",
                        lambda ctx, head, data, name: heads.append(head) or real(ctx, head, data,
                                                                                  name))
    at = open_playground({"iters": "3000"})
    assert [h.iters for h in heads] == [300]  # drawn before the full run trained
    body = payload_of(at)  # and replaced by the full run, which takes over in the browser
    assert body["iterations"][-1] == 3_000 and body["run"]
    at.run()  # cached now: no first tenth again
    assert len(heads) == 1


def test_short_cached_or_continued_runs_have_no_first_tenth(fresh, monkeypatch):
    monkeypatch.setattr(training_runs, "iteration_seconds", lambda state: 1e-5)
    assert steer.head(State(iters=1_000)) is None
    assert steer.head(State(iters=3_000, more=((3_000, 200, 0.3),))) is None
    training_runs.training(State(iters=3_000))
    assert steer.head(State(iters=3_000)) is None
    assert steer.head(State(iters=4_000)) == State(iters=400)


def test_a_slow_network_plays_a_shorter_head_so_the_new_run_starts_at_once(fresh, monkeypatch):
    # The head trains in at most HEAD_SECONDS: on a network this slow, a tenth of 20,000
    # iterations would keep the learner waiting 2 s before anything moved.
    monkeypatch.setattr(training_runs, "iteration_seconds", lambda state: 1e-4)
    assert steer.head(State(iters=20_000)).iters == int(steer.HEAD_SECONDS / 1e-4)
    monkeypatch.setattr(training_runs, "iteration_seconds", lambda state: 1e-5)
    assert steer.head(State(iters=20_000)).iters == 2_000
    monkeypatch.setattr(training_runs, "iteration_seconds", lambda state: 1.5e-4)
    assert steer.head(State(iters=20_000)).iters == int(steer.HEAD_SECONDS / 1.5e-4)  # 266
    # A run long enough to be announced has no head: it offers Cancel instead.
    monkeypatch.setattr(training_runs, "iteration_seconds", lambda state: 1e-3)
    assert steer.head(State(iters=20_000)) is not None  # 25 s: announced, still a head
    monkeypatch.setattr(training_runs, "iteration_seconds", lambda state: 2e-3)
    assert steer.head(State(iters=20_000)) is None


def test_the_walk_link_is_offered_only_before_a_change_of_rate(fresh):
    at = open_playground({**QUICK, "more": "500:300@0.3"})
    captions = " ".join(c.value for c in at.caption)
    assert "after a change of α" in captions and "Pick a frame before iteration 500" in captions
    assert not [b for b in at.button if b.key == "walk_at_frame"]
    at.select_slider(key="w_frame").set_value(10).run()  # iteration 10: the settings' α
    assert [b for b in at.button if b.key == "walk_at_frame"]


def record_bar(monkeypatch) -> list[tuple[float, float, str]]:
    """st.progress replaced by a recorder: (time, value, text) of the bar's first draw, then
    of each update, the time read from training_runs' clock (which a test may fake)."""
    shown = []

    class Bar:
        def progress(self, value, text=""):
            shown.append((training_runs.time.monotonic(), value, text))

        def empty(self):
            pass

    def progress(value, text=""):
        Bar().progress(value, text)
        return Bar()

    monkeypatch.setattr(training_runs.st, "progress", progress)
    return shown


def train_on_a_fake_clock(monkeypatch, steps: list[tuple[float, float]]) -> None:
    """engine.train replaced by a run that, on a clock starting at 0, waits `seconds` and
    reports `fraction` for each (seconds, fraction) of `steps`, then stops."""
    clock = [0.0]

    def train(*args, progress=None, **kwargs):
        for seconds, fraction in steps:
            clock[0] += seconds
            progress(fraction)
        raise RuntimeError("stop here: only the bar is under test")

    monkeypatch.setattr(training_runs.time, "monotonic", lambda: clock[0])
    monkeypatch.setattr(training_runs.engine, "train", train)


def test_the_progress_bar_moves_a_few_times_a_second_not_at_every_percent(fresh, monkeypatch):
    # Each update is an element sent to the browser: a hundred of them for a run of a tenth
    # of a second stood between a slider change and the first frame.
    import time

    fractions = []
    shown = record_bar(monkeypatch)
    started = time.monotonic()
    training_runs.training(State(iters=3_000), progress=fractions.append)
    elapsed = time.monotonic() - started
    updates = shown[1:]
    assert len(fractions) >= 50  # the engine did report every 1 %
    assert len(updates) <= 1 + elapsed / training_runs.PROGRESS_EVERY, (len(updates), elapsed)


def test_a_long_run_bar_shows_the_time_left_at_the_runs_own_rate(fresh, monkeypatch):
    # The estimate before the run is timed on a few iterations, and while a page loads that
    # timing can be several times too slow: the bar counts down from the run's own rate.
    train_on_a_fake_clock(monkeypatch, [(2.5, 0.01), (10.0, 0.25), (2.5, 0.5), (2.5, 0.999)])
    shown = record_bar(monkeypatch)
    with pytest.raises(RuntimeError):
        training_runs.training(State(iters=20_000))
    # 1 % after 2.5 s is too little of the run to judge its rate by; at 25 % after 12.5 s,
    # 37.5 s are left at that rate, and at 50 % after 15 s, 15 s; 99.9 % leaves under 1 s.
    assert [text for _, _, text in shown] == [
        "Training… 0%", "Training… 1%", "Training… 25% · about 38 s left",
        "Training… 50% · about 15 s left", "Training… 100%"]
    assert training_runs.progress_text(0.25, 100.0) == "Training… 25% · about 5 min 0 s left"


def test_after_its_first_second_a_run_updates_its_bar_once_a_second(fresh, monkeypatch):
    # Each update makes the browser render the page again; on a long run's link, opened as a
    # tab's first page, updates ten times a second kept the widgets' first draw from ever
    # finishing, and Cancel stayed a grey placeholder (issue 13).
    train_on_a_fake_clock(monkeypatch, [(0.05, k / 200) for k in range(1, 201)])  # 10 s
    shown = record_bar(monkeypatch)
    with pytest.raises(RuntimeError):
        training_runs.training(State(iters=20_000))
    shown_at = [t for t, _, _ in shown[1:]]  # the updates, after the first draw
    quick = [t for t in shown_at if t < training_runs.PROGRESS_QUICK_S]
    later = [t for t in shown_at if t >= training_runs.PROGRESS_QUICK_S]
    assert len(quick) >= 8  # a quick run's bar still moves a few times a second
    gaps = np.diff(later)
    assert len(later) <= 10 and gaps.min() >= training_runs.PROGRESS_EVERY_LATER - 1e-9
