"""Walk pages 6–10 in headless Chromium: deep links load, charts draw, the puzzle clicks."""

from __future__ import annotations

import re

import pytest
from conftest import SCREENSHOTS, assert_no_exception, open_app
from support import CHART, rerun_done, wait_for_charts

pytestmark = pytest.mark.browser

# (URL path, Plotly charts the page must show at the default settings)
PAGES = [
    ("/dA1_transpose", 3),
    ("/dZ1", 4),
    ("/dW1_db1", 6),
    ("/Gradient_check", 4),
    ("/Deeper_networks", 3),
]
BIG = "n_h=20&m=20&activation=relu"
BIG_TEXT = {"/dA1_transpose": "→ (20, 20)", "/dZ1": "(20, 20)", "/dW1_db1": "(20, 20) · (20, 2)",
            "/Gradient_check": "(20, 2)", "/Deeper_networks": "(20, 20)"}


def assert_charts_have_content(page, expected: int) -> None:
    charts = page.locator(CHART)
    assert charts.count() >= expected
    drawn = page.evaluate(
        """sel => [...document.querySelectorAll(sel)].map(c => {
             const svg = c.querySelector('svg.main-svg');
             const marks = c.querySelectorAll('g.trace, image, path.point, g.hm, text').length;
             return svg && svg.getBoundingClientRect().width > 50 && marks > 0;
           })""", CHART)
    assert sum(drawn) >= expected, drawn


def pill(page, label: str):
    """The pill (or segmented-control button) whose text is exactly `label`."""
    return page.locator("[data-testid='stButtonGroup'] button").filter(
        has_text=re.compile(f"^{re.escape(label)}$"))


@pytest.mark.parametrize(("path", "expected"), PAGES)
def test_page_deep_link_draws_its_charts(server, page, path, expected):
    open_app(page, server.url + path)
    assert_no_exception(page)
    wait_for_charts(page, expected)
    assert_charts_have_content(page, expected)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"walk_b{path.replace('/', '_')}.png"))


@pytest.mark.parametrize(("path", "expected"), PAGES)
def test_page_with_a_big_network(server, page, path, expected):
    open_app(page, f"{server.url}{path}?{BIG}")
    assert_no_exception(page)
    wait_for_charts(page, expected)
    assert_charts_have_content(page, expected)
    assert BIG_TEXT[path] in page.inner_text("[data-testid='stMain']")
    page.screenshot(path=str(SCREENSHOTS / f"walk_b{path.replace('/', '_')}_big.png"))


def test_shape_puzzle_by_clicking(server, page):
    open_app(page, server.url + "/dA1_transpose")
    main = page.locator("[data-testid='stMain']")
    pill(page, "W2ᵀ · dZ2").click()
    page.get_by_text("That is the course's formula.").wait_for(timeout=30_000)
    rerun_done(page)
    assert_no_exception(page)

    pill(page, "W2 · dZ2").click()
    page.get_by_text("does not multiply").wait_for(timeout=30_000)
    rerun_done(page)
    code = main.locator("[data-testid='stCode']").last.inner_text()
    assert code.startswith("ValueError: matmul") and "mismatch" in code
    page.get_by_text("does not multiply").scroll_into_view_if_needed()
    page.screenshot(path=str(SCREENSHOTS / "walk_b_puzzle_error.png"))

    pill(page, "dZ2ᵀ · W2").click()
    page.get_by_text("but transposed").wait_for(timeout=30_000)
    rerun_done(page)
    wait_for_charts(page, 4)  # the product NumPy computed is drawn too
    page.get_by_text("but transposed").scroll_into_view_if_needed()
    page.screenshot(path=str(SCREENSHOTS / "walk_b_puzzle_transposed.png"))
    assert_no_exception(page)


def test_break_the_formula_by_clicking(server, page):
    open_app(page, server.url + "/Gradient_check")
    page.get_by_text("Forgot the 1/m", exact=False).click()
    page.get_by_text("Caught.", exact=False).wait_for(timeout=30_000)
    rerun_done(page)
    page.get_by_text("Forgot the transpose", exact=False).click()
    page.get_by_text("Caught before a single number", exact=False).wait_for(timeout=30_000)
    rerun_done(page)
    assert "not aligned" in page.locator("[data-testid='stCode']").last.inner_text()
    page.get_by_text("Caught before a single number").scroll_into_view_if_needed()
    page.screenshot(path=str(SCREENSHOTS / "walk_b_mistake_shape_error.png"))
    assert_no_exception(page)


def test_depth_selector_keeps_the_link(server, page):
    open_app(page, server.url + "/Deeper_networks")
    pill(page, "4 hidden layers").click()
    page.wait_for_url(re.compile(r"layers=4"), timeout=30_000)
    rerun_done(page)
    assert_no_exception(page)
    assert page.get_by_text("dZ[5]", exact=True).count() >= 1  # one tab per layer
