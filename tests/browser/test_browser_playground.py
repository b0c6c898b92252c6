"""The training playground in headless Chromium: the animation plays, edge cases read well."""

from __future__ import annotations

import re

import pytest
import support
from conftest import APP_IDLE, SCREENSHOTS, assert_no_exception
from support import PLAYER_PAINTED, animation_frames, rerun_done, shown_iteration

pytestmark = pytest.mark.browser

PAINTED = PLAYER_PAINTED
QUICK = "iters=1000"


def open_playground(page, server, query: str = QUICK) -> None:
    support.open_playground(page, server.url, query)


FRAME = re.compile(r"frame (\d+) / (\d+)")


def frame_of(page) -> tuple[int, int]:
    """(frame shown, frames in all), from the player's "frame i / n"."""
    i, n = FRAME.fullmatch(page.get_by_test_id("bp-frame").inner_text().strip()).groups()
    return int(i), int(n)


def playing(page) -> bool:
    return page.get_by_test_id("bp-play").get_attribute("aria-pressed") == "true"


def pause(page) -> None:
    if playing(page):
        page.get_by_test_id("bp-play").click()
    page.wait_for_selector("[data-testid=bp-play][aria-pressed='false']", timeout=10_000)


def test_player_renders_and_play_advances_the_iteration(page, server):
    open_playground(page, server)
    # A new run plays by itself from iteration 0 (issue 13): no Play press needed.
    page.wait_for_selector("[data-testid=bp-play][aria-pressed='true']", timeout=30_000)
    page.wait_for_function(
        "() => Number(document.querySelector('[data-testid=bp-iteration]')"
        ".textContent.replace(/,/g, '')) > 0", timeout=10_000)
    pause(page)
    paused = shown_iteration(page)
    # The player moves on with the page's frames (30 a second, on 60 Hz paints): 20 paints
    # would have moved a playing one on by several frames.
    animation_frames(page, 20)
    assert shown_iteration(page) == paused
    assert page.get_by_test_id("bp-cost").inner_text().startswith("0.")
    assert page.get_by_test_id("bp-accuracy").inner_text().endswith("%")


def test_step_and_scrub_controls(page, server):
    open_playground(page, server)
    pause(page)
    page.get_by_test_id("bp-first").click()
    assert shown_iteration(page) == 0
    page.get_by_test_id("bp-step").click()
    page.get_by_test_id("bp-step").click()
    assert frame_of(page)[0] == 3
    page.get_by_test_id("bp-step-back").click()
    assert frame_of(page)[0] == 2
    last = frame_of(page)[1] - 1
    page.get_by_test_id("bp-scrub").evaluate(
        "(el, last) => { el.value = String(last); el.dispatchEvent(new Event('input')); }", last)
    assert shown_iteration(page) == 1000  # the last frame is the trained network
    page.get_by_test_id("bp-first").click()
    assert shown_iteration(page) == 0


def test_reset_same_start_replays_from_iteration_zero(page, server):
    open_playground(page, server)
    pause(page)
    page.get_by_test_id("bp-scrub").evaluate(  # away from the start, to see the reset
        "el => { el.value = el.max; el.dispatchEvent(new Event('input')); }")
    assert shown_iteration(page) == 1000
    page.get_by_role("button", name="Reset: same start").click()
    rerun_done(page, re.compile(r"frame=0(&|$)"))  # the reset's rerun wrote the link
    page.wait_for_function(  # the player restarts and plays by itself
        "() => document.querySelector('[data-testid=bp-play]').getAttribute('aria-pressed')"
        " === 'true'", timeout=30_000)
    assert shown_iteration(page) < 1000


def test_animation_keeps_playing_when_the_frame_slider_moves(page, server):
    open_playground(page, server)
    page.get_by_test_id("bp-loop").check()
    if not playing(page):  # a new run plays by itself; a finished one waits for Play
        page.get_by_test_id("bp-play").click()
    page.locator(".st-key-w_frame").get_by_role("slider").press("ArrowLeft")
    # the fragment's rerun wrote the link: one frame before the last
    rerun_done(page, re.compile(r"frame=\d+(&|$)"))
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
