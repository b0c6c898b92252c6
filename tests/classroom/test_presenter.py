"""Presenter mode through AppTest: the flag, the style, no settings, the line-by-line reveal."""

from __future__ import annotations

from conftest import run_page
from streamlit.testing.v1 import AppTest
from support import SLOW_PAGE, derivation_lines

from ui import nav
from ui.shell import presenter

STEP = "dZ2"


def _styled(at: AppTest) -> bool:
    return any("font-size" in h.proto.body for h in at.get("html"))


def test_presenter_flag_styles_the_page_and_hides_the_settings():
    at = run_page(STEP, {"presenter": "1"}, timeout=SLOW_PAGE)
    assert not at.exception
    assert _styled(at)
    assert at.toggle(key="w_presenter").value is True
    assert not at.sidebar.slider and not at.sidebar.selectbox  # no settings panel
    assert at.query_params["presenter"] in ("1", ["1"])


def test_the_style_is_constant_css_only():
    css = presenter._PRESENTER_CSS
    assert css.strip().startswith("<style>") and css.strip().endswith("</style>")
    assert "<script" not in css and "{" in css and "$" not in css


def test_presenter_toggle_switches_both_ways():
    at = run_page(STEP, timeout=SLOW_PAGE)
    assert not _styled(at) and at.sidebar.slider
    at.toggle(key="w_presenter").set_value(True).run()
    assert _styled(at) and not at.sidebar.slider
    assert at.query_params["presenter"] in ("1", ["1"])
    at.toggle(key="w_presenter").set_value(False).run()
    assert not _styled(at) and at.sidebar.slider
    assert "presenter" not in at.query_params


def test_reveal_starts_at_one_line_and_steps_with_next_and_back():
    # The first step page of a session keeps the link's `reveal`; the next one starts afresh.
    at = run_page("sigmoid", {"presenter": "1"}, timeout=SLOW_PAGE)
    at.switch_page(nav.page(STEP).script).run()
    assert not at.exception
    assert derivation_lines(at) == [1]
    at.button(key="reveal_next").click().run()
    assert derivation_lines(at) == [1, 2]
    assert at.query_params["reveal"] in ("2", ["2"])  # the step is in the link too
    at.button(key="reveal_next").click().run()
    assert derivation_lines(at) == [1, 2, 3]
    at.button(key="reveal_back").click().run()
    assert derivation_lines(at) == [1, 2]
    at.button(key="reveal_all").click().run()
    total = len(derivation_lines(at))
    assert total > 3
    at.button(key="reveal_next").click().run()  # "step through from the start"
    assert derivation_lines(at) == [1]


def test_a_new_page_puts_its_own_reveal_in_the_link():
    # Issue 12, bug 8: the address bar and the share box were written before the page reset
    # its derivation, so they said reveal=3 while the page showed one line.
    at = run_page("sigmoid", {"presenter": "1"}, timeout=SLOW_PAGE)
    at.button(key="reveal_next").click().run()
    at.button(key="reveal_next").click().run()
    assert derivation_lines(at) == [1, 2, 3]
    at.switch_page(nav.page(STEP).script).run()
    assert not at.exception
    assert derivation_lines(at) == [1]
    assert at.query_params["reveal"] in ("1", ["1"])
    shared = [c.value for c in at.sidebar.code]
    assert shared and all("reveal=1" in link and "reveal=3" not in link for link in shared)


def test_the_network_popover_is_presenter_only_and_leaves_pins_out():
    keys = {"w_n_h", "w_activation", "w_lr"}
    at = run_page(STEP, {"presenter": "1", "hide": "lr"}, timeout=SLOW_PAGE)
    drawn = {w.key for w in at.main.slider} | {w.key for w in at.main.select_slider} | {
        w.key for w in at.main.selectbox}
    assert drawn & keys == {"w_n_h", "w_activation"}  # lr is pinned
    at.main.slider(key="w_n_h").set_value(7).run()  # through session.change, into the link
    assert at.session_state["state"].n_h == 7 and at.query_params["n_h"] in ("7", ["7"])
    at = run_page(STEP, timeout=SLOW_PAGE)
    assert not {w.key for w in at.main.slider} & keys


def test_the_playground_has_one_widget_per_setting_in_presenter_mode():
    # Its own row draws n_h, activation and α: the popover would be a second widget for
    # each, whose stale value could undo a press on the first.
    at = run_page("playground", {"presenter": "1", "iters": "200"}, timeout=SLOW_PAGE)
    assert not at.exception
    keys = [w.key for kind in ("slider", "select_slider", "selectbox") for w in at.get(kind)]
    assert {"quick_n_h", "quick_activation", "quick_lr"} <= set(keys)
    assert not {"w_n_h", "w_activation", "w_lr"} & set(keys)
