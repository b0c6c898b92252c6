"""AppTest: the home page and walk pages 1–5 run, and follow the settings and the widgets."""

from __future__ import annotations

import numpy as np
import pytest
from conftest import run_page
from support import charts, derivation_lines, page_text, z_of

WALK_A = {
    "pages/01_Forward_pass.py": 11,  # Plotly charts at the default sizes
    "pages/02_Loss_and_cost.py": 5,
    "pages/03_Sigmoid_derivative.py": 7,
    "pages/04_dZ2.py": 4,
    "pages/05_dW2_db2.py": 5,
}

PASS, FAIL = ":material/check_circle:", ":material/cancel:"  # marks of the one-example checks


def test_home_runs_and_shows_live_shapes():
    at = run_page("app.py")
    assert not at.exception
    text = page_text(at)
    assert "W1 (4, 2)" in text and "Z1, A1 (4, 4)" in text
    links = {e.proto.label: e.proto for e in at.get("page_link")}
    dz2 = links["$dZ^{[2]} = A^{[2]} - Y$ :gray[· step 4]"]
    assert dz2.page == "dZ2"
    at.slider(key="w_n_h").set_value(6).run()
    at.slider(key="w_m").set_value(9).run()
    assert not at.exception
    text = page_text(at)
    assert "W1 (6, 2)" in text and "Z1, A1 (6, 9)" in text
    links = [e.proto for e in at.get("page_link") if e.proto.label.startswith("$")]
    assert len(links) == 15 and all(p.query_string == "n_h=6&m=9" for p in links)
    assert charts(at)  # the network diagram


@pytest.mark.parametrize("script", list(WALK_A))
def test_page_runs_with_its_charts(script):
    at = run_page(script)
    assert not at.exception, at.exception
    assert len(at.get("plotly_chart")) >= WALK_A[script]
    assert at.selectbox(key="example_i").value == 0
    text = page_text(at)
    assert PASS in text and FAIL not in text  # the one-example checks all pass
    assert "finite differences" in text  # steppage.check_caption


@pytest.mark.parametrize("script", list(WALK_A))
def test_page_survives_extreme_settings(script):
    for query in ({"n_h": "50", "m": "20", "activation": "relu"},
                  {"n_h": "1", "m": "1", "activation": "sigmoid"},
                  {"at": "300", "activation": "leaky_relu", "m": "3"}):
        at = run_page(script, query)
        assert not at.exception, (query, at.exception)
        assert FAIL not in page_text(at), query


def test_forward_page_follows_n_h_activation_and_m():
    at = run_page("pages/01_Forward_pass.py")
    assert r"\underset{\color{gray}(4,\,2)}{W^{[1]}}" in page_text(at)
    before = charts(at)
    assert z_of(before["fw_W1"]).shape == (4, 2)
    assert z_of(before["fw_Z1"]).shape == (4, 4)

    at.slider(key="w_n_h").set_value(6).run()
    assert not at.exception
    assert r"\underset{\color{gray}(6,\,2)}{W^{[1]}}" in page_text(at)
    assert z_of(charts(at)["fw_Z1"]).shape == (6, 4)

    a1_tanh = z_of(charts(at)["fw_A1"])
    at.selectbox(key="w_activation").set_value("relu").run()
    assert not at.exception
    a1_relu = z_of(charts(at)["fw_A1"])
    assert "Here g is **relu**" in page_text(at)
    assert a1_relu.min() >= 0 and not np.allclose(a1_relu, a1_tanh)

    at.slider(key="w_m").set_value(7).run()
    assert not at.exception
    assert z_of(charts(at)["fw_A2"]).shape == (1, 7)
    assert r"\underset{\color{gray}(2,\,7)}{X}" in page_text(at)


def test_output_pages_follow_m_and_n_h():
    at = run_page("pages/05_dW2_db2.py", {"m": "6"})
    assert r"\underset{\color{gray}(1,\,6)}{dZ^{[2]}}" in page_text(at)
    assert z_of(charts(at)["dw2_outer"]).shape == (6, 4)
    at.slider(key="w_n_h").set_value(3).run()
    assert z_of(charts(at)["dw2_dW2"]).shape == (1, 3)
    assert r"\underset{\color{gray}(6,\,3)}{A^{[1]T}}" in page_text(at)

    at = run_page("pages/04_dZ2.py")
    methods = z_of(charts(at)["dz2_methods"])
    assert methods.shape == (4, 4)
    assert np.allclose(methods, methods[-1], atol=1e-8)  # the four ways agree
    at.slider(key="w_m").set_value(12).run()
    assert z_of(charts(at)["dz2_methods"]).shape == (4, 12)


def test_example_selector_follows_the_example_across_pages():
    at = run_page("pages/01_Forward_pass.py")
    at.selectbox(key="example_i").set_value(2).run()
    assert not at.exception
    text = page_text(at)
    assert "x^{(3)}" in text and "column 3 of Z1" in text and FAIL not in text
    at.switch_page("pages/04_dZ2.py").run()
    assert at.selectbox(key="example_i").value == 2
    assert "entry 3 of dZ2" in page_text(at)
    at.slider(key="w_m").set_value(2).run()  # fewer examples than the choice: clamps
    assert not at.exception
    assert at.selectbox(key="example_i").value == 1


@pytest.mark.parametrize("script", ["pages/02_Loss_and_cost.py", "pages/05_dW2_db2.py"])
def test_derivation_back_and_next_change_the_lines_shown(script):
    at = run_page(script)
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


def test_a_fresh_network_offers_one_click_to_a_trained_one():
    at = run_page("pages/04_dZ2.py")
    assert at.session_state["state"].at == 0
    hint = next(i.value for i in at.info if "A trained network" in i.value)
    assert "0.5" in hint
    at.button(key="walk_trained").click().run()
    assert not at.exception
    assert at.session_state["state"].at == 2_000
    assert not any("A trained network" in i.value for i in at.info)  # ŷ now differ
    assert "walk_trained" not in {b.key for b in at.button}
