"""The home page and the walk up to the output layer's gradients (forward pass, cost, σ′, dZ2,
dW2 and db2) in headless Chromium: deep links render their Plotly charts, big networks draw,
and the example selector follows one example."""

from __future__ import annotations

import pytest
from conftest import SCREENSHOTS, assert_no_exception, open_app
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from support import CHART, page_url, wait_for_charts

from ui import nav

pytestmark = pytest.mark.browser

# (page id, Plotly charts expected at the default sizes)
PAGES = [
    ("home", 1),
    ("forward", 11),
    ("cost", 5),
    ("sigmoid", 7),
    ("dZ2", 4),
    ("dW2", 5),
]


@pytest.mark.parametrize("page_id,expected", PAGES)
def test_deep_link_renders_charts(server, page, page_id, expected):
    open_app(page, page_url(server.url, page_id))
    assert_no_exception(page)
    wait_for_charts(page, expected)
    assert page.locator(CHART).count() >= expected
    first = page.locator(f"{CHART} .main-svg").first
    assert first.bounding_box()["width"] > 100
    # Something was drawn: heatmap cells, bars, lines or markers.
    drawn = page.locator(f"{CHART} .main-svg").first.evaluate(
        "svg => svg.parentElement.querySelectorAll('path, image, rect.bg, text').length")
    assert drawn > 3
    assert_no_exception(page)
    name = nav.url_path(page_id) or "home"  # the screenshots keep their names from before
    page.screenshot(path=str(SCREENSHOTS / f"walk_a_{name}.png"))


@pytest.mark.parametrize("page_id", ["forward", "dW2"])
def test_big_network_renders(server, page, page_id):
    open_app(page, page_url(server.url, page_id, "n_h=50&m=20"))
    assert_no_exception(page)
    wait_for_charts(page, 4)
    name = nav.url_path(page_id)
    page.screenshot(path=str(SCREENSHOTS / f"walk_a_{name}_big.png"), full_page=False)


def test_example_selector_in_the_browser(server, page):
    open_app(page, page_url(server.url, "dZ2", "m=5"))
    wait_for_charts(page, 4)  # the page has settled before we touch it
    box = page.locator("[data-testid='stSelectbox']").filter(has_text="Follow one example")
    option = page.get_by_role("option", name="example i = 4")
    for _ in range(3):  # a rerun can close the list as it opens: open it again
        box.locator("input").click()
        try:
            option.wait_for(timeout=5_000)
            break
        except PlaywrightTimeout:
            page.keyboard.press("Escape")
    option.click()
    page.wait_for_selector("text=entry 4 of dZ2", timeout=30_000)
    assert_no_exception(page)
