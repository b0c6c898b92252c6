"""Dropout's backward pass (issue 14, walk step 3): the page renders for the edge settings
and the whole keep_prob range, the mask and A1 it shows are the engine's, the dA1 it shows
is W2ᵀ dZ2 * D1 / keep_prob and equals finite differences with the mask fixed, each planted
mistake fails the gradient check wherever it changes dA1 (and changes nothing at
keep_prob = 1, which the page says), and the quiz answers follow from the numbers shown."""

from __future__ import annotations

import re

import numpy as np
import pytest
from conftest import run_page
from support import FAIL, FINE_EPS, TOL, charts, no_exception, page_text, rel_err, walk_of, z_of

import engine
from engine import network_general as general
from ui import content, quiz
from ui.walk import dropout as step
from ui.walk import dropout_compute as dc
from ui.walk import frame, latex

PAGE = "dropout"
EDGE = {"m": "1", "n_h": "1", "activation": "relu"}
BIG = {"activation": "sigmoid", "m": "20", "n_h": "50"}
CASES = [({}, 0.8, dc.DEFAULT_SEED), ({}, 1.0, dc.DEFAULT_SEED), ({}, 0.5, 8),
         (EDGE, 0.5, 0), (EDGE, 1.0, 3), (EDGE, 0.8, 1), (BIG, 0.8, 2), (BIG, 0.5, 99),
         ({"presenter": "1", "reveal": "99"}, 0.65, 7),
         ({"activation": "leaky_relu", "at": "0", "m": "6"}, 0.9, 4)]


def open_with(query: dict[str, str], kp: float, seed: int):
    at = run_page(PAGE, query)
    no_exception(at)
    if kp != dc.DEFAULT_KEEP_PROB:
        at.select_slider(key=step.KEEP_KEY).set_value(kp).run()
        no_exception(at)
    if seed != dc.DEFAULT_SEED:
        at.number_input(key=step.SEED_KEY).set_value(seed).run()
        no_exception(at)
    return at


def network(query: dict[str, str], kp: float, seed: int) -> dict:
    walk = walk_of(query)
    activation = query.get("activation", "tanh")
    return {**dc.build(walk["X"], walk["Y"], walk["params"], activation, kp, seed),
            "activation": activation}


def case_id(case) -> str:
    return f"{'-'.join(case[0].values()) or 'default'}-p{case[1]}-s{case[2]}"


@pytest.fixture(scope="module", params=CASES, ids=case_id)
def rendered(request):
    query, kp, seed = request.param
    return open_with({**query, "quiz": "1"}, kp, seed), network(query, kp, seed)


# ---------------------------------------------------------------- the page

def test_page_renders_the_engines_mask_and_activations(rendered):
    at, net = rendered
    kp, seed = net["keep_prob"], net["seed"]
    text = page_text(at)
    assert "{{" not in text and FAIL not in text
    assert at.select_slider(key=step.KEEP_KEY).value == kp
    assert at.number_input(key=step.SEED_KEY).value == seed
    shown = charts(at)
    D1 = z_of(shown["do_D1"])
    n_h, m = net["params"]["W1"].shape[0], net["X"].shape[1]
    np.testing.assert_array_equal(D1, engine.draw_masks([2, n_h, 1], m, kp, seed)["D1"])
    cache = general.forward(net["X"], net["params"], net["activation"])
    np.testing.assert_allclose(z_of(shown["do_G1"]), cache["A1"], rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(z_of(shown["do_A1"]), cache["A1"] * D1 / kp, rtol=1e-12,
                               atol=1e-15)
    assert f"{D1.size - int(D1.sum())} of its {D1.size} entries are 0" in text or D1.all()
    assert f"= {np.mean(D1 / kp):.4f}" in text  # the live mean of D1 / keep_prob


def test_no_unit_dropped_is_said_and_no_dropped_unit_is_claimed(rendered):
    at, net = rendered
    text = page_text(at)
    if net["D1"].all():
        assert "Here no entry is 0" in text
        claims = [r"entries are 0:", r"[Uu]nit \d+ (?:of example \d+ )?is dropped",
                  r"Every unit (?:of this example )?is dropped"]
        assert not [c for c in claims if re.search(c, text)]
    if net["keep_prob"] == 1:
        assert content.text(step.DOC, "dropped_none_one") in text
        assert "the check fails" not in text  # every mistake is the right formula


def test_shown_dA1_is_the_formula_and_the_finite_difference(rendered):
    at, net = rendered
    shown = charts(at)
    kp, D1, params = net["keep_prob"], net["D1"], net["params"]
    cache = general.forward(net["X"], params, net["activation"], "sigmoid", kp,
                            masks={"D1": D1})
    dZ2 = cache["A2"] - net["Y"]
    written = np.dot(params["W2"].T, dZ2) * D1 / kp
    dA1 = z_of(shown["do_dA1"])
    np.testing.assert_allclose(dA1, written, rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(z_of(shown["do_dA1_in"]), params["W2"].T @ dZ2, rtol=1e-12,
                               atol=1e-15)
    assert np.all(dA1[D1 == 0] == 0)  # a unit switched off gets no gradient
    # m·J's rounding (~1e-16 · m / ε) bounds each entry's agreement: the matrix as a whole
    assert rel_err(dA1, m_dJ_dG1(net)) < TOL
    assert f"{frame.CHECKED} With the mask held fixed" in page_text(at)


def m_dJ_dG1(net: dict) -> np.ndarray:
    """The tests' own centred differences of m·J in g[1](Z1) before dropout, mask fixed."""
    kp, D1, p, Y = net["keep_prob"], net["D1"], net["params"], net["Y"]
    G = np.array(net["cache"]["G1"], dtype=np.float64)
    out = np.zeros_like(G)

    def J() -> float:
        Z2 = p["W2"] @ (G * D1 / kp) + p["b2"]
        return float(np.mean(np.logaddexp(0, -Z2) * Y + np.logaddexp(0, Z2) * (1 - Y)))

    for idx in np.ndindex(G.shape):
        saved = G[idx]
        G[idx] = saved + FINE_EPS
        hi = J()
        G[idx] = saved - FINE_EPS
        lo = J()
        G[idx] = saved
        out[idx] = G.shape[1] * (hi - lo) / (2 * FINE_EPS)
    return out


def test_worked_lines_check_by_hand(rendered):
    at, net = rendered
    lines = [part for e in at.get("latex") for part in e.value.split(r" \\[6pt] ")
             if "dA^{[1]}_{" in part]
    i = at.selectbox(key="example_i").value
    kept, dropped = step.entry_units(net["D1"], i)
    assert len(lines) == (kept is not None) + (dropped is not None)
    for line in lines:
        numbers = line.rsplit(r"\text{keep\_prob}} = ", 1)[1]
        v, rest = numbers.split(r"\cdot\frac{", 1)
        d, rest = rest.split("}{", 1)
        k, result = rest.split("} = ")
        result = result.split(r"\end")[0].strip()
        by_hand = latex.value_of(v.strip("()")) * float(d) / float(k)
        assert abs(by_hand - latex.value_of(result)) <= 1e-3 * max(1.0, abs(by_hand)), line
        assert float(k) == net["keep_prob"]


# ---------------------------------------------------------------- the mistakes

def test_each_mistake_fails_the_check_where_it_changes_dA1(rendered):
    at, net = rendered
    text = page_text(at)
    assert net["rel"]["none"]["all"] < engine.AGREE
    for k in dc.MISTAKES:
        rel, wrong = net["rel"][k], net["wrong"][k]
        assert rel["W2"] < engine.AGREE and rel["b2"] < engine.AGREE  # before the factor
        if net["keep_prob"] == 1:
            assert not wrong.any() and rel["all"] < engine.AGREE
        if net["wrong_dZ1"][k]:
            assert rel["all"] >= engine.BUG, (k, rel)
        if not wrong.any():
            assert rel["all"] == net["rel"]["none"]["all"]
        line = content.text(step.DOC, "summary_line", label=content.text(
            step.DOC, f"mistake_{k}"), rel=rel["all"], wrong=int(wrong.sum()),
            total=wrong.size)
        assert line in text


def test_which_entries_each_mistake_gets_wrong():
    net = network({"m": "20", "n_h": "50"}, 0.5, 3)
    D1, right = net["D1"], net["by_mistake"]["none"]["dA1"]
    incoming = net["by_mistake"]["none"]["dA1_in"]
    live = incoming != 0
    # forgot / keep_prob: every kept entry, off by the factor keep_prob
    np.testing.assert_array_equal(net["wrong"]["no_scale"], (D1 == 1) & live)
    np.testing.assert_allclose(net["by_mistake"]["no_scale"]["dA1"], right * 0.5, rtol=1e-15)
    # forgot the mask: exactly the dropped entries
    np.testing.assert_array_equal(net["wrong"]["no_mask"], (D1 == 0) & live)
    # a fresh mask: where the two masks differ
    np.testing.assert_array_equal(net["wrong"]["fresh_mask"], (net["fresh"] != D1) & live)
    for k in dc.MISTAKES:
        assert net["rel"][k]["all"] >= engine.BUG


def test_mistakes_engine_matches_the_general_backward():
    for activation in ("tanh", "relu", "sigmoid", "leaky_relu"):
        net = network({"activation": activation, "m": "7", "n_h": "5"}, 0.7, 11)
        for key in ("dW1", "db1", "dW2", "db2", "dA1", "dZ1"):
            assert rel_err(net["by_mistake"]["none"][key], net["grads"][key]) < 1e-14, key
        assert rel_err(net["grads"]["dA1"], net["fd_dA1"]) < TOL
    with pytest.raises(ValueError):
        engine.backward_with_dropout_mistake(net["X"], net["Y"], net["params"], net["cache"],
                                             "tanh", 0.7, "forgot_everything")


def test_the_selected_mistake_is_shown_with_its_wrong_entries():
    at = open_with({}, 0.8, dc.DEFAULT_SEED)
    net = network({}, 0.8, dc.DEFAULT_SEED)
    for k in dc.MISTAKES:
        at.segmented_control(key=step.MISTAKE_KEY).set_value(k).run()
        no_exception(at)
        shown = charts(at)
        diff = z_of(shown["do_bad_diff"])
        np.testing.assert_array_equal(diff != 0, net["wrong"][k])
        assert net["wrong"][k].any()
        rel = content.unpadded(f"{net['rel'][k]['all']:.1e}")
        assert f"Gradient check with this mistake: relative error {rel}" in page_text(at)
        assert "the check fails" in page_text(at)


# ---------------------------------------------------------------- the quiz

def test_quiz_answers_follow_from_the_engine(rendered):
    _, net = rendered
    D1, kp = net["D1"], net["keep_prob"]
    qs = quiz.build(step.questions, net, net["activation"], [2, D1.shape[0], 1])
    shape_q = next(q for q in qs if "shape" in q.prompt)
    assert shape_q.options[shape_q.answer] == f"({D1.shape[0]}, {D1.shape[1]})"
    dropped = [q for q in qs if "is dropped" in q.prompt]
    assert len(dropped) == int(not D1.all())
    for q in dropped:
        assert q.options[q.answer] == "0"
    kept = [q for q in qs if q.shown]  # a kept unit's entry, W2ᵀ dZ2 / keep_prob
    assert len(kept) == int(D1.any())
    for q in kept:
        k, v = (float(t) for t in q.shown)
        assert abs(k - kp) <= 0.5 * 10.0 ** -q.digits
        assert q.options[q.answer] == f"{v / k:.{q.digits}f}"
        assert q.decided
