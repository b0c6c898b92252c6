"""Step 1 · Forward pass: the page runs, follows the settings and the example selector, its
matrices are the one-example loop batched, and its quiz asks before the page answers."""

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
    SLOW_PAGE,
    TANH,
    charts,
    in_page_order,
    no_infinity,
    page_text,
    walk_network,
    walk_of,
    z_of,
)

import engine
from ui import nav
from ui.walk.example import sigmoid

PAGE = nav.page("forward").script
CHARTS = 11  # Plotly charts at the default sizes

@pytest.fixture(params=LIVE_CASES, ids=lambda c: f"nh{c[0]}-{c[1]}-m{c[2]}")
def case(request):
    n_h, activation, m, init, seed = request.param
    walk = walk_network(n_h, m, activation, seed, init, pool=max(m, 40), data_seed=seed)
    return walk, activation


# ---------------------------------------------------------------- the formulas

def test_broadcasting_adds_b1_to_every_column(case):
    walk, activation = case
    X, p, c = walk["X"], walk["params"], walk["cache"]
    m = X.shape[1]
    explicit_copy = p["b1"] @ np.ones((1, m))  # b1 written out m times, as the page shows
    assert np.array_equal(np.broadcast_to(p["b1"], c["Z1"].shape), explicit_copy)
    np.testing.assert_allclose(p["W1"] @ X + p["b1"], p["W1"] @ X + explicit_copy, rtol=0,
                               atol=0)
    np.testing.assert_allclose(c["Z1"], p["W1"] @ X + explicit_copy, rtol=1e-14, atol=1e-15)


def test_forward_columns_are_the_one_example_loop(case):
    walk, activation = case
    X, p, c = walk["X"], walk["params"], walk["cache"]
    g = engine.ACTIVATIONS[activation]
    for i in range(X.shape[1]):
        z1 = np.array([sum(p["W1"][j, k] * X[k, i] for k in range(2)) + p["b1"][j, 0]
                       for j in range(p["W1"].shape[0])])
        a1 = g.forward(z1)
        z2 = sum(p["W2"][0, j] * a1[j] for j in range(len(a1))) + p["b2"][0, 0]
        np.testing.assert_allclose(c["Z1"][:, i], z1, rtol=1e-12, atol=1e-15)
        np.testing.assert_allclose(c["A1"][:, i], a1, rtol=1e-12, atol=1e-15)
        np.testing.assert_allclose(c["Z2"][0, i], z2, rtol=1e-12, atol=1e-15)
        np.testing.assert_allclose(c["A2"][0, i], sigmoid(z2), rtol=1e-12)


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


def test_forward_page_follows_n_h_activation_and_m():
    at = run_page(PAGE, {"n_h": "4", "m": "4"})
    assert r"\underset{\color{gray}(4,\,2)}{W^{[1]}}" in page_text(at)
    before = charts(at)
    assert z_of(before["fw_W1"]).shape == (4, 2)
    assert z_of(before["fw_Z1"]).shape == (4, 4)

    at.slider(key="w_n_h").set_value(6).run()
    assert not at.exception
    assert r"\underset{\color{gray}(6,\,2)}{W^{[1]}}" in page_text(at)
    assert z_of(charts(at)["fw_Z1"]).shape == (6, 4)

    a1_tanh = z_of(charts(at)["fw_A1"])
    at.selectbox(key="w_activation").set_value("relu").run()
    assert not at.exception
    a1_relu = z_of(charts(at)["fw_A1"])
    assert "Here g[1] is **relu**" in page_text(at)
    assert a1_relu.min() >= 0 and not np.allclose(a1_relu, a1_tanh)

    at.slider(key="w_m").set_value(7).run()
    assert not at.exception
    assert z_of(charts(at)["fw_A2"]).shape == (1, 7)
    assert r"\underset{\color{gray}(2,\,7)}{X}" in page_text(at)


def test_example_selector_follows_the_example_across_pages():
    at = run_page(PAGE)
    at.selectbox(key="example_i").set_value(2).run()
    assert not at.exception
    text = page_text(at)
    assert "x^{(3)}" in text and "column 3 of Z1" in text and FAIL not in text
    at.switch_page(nav.page("dZ2").script).run()
    assert at.selectbox(key="example_i").value == 2
    assert "entry 3 of dZ2" in page_text(at)
    at.slider(key="w_m").set_value(2).run()  # fewer examples than the choice: clamps
    assert not at.exception
    assert at.selectbox(key="example_i").value == 1


@pytest.mark.parametrize("query", [RELU, LEAKY, TANH], ids=["relu", "leaky_relu", "tanh"])
def test_walk_page_at_diverged_settings(query):
    no_infinity(run_page(PAGE, query))


def test_one_example_panel_at_saturated_outputs():
    walk = walk_of(RELU)
    saturated = np.flatnonzero(engine.saturated_outputs(walk["cache"]["A2"])[0])
    labels = {int(walk["Y"][0, i]) for i in saturated}
    assert labels == {0, 1}  # one 0/0 (a = y) and one −∞ (a = 1 − y)
    at = run_page(PAGE, RELU)
    for i in saturated:
        at.selectbox(key="example_i").set_value(int(i)).run()
        no_infinity(at)
        assert PASS in page_text(at)  # what can be checked still is


# ---------------------------------------------------------------- the quiz

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


def test_bias_heatmaps_are_labelled_by_their_own_name():
    # b2's one column used to read "b1" (a prefix "b" plus the column index).
    shown = charts(run_page(PAGE))
    assert shown["fw_b1"]["data"][0]["x"] == ["b1"]
    assert shown["fw_b2"]["data"][0]["x"] == ["b2"]
