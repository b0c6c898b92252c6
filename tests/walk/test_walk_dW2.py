"""Step 5 · dW2 and db2: the page runs and follows the settings, its derivation steps line by
line, dW2 and db2 are gradients of J and the average of the per-example outer products, and
its quiz answers come from the engine."""

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
    SLOW_PAGE,
    TANH,
    centred,
    charts,
    derivation_lines,
    in_page_order,
    no_infinity,
    page_text,
    quiz_score,
    rel_err,
    walk_network,
    z_of,
)

import engine
from ui import compute, nav, quiz
from ui.quiz.model import Question
from ui.state import State
from ui.walk.dW2 import per_example_outer

PAGE = nav.page("dW2").script
CHARTS = 5  # Plotly charts at the default sizes

@pytest.fixture(params=LIVE_CASES, ids=lambda c: f"nh{c[0]}-{c[1]}-m{c[2]}")
def case(request):
    n_h, activation, m, init, seed = request.param
    walk = walk_network(n_h, m, activation, seed, init, pool=max(m, 40), data_seed=seed)
    return walk, activation


def cost_of(walk: dict, activation: str, **override: np.ndarray) -> float:
    params = {**walk["params"], **override}
    cache = engine.forward(walk["X"], params, activation=activation)
    return float(engine.compute_cost(cache["A2"], walk["Y"]))


# ---------------------------------------------------------------- the formulas

def test_dW2_db2_match_finite_differences_of_J(case):
    walk, activation = case
    p, g = walk["params"], walk["grads"]
    fd_W2 = centred(lambda W: cost_of(walk, activation, W2=W), p["W2"], FINE_EPS)
    fd_b2 = centred(lambda b: cost_of(walk, activation, b2=b), p["b2"], FINE_EPS)
    assert rel_err(fd_W2, g["dW2"], floor=1e-12) < 1e-6
    assert rel_err(fd_b2, g["db2"], floor=1e-12) < 1e-6
    m = walk["X"].shape[1]
    np.testing.assert_allclose(g["dW2"], g["dZ2"] @ walk["cache"]["A1"].T / m, rtol=1e-13,
                               atol=1e-17)
    np.testing.assert_allclose(g["db2"], np.sum(g["dZ2"], axis=1, keepdims=True) / m,
                               rtol=1e-13, atol=1e-17)


def test_outer_product_average_equals_dW2(case):
    walk, _ = case
    dZ2, A1, dW2 = walk["grads"]["dZ2"], walk["cache"]["A1"], walk["grads"]["dW2"]
    outer = per_example_outer(dZ2, A1)
    assert outer.shape == (dZ2.shape[1], A1.shape[0])
    for i in range(dZ2.shape[1]):  # row i is example i's own outer product
        np.testing.assert_allclose(outer[i], np.outer(dZ2[:, i], A1[:, i])[0], rtol=1e-15)
    np.testing.assert_allclose(outer.mean(axis=0, keepdims=True), dW2, rtol=1e-12, atol=1e-17)


def test_per_example_gradient_of_L_is_the_outer_product(case):
    # Row i of the table is ∂L⁽ⁱ⁾/∂W2: check it against a finite difference of that one loss.
    walk, activation = case
    i = walk["X"].shape[1] // 2
    one = {**walk, "X": walk["X"][:, [i]], "Y": walk["Y"][:, [i]]}
    fd = centred(lambda W: cost_of(one, activation, W2=W), walk["params"]["W2"], FINE_EPS)
    outer = per_example_outer(walk["grads"]["dZ2"], walk["cache"]["A1"])
    assert rel_err(fd[0], outer[i], floor=1e-12) < 1e-6


# ---------------------------------------------------------------- the page

def test_page_runs_with_its_charts():
    at = run_page(PAGE)
    assert not at.exception, at.exception
    assert len(at.get("plotly_chart")) >= CHARTS
    assert at.selectbox(key="example_i").value == 0
    text = page_text(at)
    assert PASS in text and FAIL not in page_text(at)  # the one-example checks all pass
    assert "finite differences" in text  # frame.check_caption


def test_page_survives_extreme_settings():
    for query in ({"n_h": "50", "m": "20", "activation": "relu"},
                  {"n_h": "1", "m": "1", "activation": "sigmoid"},
                  {"at": "300", "activation": "leaky_relu", "m": "3"}):
        at = run_page(PAGE, query)
        assert not at.exception, (query, at.exception)
        assert FAIL not in page_text(at), query


def test_page_follows_m_and_n_h():
    at = run_page(PAGE, {"m": "6"})
    assert r"\underset{\color{gray}(1,\,6)}{dZ^{[2]}}" in page_text(at)
    assert z_of(charts(at)["dw2_outer"]).shape == (6, 4)
    at.slider(key="w_n_h").set_value(3).run()
    assert z_of(charts(at)["dw2_dW2"]).shape == (1, 3)
    assert r"\underset{\color{gray}(6,\,3)}{A^{[1]T}}" in page_text(at)


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
    assert PASS in page_text(at)


# ---------------------------------------------------------------- the quiz

def _find(qs: list[Question], words: str) -> Question:
    return next(q for q in qs if words in q.prompt)


def test_shape_answers_are_the_real_shapes():
    for n_h, m in [(4, 4), (3, 7), (1, 2)]:
        data = walk_network(n_h, m)
        for name in ("dW2", "db2"):
            q = _find(quiz.questions("dW2", data), f"shape of {name}")
            assert q.options[q.answer] == str(data["grads"][name].shape), (name, n_h, m)


def test_sign_answer_comes_from_the_engine():
    data = walk_network(5, 5, seed=4)
    q = _find(quiz.questions("dW2", data), "sign of dW2")
    k = int(q.prompt.split("for unit ")[1].rstrip("?")) - 1
    assert q.options[q.answer] == ("positive" if data["grads"]["dW2"][0, k] > 0 else "negative")
    # The prompt shows every term of the mean, as the page rounds them.
    assert len(q.shown) == 2 * 5 and q.decided


def _live_questions(at, step: str) -> list[Question]:
    state: State = at.session_state["state"]  # the same cached numbers the page used
    return quiz.questions(step, compute.walk(state), state.activation, state.layer_dims)


def test_a_right_and_a_wrong_answer():
    at = run_page(PAGE, {"quiz": "1", "n_h": "5"}, timeout=SLOW_PAGE)
    assert not at.exception
    qs = _live_questions(at, "dW2")
    assert quiz_score(at) == "0 / 0"
    first, second = qs[0], qs[1]
    key = f"quiz_dW2_0_{first.qid}"
    at.radio(key=key).set_value(first.options[first.answer]).run()
    at.button(key=f"{key}_check").click().run()
    assert not at.exception
    assert any(s.value.startswith("Right.") for s in at.success)
    assert quiz_score(at) == "1 / 1"

    key = f"quiz_dW2_1_{second.qid}"
    wrong = next(o for i, o in enumerate(second.options) if i != second.answer)
    at.radio(key=key).set_value(wrong).run()
    at.button(key=f"{key}_check").click().run()
    notes = [e.value for e in at.info]  # feedback in a role="status" box, not an error box
    assert any("Not quite" in e and second.options[second.answer].replace("*", r"\*") in e
               for e in notes), notes
    assert quiz_score(at) == "1 / 2"

    # A second try is shown as right but the score keeps the first attempt.
    at.radio(key=key).set_value(second.options[second.answer]).run()
    at.button(key=f"{key}_check").click().run()
    assert quiz_score(at) == "1 / 2"


def test_the_score_runs_across_pages():
    at = run_page(nav.page("dZ2").script, {"quiz": "1"}, timeout=SLOW_PAGE)
    q = _live_questions(at, "dZ2")[0]
    key = f"quiz_dZ2_0_{q.qid}"
    at.radio(key=key).set_value(q.options[q.answer]).run()
    at.button(key=f"{key}_check").click().run()
    at.switch_page(PAGE).run()
    assert not at.exception
    assert quiz_score(at) == "1 / 1"


def test_bias_heatmaps_are_labelled_by_their_own_name():
    # db2's one column used to read "b1" (a prefix "b" plus the column index).
    at = run_page(PAGE)
    shown = charts(at)
    assert shown["dw2_db2"]["data"][0]["x"] == ["db2"]
    assert "mean over the examples" in shown["dw2_dW2"]["layout"]["title"]["text"]


def test_the_derivation_comes_before_the_matrices():
    at = run_page(PAGE)
    assert not at.exception
    order = in_page_order(at.main)
    kinds = [getattr(e, "type", "") for e in order]
    first_line = next(k for k, e in enumerate(order) if kinds[k] == "markdown"
                      and e.value.startswith("**1.**"))
    assert first_line < kinds.index("plotly_chart")
