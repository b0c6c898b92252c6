"""The playground's Course 2 options in headless Chromium at 1280 px: the controls the mission
names stay in view beside the options' popover, a softmax output gives the player K classes,
mini-batches make its iterations epochs."""

from __future__ import annotations

import re

import pytest
import support
from conftest import APP_IDLE, assert_no_exception
from support import PLAYER_PAINTED

pytestmark = pytest.mark.browser

RUN_ID = "() => document.querySelector('.bp-player')?.dataset.runId"


def options_popover(page):
    """The open popover's body (opened if it is closed)."""
    body = page.get_by_test_id("stPopoverBody")
    if not body.is_visible():
        page.get_by_role("button", name="Course 2 options").click()
    body.wait_for(timeout=10_000)
    return body


def new_run(page, before: str) -> str:
    """Until the player has a run other than `before`, painted; its id."""
    page.wait_for_function(f"b => ({RUN_ID})() && ({RUN_ID})() !== b", arg=before,
                           timeout=180_000)
    page.wait_for_selector(APP_IDLE, timeout=180_000)
    page.wait_for_function(PLAYER_PAINTED, timeout=60_000)
    assert_no_exception(page)
    return page.evaluate(RUN_ID)


def test_options_drive_the_run_and_keep_the_mission_controls_in_view(page, server):
    support.open_playground(page, server.url, "iters=200")
    height = page.viewport_size["height"]
    for label in ("Hidden units n_h", "Hidden activation g[1]", "Learning rate α"):
        box = page.get_by_text(label, exact=True).first.bounding_box()
        assert box and box["y"] + box["height"] < height, label
    button = page.get_by_role("button", name="Course 2 options")
    assert button.bounding_box()["y"] < height
    run = page.evaluate(RUN_ID)

    # softmax: the flower with K = 3 classes, coloured by the predicted class
    options_popover(page).get_by_role("combobox", name="Output layer").click()
    page.get_by_role("option", name="softmax").click()
    page.wait_for_url(re.compile(r"output=softmax"), timeout=180_000)
    run = new_run(page, run)
    page.keyboard.press("Escape")  # the popover closes: the plane is free to point at
    page.get_by_test_id("stPopoverBody").wait_for(state="hidden", timeout=10_000)
    page.get_by_test_id("bp-canvas").scroll_into_view_if_needed()
    canvas = page.get_by_test_id("bp-canvas").bounding_box()
    hover = page.get_by_test_id("bp-hover")
    for step in range(5):  # a pointer move reads the plane under it
        page.mouse.move(canvas["x"] + canvas["width"] * (0.4 + 0.05 * step),
                        canvas["y"] + canvas["height"] / 2, steps=3)
        if "predicts class" in hover.inner_text():
            break
    assert re.search(r"the network predicts class [0-2], with probability ≈ 0\.\d\d|1\.00",
                     hover.inner_text()), hover.inner_text()
    assert page.get_by_test_id("bp-unit").inner_text() == "Iteration"

    # mini-batches: one step right on the slider is batches of 16, and iterations are epochs
    slider = options_popover(page).get_by_role("slider").last  # the last one: mini-batch size
    slider.focus()
    slider.press("ArrowRight")
    page.wait_for_url(re.compile(r"batch=16"), timeout=180_000)
    new_run(page, run)
    assert page.get_by_test_id("bp-unit").inner_text() == "Epoch"
