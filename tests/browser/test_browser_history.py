"""The address bar and the keyboard as a user meets them: Back leaves the page after setting
changes (it does not step through them), and fast arrow presses on a slider all count."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlparse

import pytest
from conftest import APP_IDLE, assert_no_exception, open_app
from support import page_url, rerun_done

from ui import nav

pytestmark = pytest.mark.browser

N_H = "Hidden units n_h"


def n_h_slider(page, where: str = "stSidebar"):
    return page.get_by_test_id(where).get_by_role("slider", name=N_H)


def test_back_leaves_the_page_after_two_setting_changes(server, page):
    open_app(page, page_url(server.url, "forward"))
    page.get_by_test_id("stSidebar").locator(f"a[href^='{nav.url_path('dZ2')}']").first.click()
    page.wait_for_url(re.compile(rf"/{nav.url_path('dZ2')}$"), timeout=60_000)
    page.wait_for_selector(APP_IDLE, timeout=60_000)
    n_h_slider(page).press("ArrowRight")
    rerun_done(page, re.compile(r"n_h=5$"))
    n_h_slider(page).press("ArrowRight")
    rerun_done(page, re.compile(r"n_h=6$"))
    page.go_back()
    # One press: the previous page, with the settings as they are now.
    page.wait_for_url(re.compile(rf"/{nav.url_path('forward')}\?n_h=6$"), timeout=60_000)
    page.wait_for_selector(APP_IDLE, timeout=60_000)
    assert page.locator("h1").first.inner_text().strip() == nav.page("forward").label
    assert n_h_slider(page).get_attribute("aria-valuetext") == "6"
    assert_no_exception(page)


def settled(page, timeout: float = 60_000) -> None:
    """Until the app is idle and the address bar has stopped changing for a second."""
    page.wait_for_function("""idleSelector => {
        const idle = document.querySelector(idleSelector);
        const now = performance.now();
        if (!idle || window.__lastUrl !== location.href) {
            window.__lastUrl = location.href; window.__since = now; return false;
        }
        return now - window.__since > 1000;
    }""", arg=APP_IDLE, timeout=timeout, polling=100)


# The playground draws n_h above its player, and the sidebar leaves it out.
@pytest.mark.parametrize("page_id, where", [("dZ2", "stSidebar"), ("playground", "stMain")])
def test_ten_fast_arrow_presses_move_a_slider_ten_steps(server, page, page_id, where):
    # Issue 12, bug 9: a rerun wrote the slider's value back while the user kept pressing,
    # and 10 presses gave +9.
    open_app(page, page_url(server.url, page_id))
    slider = n_h_slider(page, where)
    slider.wait_for(timeout=60_000)
    assert page.get_by_role("slider", name=N_H).count() == 1  # one widget per setting
    start = int(slider.get_attribute("aria-valuetext"))
    for _ in range(10):
        slider.press("ArrowRight")
    settled(page)
    assert int(slider.get_attribute("aria-valuetext")) == start + 10
    assert parse_qs(urlparse(page.url).query)["n_h"] == [str(start + 10)]
    assert_no_exception(page)
