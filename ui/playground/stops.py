"""When training stops early: the words for each engine stop code, and a way out.

The engine reports a stop as a code (engine.STOP_CODES) with its numbers; the words for
each code are the sections `stop_<code>` of content/en/playground.md. The notice under the
controls says what happened and offers the largest smaller learning rate that survives a
short trial run.
"""

from __future__ import annotations

import numpy as np
import streamlit as st

import engine
from ui import content, training_runs
from ui.playground import DOC
from ui.shell import session
from ui.state import FEEDS, LEARNING_RATES, State

PROBE_ITERS = 300  # trial length when looking for a learning rate that does not blow up
CALM_ITERS = 2_000  # …and when looking for one whose cost does not bounce (bounces start later)


def reason(result, lang: str = content.FALLBACK) -> str:
    """Why `result` (an engine.TrainResult that stopped early) stopped, in plain words.

    A phrase to go after "Training stopped at iteration k: "; the export uses it too.
    """
    start = float(result.costs[0]) if len(result.costs) else float("nan")
    return content.text(DOC, f"stop_{result.stop_code}", lang, start=start,
                        limit=_plain_number(result.cost_limit))


def player_sentence(result, lang: str = content.FALLBACK) -> str | None:
    """The line the animation shows above a run that stopped early; None if it did not."""
    if not result.stopped_early:
        return None
    return content.text(DOC, "stopped_player", lang, iteration=result.stop_iteration,
                        reason=reason(result, lang), **units(result.counts_epochs, lang))


def notice(ctx, result, data: dict[str, np.ndarray]) -> None:
    """The error box for a run that stopped early, with a one-click smaller rate."""
    if not result.stopped_early:
        return
    state = ctx.state
    safer = _safer_rate(data, state.key("train"))
    tips = [ctx.text("tip_rate_value", rate=safer) if safer else ctx.text("tip_rate"),
            ctx.text("tip_layers") if state.layers > 1 else "",
            ctx.text("tip_relu") if state.activation == "relu" else ""]
    words = units(result.counts_epochs, ctx.lang)
    st.error(ctx.text("stop_notice", iteration=result.stop_iteration, iters=state.iters,
                      reason=reason(result, ctx.lang), frames=len(result.snapshots),
                      tips=f", {ctx.text('tip_or')} ".join(t for t in tips if t), **words),
             icon=":material/error:")
    if safer:
        st.button(f"Try α = {safer:g}", key="try_lower_lr", icon=":material/south:",
                  on_click=session.change, kwargs={"lr": safer},
                  help=ctx.text("try_rate_help", iters=min(state.iters, PROBE_ITERS), **words))


def bounce_notice(ctx, result, data: dict[str, np.ndarray], schedule=None) -> None:
    """A warning when the cost zigzags without diverging: α is too big there, but the run
    survives, so nothing else would explain the saw-tooth in the cost curve.

    `schedule` is the α the run used from each iteration on ((0, α), (start, α′), …): the
    notice names the α of the iteration where the bouncing starts."""
    if result.stopped_early:
        return
    state = ctx.state
    bounce = _bounce(state.key("train"), result.costs)
    if bounce is None:
        return
    rate = [a for t, a in (schedule or [(0, state.lr)]) if t <= bounce.start][-1]
    calmer = _safer_rate(data, state.key("train"), calm=True, below=rate)
    iters = min(state.iters, CALM_ITERS)
    words = units(result.counts_epochs, ctx.lang)
    st.warning(ctx.text("bounce_notice", start=bounce.start, stop=bounce.stop, low=bounce.low,
                        high=bounce.high, lr=rate, **words)
               + " " + (ctx.text("bounce_try", rate=calmer, iters=iters, **words) if calmer
                        else ctx.text("bounce_no_rate", iters=iters, **words)),
               icon=":material/ssid_chart:")
    if calmer:
        st.button(f"Try α = {calmer:g}", key="try_calmer_lr", icon=":material/south:",
                  on_click=session.change, kwargs={"lr": calmer},
                  help=ctx.text("calm_rate_help", iters=iters, **words))


@st.cache_data(max_entries=64, ttl=3600, show_spinner=False)
def _bounce(key: tuple, _costs: np.ndarray) -> engine.Bounce | None:
    """engine.cost_bounce of the run that `key` (State.key("train")) names."""
    return engine.cost_bounce(_costs)


# Bounded by count, age and bytes like every cache in ui/ (an entry is one float).
@st.cache_data(max_entries=16, ttl=3600, max_size="1MB", show_spinner=False)
def _safer_rate(data: dict[str, np.ndarray], key: tuple, calm: bool = False,
                below: float | None = None) -> float | None:
    """The largest offered α below the current one that survives a short trial run, and
    with `calm`, whose cost does not bounce either.

    `key` is `State.key("train")`: every setting the run depends on (with `data`, which
    also names uploaded points). `below` replaces the current α (a continuation's α).
    """
    state = State(**dict(zip(FEEDS["train"], key, strict=True)))
    iterations = min(state.iters, CALM_ITERS if calm else PROBE_ITERS)
    top = state.lr if below is None else below
    for rate in sorted((r for r in LEARNING_RATES if r < top), reverse=True):
        trial = engine.train(data["X"], data["Y"], hidden_sizes=[state.n_h] * state.layers,
                             activation=state.activation, learning_rate=rate,
                             iterations=iterations, seed=state.seed, init=state.init, frames=2,
                             **training_runs.engine_options(state))
        if not trial.stopped_early and not (calm and engine.cost_bounce(trial.costs)):
            return rate
    return None


def units(epochs: bool, lang: str = content.FALLBACK) -> dict[str, str]:
    """The run's unit, one and many ({"unit": "epoch", "units": "epochs"}): with
    mini-batches the engine counts epochs. The one place these words are chosen."""
    kind = "epoch" if epochs else "iteration"
    return {"unit": content.text(DOC, f"unit_{kind}", lang),
            "units": content.text(DOC, f"units_{kind}", lang)}


def units_of(state: State, lang: str = content.FALLBACK) -> dict[str, str]:
    """`units` for the run that `state` asks for (before it has a result)."""
    return units(training_runs.counts_epochs(state), lang)


def _plain_number(value: float) -> str:
    """1000 → "1 000": digits grouped in threes by spaces; huge values in e-notation."""
    if not np.isfinite(value) or value >= 1e9:
        return f"{value:.3g}"
    return f"{value:,.0f}".replace(",", " ")
