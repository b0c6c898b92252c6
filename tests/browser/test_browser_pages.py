"""Whole-app browser tests: deep links on a fresh server, links that restore state, isolation."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlparse

import pytest
from conftest import SCREENSHOTS, Server, assert_no_exception, open_app
from support import page_url

from ui import nav

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("page_id", [p.id for p in nav.PAGES])
def test_deep_link_is_the_first_request_to_a_fresh_server(page, page_id):
    # Streamlit's pages/ trap: a deep link as the very first request must still render.
    srv = Server()
    try:
        open_app(page, page_url(srv.url, page_id, "n_h=3"))
        assert_no_exception(page)
        heading = page.locator("h1").first
        heading.wait_for(timeout=30_000)
        title = nav.page(page_id).label
        assert heading.inner_text().strip() == ("Backprop Lab" if page_id == "home" else title)
        assert parse_qs(urlparse(page.url).query) == {"n_h": ["3"]}
    finally:
        srv.stop()


def sidebar_value(page, label: str) -> str:
    """The value a sidebar slider shows under `label`."""
    slider = page.locator("[data-testid='stSidebar'] [data-testid='stSlider']").filter(
        has_text=label)
    return slider.locator("[data-testid='stSliderThumbValue']").inner_text()


def test_a_link_reopens_the_same_settings_and_navigation_keeps_them(server, page):
    open_app(page, server.url + "/?n_h=7&activation=relu&m=6")
    assert_no_exception(page)
    assert sidebar_value(page, "Hidden units") == "7"
    assert sidebar_value(page, "Examples m in the walk") == "6"
    activation = page.locator("[data-testid='stSidebar'] [data-testid='stSelectbox']").filter(
        has_text="Hidden activation")
    assert activation.locator("input").input_value() == "relu"
    page.screenshot(path=str(SCREENSHOTS / "home_link.png"))
    # Follow the sidebar to another page: the settings and the link come along.
    page.locator("[data-testid='stSidebar'] a", has_text="dZ2").first.click()
    page.wait_for_url(re.compile(rf"/{nav.url_path('dZ2')}\?"), timeout=30_000)
    open_app(page, page.url)
    assert parse_qs(urlparse(page.url).query) == {
        "n_h": ["7"], "activation": ["relu"], "m": ["6"]}
    assert sidebar_value(page, "Hidden units") == "7"


def test_a_bad_link_warns_by_name_and_the_app_keeps_working(server, page):
    open_app(page, server.url + "/?n_h=-4&lr=banana&m=9999&zz=1")
    assert_no_exception(page)
    warnings = page.locator("[data-testid='stAlertContentWarning']").all_inner_texts()
    text = " ".join(warnings)
    assert "n_h=-4" in text and "lr=banana" in text and "m=9999" in text and "zz" in text
    assert parse_qs(urlparse(page.url).query) == {"n_h": ["1"], "m": ["20"]}
    assert sidebar_value(page, "Hidden units") == "1"


def test_two_sessions_never_see_each_others_settings(server, browser):
    contexts = [browser.new_context(viewport={"width": 1280, "height": 800}) for _ in range(2)]
    try:
        a, b = (c.new_page() for c in contexts)
        open_app(a, server.url + "/?n_h=9")
        open_app(b, server.url + "/?n_h=2")
        # Session a moves its slider; session b must not change.
        # Streamlit 1.67 draws sliders as <input type=range>: the role is implicit.
        a.locator("[data-testid='stSidebar']").get_by_role("slider").first.press("ArrowRight")
        a.wait_for_url(re.compile(r"n_h=10"), timeout=30_000)
        b.reload()
        open_app(b, b.url)
        assert sidebar_value(a, "Hidden units") == "10"
        assert sidebar_value(b, "Hidden units") == "2"
        assert "n_h=2" in b.url
    finally:
        for c in contexts:
            c.close()


@pytest.mark.parametrize("page_id", ["home", "transpose", "dZ1", "playground"])
def test_the_network_controls_are_in_sight_at_1366x768(server, browser, page_id):
    """Hidden units, activation and α must not need a scroll on a 1366×768 screen: they sat
    below the 14 page links, 860 px down on Home and 1,800 px for α on the playground."""
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    page = context.new_page()
    try:
        open_app(page, page_url(server.url, page_id))
        names = ["Hidden units", "Hidden activation"] + (["Learning rate"]
                                                        if page_id == "playground" else [])
        for name in names:
            label = page.locator("[data-testid='stWidgetLabel']", has_text=name).first
            label.wait_for(timeout=30_000)
            box = label.bounding_box()
            assert box is not None and box["y"] + box["height"] + 40 <= 768, (name, box)
    finally:
        context.close()
