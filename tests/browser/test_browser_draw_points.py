"""Draw your data in headless Chromium: click the plane, Shift-click, remove, share the link."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import pytest
from conftest import APP_IDLE, SCREENSHOTS, assert_no_exception, open_app
from support import PLAYER_PAINTED, page_url, rerun_done

from ui.classroom import point_link
from ui.playground import drawing

pytestmark = pytest.mark.browser

PAINTED = PLAYER_PAINTED
QUICK = "iters=300"
PAD = {"l": 44, "r": 10, "t": 10, "b": 34}  # the player's margins around the plot


def _open(page, url: str) -> None:
    open_app(page, url)
    page.wait_for_function(PAINTED, timeout=60_000)
    assert_no_exception(page)


def _at(page, fx: float, fy: float) -> dict[str, float]:
    """A position on the canvas, as a share of the plot from its left and its top."""
    box = page.get_by_test_id("bp-canvas").bounding_box()
    w, h = box["width"] - PAD["l"] - PAD["r"], box["height"] - PAD["t"] - PAD["b"]
    return {"x": PAD["l"] + fx * w, "y": PAD["t"] + fy * h}


def _points(page):
    [text] = parse_qs(urlparse(page.url).query)["pts"]
    return point_link.decode(text)


def _summary(page, m: int):
    return page.get_by_text(f"custom, {m} points")


def _click(page, where, m: int, shift: bool = False) -> None:
    page.get_by_test_id("bp-canvas").click(position=where, modifiers=["Shift"] if shift else [])
    rerun_done(page, _summary(page, m))
    page.wait_for_function(PAINTED, timeout=60_000)
    assert_no_exception(page)


def test_click_shift_click_remove_and_share(page, browser, server):
    _open(page, page_url(server.url, "playground", QUICK))
    # No mode chosen: a click on the plane changes nothing.
    page.get_by_test_id("bp-canvas").click(position=_at(page, 0.5, 0.5))
    page.wait_for_selector(APP_IDLE, timeout=60_000)
    assert "pts=" not in page.url
    page.get_by_role("radio", name="● class 1").click()
    page.wait_for_function("() => document.querySelector('.bp-player').dataset.draw === '1'",
                           timeout=60_000)
    start = drawing.START_POINTS
    first = _at(page, 0.85, 0.15)
    _click(page, first, start + 1)
    X, Y = _points(page)
    assert X.shape[1] == start + 1 and Y[0, -1] == 1
    _click(page, _at(page, 0.15, 0.85), start + 2, shift=True)  # Shift: the other class
    X, Y = _points(page)
    assert Y[0, -1] == 0
    page.get_by_role("radio", name="✕ remove nearest").click()
    page.wait_for_function(
        "() => document.querySelector('.bp-player').dataset.draw === 'remove'", timeout=60_000)
    _click(page, first, start + 1)
    X2, Y2 = _points(page)
    assert X2.shape[1] == start + 1 and Y2[0, -1] == 0  # the class-1 point went, not the other
    # The link is the drawn data set: a new page (a classmate) gets the same points.
    other = browser.new_context(viewport={"width": 1280, "height": 800}).new_page()
    try:
        _open(other, page.url)
        _summary(other, start + 1).wait_for(timeout=60_000)
        X3, Y3 = _points(other)
        assert (X3 == X2).all() and (Y3 == Y2).all()
        assert not other.get_by_test_id("stAlert").filter(has_text="pts=").count()
    finally:
        other.context.close()


@pytest.mark.parametrize(("width", "query"), [
    (1366, ""), (1024, ""), (1366, "&presenter=1"), (1024, "&presenter=1"), (390, "")])
def test_screenshots_with_drawing_on(page, server, width, query):
    page.set_viewport_size({"width": width, "height": 768 if width > 400 else 844})
    _open(page, page_url(server.url, "playground", QUICK + query))
    page.get_by_role("radio", name="● class 0").click()
    page.wait_for_function("() => document.querySelector('.bp-player').dataset.draw === '0'",
                           timeout=60_000)
    _click(page, _at(page, 0.7, 0.3), drawing.START_POINTS + 1)
    page.locator(".st-key-draw_controls").evaluate(  # the row near the top, the plane below
        """el => { el.scrollIntoView({block: 'start'});
                   for (let p = el.parentElement; p; p = p.parentElement) {
                     const y = getComputedStyle(p).overflowY;
                     if ((y === 'auto' || y === 'scroll') && p.scrollTop > 0) {
                       p.scrollTop -= 90; break; } } }""")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    name = f"draw-{width}{'-presenter' if query else ''}.png"
    page.screenshot(path=str(SCREENSHOTS / name))
