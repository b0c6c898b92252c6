"""Step 7 · dZ1 = dA1 * g′(Z1): the page runs and follows the settings, g′ is a mask for relu,
the matrix product fails or (n_h = m) silently mixes units and examples, dZ1 is the per-example
loss gradient in float64, and the quiz asks before the page answers."""

from __future__ import annotations

import numpy as np
import pytest
from conftest import run_page
from support import (
    FAIL,
    FINE_EPS,
    GRID_CASES,
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
    z_of,
)

import engine
from ui import compute, nav, quiz

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
    assert not at.get("error"), [e.proto.body for e in at.get("error")]


def test_settings_change_shapes_and_values():
    at = run_step(PAGE)
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
    at = run_step(PAGE, {"activation": "relu", "n_h": "5"})
    no_exception(at)
    mask = charts(at)["dz1_gprime"]
    assert chart_title(mask).startswith("1[Z1 > 0]")
    assert set(np.unique(z_of(mask))) <= {0.0, 1.0}
    assert any(c.value.startswith("ValueError") for c in at.get("code"))
    plot = charts(at)["dz1_gprime_plot"]
    assert plot["data"][2]["name"] == "this network's Z1 entries"
    assert len(decode(plot["data"][2]["x"])) == 5 * 4


def test_dZ1_matmul_goes_through_when_square():
    at = run_step(PAGE)
    assert any("n_h = m = 4" in e.proto.body for e in at.get("warning"))


def test_the_square_warning_names_the_gradient_check_step():
    at = run_step(PAGE)
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

def test_has_several_well_formed_questions():
    for n_h, m, act in [(4, 4, "tanh"), (1, 1, "relu"), (3, 7, "sigmoid"), (6, 2, "leaky_relu")]:
        qs = quiz.questions("dZ1", walk_network(n_h, m, act), act, [2, n_h, n_h, 1])
        assert len(qs) >= 2
        for q in qs:
            assert 2 <= len(q.options) <= 4
            assert len(set(q.options)) == len(q.options)
            assert 0 <= q.answer < len(q.options) and q.why
        assert len({q.qid for q in qs}) == len(qs)


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
    assert not at.exception and not at.error and quiz_score(at) == "0 / 0"


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
