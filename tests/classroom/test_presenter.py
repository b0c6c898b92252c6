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
