"""Saturated outputs (issue 11): where A2 is exactly 0 or 1 in float64, the loss is computed
from Z2, the walk pages explain the ±∞ and NaN of the two-factor chain rule instead of
crashing, and heatmaps, LaTeX and quiz questions cope with numbers that are not finite."""

from __future__ import annotations

import json

import numpy as np
import pytest
from conftest import run_page
from support import charts, decode, page_text, z_of

import engine
from ui import compute, figures, quiz, walkkit
from ui.quiz_questions import ask, num3
from ui.state import from_query

WALK = [f"pages/{name}.py" for name in (
    "01_Forward_pass", "02_Loss_and_cost", "03_Sigmoid_derivative", "04_dZ2", "05_dW2_db2",
    "06_dA1_transpose", "07_dZ1", "08_dW1_db1", "09_Gradient_check", "10_Deeper_networks")]
OUTPUT_PAGES = WALK[1:4]  # the pages that explain saturated outputs
DIVERGED = {"lr": "10", "init": "he", "quiz": "1"}  # training blows up; the last finite weights
RELU = {**DIVERGED, "activation": "relu", "at": "3"}  # 2 of 4 outputs at exactly 0
LEAKY = {**DIVERGED, "activation": "leaky_relu", "at": "50", "m": "20"}  # 0s, 1s, and z ≈ 28
TANH = {**DIVERGED, "activation": "tanh", "at": "50"}  # hidden units at exactly ±1
SATURATED = [RELU, LEAKY]
EXPLAINED = "outputs are saturated"
PASS, FAIL = ":material/check_circle:", ":material/cancel:"


def walk_of(query: dict[str, str]) -> dict:
    state, warnings = from_query(query)
    assert not warnings
    return compute.walk(state)


# ---------------------------------------------------------------- engine

def test_cross_entropy_loss_is_finite_and_is_the_course_loss():
    z = np.array([-1609.0, -750.0, -30.0, -5.0, -0.7, 0.0, 0.4, 3.0, 8.0, 40.0, 900.0])
    Z = np.concatenate([z, z])[None, :]
    Y = np.repeat([0.0, 1.0], z.size)[None, :]
    A = engine.sigmoid(Z)
    assert np.any(A == 0.0) and np.any(A == 1.0)
    loss = engine.cross_entropy_loss(Y, Z)
    assert loss.shape == Y.shape and np.all(np.isfinite(loss)) and np.all(loss >= 0)
    # At a saturated output the loss is that of z itself: |z| when wrong, 0 when right.
    wrong = engine.saturated_outputs(A) & (np.round(A) != Y)
    np.testing.assert_allclose(loss[wrong], np.abs(Z[wrong]), rtol=1e-15)
    with np.errstate(divide="ignore", invalid="ignore"):
        course = -(Y * np.log(A) + (1 - Y) * np.log(1 - A))
    finite = np.isfinite(course)
    assert finite.sum() == 14  # the 8 saturated entries hold log 0
    np.testing.assert_allclose(loss[finite], course[finite], rtol=1e-12, atol=1e-15)
    assert engine.compute_cost(A, Y, Z) == pytest.approx(float(np.mean(loss)), rel=1e-15)


def test_saturated_outputs_marks_exactly_zero_and_one():
    A = engine.sigmoid(np.array([[-1609.0, -710.0, -709.0, 0.0, 36.0, 37.0, 1609.0]]))
    mask = engine.saturated_outputs(A)
    assert mask.dtype == bool and mask.shape == A.shape
    assert mask.tolist() == [[True, True, False, False, False, True, True]]


def test_the_settings_below_really_saturate():
    for query in SATURATED:
        assert engine.saturated_outputs(walk_of(query)["cache"]["A2"]).any(), query
    assert np.any(np.abs(walk_of(TANH)["cache"]["A1"]) == 1.0)


# ---------------------------------------------------------------- figures and LaTeX

def test_heatmap_of_infinities_and_nan():
    M = np.array([[0.25, np.inf, -2.0], [-np.inf, np.nan, 0.0]])
    assert figures.readable_decimals(M) == 2
    fig = figures.matrix_heatmap(M, "dA2")
    spec = json.loads(fig.to_json())
    assert "Infinity" not in fig.to_json()
    trace = spec["data"][0]
    z = decode(trace["z"])
    assert not np.isinf(z).any()
    assert z[0, 1] == 2.0 and z[1, 0] == -2.0  # ±∞ at the colour limit, the largest |finite|
    assert trace["text"] == [["0.25", "∞", "-2.00"], ["-∞", "NaN", "0.00"]]
    assert trace["customdata"][0][1] == "∞" and trace["customdata"][1][1] == "NaN"


def test_latex_numbers_that_are_not_finite():
    assert walkkit.num(np.inf) == r"\infty" and walkkit.num(-np.inf) == r"-\infty"
    assert walkkit.num(np.nan) == r"\text{undefined}"
    assert walkkit.paren(-np.inf) == r"(-\infty)" and walkkit.exact(np.nan) == r"\text{undefined}"
    assert walkkit.latex_matrix(np.array([[1.0, -np.inf, np.nan]])) == (
        r"\begin{bmatrix}1.000 & -\infty & \text{undefined}\end{bmatrix}")


def test_quiz_drops_a_question_with_a_number_that_is_not_finite(monkeypatch):
    def builder(data, v):
        return [ask("What is −1/a at a = 0?", num3(-np.inf), ["0.000", "1.000"], "1/0"),
                ask("What is a − y?", num3(-1.0), ["1.000"], "a − y = −1")]

    monkeypatch.setitem(quiz.BUILDERS, "dZ2", builder)
    qs = quiz.questions("dZ2", walk_of(RELU), "relu")
    assert [q.prompt for q in qs] == ["What is a − y?"]


def test_quiz_asks_about_an_unsaturated_example():
    walk = walk_of(RELU)
    sat = engine.saturated_outputs(walk["cache"]["A2"])[0]
    for step, count in (("cost", 3), ("sigmoid", 3), ("dZ2", 3)):
        qs = quiz.questions(step, walk, "relu")
        assert len(qs) == count, step
        for q in qs:
            assert not quiz.NOT_FINITE.search(" ".join((q.prompt, *q.options, q.why))), q
    asked = [q for q in quiz.questions("sigmoid", walk, "relu") if "sign of" in q.prompt]
    example = int(asked[0].prompt.split()[1])
    assert not sat[example - 1]


# ---------------------------------------------------------------- every walk page

def refuse(token: str):
    raise AssertionError(f"{token} in a chart's JSON")


def no_infinity(at) -> None:
    """Nothing on the page crashed or failed a check, no chart was sent ±∞, and no quiz
    option is a number that is not finite."""
    assert not at.exception, [e.message for e in at.exception]
    assert FAIL not in page_text(at)
    for chart in at.get("plotly_chart"):
        for trace in json.loads(chart.proto.spec, parse_constant=refuse)["data"]:
            for values in trace.values():
                if isinstance(values, dict) and "bdata" in values:
                    assert not np.isinf(decode(values).astype(float)).any(), trace.get("name")
    for radio in at.get("radio"):
        assert not any(quiz.NOT_FINITE.search(o) for o in radio.options), radio.options


@pytest.mark.parametrize("query", [RELU, LEAKY, TANH], ids=["relu", "leaky_relu", "tanh"])
@pytest.mark.parametrize("script", WALK)
def test_walk_page_at_diverged_settings(script, query):
    at = run_page(script, query)
    no_infinity(at)
    if script in OUTPUT_PAGES:
        assert (EXPLAINED in page_text(at)) == (query is not TANH)


def test_cost_page_shows_the_engine_loss_from_z():
    at = run_page(WALK[1], RELU)
    walk = walk_of(RELU)
    shown = z_of(charts(at)["cost_L"])
    expected = engine.cross_entropy_loss(walk["Y"], walk["cache"]["Z2"])
    assert np.all(np.isfinite(shown))
    np.testing.assert_allclose(shown, expected, rtol=1e-15)
    assert walk["cost"] == pytest.approx(float(np.mean(expected)), rel=1e-15)


def test_dZ2_page_leaves_the_undefined_chain_entries_out():
    walk = walk_of(RELU)
    saturated = np.flatnonzero(engine.saturated_outputs(walk["cache"]["A2"])[0])
    at = run_page(WALK[3], RELU)
    text = page_text(at)
    which = ", ".join(str(i + 1) for i in saturated)
    assert f"left out: the chain row at examples {which}, where it is undefined" in text
    spread = float(text.split("disagreement between the four rows: ")[1].split()[0])
    assert spread < 1e-9
    cells = charts(at)["dz2_methods"]["data"][0]["text"]
    assert [cells[0][i] for i in saturated] == ["NaN"] * len(saturated)
    assert "all rows agree" not in text


@pytest.mark.parametrize("script", WALK[:4])
def test_one_example_panel_at_saturated_outputs(script):
    walk = walk_of(RELU)
    saturated = np.flatnonzero(engine.saturated_outputs(walk["cache"]["A2"])[0])
    labels = {int(walk["Y"][0, i]) for i in saturated}
    assert labels == {0, 1}  # one 0/0 (a = y) and one −∞ (a = 1 − y)
    at = run_page(script, RELU)
    for i in saturated:
        at.selectbox(key="example_i").set_value(int(i)).run()
        no_infinity(at)
        text = page_text(at)
        assert PASS in text  # what can be checked still is
        if script == WALK[1]:
            assert "the loss is written from z" in text
        elif script in OUTPUT_PAGES:
            assert "— skipped: a is exactly" in text
            assert ("and ∂L/∂a is" if script == WALK[2] else "their product is undefined") in text


@pytest.mark.parametrize("script", OUTPUT_PAGES)
def test_nearly_saturated_example_passes_its_checks(script):
    # y = 0 with z ≈ 28: a is 1 − 5e-13, not 1, and the formula in a has lost digits.
    walk = walk_of(LEAKY)
    Z2, Y = walk["cache"]["Z2"][0], walk["Y"][0]
    near = [i for i in range(Y.size) if Y[i] == 0 and 20 < Z2[i] < 36]
    assert near
    at = run_page(script, LEAKY)
    at.selectbox(key="example_i").set_value(near[0]).run()
    no_infinity(at)
    assert PASS in page_text(at)
