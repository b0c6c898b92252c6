"""Step 3 · dL/dA2 and σ′: the page runs and survives extreme and saturated settings, its
two derivatives match finite differences, and its quiz asks about an example it can."""

from __future__ import annotations

import numpy as np
import pytest
from conftest import run_page
from support import (
    FAIL,
    FINE_EPS,
    LEAKY,
    LIVE_CASES,
    PASS,
    RELU,
    SATURATION_NOTE,
    TANH,
    centred,
    losses_from_outputs,
    no_infinity,
    page_text,
    rel_err,
    walk_network,
    walk_of,
)

import engine
from ui import nav, quiz
from ui.walk.example import output_gradients, sigmoid

PAGE = nav.page("sigmoid").script
CHARTS = 7  # Plotly charts at the default sizes

@pytest.fixture(params=LIVE_CASES, ids=lambda c: f"nh{c[0]}-{c[1]}-m{c[2]}")
def case(request):
    n_h, activation, m, init, seed = request.param
    walk = walk_network(n_h, m, activation, seed, init, pool=max(m, 40), data_seed=seed)
    return walk, activation


# ---------------------------------------------------------------- the formulas

def test_dL_dA2_per_example_matches_finite_differences(case):
    walk, _ = case
    A2, Y = walk["cache"]["A2"], walk["Y"]
    # d/dA2 of the summed losses: entry i only sees example i's loss.
    fd = centred(lambda A: float(np.sum(losses_from_outputs(A, Y))), A2, FINE_EPS)
    analytic = output_gradients(walk)["dA2"]
    assert rel_err(fd, analytic) < 1e-7
    np.testing.assert_allclose(analytic, -Y / A2 + (1 - Y) / (1 - A2), rtol=1e-15)


@pytest.mark.parametrize("z", [-30.0, -6.0, -1.3, 0.0, 1e-4, 0.7, 5.0, 30.0])
def test_sigmoid_derivative_is_sigma_times_one_minus_sigma(z):
    fd = (sigmoid(z + FINE_EPS) - sigmoid(z - FINE_EPS)) / (2 * FINE_EPS)
    assert sigmoid(z) * (1 - sigmoid(z)) == pytest.approx(fd, rel=1e-7, abs=1e-13)
    sig = engine.ACTIVATIONS["sigmoid"]
    zs = np.array([[z]])
    assert float(sig.derivative(zs)[0, 0]) == pytest.approx(fd, rel=1e-7, abs=1e-13)


def test_sigmoid_derivative_from_live_A2(case):
    walk, _ = case
    Z2 = walk["cache"]["Z2"]
    fd = centred(lambda Z: float(np.sum(1 / (1 + np.exp(-Z)))), Z2, FINE_EPS)
    assert rel_err(fd, output_gradients(walk)["s_prime"]) < 1e-7


# ---------------------------------------------------------------- the page

def test_page_runs_with_its_charts():
    at = run_page(PAGE)
    assert not at.exception, at.exception
    assert len(at.get("plotly_chart")) >= CHARTS
    assert at.selectbox(key="example_i").value == 0
    text = page_text(at)
    assert PASS in text and FAIL not in text  # the one-example checks all pass
    assert "finite differences" in text  # frame.check_caption


def test_page_survives_extreme_settings():
    for query in ({"n_h": "50", "m": "20", "activation": "relu"},
                  {"n_h": "1", "m": "1", "activation": "sigmoid"},
                  {"at": "300", "activation": "leaky_relu", "m": "3"}):
        at = run_page(PAGE, query)
        assert not at.exception, (query, at.exception)
        assert FAIL not in page_text(at), query


@pytest.mark.parametrize("query", [RELU, LEAKY, TANH], ids=["relu", "leaky_relu", "tanh"])
def test_walk_page_at_diverged_settings(query):
    at = run_page(PAGE, query)
    no_infinity(at)
    assert (SATURATION_NOTE in page_text(at)) == (query is not TANH)


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
        assert "— skipped: a is exactly" in text
        assert "and ∂L/∂a is" in text


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
    sat = engine.saturated_outputs(walk["cache"]["A2"])[0]
    qs = quiz.questions("sigmoid", walk, "relu")
    assert len(qs) == 3
    for q in qs:
        assert not quiz.NOT_FINITE.search(" ".join((q.prompt, *q.options, q.why))), q
    asked = [q for q in quiz.questions("sigmoid", walk, "relu") if "sign of" in q.prompt]
    example = int(asked[0].prompt.split()[1])
    assert not sat[example - 1]
