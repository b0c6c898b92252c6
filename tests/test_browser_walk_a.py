"""Walk pages 1–5 and home in headless Chromium: deep links render their Plotly charts."""

from __future__ import annotations

import pytest
from conftest import SCREENSHOTS, assert_no_exception, open_app
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from support import CHART, wait_for_charts

pytestmark = pytest.mark.browser

# (URL path, Plotly charts expected at the default sizes)
PAGES_A = [
    ("/", 1),
    ("/Forward_pass", 11),
    ("/Loss_and_cost", 5),
    ("/Sigmoid_derivative", 7),
    ("/dZ2", 4),
    ("/dW2_db2", 5),
]


@pytest.mark.parametrize("path,expected", PAGES_A)
def test_deep_link_renders_charts(server, page, path, expected):
    open_app(page, server.url + path)
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
    name = path.strip("/") or "home"
    page.screenshot(path=str(SCREENSHOTS / f"walk_a_{name}.png"))


@pytest.mark.parametrize("path", ["/Forward_pass", "/dW2_db2"])
def test_big_network_renders(server, page, path):
    open_app(page, server.url + path + "?n_h=50&m=20")
    assert_no_exception(page)
    wait_for_charts(page, 4)
    name = path.strip("/")
    page.screenshot(path=str(SCREENSHOTS / f"walk_a_{name}_big.png"), full_page=False)


def test_example_selector_in_the_browser(server, page):
    open_app(page, server.url + "/dZ2?m=5")
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
