"""Playground training runs, shared by a class: trained once per settings, then read.

A run is keyed by its data and its training settings (`State.key("train")`); its
continuations ("Train N more", a new α from a paused frame; ui/continuations.py) are one
cached run per prefix, each continuing the one before. Frames are spaced densely where the
boundary forms (frame_plan). The data and the walk's computations are in ui/compute.py.
"""

from __future__ import annotations

import dataclasses
import threading
import time

import numpy as np
import streamlit as st

import engine
from ui import content
from ui.compute import data_key, dataset
from ui.continuations import SEGMENT_FRAMES
from ui.playground import DOC  # the bar's words are the playground's
from ui.state import FRAMES, State

# Seconds between two updates of the training bar: a few a second while a quick run trains,
# once a second after its first second. Each update makes the browser render the page again,
# and a tab whose first page is a long run's link is still drawing its widgets for the first
# time: updates ten times a second kept restarting that draw, and the widgets, Cancel among
# them, stayed grey placeholders. Opening such a link in headless Chromium here, the widgets
# appeared after 10–37 s (median 13 s of 7 runs) with ten updates a second, 6–14 s (median
# 10 s of 5) with one a second, and 9 s with none.
PROGRESS_EVERY, PROGRESS_EVERY_LATER, PROGRESS_QUICK_S = 0.1, 1.0, 1.0
# The time left is the run's own rate so far: after a second of it, and 2 % of the run, the
# rate no longer includes the set-up. (The announcement's estimate before the run is timed
# on a few iterations, and while a page loads that timing can be several times too slow.)
RATE_AFTER_S, RATE_AFTER_FRACTION = 1.0, 0.02


class _Run:
    """One training run shared by everyone with the same settings: trained once, then read.

    `schedule` is the α the run used from each iteration on: [(0, α), (start, α′), …]."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.result = None
        self.schedule: list[tuple[int, float]] = []


class Cancelled(Exception):
    """Raised from a training's progress callback when the learner cancels it."""


# A resource, not data: a hit hands back the one shared run instead of unpickling its
# snapshots. And the run trains outside the cached function, because Streamlit records
# every element a cached function draws and replays them on each hit: the ~100 updates of
# a progress bar, twice a rerun, were most of a playground rerun's cost with a class on one
# server. Shared results must never change, so every array in one is made read-only.
# A run with continuations is one entry per prefix (each continues the one before), so
# "Train N more" trains N iterations, not the whole run again.
@st.cache_resource(max_entries=32, ttl=3600, show_spinner=False)
def _run(data_key: tuple, train_key: tuple, frames: int) -> _Run:
    return _Run()


def frame_plan(iterations: int, frames: int = FRAMES, early: float = 0.1) -> list[int]:
    """The iterations a run snapshots: half of `frames` geometrically spaced over the first
    `early` share of the run, where the boundary forms, the rest evenly over the remainder;
    always 0 and the last."""
    dense, edge = frames // 2, max(1, int(early * iterations))
    head: list[int] = []
    for value in np.geomspace(1, edge, dense):
        # Geometric steps round to the same small iterations: at least one apart instead.
        step = max(head[-1] + 1 if head else 1, int(round(value)))
        if step > edge:
            break
        head.append(step)
    tail = np.linspace(edge, iterations, max(frames - len(head), 2))[1:]
    return sorted({0, iterations, *head, *(int(round(v)) for v in tail)})


def _train(run: _Run, data: dict[str, np.ndarray], hidden: tuple[int, ...], activation: str,
           lr: float, iters: int, seed: int, init: str, frames: int, options: tuple = (),
           more: tuple = (), previous: _Run | None = None, progress=None):
    """Train (or continue `previous`, the run without the last of `more`) into `run`."""
    if run.result is None and run.lock.locked():
        # A classmate with the same link is training this network right now: wait for it.
        with st.spinner("Training the same network for a classmate…"), run.lock:
            pass
    with run.lock:
        if run.result is None:
            bar = st.progress(0.0, text=progress_text(0.0, 0.0))
            started = time.monotonic()
            shown = [started]

            def report(fraction: float) -> None:
                # The engine reports every 1 %: a hundred element updates for a run of a
                # tenth of a second, all on the way to the first frame a learner sees.
                now = time.monotonic()
                every = PROGRESS_EVERY if now - started < PROGRESS_QUICK_S else PROGRESS_EVERY_LATER
                if now - shown[0] >= every:
                    shown[0] = now
                    share = min(max(fraction, 0.0), 1.0)
                    bar.progress(share, text=progress_text(share, now - started))
                if progress is not None:
                    progress(fraction)

            test = test_split(data)
            if not more:
                plan = frame_plan(iters, frames) if frames > 2 else frames
                result = engine.train(data["X"], data["Y"], hidden_sizes=list(hidden),
                                      activation=activation, learning_rate=lr,
                                      iterations=iters, seed=seed, init=init, frames=plan,
                                      progress=report, **test, **dict(options))
                schedule = [(0, float(lr))]
            else:
                result, schedule = _continue(previous, data, more[-1], test, report,
                                             dict(options))
            bar.empty()
            run.schedule = schedule
            run.result = freeze(result)
    return run.result


def progress_text(fraction: float, elapsed: float, lang: str = content.FALLBACK) -> str:
    """The training bar's words: the share trained and, once the run's own rate is fair
    (RATE_AFTER_*), the time left at that rate: "Training… 40 % · about 15 s left"."""
    left = elapsed * (1 - fraction) / fraction if fraction > 0 else 0.0
    if elapsed < RATE_AFTER_S or fraction < RATE_AFTER_FRACTION or left < 1:
        return content.text(DOC, "training_bar", lang, fraction=fraction)
    minutes, seconds = divmod(round(left), 60)
    time_left = content.text(DOC, "time_minutes" if minutes else "time_seconds", lang,
                             minutes=minutes, seconds=seconds)
    return content.text(DOC, "training_bar_left", lang, fraction=fraction, left=time_left)


def _continue(previous: _Run, data: dict[str, np.ndarray], segment: tuple, test: dict,
              report, options: dict) -> tuple:
    """`previous`'s run cut at `start` (clamped to its end), then n iterations at α from
    the weights it had there. The stop of `previous`, if any, is dropped with what follows.
    `options` are the course-2 options (engine_options); an optimizer's v and s, which
    snapshots do not keep, start again from zero."""
    before, schedule = previous.result, previous.schedule
    start, n, rate = segment
    start = min(int(start), before.iterations_done)
    kept = [s for s in before.snapshots if s.iteration <= start]
    params, gap = kept[-1].params, start - kept[-1].iteration
    if gap:  # a hand-written link's start between two snapshots: train up to it
        rate_then = [a for t, a in schedule if t <= kept[-1].iteration][-1]
        params = engine.train(data["X"], data["Y"], activation=before.activation,
                              learning_rate=rate_then, iterations=gap, frames=2,
                              params=params, **options).params
    piece = engine.train(data["X"], data["Y"], activation=before.activation,
                         learning_rate=rate, iterations=n, frames=frame_plan(n, SEGMENT_FRAMES),
                         params=params, progress=report, **test, **options)
    shifted = [dataclasses.replace(s, iteration=s.iteration + start) for s in piece.snapshots]
    result = dataclasses.replace(
        piece, costs=np.concatenate([before.costs[:start], piece.costs]),
        snapshots=[s for s in kept if s.iteration < start] + shifted,
        stop_iteration=None if piece.stop_iteration is None else piece.stop_iteration + start,
        initial_params=before.initial_params, iterations=start + n)
    return result, [(t, a) for t, a in schedule if t < start] + [(start, float(rate))]


def test_split(data: dict[str, np.ndarray]) -> dict:
    """engine.train's X_test / Y_test for `data`: None for both when nothing is held out."""
    has_test = data["X_test"].size > 0
    return {"X_test": data["X_test"] if has_test else None,
            "Y_test": data["Y_test"] if has_test else None}


def freeze(value):
    """Make every NumPy array reachable from `value` read-only (in place) and return it."""
    if isinstance(value, np.ndarray):
        value.flags.writeable = False
    elif isinstance(value, dict):
        for item in value.values():
            freeze(item)
    elif isinstance(value, (list, tuple)):
        for item in value:
            freeze(item)
    elif hasattr(value, "__dataclass_fields__"):
        for name in value.__dataclass_fields__:
            freeze(getattr(value, name))
    return value


def training(state: State, frames: int = FRAMES, progress=None):
    """Train with the current settings (cached per settings): an `engine.TrainResult`.

    With continuations (`state.more`) the run is the first `iters` iterations at `lr`, then
    each continuation in turn. The result is shared by everyone with the same settings, and
    its arrays are read-only. `progress(fraction)` may raise `Cancelled` to stop training.
    """
    return _shared(state, frames, progress).result


def schedule(state: State, frames: int = FRAMES) -> list[tuple[int, float]]:
    """The α the run of `state` used from each iteration on: [(0, α), (start, α′), …]."""
    return _shared(state, frames).schedule


def _shared(state: State, frames: int = FRAMES, progress=None) -> _Run:
    data = dataset(state)
    run = _run(data_key(state, data), state.key("train"), frames)
    if run.result is None:
        previous = None
        if state.more:
            previous = _shared(state.replace(more=state.more[:-1]), frames, progress)
        _train(run, data, *training_settings(state, frames),
               options=tuple(engine_options(state).items()), more=tuple(state.more),
               previous=previous, progress=progress)
    return run


def training_settings(state: State, frames: int) -> tuple:
    """What `engine.train` is given besides the data: hidden sizes, activation, α,
    iterations, seed, initialisation and the number of snapshots (the continuations,
    `state.more`, are trained one by one, and the course-2 options are `engine_options`:
    see `_shared`)."""
    return (tuple([state.n_h] * state.layers), state.activation, state.lr, state.iters,
            state.seed, state.init, frames)


def engine_options(state: State) -> dict:
    """engine.train's course-2 keywords for `state`: only those off their default, so the
    default settings keep train's fast loop and call it exactly as before."""
    options = {"output": state.output, "lambd": state.lambd, "keep_prob": state.keep_prob,
               "optimizer": state.optimizer,
               "mini_batch_size": state.batch if state.batch > 0 else None}
    if state.optimizer in {"momentum", "adam"}:
        options["beta1"] = state.beta1
    if state.optimizer in {"rmsprop", "adam"}:
        options["beta2"] = state.beta2
    defaults = {"output": "sigmoid", "lambd": 0.0, "keep_prob": 1.0, "optimizer": "gd",
                "mini_batch_size": None}
    return {k: v for k, v in options.items() if k not in defaults or defaults[k] != v}


def counts_epochs(state: State) -> bool:
    """Whether the run's iterations are epochs (passes over the data): with mini-batches."""
    return state.batch > 0


def iteration_seconds(state: State) -> float:
    """Seconds one iteration of this network takes here, timed on a short run (cached)."""
    data = dataset(state)
    return _iteration_seconds(data["X"].shape[1], tuple([state.n_h] * state.layers),
                              state.activation, data["Y"].shape[0],
                              tuple(engine_options(state).items()))


@st.cache_data(max_entries=64, ttl=600, max_size="1MB", show_spinner=False)  # a float each
def _iteration_seconds(m: int, hidden: tuple[int, ...], activation: str, K: int = 1,
                       options: tuple = ()) -> float:
    # The difference of a short and a longer run cancels train's fixed costs (set-up, the
    # first and last snapshots); the faster of two tries discards a hiccup of a busy machine.
    # With mini-batches an iteration is an epoch: its batches are all timed.
    X, Y = engine.make_dataset("flower", m=m, noise=0.2, seed=0)
    if K > 1:
        Y = engine.one_hot(np.arange(m)[None, :] % K, K)

    def seconds(iterations: int) -> float:
        started = time.perf_counter()
        engine.train(X, Y, hidden_sizes=list(hidden), activation=activation,
                     iterations=iterations, frames=2, **dict(options))
        return time.perf_counter() - started

    # 5 and 30 iterations: each new network is timed before its run starts playing, so the
    # timing is kept to about 10 ms of a default network (10 and 60 took 20 ms).
    short, long = min(seconds(5) for _ in range(2)), min(seconds(30) for _ in range(2))
    return max(long - short, 1e-9) / 25


def pending_iterations(state: State, frames: int = FRAMES) -> int:
    """Iterations the run of `state` still has to train here: those of every part (the
    first run, each continuation) not cached yet."""
    data = dataset(state)
    pending = 0
    for k in range(len(state.more), -1, -1):
        part = state.replace(more=state.more[:k])
        if _run(data_key(part, data), part.key("train"), frames).result is not None:
            break
        pending += state.more[k - 1][1] if k else state.iters
    return pending


def total_iterations(state: State) -> int:
    """Iterations the whole run trains, continuations included (cuts counted as trained)."""
    return state.iters + sum(n for _, n, _ in state.more)
