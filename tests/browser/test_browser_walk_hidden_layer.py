"""The walk back through the hidden layer and beyond (dA1 = W2ᵀ dZ2, dZ1, dW1 and db1, the
gradient check, deeper networks) in headless Chromium: deep links load, charts draw, and the
shape puzzle, the broken formulas and the depth selector answer clicks."""

from __future__ import annotations

import re

import pytest
from conftest import SCREENSHOTS, assert_no_exception, open_app
from support import CHART, page_url, rerun_done, wait_for_charts

from ui import nav

pytestmark = pytest.mark.browser

# (page id, Plotly charts the page must show at the default settings)
PAGES = [
    ("transpose", 3),
    ("dZ1", 4),
    ("dW1", 6),
    ("check", 4),
    ("deeper", 3),
]
BIG = "n_h=20&m=20&activation=relu"
BIG_TEXT = {"transpose": "→ (20, 20)", "dZ1": "(20, 20)", "dW1": "(20, 20) · (20, 2)",
            "check": "(20, 2)", "deeper": "(20, 20)"}


def shot_name(page_id: str, suffix: str = "") -> str:
    """The screenshot's file name, as before the tests named pages by id."""
    return f"walk_b_{nav.url_path(page_id)}{suffix}.png"


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


@pytest.mark.parametrize(("page_id", "expected"), PAGES)
def test_page_deep_link_draws_its_charts(server, page, page_id, expected):
    open_app(page, page_url(server.url, page_id))
    assert_no_exception(page)
    wait_for_charts(page, expected)
    assert_charts_have_content(page, expected)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / shot_name(page_id)))


@pytest.mark.parametrize(("page_id", "expected"), PAGES)
def test_page_with_a_big_network(server, page, page_id, expected):
    open_app(page, page_url(server.url, page_id, BIG))
    assert_no_exception(page)
    wait_for_charts(page, expected)
    assert_charts_have_content(page, expected)
    assert BIG_TEXT[page_id] in page.inner_text("[data-testid='stMain']")
    page.screenshot(path=str(SCREENSHOTS / shot_name(page_id, "_big")))


def test_shape_puzzle_by_clicking(server, page):
    open_app(page, page_url(server.url, "transpose"))
    main = page.locator("[data-testid='stMain']")
    pill(page, "W2ᵀ · dZ2").click()
    rerun_done(page, page.get_by_text("That is the course's formula."))
    assert_no_exception(page)

    pill(page, "W2 · dZ2").click()
    rerun_done(page, page.get_by_text("does not multiply"))
    code = main.locator("[data-testid='stCode']").last.inner_text()
    assert code.startswith("ValueError: matmul") and "mismatch" in code
    page.get_by_text("does not multiply").scroll_into_view_if_needed()
    page.screenshot(path=str(SCREENSHOTS / "walk_b_puzzle_error.png"))

    pill(page, "dZ2ᵀ · W2").click()
    rerun_done(page, page.get_by_text("but transposed"))
    wait_for_charts(page, 4)  # the product NumPy computed is drawn too
    page.get_by_text("but transposed").scroll_into_view_if_needed()
    page.screenshot(path=str(SCREENSHOTS / "walk_b_puzzle_transposed.png"))
    assert_no_exception(page)


def test_break_the_formula_by_clicking(server, page):
    open_app(page, page_url(server.url, "check"))
    page.get_by_text("Forgot the 1/m", exact=False).click()
    rerun_done(page, page.get_by_text("Caught.", exact=False))
    page.get_by_text("Forgot the transpose", exact=False).click()
    rerun_done(page, page.get_by_text("Caught before a single number", exact=False))
    assert "not aligned" in page.locator("[data-testid='stCode']").last.inner_text()
    page.get_by_text("Caught before a single number").scroll_into_view_if_needed()
    page.screenshot(path=str(SCREENSHOTS / "walk_b_mistake_shape_error.png"))
    assert_no_exception(page)


def test_depth_selector_keeps_the_link(server, page):
    open_app(page, page_url(server.url, "deeper"))
    pill(page, "4 hidden layers").click()
    rerun_done(page, re.compile(r"layers=4"))
    assert_no_exception(page)
    assert page.get_by_text("dZ[5]", exact=True).count() >= 1  # one tab per layer
