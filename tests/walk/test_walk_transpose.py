"""Step 6 · dA1 = W2ᵀ dZ2: the page runs and follows the settings and the example selector,
dA1 is each example's loss gradient and the scalar sums and the row layout agree with it, the
shape puzzle gives honest verdicts, and the quiz's answers are the real shapes."""

from __future__ import annotations

import re

import numpy as np
import pytest
from support import (
    FAIL,
    FINE_EPS,
    GRID_CASES,
    LEAKY,
    PASS,
    RELU,
    TANH,
    TOL,
    centred,
    chart_title,
    charts,
    losses_from_logits,
    no_exception,
    no_infinity,
    page_text,
    rel_err,
    run_step,
    shown,
    table_with,
    walk_network,
    walk_of,
    z_of,
)

from ui import nav, quiz
from ui.state import from_query
from ui.walk import latex, transpose, transpose_outputs, transpose_puzzle

DA1 = nav.page("transpose").script
# ---------------------------------------------------------------- the formulas

@pytest.mark.parametrize(("n_h", "m", "act"), GRID_CASES)
def test_dA1_is_the_per_example_loss_gradient(n_h, m, act):
    net = walk_network(n_h, m, act, seed=3, data="random")
    Y, p, cache, grads = net["Y"], net["params"], net["cache"], net["grads"]
    # Each example's loss depends only on its own column of A1, so the derivative of the
    # summed loss with respect to A1[j, i] is ∂L⁽ⁱ⁾/∂a1ⱼ⁽ⁱ⁾: no 1/m, as the page says.
    fd = centred(lambda A1: losses_from_logits(p["W2"] @ A1 + p["b2"], Y).sum(),
                 cache["A1"].copy(), eps=FINE_EPS)
    assert rel_err(grads["dA1"], fd) < TOL
    assert rel_err(p["W2"].T @ grads["dZ2"], fd) < TOL


@pytest.mark.parametrize("n_y", [1, 3])
def test_scalar_sum_equals_matrix_form(n_y):
    rng = np.random.default_rng(n_y)
    W2, dZ2 = rng.normal(size=(n_y, 5)), rng.normal(size=(n_y, 4))
    np.testing.assert_allclose(transpose.scalar_dA1(W2, dZ2), W2.T @ dZ2, rtol=1e-13)


def test_row_layout_transposed_is_the_column_layout():
    net = walk_network(5, 3, "tanh", seed=3, data="random")
    p, grads = net["params"], net["grads"]
    for i in range(3):
        dz = grads["dZ2"][:, [i]]
        np.testing.assert_allclose((dz.T @ p["W2"]).T, grads["dA1"][:, [i]], rtol=1e-13)


# ---------------------------------------------------------------- the shape puzzle's verdicts

def verdicts(n_h: int, m: int) -> dict[str, dict]:
    rng = np.random.default_rng(n_h * 100 + m)
    W2, dZ2 = rng.normal(size=(1, n_h)), rng.normal(size=(1, m))
    return {k: transpose_puzzle.judge(k, W2, dZ2, W2.T @ dZ2)
            for k in transpose_puzzle.CANDIDATES}


@pytest.mark.parametrize(("n_h", "m"), [(4, 4), (5, 3), (1, 4), (4, 1), (1, 1)])
def test_puzzle_verdicts_follow_the_shapes(n_h, m):
    for label, v in verdicts(n_h, m).items():
        if label == transpose_puzzle.CORRECT:
            assert v["right_values"]
        assert v["runs"] == (v["error"] is None)
        if not v["runs"]:
            assert "mismatch" in v["error"] or "align" in v["error"]
        if v["right_values"]:
            assert v["right_shape"]


def test_puzzle_honest_cases():
    square = verdicts(4, 4)
    assert square["dZ2ᵀ · W2"]["right_shape"] and not square["dZ2ᵀ · W2"]["right_values"]
    assert square["dZ2ᵀ · W2"]["transposed"]
    assert not square["W2 · dZ2"]["runs"]
    assert verdicts(1, 4)["W2 · dZ2"]["right_values"]  # n_h = 1: W2 is its own transpose
    assert verdicts(4, 1)["W2ᵀ · dZ2ᵀ"]["right_values"]  # m = 1: dZ2 is its own transpose
    assert square["W2ᵀ * dZ2  (element-wise)"]["right_values"]  # n_y = 1: an outer product


# ---------------------------------------------------------------- the page

def test_page_renders_without_errors():
    at = run_step(DA1)
    no_exception(at)
    assert at.get("plotly_chart"), "every step page shows charts"
    body = page_text(at)
    assert "finite differences" in body  # the check caption
    assert "❌" not in "".join(e.proto.body for e in at.get("success"))
    assert PASS in body and FAIL not in page_text(at)  # the one-example check passes
    assert not at.get("error"), [e.proto.body for e in at.get("error")]


def test_settings_change_shapes_and_values():
    at = run_step(DA1, {"n_h": "4", "m": "4"})
    before = charts(at)
    assert "(4, 4)" in chart_title(before["da1_dA1"])
    at.slider(key="w_n_h").set_value(6).run()
    no_exception(at)
    assert "(6, 4)" in chart_title(charts(at)["da1_dA1"])
    at.slider(key="w_m").set_value(7).run()
    no_exception(at)
    wide = charts(at)
    assert "(6, 7)" in chart_title(wide["da1_dA1"])
    values = z_of(wide["da1_dA1"])
    at.selectbox(key="w_activation").set_value("relu").run()
    no_exception(at)
    assert not np.allclose(z_of(charts(at)["da1_dA1"]), values)
    assert "❌" not in "".join(e.proto.body for e in at.get("success"))
    assert FAIL not in page_text(at)


def test_dA1_example_view_follows_the_selector():
    at = run_step(DA1)
    at.selectbox(key="example_i").set_value(2).run()
    no_exception(at)
    body = page_text(at)
    assert "da^{[1](3)}_j" in body and "column 3 of dA1" in body
    assert r"\text{example 3:}" in body  # the row/column layouts follow the same example


def test_puzzle_correct_formula():
    at = run_step(DA1)
    at.button_group(key="puzzle").set_value("W2ᵀ · dZ2").run()
    no_exception(at)
    assert any("course's formula" in e.proto.body for e in at.get("success"))


@pytest.mark.parametrize("label", ["W2 · dZ2", "dZ2 · W2", "W2ᵀ · dZ2ᵀ"])
def test_puzzle_shape_errors_show_numpys_message(label):
    at = run_step(DA1)
    at.button_group(key="puzzle").set_value(label).run()
    no_exception(at)
    assert any("does not multiply" in e.proto.body for e in at.get("error"))
    codes = [c.value for c in at.get("code")]
    assert any(c.startswith("ValueError: matmul") and "mismatch" in c for c in codes)


def test_puzzle_square_case_is_called_out():
    at = run_step(DA1, {"n_h": "4", "m": "4"})  # dZ2ᵀ · W2: the right shape, wrong layout
    at.button_group(key="puzzle").set_value("dZ2ᵀ · W2").run()
    body = "".join(e.proto.body for e in at.get("error"))
    assert "transposed" in body and "n_h = m = 4" in body
    assert nav.step_ref("check") in body  # the gradient check would catch it


def test_puzzle_lucky_order_is_flagged_when_n_h_is_1():
    at = run_step(DA1, {"n_h": "1"})
    at.button_group(key="puzzle").set_value("W2 · dZ2").run()
    no_exception(at)
    assert any("by luck" in e.proto.body and "n_h = 1" in e.proto.body
               for e in at.get("warning"))


def test_puzzle_table_lists_every_candidate():
    at = run_step(DA1, {"n_h": "5", "m": "3"})
    table = table_with(at, "values = dA1")
    assert len(table) == 9
    right = table[table["values = dA1"] == "✓"]["formula"].tolist()
    assert right == ["W2ᵀ · dZ2", "W2ᵀ * dZ2  (element-wise)"]


def test_quiz_mode_asks_about_the_page():
    at = run_step(DA1, {"quiz": "1"})
    no_exception(at)
    assert any("Predict before you look" in e.value for e in at.markdown)


def test_page_survives_extreme_settings():
    for query in ({"n_h": "50", "m": "20", "activation": "relu"},
                  {"n_h": "1", "m": "1", "activation": "sigmoid"},
                  {"at": "300", "activation": "leaky_relu", "m": "3", "layers": "4"}):
        at = run_step(DA1, query)
        no_exception(at)
        assert "❌" not in "".join(e.proto.body for e in at.get("success")), query
        assert FAIL not in page_text(at), query


@pytest.mark.parametrize("query", [RELU, LEAKY, TANH], ids=["relu", "leaky_relu", "tanh"])
def test_walk_page_at_diverged_settings(query):
    at = run_step(DA1, query)
    no_infinity(at)
    assert PASS in page_text(at)


# ---------------------------------------------------------------- the quiz

def test_shape_answer_is_the_real_shape():
    for n_h, m in [(4, 4), (3, 7), (1, 2)]:
        data = walk_network(n_h, m)
        q = next(q for q in quiz.questions("transpose", data) if "shape of W2ᵀ dZ2" in q.prompt)
        assert q.options[q.answer] == str(data["grads"]["dA1"].shape), (n_h, m)


def test_no_transpose_question_only_when_it_would_fail():
    assert any("transpose" in q.prompt for q in quiz.questions("transpose", walk_network(4, 4)))
    # With one hidden unit W2 dZ2 happens to fit, so that question would mislead.
    assert not any("without the transpose" in q.prompt
                   for q in quiz.questions("transpose", walk_network(1, 4)))


# ---------------------------------------------------------------- the sum with two output units
# Issue 11, item 8: with n_y = 1 the sum over output units has one term, so the page says so
# once and then shows the sum with a second output unit, from the engine, term by term.

def two_outputs(net: dict, activation: str, seed: int = 2) -> dict:
    return transpose_outputs.two_output_network(net, activation, seed)


@pytest.mark.parametrize(("n_h", "m", "act"), GRID_CASES)
def test_two_output_dA1_is_checked_by_finite_differences(n_h, m, act):
    net = walk_network(n_h, m, act, seed=3, data="random")
    two = two_outputs(net, act)
    p, Y2 = two["params"], two["Y"]
    assert p["W2"].shape == (2, n_h) and Y2.shape == (2, m)
    np.testing.assert_array_equal(p["W2"][:1], net["params"]["W2"])  # row 1 is the walk's
    np.testing.assert_array_equal(two["cache"]["A1"], net["cache"]["A1"])  # A1 unchanged
    # The loss adds both units' cross-entropies; its derivative w.r.t. A1, in float64:
    fd = centred(lambda A1: losses_from_logits(p["W2"] @ A1 + p["b2"], Y2).sum(),
                 net["cache"]["A1"].copy(), eps=FINE_EPS)
    assert rel_err(p["W2"].T @ two["grads"]["dZ2"], fd) < TOL
    assert rel_err(two["grads"]["dA1"], fd) < TOL


@pytest.mark.parametrize(("n_h", "m", "act"), GRID_CASES)
def test_two_terms_add_up_to_the_transpose_product(n_h, m, act):
    net = walk_network(n_h, m, act, seed=3, data="random")
    two = two_outputs(net, act)
    W2, dZ2 = two["params"]["W2"], two["grads"]["dZ2"]
    for i in range(m):
        terms = transpose_outputs.terms(two, i)
        assert terms.shape == (n_h, 2) and np.all(terms != 0)  # two terms, both present
        for j in range(n_h):
            assert terms[j, 0] == W2[0, j] * dZ2[0, i] and terms[j, 1] == W2[1, j] * dZ2[1, i]
        np.testing.assert_allclose(terms.sum(axis=1), (W2.T @ dZ2)[:, i], rtol=1e-12, atol=0)


NUMBER = re.compile(r"\(?(-?\d+(?:\.\d+)?)(?:\\times 10\^\{(-?\d+)\})?\)?")


def shown_number(text: str) -> float:
    match = NUMBER.fullmatch(text.strip())
    assert match, text
    return float(match.group(1)) * 10.0 ** int(match.group(2) or 0)


def shown_sums(at) -> list[tuple[list[float], list[float], float]]:
    """Each displayed unit "da_j &= w·d + w·d \\ &= t + t = s" as (factors, terms, sum)."""
    block = next(e.value for e in at.get("latex") if r"\cdot" in e.value
                 and e.value.count("&= ") == 2 * e.value.count("da_{") > 0)
    rows = []
    for factors, rest in re.findall(r"da_\{\d+\} &= (.*?) \\\\ &= (.*?)(?: \\\\|\\end)", block):
        terms, total = rest.split(" = ")
        pairs = [f.split(r"\cdot") for f in factors.split(" + ")]
        rows.append(([shown_number(x) for pair in pairs for x in pair],
                     [shown_number(t) for t in terms.replace(" - ", " + -").split(" + ")],
                     shown_number(total)))
    return rows


def test_page_shows_the_two_term_sum_with_the_engines_numbers():
    query = {"n_h": "5", "m": "3", "at": "300"}
    at = run_step(DA1, query)
    no_exception(at)
    text = page_text(at)
    assert "here the sum over *k* has a single term" in text  # n_y = 1, said plainly
    assert PASS in shown(at, "success") and "the two-term sums" in shown(at, "success")
    net = walk_of(query)
    two = two_outputs(net, from_query(query)[0].activation, from_query(query)[0].seed)
    i = 0  # the example selector's first choice
    expected = (two["params"]["W2"].T @ two["grads"]["dZ2"])[:, i]
    rows = shown_sums(at)
    assert len(rows) == min(5, latex.SHOWN_UNITS)
    for j, (factors, terms, total) in enumerate(rows):
        assert len(terms) == 2, rows  # visibly two terms
        # Every number is shown to 4 significant digits: each agrees with its source to that.
        assert total == pytest.approx(expected[j], rel=6e-4, abs=1e-12)
        assert terms[0] + terms[1] == pytest.approx(total, rel=2e-3, abs=1e-9)
        assert factors[0] * factors[1] == pytest.approx(terms[0], rel=2e-3, abs=1e-9)
        assert factors[2] * factors[3] == pytest.approx(terms[1], rel=2e-3, abs=1e-9)


def test_the_transpose_argument_is_made_once():
    text = page_text(run_step(DA1))
    assert text.count("adds up the paths") == 1
    assert text.count("*column* index of its left factor") == 1
