"""The training playground in headless Chromium: the animation plays, edge cases read well."""

from __future__ import annotations

import re

import pytest
from conftest import APP_IDLE, SCREENSHOTS, assert_no_exception, open_app
from support import animation_frames, page_url, rerun_done

pytestmark = pytest.mark.browser

PAINTED = ("() => { const c = document.querySelector('[data-testid=bp-canvas]');"
           " return !!c && c.dataset.painted === '1' && c.clientWidth > 200; }")
QUICK = "iters=1000"


def open_playground(page, server, query: str = QUICK) -> None:
    open_app(page, page_url(server.url, "playground", query))
    page.wait_for_function(PAINTED, timeout=60_000)
    assert_no_exception(page)


def shown_iteration(page) -> int:
    return int(page.get_by_test_id("bp-iteration").inner_text().replace(",", ""))


def test_player_renders_and_play_advances_the_iteration(page, server):
    open_playground(page, server)
    assert shown_iteration(page) == 1000  # it opens on the trained network (frame=99)
    assert page.get_by_test_id("bp-frame").inner_text() == "frame 100 / 100"
    page.get_by_test_id("bp-play").click()  # from the end, Play replays from iteration 0
    page.wait_for_function(
        "() => Number(document.querySelector('[data-testid=bp-iteration]')"
        ".textContent.replace(/,/g, '')) > 0", timeout=10_000)
    page.get_by_test_id("bp-play").click()  # pause
    page.wait_for_selector("[data-testid=bp-play][aria-pressed='false']", timeout=10_000)
    paused = shown_iteration(page)
    # The player moves on with the page's frames (30 a second, on 60 Hz paints): 20 paints
    # would have moved a playing one on by several frames.
    animation_frames(page, 20)
    assert shown_iteration(page) == paused
    assert page.get_by_test_id("bp-cost").inner_text().startswith("0.")
    assert page.get_by_test_id("bp-accuracy").inner_text().endswith("%")


def test_step_and_scrub_controls(page, server):
    open_playground(page, server)
    page.get_by_test_id("bp-first").click()
    assert shown_iteration(page) == 0
    page.get_by_test_id("bp-step").click()
    page.get_by_test_id("bp-step").click()
    assert page.get_by_test_id("bp-frame").inner_text() == "frame 3 / 100"
    page.get_by_test_id("bp-step-back").click()
    assert page.get_by_test_id("bp-frame").inner_text() == "frame 2 / 100"
    page.get_by_test_id("bp-scrub").evaluate(
        "el => { el.value = '99'; el.dispatchEvent(new Event('input')); }")
    assert shown_iteration(page) == 1000
    page.get_by_test_id("bp-first").click()
    assert shown_iteration(page) == 0


def test_reset_same_start_replays_from_iteration_zero(page, server):
    open_playground(page, server)
    page.get_by_role("button", name="Reset: same start").click()
    page.wait_for_function(  # the player restarts and plays by itself
        "() => document.querySelector('[data-testid=bp-play]').getAttribute('aria-pressed')"
        " === 'true'", timeout=30_000)
    assert shown_iteration(page) < 1000
    assert "frame=0" in page.url


def test_animation_keeps_playing_when_the_frame_slider_moves(page, server):
    open_playground(page, server)
    page.get_by_test_id("bp-loop").check()
    page.get_by_test_id("bp-play").click()
    page.locator(".st-key-w_frame").get_by_role("slider").press("ArrowLeft")
    rerun_done(page, re.compile(r"frame=98(&|$)"))  # the fragment's rerun wrote the link
    before = shown_iteration(page)
    # The fragment rerun did not reset the player: it still moves on by itself.
    page.wait_for_function(
        "n => Number(document.querySelector('[data-testid=bp-iteration]')"
        ".textContent.replace(/,/g, '')) !== n", arg=before, timeout=10_000)
    assert shown_iteration(page) != before
    assert_no_exception(page)


def test_diverging_setting_shows_the_message(page, server):
    open_playground(page, server, "lr=10&activation=relu&layers=3&n_h=20&init=he&" + QUICK)
    alert = page.get_by_text("Training stopped at iteration")
    assert alert.first.is_visible()
    assert "smaller learning rate" in page.locator("[data-testid='stAlert']").first.inner_text()
    assert page.get_by_test_id("bp-stopped").inner_text().startswith("Training stopped")
    page.screenshot(path=str(SCREENSHOTS / "playground_diverging.png"))


def test_course_preset_shows_its_table(page, server):
    open_playground(page, server, "dataset=moons&n_h=3&" + QUICK)
    page.get_by_role("button", name="Course preset").click()
    # The preset's table is what its rerun brings; then the run ends and the player repaints.
    page.get_by_text("Accuracy on the training points").wait_for(timeout=120_000)
    page.wait_for_selector(APP_IDLE, timeout=120_000)
    page.wait_for_function(PAINTED, timeout=120_000)
    table = page.locator("[data-testid='stTable']")
    assert table.get_by_text("9,000").is_visible()
    assert table.locator("tbody tr").count() == 10
    assert "90%" in page.locator("[data-testid='stMetricValue']").first.inner_text()
    assert "dataset" not in page.url and "iters" not in page.url  # the preset is the default
    assert_no_exception(page)
