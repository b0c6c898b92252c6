"""The course-2 steps (softmax, L2, dropout, optimizers) in headless Chromium, as a class
meets them: quiz mode at a laptop's and a projector's width, and presenter mode driven by
its reveal buttons."""

from __future__ import annotations

import re

import pytest
from conftest import assert_no_exception, open_app
from support import page_url, rerun_done

pytestmark = pytest.mark.browser

STEPS = ("softmax", "l2", "dropout", "optimizers")


@pytest.mark.parametrize("width", [1280, 1024])
@pytest.mark.parametrize("step", STEPS)
def test_a_quiz_question_is_answered_and_the_feedback_announced(server, page, step, width):
    page.set_viewport_size({"width": width, "height": 768})
    open_app(page, page_url(server.url, step, "quiz=1"))
    assert_no_exception(page)
    box = page.locator(f".st-key-quiz_{step}")
    box.scroll_into_view_if_needed()
    question = box.locator("[data-testid=stRadio]").first
    question.locator("[role=radiogroup] label").first.click()
    question.locator("input:checked").wait_for(state="attached", timeout=60_000)
    box.get_by_role("button", name="Check").first.click()
    # Right or wrong, the verdict is a status box that a screen reader announces.
    rerun_done(page, box.locator("[role=status]"))
    assert "score" in box.inner_text()
    assert_no_exception(page)


@pytest.mark.parametrize("step", STEPS)
def test_presenter_mode_reveals_the_derivation_line_by_line(server, page, step):
    page.set_viewport_size({"width": 1024, "height": 768})
    open_app(page, page_url(server.url, step, "presenter=1"))
    assert_no_exception(page)
    page.locator(".st-key-reveal_next button").click()
    rerun_done(page, re.compile(r"reveal=2"))
    page.locator(".st-key-reveal_all button").click()
    rerun_done(page, re.compile(r"^(?!.*reveal=)"))  # the whole derivation: the default
    assert page.locator(".st-key-reveal_all button").is_disabled()
    assert_no_exception(page)
