"""Step 7 · dZ1 = dA1 * g′(Z1): the page runs and follows the settings, g′ is a mask for relu,
the matrix product fails or (n_h = m) silently mixes units and examples, dZ1 is the per-example
loss gradient in float64, and the quiz asks before the page answers."""

from __future__ import annotations

import re

import numpy as np
import pytest
from conftest import run_page
from support import (
    FAIL,
    FINE_EPS,
    GRID_CASES,
    PASS,
    SLOW_PAGE,
    TOL,
    centred,
    chart_title,
    charts,
    decode,
    in_page_order,
    losses_from_logits,
    no_exception,
    page_text,
    quiz_score,
    rel_err,
    run_step,
    shown,
    walk_network,
    walk_of,
    z_of,
)

import engine
from ui import compute, nav, quiz
from ui.state import from_query
from ui.walk import latex

PAGE = nav.page("dZ1").script
# ---------------------------------------------------------------- the page

def test_page_renders_without_errors():
    at = run_step(PAGE)
    no_exception(at)
    assert at.get("plotly_chart"), "every step page shows charts"
    body = page_text(at)
    assert "finite differences" in body  # the check caption
    assert "❌" not in "".join(e.proto.body for e in at.get("success"))
    assert FAIL not in shown(at, "success") + shown(at, "error")
    # The one error box allowed is NumPy refusing dA1 · g′(Z1), which the page demonstrates.
    assert all("NumPy refuses" in e.proto.body for e in at.get("error")), shown(at, "error")


def test_sigmoid_note_bounds_each_unit_not_the_layer():
    # σ′ ≤ 1/4 bounds each unit; with W a layer can shrink the gradient by less than 4×
    # (tests/walk/test_walk_deeper.py finds such weights), so no fourfold promise.
    text = page_text(run_step(PAGE, {"activation": "sigmoid"}))
    assert "at most 1/4" in text and "does not always shrink the gradient fourfold" in text
    assert not re.search(r"at least fourfold|shrinks the gradient at least", text)


def test_settings_change_shapes_and_values():
    at = run_step(PAGE, {"n_h": "4", "m": "4"})
    before = charts(at)
    assert "(4, 4)" in chart_title(before["dz1_dZ1"])
    at.slider(key="w_n_h").set_value(6).run()
    no_exception(at)
    assert "(6, 4)" in chart_title(charts(at)["dz1_dZ1"])
    at.slider(key="w_m").set_value(7).run()
    no_exception(at)
    wide = charts(at)
    assert "(6, 7)" in chart_title(wide["dz1_dZ1"])
    values = z_of(wide["dz1_dZ1"])
    at.selectbox(key="w_activation").set_value("relu").run()
    no_exception(at)
    assert not np.allclose(z_of(charts(at)["dz1_dZ1"]), values)
    assert "❌" not in "".join(e.proto.body for e in at.get("success"))
    assert FAIL not in shown(at, "success") + shown(at, "error")


def test_a_wrong_dZ1_fails_the_one_example_check(monkeypatch):
    # The check must be able to go red: the marks above would otherwise prove nothing.
    right = compute.walk

    def wrong(state):
        walk = right(state)
        return {**walk, "grads": {**walk["grads"], "dZ1": walk["grads"]["dZ1"] * 1.01}}

    monkeypatch.setattr(compute, "walk", wrong)
    at = run_step(PAGE)
    no_exception(at)
    assert f"{FAIL} the 4 scalar products for example 1 = column 1 of dZ1" in shown(at, "error")


def test_dZ1_relu_shows_a_mask_and_matmul_fails():
    at = run_step(PAGE, {"activation": "relu", "n_h": "5", "m": "4"})
    no_exception(at)
    mask = charts(at)["dz1_gprime"]
    assert chart_title(mask).startswith("1[Z1 > 0]")
    assert set(np.unique(z_of(mask))) <= {0.0, 1.0}
    assert any(c.value.startswith("ValueError") for c in at.get("code"))
    plot = charts(at)["dz1_gprime_plot"]
    assert plot["data"][2]["name"] == "this network's Z1 entries"
    assert len(decode(plot["data"][2]["x"])) == 5 * 4


def test_dZ1_matmul_goes_through_when_square():
    at = run_step(PAGE, {"n_h": "4", "m": "4"})
    assert any("n_h = m = 4" in e.proto.body for e in at.get("warning"))


def test_the_square_warning_names_the_gradient_check_step():
    at = run_step(PAGE, {"n_h": "4", "m": "4"})
    body = "".join(e.proto.body for e in at.get("warning"))
    assert f"the gradient check on {nav.step_ref('check')} does" in body


# ---------------------------------------------------------------- the maths, in float64

@pytest.mark.parametrize(("n_h", "m", "act"), GRID_CASES)
def test_dZ1_is_the_per_example_loss_gradient(n_h, m, act):
    net = walk_network(n_h, m, act, seed=3, data="random")
    p, cache, grads, Y = net["params"], net["cache"], net["grads"], net["Y"]
    g = engine.ACTIVATIONS[act]
    Z1 = cache["Z1"].copy()
    if act in ("relu", "leaky_relu"):
        assert np.min(np.abs(Z1)) > 10 * FINE_EPS, "a kink would spoil the difference"
    fd = centred(lambda Z: losses_from_logits(p["W2"] @ g.forward(Z) + p["b2"], Y).sum(), Z1,
                 eps=FINE_EPS)
    assert rel_err(grads["dZ1"], fd) < TOL
    # The page's element-wise form and its diagonal-Jacobian form.
    assert rel_err(grads["dA1"] * g.derivative(cache["Z1"]), fd) < TOL
    for i in range(m):
        jac = np.diag(g.derivative(cache["Z1"][:, i]))
        np.testing.assert_allclose(jac.T @ grads["dA1"][:, i], grads["dZ1"][:, i], rtol=1e-12)


@pytest.mark.parametrize("act", ["tanh", "sigmoid", "relu", "leaky_relu"])
def test_g_prime_matches_finite_differences(act):
    g = engine.ACTIVATIONS[act]
    z = np.linspace(-4, 4, 81)
    z = z[np.abs(z) > 1e-3][None, :]  # relu has no derivative at its kink
    fd = (g.forward(z + FINE_EPS) - g.forward(z - FINE_EPS)) / (2 * FINE_EPS)
    np.testing.assert_allclose(g.derivative(z), fd, atol=1e-8)
    np.testing.assert_allclose(g.derivative_from_output(g.forward(z)), fd, atol=1e-8)


# ---------------------------------------------------------------- the quiz

def test_shape_answer_is_the_real_shape():
    for n_h, m in [(4, 4), (3, 7), (1, 2)]:
        data = walk_network(n_h, m)
        q = next(q for q in quiz.questions("dZ1", data) if "shape of dZ1" in q.prompt)
        assert q.options[q.answer] == str(data["grads"]["dZ1"].shape), (n_h, m)


def test_checking_without_a_choice_does_nothing():
    at = run_page(PAGE, {"quiz": "1"}, timeout=SLOW_PAGE)
    state = at.session_state["state"]
    q = quiz.questions("dZ1", compute.walk(state), state.activation, state.layer_dims)[0]
    at.button(key=f"quiz_dZ1_0_{q.qid}_check").click().run()
    assert not at.exception and quiz_score(at) == "0 / 0"
    assert all("NumPy refuses" in e.proto.body for e in at.error)  # the page's own demo


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


# ---------------------------------------------------------------- the one-line chain first

CHAIN = "the one-line chain (a2 − y) · W2[1, 1] · g[1]′(z1_1) for example"


@pytest.mark.parametrize("query", [{}, {"activation": "sigmoid", "at": "300", "m": "5"}],
                         ids=["default", "trained"])
def test_the_one_line_chain_multiplies_out_to_the_engine_entry(query):
    """dL/dz1_j = (a2 − y) · W2[1, j] · g′(z1_j), with live numbers, checked against dZ1[j, i]."""
    at = run_step(PAGE, query)
    no_exception(at)
    walk = walk_of(query)
    i = 0  # the example selector's default
    a2, y = walk["cache"]["A2"][0, i], walk["Y"][0, i]
    w = walk["params"]["W2"][0, 0]
    gp = engine.ACTIVATIONS[walk_state(query).activation].derivative(walk["cache"]["Z1"][:1, [i]])
    product = (a2 - y) * w * float(gp[0, 0])
    assert product == pytest.approx(walk["grads"]["dZ1"][0, i], rel=1e-12, abs=1e-18)
    assert f"{PASS} {CHAIN} {i + 1} = dZ1[1, {i + 1}]" in shown(at, "success")
    chain = next(e.value for e in at.latex if r"W^{[2]}_{1,1}" in e.value and "=" in e.value)
    # The numbers as latex.worked writes them: enough digits that the line checks by hand.
    texts, result = latex.worked(lambda e, v, g: e * v * g, [a2 - y, w, float(gp[0, 0])],
                                 product, sig=3)
    assert latex.bracket(texts[1]) in chain and result in chain
    assert result == latex.exact(product, 3)


def test_a_wrong_dZ1_fails_the_one_line_chain(monkeypatch):
    right = compute.walk

    def wrong(state):
        walk = right(state)
        return {**walk, "grads": {**walk["grads"], "dZ1": walk["grads"]["dZ1"] * 1.01}}

    monkeypatch.setattr(compute, "walk", wrong)
    at = run_step(PAGE)
    assert f"{FAIL} {CHAIN} 1 = dZ1[1, 1]" in shown(at, "error")


def test_the_chain_and_the_derivation_come_before_the_matrices():
    at = run_step(PAGE)
    no_exception(at)
    order = in_page_order(at.main)
    kinds = [getattr(e, "type", "") for e in order]
    first_heatmap = kinds.index("plotly_chart")
    chain = next(k for k, e in enumerate(order) if kinds[k] == "latex"
                 and r"W^{[2]}_{1,1}" in e.value)
    first_line = next(k for k, e in enumerate(order) if kinds[k] == "markdown"
                      and e.value.startswith("**1.**"))
    assert chain < first_line < first_heatmap


def walk_state(query: dict[str, str]):
    return from_query(query)[0]


def test_course_reuses_A1_because_it_is_cached():
    # The agreement allows the reuse; the reason is that the forward pass cached A1.
    text = page_text(run_step(PAGE))
    assert "already cached" in text and "that is why course code reuses A1" not in text
