"""The check caption under every step (issue 11, item 4): its mark follows step 9's verdict.
A correct gradient whose ±ε nudge crosses relu's kink, or one of about 0, gets an info mark and
the reason, never a warning; a wrong gradient still warns, also at a kink."""

from __future__ import annotations

import pytest
from support import FAIL, PASS, no_exception, page_text, run_step

import engine
from ui import compute, nav
from ui.state import from_query
from ui.walk import frame, verdict

# A correct backprop whose nudges cross the relu kink (measured: dW1 1.7e-3, db1 4.9e-3).
KINK = {"activation": "relu", "n_h": "50", "m": "20", "at": "300"}
LEAKY_KINK = {"activation": "leaky_relu", "n_h": "50", "m": "20", "at": "200"}  # dW1 1.8e-3


def caption(at) -> str:
    return next(c.value for c in at.caption if "centred finite differences" in c.value)


def broken_walk(name: str, factor: float = 1.01):
    """compute.walk with a `factor` error planted in d`name`, as a buggy backprop would."""
    right = compute.walk

    def wrong(state):
        walk = right(state)
        grads = {**walk["grads"], "d" + name: walk["grads"]["d" + name] * factor}
        errors = engine.gradient_check(walk["X"], walk["Y"], walk["params"], state.activation,
                                       eps=engine.CHECK_EPS, grads=grads)
        return {**walk, "grads": grads, "rel_errors": errors}

    return wrong


@pytest.mark.parametrize("query", [KINK, LEAKY_KINK], ids=["relu", "leaky_relu"])
def test_a_kink_is_judged_correct(query):
    state = from_query(query)[0]
    walk = compute.walk(state)
    assert max(walk["rel_errors"].values()) > engine.BUG  # the ratio alone would say "bug"
    judged = verdict.of_walk(walk, state.activation)
    assert judged["W1"] == "kink" and judged["all"] in verdict.FINE, judged
    left_out, rest = verdict.away_from_kink(walk, state.activation, ["W1"])
    assert left_out >= 1 and rest["W1"] < engine.AGREE


@pytest.mark.parametrize("step", ["forward", "dZ1"])  # a step without gradients, and one with
def test_the_caption_explains_a_kink_with_an_info_mark(step):
    at = run_step(nav.page(step).script, KINK)
    no_exception(at)
    text = caption(at)
    assert text.startswith(frame.EXPLAINED), text
    assert frame.WARNED not in text and "kink at z = 0" in text and "Not a bug" in text
    assert "relative errors are W1: " in text
    assert FAIL not in page_text(at)


def test_the_caption_explains_a_gradient_of_about_zero(monkeypatch):
    # Step 9 judges a gradient of about 0 by its absolute difference ("rounding"): the caption
    # follows that verdict (here planted, as no walk setting reaches it today).
    judged = {**dict.fromkeys(verdict.NAMES, "agrees"), "b1": "rounding", "all": "rounding"}
    monkeypatch.setattr(verdict, "of_walk", lambda walk, activation: judged)
    at = run_step(nav.page("dW1").script)
    no_exception(at)
    text = caption(at)
    assert text.startswith(frame.EXPLAINED) and frame.WARNED not in text, text
    assert "Not a bug: db1 is about 0" in text


@pytest.mark.parametrize("name", ["W1", "b1", "W2"])
def test_a_wrong_gradient_still_warns_at_a_kink(monkeypatch, name):
    # W1 and b1 are the parameters whose nudges cross the kink: a 1 % error there must not
    # pass as "a kink".
    monkeypatch.setattr(compute, "walk", broken_walk(name))
    at = run_step(nav.page("dZ1").script, KINK)
    no_exception(at)
    text = caption(at)
    assert text.startswith(frame.WARNED) and "Not a bug" not in text, text


def test_a_correct_gradient_away_from_a_kink_passes():
    text = caption(run_step(nav.page("dW2").script))
    assert text.startswith(PASS) and "Not a bug" not in text, text
