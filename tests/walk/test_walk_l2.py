"""L2: where (λ/m) W comes from (issue 14, walk step 2): the page renders for the edge
settings and the ends of λ's range, the dW it shows is the engine's with λ and equals a
float64 finite difference of the penalised cost, the term is (λ/m) W, db is the same with and
without λ, the shrink factor and the decayed step are the written formulas, and its quiz
answers follow from the numbers it shows."""

from __future__ import annotations

import numpy as np
import pytest
from conftest import run_page
from support import FAIL, FINE_EPS, TOL, centred, charts, no_exception, page_text, rel_err, z_of

from engine import network_general as general
from ui import compute, content, quiz
from ui.quiz.model import decimals
from ui.state import from_query
from ui.walk import frame, latex
from ui.walk import l2 as step
from ui.walk import l2_compute as lc

PAGE = "l2"
EDGE = {"m": "1", "n_h": "1", "activation": "relu"}
# αλ/m above 1 (the factor is negative), and exactly 1 (the factor is 0)
FLIP = {"lr": "10", "m": "1"}
ZERO = {"lr": "1", "m": "3"}
CASES = [({}, lc.DEFAULT_LAMBD), ({"presenter": "1", "reveal": "99"}, 2.5), ({}, 0.0),
         (EDGE, 10.0), (EDGE, 0.0), ({"activation": "sigmoid", "m": "20", "n_h": "50"}, 10.0),
         ({"activation": "leaky_relu", "at": "0"}, 0.1), (FLIP, 10.0), (ZERO, 3.0)]


def network(query: dict[str, str], lambd: float) -> dict:
    state, warnings = from_query(query)
    assert not warnings
    return {**lc.build(compute.walk(state), state.activation, lambd, state.lr),
            "activation": state.activation}


def case_id(case) -> str:
    return f"{'-'.join(case[0].values()) or 'default'}-λ{case[1]:g}"


@pytest.fixture(scope="module", params=CASES, ids=case_id)
def rendered(request):
    query, lambd = request.param
    at = run_page(PAGE, {**query, "quiz": "1"})
    no_exception(at)
    if lambd != lc.DEFAULT_LAMBD:
        at.slider(key=step.LAMBD_KEY).set_value(lambd).run()
        no_exception(at)
    return at, network(query, lambd), lambd


# ---------------------------------------------------------------- the page

def test_page_renders_with_its_matrices_and_checks(rendered):
    at, r, lambd = rendered
    n_h = r["params"]["W1"].shape[0]
    text = page_text(at)
    assert "{{" not in text and FAIL not in text
    assert at.slider(key=step.LAMBD_KEY).value == pytest.approx(lambd)
    shown = charts(at)
    for key in ("l2_plain_dW1", "l2_term_W1", "l2_dW1"):
        assert z_of(shown[key]).shape == (n_h, 2), key
    for key in ("l2_plain_dW2", "l2_term_W2", "l2_dW2", "l2_W2", "l2_W2_decay"):
        assert z_of(shown[key]).shape == (1, n_h), key
    assert f"{frame.CHECKED} dW1, db1, dW2 and db2 with λ = {lambd:g} are checked" in text or \
        f"{frame.EXPLAINED} dW1, db1, dW2 and db2 with λ = {lambd:g} are checked" in text


def test_shown_dW_is_the_engines_with_lambda_and_plain_plus_term(rendered):
    at, r, lambd = rendered
    shown = charts(at)
    X, Y, params, m = r["X"], r["Y"], r["params"], r["m"]
    cache = general.forward(X, params, r["activation"])
    grads = general.backward(X, Y, params, cache, r["activation"], lambd=lambd)
    plain = general.backward(X, Y, params, cache, r["activation"])
    for l in (1, 2):
        W = params[f"W{l}"]
        np.testing.assert_allclose(z_of(shown[f"l2_dW{l}"]), grads[f"dW{l}"], rtol=1e-12,
                                   atol=1e-15)
        np.testing.assert_allclose(z_of(shown[f"l2_term_W{l}"]), lambd / m * W, rtol=1e-12,
                                   atol=1e-15)
        np.testing.assert_allclose(z_of(shown[f"l2_plain_dW{l}"]), plain[f"dW{l}"], rtol=1e-12,
                                   atol=1e-15)
        np.testing.assert_allclose(z_of(shown[f"l2_plain_dW{l}"]) + z_of(shown[f"l2_term_W{l}"]),
                                   z_of(shown[f"l2_dW{l}"]), rtol=1e-12, atol=1e-14)


def test_db_is_the_same_with_and_without_lambda(rendered):
    at, r, lambd = rendered
    shown = charts(at)
    for l in (1, 2):
        np.testing.assert_array_equal(z_of(shown[f"l2_db{l}"]), z_of(shown[f"l2_db{l}_plain"]))
        np.testing.assert_array_equal(r["grads"][f"db{l}"], r["plain"][f"db{l}"])


def test_shrink_factor_and_decayed_step_are_the_written_formulas(rendered):
    at, r, lambd = rendered
    lr, m = r["lr"], r["m"]
    factor = 1 - lr * lambd / m
    line = next(e.value for e in at.get("latex") if r"1 - \frac{\alpha\lambda}{m} &=" in e.value)
    written = line.split(r"\end{aligned}")[0].rsplit(" = ", 1)[1]
    assert latex.value_of(written) == pytest.approx(factor, rel=5e-4, abs=1e-12)
    shown = charts(at)
    W2 = r["params"]["W2"]
    np.testing.assert_allclose(z_of(shown["l2_W2_decay"]),
                               factor * W2 - lr * r["plain"]["dW2"], rtol=1e-12, atol=1e-13)
    np.testing.assert_allclose(z_of(shown["l2_W2_direct"]), W2 - lr * r["grads"]["dW2"],
                               rtol=1e-12, atol=1e-13)
    text = page_text(at)
    case = step.decay_case(factor, lambd)
    assert content.text(step.DOC, case, lr=lr, lambd=f"{lambd:g}", m=m, shrink=factor,
                        pct=100 * (1 - factor)) in text
    assert {0.0: "decay_none"}.get(lambd, case) == case
    if lambd and factor < 0:
        assert "flips the sign" in text
    if lambd and factor == 0:
        assert "the factor is 0" in text


def test_worked_entry_checks_by_hand(rendered):
    at, r, lambd = rendered
    m = r["m"]
    k, j = lc.entry(r["params"]["W1"])
    line = next(e.value for e in at.get("latex") if r"\frac{\lambda}{2m}\cdot 2w" in e.value)
    first, second, third = line.split(r" \\[6pt] ")
    w_text, t_text = first.rsplit(r"\cdot", 1)[1].split(" = ")
    assert rf"\frac{{{lambd:g}}}{{{m}}}\cdot" in first  # λ and m as the page holds them
    by_hand = lambd / m * latex.value_of(w_text)
    assert t_text in (latex.num(by_hand, 4), latex.exact(by_hand, 4))
    assert t_text == latex.exact(r["term"]["W1"][k, j], 4)
    assert f"dW^{{[1]}}_{{{k + 1}{j + 1}}}" in second
    total = third.split(r"\end{aligned}")[0].rsplit(" = ", 1)[1]
    assert total == latex.exact(r["grads"]["dW1"][k, j], 4)


# ---------------------------------------------------------------- the numbers

@pytest.mark.parametrize("activation", ["tanh", "sigmoid", "relu", "leaky_relu"])
@pytest.mark.parametrize("m,n_h", [(1, 1), (5, 4), (20, 50)])
@pytest.mark.parametrize("lambd", [0.0, 0.7, 10.0])
def test_dW_with_lambda_equals_a_finite_difference_of_the_penalised_cost(activation, m, n_h,
                                                                         lambd):
    r = network({"activation": activation, "m": str(m), "n_h": str(n_h)}, lambd)
    X, Y, params = r["X"], r["Y"], r["params"]
    for name in ("W1", "b1", "W2", "b2"):
        def J(theta, name=name):
            p = {**params, name: theta}
            cache = general.forward(X, p, activation)
            return general.cost(cache, Y, p) + lambd / (2 * m) * sum(
                float(np.sum(p[k] ** 2)) for k in ("W1", "W2"))
        fd = centred(J, params[name].copy(), FINE_EPS)
        # relu's kink: a nudge across z = 0 mixes two slopes; those entries are left out
        keep = ~kinked(r, name, activation)
        analytic, numeric = r["grads"]["d" + name][keep], fd[keep]
        # J is rounded by ~1e-16·J, which a centred difference divides by ε: ~1e-10·J
        rounding = 1e-9 * max(1.0, J(params[name].copy()))
        assert rel_err(analytic, numeric) < TOL or \
            np.max(np.abs(analytic - numeric), initial=0.0) <= rounding, name
        assert r["judged"][name] in ("agrees", "rounding", "kink"), name


def kinked(r: dict, name: str, activation: str) -> np.ndarray:
    shape = r["params"][name].shape
    if activation not in ("relu", "leaky_relu") or name not in ("W1", "b1"):
        return np.zeros(shape, dtype=bool)
    z, x = np.abs(r["cache"]["Z1"]), np.abs(r["X"])
    if name == "b1":
        return (z <= FINE_EPS).any(axis=1, keepdims=True)
    return (z[:, None, :] <= FINE_EPS * x[None, :, :]).any(axis=2)


def test_penalty_difference_is_lambda_over_m_w():
    r = network({"m": "4"}, 0.7)
    W1 = r["params"]["W1"]
    for at in np.ndindex(W1.shape):
        fd = lc.penalty_difference(r["params"], "W1", at, 0.7, 4)
        assert fd == pytest.approx(0.7 / 4 * W1[at], rel=1e-7, abs=1e-12)


# ---------------------------------------------------------------- the quiz

def test_quiz_answers_follow_from_the_shown_numbers(rendered):
    _, r, lambd = rendered
    m, n_h = r["m"], r["params"]["W1"].shape[0]
    qs = quiz.build(step.questions, r, r["activation"], [2, n_h, 1])
    shape_q = next(q for q in qs if "shape" in q.prompt)
    assert shape_q.options[shape_q.answer] == f"({n_h}, 2)"
    bias = next(q for q in qs if "db2" in q.prompt)
    assert bias.options[bias.answer] == content.text(step.DOC, "quiz_bias_right")
    for q in qs:
        assert q.decided
        if "factor" in q.prompt:
            a, l_ = (float(s) for s in q.shown)
            assert q.options[q.answer] == decimals(1 - a * l_ / m, q.digits)
            assert a == pytest.approx(r["lr"], abs=10.0 ** -q.digits)
        if "entry" in q.prompt and "W1 is w" in q.prompt:
            w, p, l_ = (float(s) for s in q.shown)
            assert q.options[q.answer] == decimals(p + l_ / m * w, q.digits)
    has = [any(word in q.prompt for q in qs) for word in ("factor", "W1 is w")]
    assert has == [lambd > 0, lambd > 0]  # at λ = 0 they would have no wrong answer
