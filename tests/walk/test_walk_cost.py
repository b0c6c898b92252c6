"""Step 2 · Loss and cost: J is the mean of the per-example losses (computed from z, so it
stays finite at saturated outputs), the page runs and its checks pass, and its quiz asks
about an example where the formula in a is finite."""

from __future__ import annotations

import numpy as np
import pytest
from conftest import run_page
from support import (
    FAIL,
    LEAKY,
    LIVE_CASES,
    PASS,
    RELU,
    SATURATION_NOTE,
    TANH,
    charts,
    derivation_lines,
    no_infinity,
    page_text,
    walk_network,
    walk_of,
    z_of,
)

import engine
from ui import nav, quiz
from ui.walk.cost import loss_of_a, per_example_loss

PAGE = nav.page("cost").script
CHARTS = 5  # Plotly charts at the default sizes

@pytest.fixture(params=LIVE_CASES, ids=lambda c: f"nh{c[0]}-{c[1]}-m{c[2]}")
def case(request):
    n_h, activation, m, init, seed = request.param
    walk = walk_network(n_h, m, activation, seed, init, pool=max(m, 40), data_seed=seed)
    return walk, activation


# ---------------------------------------------------------------- the formulas

def test_cost_is_the_mean_of_the_losses(case):
    walk, _ = case
    losses = per_example_loss(walk["cache"]["A2"], walk["Y"])
    assert losses.shape == walk["Y"].shape
    loop = [loss_of_a(a, y) for a, y in zip(walk["cache"]["A2"][0], walk["Y"][0], strict=True)]
    np.testing.assert_allclose(losses[0], loop, rtol=1e-13)
    assert np.mean(losses) == pytest.approx(
        float(engine.compute_cost(walk["cache"]["A2"], walk["Y"])), rel=1e-12)


def test_averaging_makes_the_gradient_independent_of_m(case):
    # The claim on the page: repeat every example and J, and so dW, stay the same.
    walk, activation = case
    X2, Y2 = np.hstack([walk["X"]] * 3), np.hstack([walk["Y"]] * 3)
    cache = engine.forward(X2, walk["params"], activation=activation)
    grads = engine.backward(X2, Y2, walk["params"], cache, activation=activation)
    for name in ("dW2", "db2", "dW1", "db1"):
        np.testing.assert_allclose(grads[name], walk["grads"][name], rtol=1e-12, atol=1e-16)


# ---------------------------------------------------------------- the page

def test_page_runs_with_its_charts():
    at = run_page(PAGE)
    assert not at.exception, at.exception
    assert len(at.get("plotly_chart")) >= CHARTS
    assert at.selectbox(key="example_i").value == 0
    text = page_text(at)
    assert PASS in text and FAIL not in text  # the one-example checks all pass
    assert "finite differences" in text  # frame.check_caption
    # No gradient is shown yet: the caption says the network's are checked (issue 11, 9a).
    assert "Every gradient on this step" not in text and "shows no gradients yet" in text


def test_page_survives_extreme_settings():
    for query in ({"n_h": "50", "m": "20", "activation": "relu"},
                  {"n_h": "1", "m": "1", "activation": "sigmoid"},
                  {"at": "300", "activation": "leaky_relu", "m": "3"}):
        at = run_page(PAGE, query)
        assert not at.exception, (query, at.exception)
        assert FAIL not in page_text(at), query


def test_derivation_back_and_next_change_the_lines_shown():
    at = run_page(PAGE)
    full = len(derivation_lines(at))
    assert full >= 5
    at.button(key="reveal_back").click().run()
    assert len(derivation_lines(at)) == full - 1
    at.button(key="reveal_back").click().run()
    assert len(derivation_lines(at)) == full - 2
    at.button(key="reveal_next").click().run()
    assert len(derivation_lines(at)) == full - 1
    at.button(key="reveal_all").click().run()
    assert len(derivation_lines(at)) == full


@pytest.mark.parametrize("query", [RELU, LEAKY, TANH], ids=["relu", "leaky_relu", "tanh"])
def test_walk_page_at_diverged_settings(query):
    at = run_page(PAGE, query)
    no_infinity(at)
    assert (SATURATION_NOTE in page_text(at)) == (query is not TANH)


def test_cost_page_shows_the_engine_loss_from_z():
    at = run_page(PAGE, RELU)
    walk = walk_of(RELU)
    shown = z_of(charts(at)["cost_L"])
    expected = engine.cross_entropy_loss(walk["Y"], walk["cache"]["Z2"])
    assert np.all(np.isfinite(shown))
    np.testing.assert_allclose(shown, expected, rtol=1e-15)
    assert walk["cost"] == pytest.approx(float(np.mean(expected)), rel=1e-15)


def test_one_example_panel_at_saturated_outputs():
    walk = walk_of(RELU)
    saturated = np.flatnonzero(engine.saturated_outputs(walk["cache"]["A2"])[0])
    labels = {int(walk["Y"][0, i]) for i in saturated}
    assert labels == {0, 1}  # one 0/0 (a = y) and one −∞ (a = 1 − y)
    at = run_page(PAGE, RELU)
    for i in saturated:
        at.selectbox(key="example_i").set_value(int(i)).run()
        no_infinity(at)
        text = page_text(at)
        assert PASS in text  # what can be checked still is
        assert "the loss is written from z" in text


def test_nearly_saturated_example_passes_its_checks():
    # y = 0 with z ≈ 28: a is 1 − 5e-13, not 1, and the formula in a has lost digits.
    walk = walk_of(LEAKY)
    Z2, Y = walk["cache"]["Z2"][0], walk["Y"][0]
    near = [i for i in range(Y.size) if Y[i] == 0 and 20 < Z2[i] < 36]
    assert near
    at = run_page(PAGE, LEAKY)
    at.selectbox(key="example_i").set_value(near[0]).run()
    no_infinity(at)
    assert PASS in page_text(at)


# ---------------------------------------------------------------- the quiz

def test_quiz_asks_about_an_unsaturated_example():
    walk = walk_of(RELU)
    qs = quiz.questions("cost", walk, "relu")
    assert len(qs) == 4
    for q in qs:
        assert not quiz.NOT_FINITE.search(" ".join((q.prompt, *q.options, q.why))), q
    sat = engine.saturated_outputs(walk["cache"]["A2"])[0]
    asked = [q for q in qs if "What is its loss" in q.prompt]
    example = int(asked[0].prompt.split()[2].rstrip(","))
    assert not sat[example - 1]
