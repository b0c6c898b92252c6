"""Step 4 · dZ2 = A2 − Y: the page runs, follows the settings, leaves out what saturated
outputs make undefined, its three ways to dZ2 agree with the engine, and its quiz answers
come from the engine and come before the values that give them away."""

from __future__ import annotations

import re

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
    SLOW_PAGE,
    TANH,
    centred,
    charts,
    in_page_order,
    losses_from_outputs,
    no_infinity,
    page_text,
    rel_err,
    walk_network,
    walk_of,
    z_of,
)

import engine
from ui import nav, quiz
from ui.quiz import numbers
from ui.quiz.model import ask, num3
from ui.walk import dZ2 as step
from ui.walk import frame
from ui.walk.example import loss_of_a, loss_of_z, output_gradients, sigmoid

PAGE = nav.page("dZ2").script
CHARTS = 4  # Plotly charts at the default sizes

@pytest.fixture(params=LIVE_CASES, ids=lambda c: f"nh{c[0]}-{c[1]}-m{c[2]}")
def case(request):
    n_h, activation, m, init, seed = request.param
    walk = walk_network(n_h, m, activation, seed, init, pool=max(m, 40), data_seed=seed)
    return walk, activation


# ---------------------------------------------------------------- the formulas

def test_dZ2_both_derivations_agree_with_engine_and_fd(case):
    walk, _ = case
    Z2, Y, dZ2 = walk["cache"]["Z2"], walk["Y"], walk["grads"]["dZ2"]
    shown = output_gradients(walk)
    np.testing.assert_allclose(shown["direct"], dZ2, rtol=1e-13, atol=1e-15)
    np.testing.assert_allclose(shown["chain"], dZ2, rtol=1e-9, atol=1e-12)
    fd = centred(lambda Z: float(np.sum(losses_from_outputs(1 / (1 + np.exp(-Z)), Y))), Z2,
             FINE_EPS)
    assert rel_err(fd, dZ2) < 1e-7


@pytest.mark.parametrize("y", [0.0, 1.0])
@pytest.mark.parametrize("z", [-8.0, -0.9, 0.0, 0.3, 4.0])
def test_loss_rewritten_in_z_is_the_same_loss_with_derivative_a_minus_y(z, y):
    assert loss_of_z(z, y) == pytest.approx(loss_of_a(sigmoid(z), y), rel=1e-12)
    fd = (loss_of_z(z + FINE_EPS, y) - loss_of_z(z - FINE_EPS, y)) / (2 * FINE_EPS)
    assert fd == pytest.approx(sigmoid(z) - y, rel=1e-7, abs=1e-10)


# ---------------------------------------------------------------- the page

def test_page_runs_with_its_charts():
    at = run_page(PAGE)
    assert not at.exception, at.exception
    assert len(at.get("plotly_chart")) >= CHARTS
    assert at.selectbox(key="example_i").value == 0
    text = page_text(at)
    assert PASS in text and FAIL not in text  # the one-example checks all pass
    assert "finite differences" in text  # frame.check_caption
    assert "Every gradient on this step is checked" in text  # dZ2 is one
    # The sign comes from the label alone (issue 11, 9b), and the page says so.
    assert "the sign of dZ2 is set by the label alone" in text
    assert "positive when ŷ is too high" not in text


@pytest.mark.parametrize("activation", ["tanh", "relu", "sigmoid"])
def test_dZ2_sign_is_set_by_the_label_alone(activation):
    walk = walk_network(6, 40, activation, seed=3, init="he", data="random")
    dZ2, Y = walk["grads"]["dZ2"], walk["Y"]
    assert np.all(np.sign(dZ2) == np.where(Y == 0, 1.0, -1.0))


def test_page_survives_extreme_settings():
    for query in ({"n_h": "50", "m": "20", "activation": "relu"},
                  {"n_h": "1", "m": "1", "activation": "sigmoid"},
                  {"at": "300", "activation": "leaky_relu", "m": "3"}):
        at = run_page(PAGE, query)
        assert not at.exception, (query, at.exception)
        assert FAIL not in page_text(at), query


def test_the_four_ways_follow_m():
    at = run_page(PAGE, {"m": "4"})
    methods = z_of(charts(at)["dz2_methods"])
    assert methods.shape == (4, 4)
    assert np.allclose(methods, methods[-1], atol=1e-8)  # the four ways agree
    at.slider(key="w_m").set_value(12).run()
    assert z_of(charts(at)["dz2_methods"]).shape == (4, 12)


def test_a_fresh_network_offers_one_click_to_a_trained_one():
    at = run_page(PAGE, {"at": "0"})
    hint = next(i.value for i in at.info if "A trained network" in i.value)
    assert "0.5" in hint
    at.button(key="walk_trained").click().run()
    assert not at.exception
    assert at.session_state["state"].at == frame.TRAINED_AT > 0
    assert not any("A trained network" in i.value for i in at.info)  # ŷ now differ
    assert "walk_trained" not in {b.key for b in at.button}


@pytest.mark.parametrize("query", [RELU, LEAKY, TANH], ids=["relu", "leaky_relu", "tanh"])
def test_walk_page_at_diverged_settings(query):
    at = run_page(PAGE, query)
    no_infinity(at)
    assert (SATURATION_NOTE in page_text(at)) == (query is not TANH)


def test_dZ2_page_leaves_the_undefined_chain_entries_out():
    walk = walk_of(RELU)
    saturated = np.flatnonzero(engine.saturated_outputs(walk["cache"]["A2"])[0])
    at = run_page(PAGE, RELU)
    text = page_text(at)
    which = ", ".join(str(i + 1) for i in saturated)
    assert f"left out: the chain row at examples {which}, where it is undefined" in text
    spread = float(text.split("disagreement between the four rows: ")[1].split()[0])
    assert spread < 1e-9
    cells = charts(at)["dz2_methods"]["data"][0]["text"]
    assert [cells[0][i] for i in saturated] == ["NaN"] * len(saturated)
    assert "all rows agree" not in text


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
        assert "their product is undefined" in text


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

def test_shape_answer_is_the_real_shape():
    for n_h, m in [(4, 4), (3, 7), (1, 2)]:
        data = walk_network(n_h, m)
        q = next(q for q in quiz.questions("dZ2", data) if "shape of dZ2" in q.prompt)
        assert q.options[q.answer] == str(data["grads"]["dZ2"].shape), (n_h, m)


def test_largest_error_answer_comes_from_the_engine():
    data = walk_network(5, 6, seed=4)
    q = next(q for q in quiz.questions("dZ2", data) if "largest in size" in q.prompt)
    listed = [int(i) - 1 for i in re.findall(r"example (\d+) with", q.prompt)]
    dZ2 = np.abs(data["grads"]["dZ2"][0])
    assert q.options[q.answer] == f"example {listed[int(np.argmax(dZ2[listed]))] + 1}"


def test_no_question_asks_for_the_entry_the_title_gives():
    """The title reads dZ2 = A2 − Y: asking one example's dZ2 from its a and y gives it away."""
    for data in (walk_network(5, 6, seed=4), walk_network(1, 1)):
        assert not any(numbers.NUMBER.fullmatch(o) for q in quiz.questions("dZ2", data)
                       for o in q.options)


def test_quiz_drops_a_question_with_a_number_that_is_not_finite(monkeypatch):
    def builder(walk, live):
        return [ask("What is −1/a at a = 0?", num3(-np.inf), ["0.000", "1.000"], "1/0"),
                ask("What is a − y?", num3(-1.0), ["1.000"], "a − y = −1")]

    monkeypatch.setattr(step, "questions", builder)
    qs = quiz.questions("dZ2", walk_of(RELU), "relu")
    assert [q.prompt for q in qs] == ["What is a − y?"]


def test_quiz_at_saturated_outputs_is_finite_and_decided():
    walk = walk_of(RELU)
    qs = quiz.questions("dZ2", walk, "relu")
    # Examples 2 and 4 both have |a − y| = 1 to float64's digits: no "largest" to ask.
    assert len(qs) == 2 and not any("largest" in q.prompt for q in qs)
    for q in qs:
        assert not quiz.NOT_FINITE.search(" ".join((q.prompt, *q.options, q.why))), q
        assert q.decided


def test_questions_come_before_the_values_that_answer_them():
    at = run_page(PAGE, {"quiz": "1"}, timeout=SLOW_PAGE)
    assert not at.exception
    order = in_page_order(at.main)
    kinds = [getattr(e, "type", "") for e in order]
    first_question = next(i for i, e in enumerate(order)
                          if kinds[i] == "radio" and (e.key or "").startswith("quiz_"))
    first_answer = next(i for i, k in enumerate(kinds) if k in {"latex", "plotly_chart"})
    assert first_question < first_answer
    assert kinds.index("title") < first_question  # under the title, not above it
