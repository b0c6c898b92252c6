"""Step 8 · dW1 and db1: the page runs and follows the settings, dW1 is the average of the
examples' outer products, dW1 and db1 are the cost's gradients in float64, and the quiz's
answers are the real shapes."""

from __future__ import annotations

import numpy as np
import pytest
from support import (
    FAIL,
    FINE_EPS,
    GRID_CASES,
    TOL,
    centred,
    chart_title,
    charts,
    in_page_order,
    losses_from_logits,
    no_exception,
    page_text,
    rel_err,
    run_step,
    shown,
    walk_network,
    z_of,
)

import engine
from ui import compute, nav, quiz
from ui.walk import dW1

PAGE = nav.page("dW1").script
# ---------------------------------------------------------------- the page

def test_page_renders_without_errors():
    at = run_step(PAGE)
    no_exception(at)
    assert at.get("plotly_chart"), "every step page shows charts"
    body = page_text(at)
    assert "finite differences" in body  # the check caption
    assert "❌" not in "".join(e.proto.body for e in at.get("success"))
    assert FAIL not in shown(at, "success") + shown(at, "error")
    assert not at.get("error"), [e.proto.body for e in at.get("error")]


def test_settings_change_shapes_and_values():
    at = run_step(PAGE, {"n_h": "4", "m": "4"})
    before = charts(at)
    assert "(4, 4)" in chart_title(before["dw1_dZ1"])
    at.slider(key="w_n_h").set_value(6).run()
    no_exception(at)
    assert "(6, 2)" in chart_title(charts(at)["dw1_dW1"])
    at.slider(key="w_m").set_value(7).run()
    no_exception(at)
    wide = charts(at)
    assert "(6, 7)" in chart_title(wide["dw1_dZ1"])
    values = z_of(wide["dw1_dW1"])
    at.selectbox(key="w_activation").set_value("relu").run()
    no_exception(at)
    assert not np.allclose(z_of(charts(at)["dw1_dW1"]), values)
    assert "❌" not in "".join(e.proto.body for e in at.get("success"))
    assert FAIL not in shown(at, "success") + shown(at, "error")


def test_a_wrong_dW1_fails_the_one_example_checks(monkeypatch):
    # The checks must be able to go red: the marks above would otherwise prove nothing.
    right = compute.walk

    def wrong(state):
        walk = right(state)
        return {**walk, "grads": {**walk["grads"], "dW1": walk["grads"]["dW1"] * 1.01}}

    monkeypatch.setattr(compute, "walk", wrong)
    at = run_step(PAGE, {"m": "4"})
    no_exception(at)
    body = shown(at, "error")
    assert f"{FAIL} the mean of the 4 outer products" in body
    assert f"{FAIL} a loop averaging the 4 terms of entry (1, 1)" in body


def test_dW1_outer_products_average_to_dW1():
    at = run_step(PAGE, {"n_h": "3", "m": "5"})
    no_exception(at)
    c = charts(at)
    np.testing.assert_allclose(z_of(c["dw1_outer_mean"]), z_of(c["dw1_dW1"]), rtol=1e-12)
    assert "(3, 2)" in chart_title(c["dw1_outer_i"])


def test_the_prose_names_step_dW2():
    at = run_step(PAGE)
    body = page_text(at)
    assert f"{nav.step_ref('dW2').capitalize()} one layer down" in body
    assert f"It is {nav.step_ref('dW2')} again" in body


# ---------------------------------------------------------------- the maths, in float64

@pytest.mark.parametrize(("n_h", "m", "act"), GRID_CASES)
def test_dW1_db1_are_gradients_of_the_cost(n_h, m, act):
    net = walk_network(n_h, m, act, seed=3, data="random")
    X, Y, p, grads = net["X"], net["Y"], net["params"], net["grads"]

    def cost(params):
        return float(np.mean(losses_from_logits(engine.forward(X, params, act)["Z2"], Y)))

    for name in ("W1", "b1", "W2", "b2"):
        fd = centred(lambda theta, name=name: cost({**p, name: theta}), p[name].copy(),
                     eps=FINE_EPS)
        assert rel_err(grads["d" + name], fd) < TOL, name
    np.testing.assert_allclose(grads["dW1"], grads["dZ1"] @ X.T / m, rtol=1e-13)
    np.testing.assert_allclose(grads["db1"], grads["dZ1"].mean(axis=1, keepdims=True),
                               rtol=1e-13)


@pytest.mark.parametrize(("n_h", "m"), [(4, 4), (3, 1), (8, 6)])
def test_outer_product_average_is_dW1(n_h, m):
    net = walk_network(n_h, m, "tanh", seed=3, data="random")
    X, grads = net["X"], net["grads"]
    outer = dW1.outer_products(grads["dZ1"], X)
    assert outer.shape == (m, n_h, 2)
    for i in range(m):
        np.testing.assert_allclose(outer[i], np.outer(grads["dZ1"][:, i], X[:, i]), rtol=1e-13)
    np.testing.assert_allclose(outer.mean(axis=0), grads["dW1"], rtol=1e-12, atol=1e-17)


# ---------------------------------------------------------------- the quiz

def test_questions_are_stable_across_reruns_and_change_with_the_network():
    a = quiz.questions("dW1", walk_network(4, 4))
    assert a == quiz.questions("dW1", walk_network(4, 4))  # same order on every rerun
    b = quiz.questions("dW1", walk_network(7, 5))
    assert [q.qid for q in a] != [q.qid for q in b]


def test_shape_answers_are_the_real_shapes():
    for n_h, m in [(4, 4), (3, 7), (1, 2)]:
        data = walk_network(n_h, m)
        qs = quiz.questions("dW1", data)
        for name in ("dW1", "db1"):
            q = next(q for q in qs if f"shape of {name}" in q.prompt)
            assert q.options[q.answer] == str(data["grads"][name].shape), (name, n_h, m)


def test_the_derivation_comes_before_the_matrices():
    at = run_step(PAGE)
    no_exception(at)
    order = in_page_order(at.main)
    kinds = [getattr(e, "type", "") for e in order]
    first_line = next(k for k, e in enumerate(order) if kinds[k] == "markdown"
                      and e.value.startswith("**1.**"))
    assert first_line < kinds.index("plotly_chart")
