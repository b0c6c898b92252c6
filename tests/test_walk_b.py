"""AppTest runs of walk pages 6–10: they render, follow the settings, and teach correctly."""

from __future__ import annotations

import re

import numpy as np
import pytest
from conftest import run_page as run_app
from support import charts, decode, page_text, z_of

import engine

DA1 = "pages/06_dA1_transpose.py"
DZ1 = "pages/07_dZ1.py"
DW1 = "pages/08_dW1_db1.py"
CHECK = "pages/09_Gradient_check.py"
DEEP = "pages/10_Deeper_networks.py"
PAGES = (DA1, DZ1, DW1, CHECK, DEEP)


def run_page(script: str, query: dict[str, str] | None = None):
    """conftest.run_page, asserting on the way that the app's home run raised nothing."""
    at = run_app("app.py", query)
    assert not at.exception
    return at.switch_page(script).run()


def frame(at, column: str):
    """The first table with `column` (AppTest does not expose a dataframe's key)."""
    for element in at.dataframe:
        if column in element.value.columns:
            return element.value
    raise KeyError(column)


def title(spec: dict) -> str:
    return spec["layout"]["title"]["text"]


def ok(at) -> None:
    assert not at.exception, at.exception[0].message if at.exception else ""


@pytest.mark.parametrize("script", PAGES)
def test_page_renders_without_errors(script):
    at = run_page(script)
    ok(at)
    assert at.get("plotly_chart"), "every step page shows charts"
    body = page_text(at)
    assert "finite differences" in body  # the check caption
    assert "❌" not in "".join(e.proto.body for e in at.get("success"))
    assert not at.get("error"), [e.proto.body for e in at.get("error")]


@pytest.mark.parametrize("script", (DA1, DZ1, DW1))
def test_settings_change_shapes_and_values(script):
    at = run_page(script)
    before = charts(at)
    result_key = {DA1: "da1_dA1", DZ1: "dz1_dZ1", DW1: "dw1_dW1"}[script]
    assert "(4, 4)" in title(before[{DW1: "dw1_dZ1"}.get(script, result_key)])
    at.slider(key="w_n_h").set_value(6).run()
    ok(at)
    after = charts(at)
    expected = "(6, 2)" if script == DW1 else "(6, 4)"
    assert expected in title(after[result_key])
    at.slider(key="w_m").set_value(7).run()
    ok(at)
    wide = charts(at)
    assert "(6, 7)" in title(wide[{DW1: "dw1_dZ1"}.get(script, result_key)])
    values = z_of(wide[result_key])
    at.selectbox(key="w_activation").set_value("relu").run()
    ok(at)
    assert not np.allclose(z_of(charts(at)[result_key]), values)
    assert "❌" not in "".join(e.proto.body for e in at.get("success"))


def test_dA1_example_view_follows_the_selector():
    at = run_page(DA1)
    at.selectbox(key="example_i").set_value(2).run()
    ok(at)
    body = page_text(at)
    assert "da^{[1](3)}_j" in body and "column 3 of dA1" in body
    assert r"\text{example 3:}" in body  # the row/column layouts follow the same example


def test_puzzle_correct_formula():
    at = run_page(DA1)
    at.button_group(key="puzzle").set_value("W2ᵀ · dZ2").run()
    ok(at)
    assert any("course's formula" in e.proto.body for e in at.get("success"))


@pytest.mark.parametrize("label", ["W2 · dZ2", "dZ2 · W2", "W2ᵀ · dZ2ᵀ"])
def test_puzzle_shape_errors_show_numpys_message(label):
    at = run_page(DA1)
    at.button_group(key="puzzle").set_value(label).run()
    ok(at)
    assert any("does not multiply" in e.proto.body for e in at.get("error"))
    codes = [c.value for c in at.get("code")]
    assert any(c.startswith("ValueError: matmul") and "mismatch" in c for c in codes)


def test_puzzle_square_case_is_called_out():
    at = run_page(DA1)  # n_h = m = 4: dZ2ᵀ · W2 has the right shape, wrong layout
    at.button_group(key="puzzle").set_value("dZ2ᵀ · W2").run()
    body = "".join(e.proto.body for e in at.get("error"))
    assert "transposed" in body and "n_h = m = 4" in body


def test_puzzle_lucky_order_is_flagged_when_n_h_is_1():
    at = run_page(DA1, {"n_h": "1"})
    at.button_group(key="puzzle").set_value("W2 · dZ2").run()
    ok(at)
    assert any("by luck" in e.proto.body and "n_h = 1" in e.proto.body
               for e in at.get("warning"))


def test_puzzle_table_lists_every_candidate():
    at = run_page(DA1, {"n_h": "5", "m": "3"})
    table = frame(at, "values = dA1")
    assert len(table) == 9
    right = table[table["values = dA1"] == "✓"]["formula"].tolist()
    assert right == ["W2ᵀ · dZ2", "W2ᵀ * dZ2  (element-wise)"]


def test_dZ1_relu_shows_a_mask_and_matmul_fails():
    at = run_page(DZ1, {"activation": "relu", "n_h": "5"})
    ok(at)
    mask = charts(at)["dz1_gprime"]
    assert title(mask).startswith("1[Z1 > 0]")
    assert set(np.unique(z_of(mask))) <= {0.0, 1.0}
    assert any(c.value.startswith("ValueError") for c in at.get("code"))
    plot = charts(at)["dz1_gprime_plot"]
    assert plot["data"][2]["name"] == "this network's Z1 entries"
    assert len(decode(plot["data"][2]["x"])) == 5 * 4


def test_dZ1_matmul_goes_through_when_square():
    at = run_page(DZ1)
    assert any("n_h = m = 4" in e.proto.body for e in at.get("warning"))


def test_dW1_outer_products_average_to_dW1():
    at = run_page(DW1, {"n_h": "3", "m": "5"})
    ok(at)
    c = charts(at)
    np.testing.assert_allclose(z_of(c["dw1_outer_mean"]), z_of(c["dw1_dW1"]), rtol=1e-12)
    assert "(3, 2)" in title(c["dw1_outer_i"])


@pytest.mark.parametrize("query", [{}, {"activation": "relu"}, {"n_h": "50", "m": "20"},
                                   {"at": "300", "activation": "sigmoid"}])
def test_gradient_check_table_agrees(query):
    at = run_page(CHECK, query)
    ok(at)
    table = frame(at, "verdict")
    assert table["parameter"].tolist() == ["dW1", "db1", "dW2", "db2", "all, stacked"]
    assert all(v.startswith("✓") for v in table["verdict"]), table.to_string()
    assert float(table["relative error"].iloc[-1]) < 1e-6


@pytest.mark.parametrize("mistake", [m for m in engine.MISTAKES if m != "none"])
@pytest.mark.parametrize("query", [{}, {"n_h": "6", "m": "5", "activation": "sigmoid"}])
def test_every_mistake_is_caught(mistake, query):
    at = run_page(CHECK, query)
    at.radio(key="mistake").set_value(mistake).run()
    ok(at)
    errors = "".join(e.proto.body for e in at.get("error"))
    if "shape error" in errors:
        assert any(c.value.startswith("ValueError") for c in at.get("code"))
        return
    assert "Caught" in errors
    broken = decode(charts(at)["check_bars"]["data"][1]["y"])
    assert float(np.max(broken)) > 1e-3


def test_mistake_hidden_by_the_setting_is_explained():
    at = run_page(CHECK, {"m": "1"})
    at.radio(key="mistake").set_value("no_one_over_m").run()
    ok(at)
    assert any("m = 1" in e.proto.body for e in at.get("warning"))


def test_check_param_switches_heatmaps():
    at = run_page(CHECK, {"n_h": "3"})
    at.button_group(key="check_param").set_value("W2").run()
    ok(at)
    c = charts(at)
    assert title(c["check_analytic"]).startswith("dW2 from backprop  (1, 3)")
    np.testing.assert_allclose(z_of(c["check_analytic"]), z_of(c["check_numeric"]), rtol=1e-5)


def test_deeper_page_defaults_to_three_layers_and_follows_depth():
    at = run_page(DEEP)
    ok(at)
    assert len(frame(at, "W, dW")) == 4  # 3 hidden + output
    assert len(decode(charts(at)["deep_norms"]["data"][0]["y"])) == 4
    at.button_group(key="deep_layers").set_value(4).run()
    ok(at)
    assert at.query_params["layers"] in ("4", ["4"])
    assert len(frame(at, "W, dW")) == 5
    norms = charts(at)["deep_norms"]["data"]
    assert len(decode(norms[0]["y"])) == 5
    assert "W^{[5]T}" in page_text(at)
    at.button_group(key="deep_layers").set_value(2).run()
    assert at.query_params["layers"] in ("2", ["2"])
    assert len(frame(at, "W, dW")) == 3


def test_deeper_page_follows_width_and_activation():
    at = run_page(DEEP, {"layers": "2", "n_h": "7", "activation": "relu"})
    ok(at)
    shapes = frame(at, "W, dW")
    assert shapes.iloc[1]["W, dW"].startswith("(7, 7)")
    names = [t["name"] for t in charts(at)["deep_norms"]["data"]]
    assert len(names) == 3 and names[-1].startswith("yours: relu")
    sig = decode(charts(at)["deep_norms"]["data"][0]["y"])
    assert sig[0] < sig[-1]  # sigmoid: the input side gets the smaller gradient
    assert re.search(r"‖dW1‖ / ‖dW3‖", page_text(at))


@pytest.mark.parametrize("script", PAGES)
def test_quiz_mode_asks_about_the_page(script):
    at = run_page(script, {"quiz": "1"})
    ok(at)
    assert any("Predict before you look" in e.value for e in at.markdown)


@pytest.mark.parametrize("script", PAGES)
def test_page_survives_extreme_settings(script):
    for query in ({"n_h": "50", "m": "20", "activation": "relu"},
                  {"n_h": "1", "m": "1", "activation": "sigmoid"},
                  {"at": "300", "activation": "leaky_relu", "m": "3", "layers": "4"}):
        at = run_page(script, query)
        ok(at)
        assert "❌" not in "".join(e.proto.body for e in at.get("success")), query
