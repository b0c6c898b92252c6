"""How numbers are displayed on every step: heatmaps and LaTeX cope with ±∞ and NaN, tiny
values get a readable unit, and the diverged settings the step tests use really saturate."""

from __future__ import annotations

import json

import numpy as np
from support import LEAKY, RELU, TANH, decode, walk_of

import engine
from ui.charts import matrix
from ui.walk import latex


def test_the_settings_below_really_saturate():
    for query in (RELU, LEAKY):
        assert engine.saturated_outputs(walk_of(query)["cache"]["A2"]).any(), query
    assert np.any(np.abs(walk_of(TANH)["cache"]["A1"]) == 1.0)


def test_heatmap_of_infinities_and_nan():
    M = np.array([[0.25, np.inf, -2.0], [-np.inf, np.nan, 0.0]])
    assert matrix.readable_decimals(M) == 2
    fig = matrix.matrix_heatmap(M, "dA2")
    spec = json.loads(fig.to_json())
    assert "Infinity" not in fig.to_json()
    trace = spec["data"][0]
    z = decode(trace["z"])
    assert not np.isinf(z).any()
    assert z[0, 1] == 2.0 and z[1, 0] == -2.0  # ±∞ at the colour limit, the largest |finite|
    assert trace["text"] == [["0.250", "∞", "-2"], ["-∞", "NaN", "0"]]  # exact zero: "0"
    assert trace["customdata"][0][1] == "∞" and trace["customdata"][1][1] == "NaN"


def test_latex_numbers_that_are_not_finite():
    assert latex.num(np.inf) == r"\infty" and latex.num(-np.inf) == r"-\infty"
    assert latex.num(np.nan) == r"\text{undefined}"
    assert latex.paren(-np.inf) == r"(-\infty)" and latex.exact(np.nan) == r"\text{undefined}"
    assert latex.latex_matrix(np.array([[1.0, -np.inf, np.nan]])) == (
        r"\begin{bmatrix}1.000 & -\infty & \text{undefined}\end{bmatrix}")


def test_small_values_get_a_readable_unit():
    M = np.array([[3e-10, -1.2e-9]])
    shown, unit = matrix.small_unit(M)
    assert unit == " ×1e-9"
    np.testing.assert_allclose(shown * 1e-9, M)
    assert matrix.small_unit(np.array([[0.5]]))[1] == ""
