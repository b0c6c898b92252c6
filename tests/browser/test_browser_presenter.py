"""Presenter mode driven live in the browser: the link follows the page, a clicker's keys reveal
the derivation, the reveal buttons stay on screen, and the network is one popover away."""

from __future__ import annotations

import re

import pytest
from conftest import APP_IDLE, SCREENSHOTS, assert_no_exception, open_app
from support import page_url, rerun_done

from ui import nav

pytestmark = pytest.mark.browser

STEP = "dZ2"


def derivation_lines(page) -> int:
    texts = page.locator("[data-testid='stMain'] [data-testid='stMarkdownContainer'] p"
                         ).all_inner_texts()
    return sum(1 for t in texts if re.match(r"\d+\.\s", t))


def reveal_is(n: int) -> re.Pattern:
    return re.compile(rf"[?&]reveal={n}(&|$)")


def press(page, key: str, lines: int) -> None:
    """Press `key` with nothing focused (as a clicker does) and wait for `lines` lines."""
    # The keys press the page's own reveal buttons: wait until the step has drawn them.
    page.locator(".st-key-reveal_back button").wait_for(state="attached", timeout=60_000)
    page.evaluate("document.activeElement && document.activeElement.blur()")
    page.keyboard.press(key)
    rerun_done(page, reveal_is(lines))
    assert derivation_lines(page) == lines, key


def test_the_link_follows_the_page_not_the_one_before(server, page):
    # Three lines on step 3, then the next step: the page, the address bar and the share box
    # must all say one line (issue 12, bug 8: they said reveal=3 while one line showed).
    open_app(page, page_url(server.url, "sigmoid", "presenter=1&reveal=3"))
    assert derivation_lines(page) == 3
    page.get_by_test_id("stSidebar").locator(f"a[href^='{nav.url_path(STEP)}']").first.click()
    page.wait_for_url(re.compile(rf"/{nav.url_path(STEP)}\?"), timeout=60_000)
    page.wait_for_selector(APP_IDLE, timeout=60_000)
    assert derivation_lines(page) == 1
    assert reveal_is(1).search(page.url), page.url
    page.get_by_test_id("stSidebar").get_by_text("Link to this view").click()
    shared = page.get_by_test_id("stPopoverBody").locator("code").first
    shared.wait_for(timeout=30_000)
    assert reveal_is(1).search(shared.inner_text()), shared.inner_text()
    assert_no_exception(page)


def test_a_clickers_keys_reveal_and_hide_lines(server, page):
    open_app(page, page_url(server.url, STEP, "presenter=1&reveal=1"))
    # open_app can return before a cold page has drawn its derivation: wait for its controls.
    page.locator(".st-key-reveal_next button").first.wait_for(state="visible", timeout=60_000)
    page.wait_for_selector(APP_IDLE, timeout=60_000)
    assert derivation_lines(page) == 1
    press(page, "PageDown", 2)
    press(page, "ArrowLeft", 1)
    press(page, "ArrowRight", 2)
    press(page, " ", 3)
    press(page, "PageUp", 2)
    # Two presses before the page redraws move two lines, not one.
    page.keyboard.press("PageDown")
    page.keyboard.press("PageDown")
    rerun_done(page, reveal_is(4))
    page.wait_for_selector(APP_IDLE, timeout=60_000)
    assert derivation_lines(page) == 4 and reveal_is(4).search(page.url)
    assert_no_exception(page)


def test_keys_typed_into_a_widget_stay_with_the_widget(server, page):
    open_app(page, page_url(server.url, STEP, "presenter=1&reveal=1"))
    page.locator(".st-key-reveal_next button").first.wait_for(state="visible", timeout=60_000)
    page.locator(".st-key-presenter_network button").first.click()
    slider = page.get_by_test_id("stPopoverBody").get_by_role("slider", name="Hidden units n_h")
    slider.press("ArrowRight")  # moves n_h, not the derivation
    rerun_done(page, re.compile(r"[?&]n_h=5(&|$)"))
    assert reveal_is(1).search(page.url) and derivation_lines(page) == 1


@pytest.mark.parametrize("width", [1366, 1024])
def test_the_reveal_buttons_and_the_network_stay_on_screen(server, browser, width):
    context = browser.new_context(viewport={"width": width, "height": 768})
    page = context.new_page()
    try:
        open_app(page, page_url(server.url, STEP, "presenter=1&reveal=2"))
        page.locator(".st-key-reveal_next button").first.wait_for(state="visible",
                                                                 timeout=60_000)
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"presenter_{STEP}_{width}x768.png"))
        network = page.locator(".st-key-presenter_network button").first
        next_line = page.locator(".st-key-reveal_next button").first
        # The step draws its derivation after the title: wait for its controls to exist.
        next_line.wait_for(state="visible", timeout=60_000)
        network.wait_for(state="visible", timeout=60_000)
        for where in ("top", "bottom"):
            page.get_by_test_id("stMain").evaluate(
                f"m => m.scrollTo(0, {'0' if where == 'top' else 'm.scrollHeight'})")
            assert next_line.is_visible() and _in_viewport(page, next_line), where
            assert _in_viewport(page, network), where
        page.screenshot(path=str(SCREENSHOTS / f"presenter_{STEP}_{width}x768_bottom.png"))
        # The popover shows the live values, and a change there reaches the page.
        network.click()
        body = page.get_by_test_id("stPopoverBody")
        slider = body.get_by_role("slider", name="Hidden units n_h")
        assert slider.get_attribute("aria-valuetext") == "4"
        page.screenshot(path=str(SCREENSHOTS / f"presenter_{STEP}_{width}x768_popover.png"))
        slider.press("ArrowLeft")
        rerun_done(page, re.compile(r"[?&]n_h=3(&|$)"))
        assert_no_exception(page)
    finally:
        context.close()


def _in_viewport(page, locator) -> bool:
    box = locator.bounding_box()
    size = page.viewport_size
    return (box is not None and box["y"] >= 0 and box["y"] + box["height"] <= size["height"]
            and box["x"] >= 0 and box["x"] + box["width"] <= size["width"])


TITLE_BOXES = """() => {
  const range = document.createRange();
  range.selectNodeContents(document.querySelector('[data-testid=stMain] h1'));
  return [...range.getClientRects()].map(r => ({x: r.x, y: r.y, right: r.right,
                                                bottom: r.bottom}));
}"""


@pytest.mark.parametrize("width", [1024, 390])
def test_the_network_popover_covers_no_title(server, browser, width):
    # The longest title, two lines at 1024 px: the popover once sat over its first line's end.
    context = browser.new_context(viewport={"width": width, "height": 768})
    page = context.new_page()
    try:
        open_app(page, page_url(server.url, "optimizers", "presenter=1"))
        # On a phone Streamlit also keeps a zero-size copy of a popover's button.
        network = page.locator(".st-key-presenter_network button:visible").first
        network.wait_for(state="visible", timeout=60_000)
        box = network.bounding_box()
        lines = page.evaluate(TITLE_BOXES)
        assert lines
        for line in lines:
            apart = (line["right"] <= box["x"] or box["x"] + box["width"] <= line["x"]
                     or line["bottom"] <= box["y"] or box["y"] + box["height"] <= line["y"])
            assert apart, (line, box)
        assert_no_exception(page)
    finally:
        context.close()
