"""A lesson's pins bind in the browser: on a pinned student link, every button that would move a
pinned value leaves it as it is (in the 📌 caption and in the address bar) and says why."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import pytest
from conftest import APP_IDLE, assert_no_exception, open_app
from support import page_url

from ui import nav

pytestmark = pytest.mark.browser

# Training diverges here, so the playground offers "Try α = …"; the course preset would move
# every pinned field but the seed, and "Reset: new seed" the seed.
DIVERGING = {"lr": "10", "activation": "relu", "layers": "3", "n_h": "20", "init": "he"}
PINNED = ("layers", "n_h", "activation", "init", "seed", "lr")
LESSON = {**DIVERGING, "hide": ",".join(PINNED)}


def pinned_caption(page) -> str:
    caption = page.get_by_test_id("stSidebar").get_by_test_id("stCaptionContainer").filter(
        has_text="Pinned by this lesson")
    return caption.first.inner_text()


def query(page) -> dict[str, list[str]]:
    return parse_qs(urlparse(page.url).query)


def click_and_see_the_pin(page, key: str, named: str) -> None:
    """Click button `key`, wait for the toast that names the pinned field `named`, and for the
    rerun to finish."""
    page.locator(f".st-key-{key} button:visible").first.click()
    toast = page.get_by_test_id("stToast").filter(has_text="Pinned by this lesson").filter(
        has_text=named)
    toast.first.wait_for(timeout=60_000)
    page.wait_for_selector(APP_IDLE, timeout=60_000)


def test_no_playground_button_moves_a_pinned_value(server, page):
    open_app(page, page_url(server.url, "playground", LESSON))
    assert_no_exception(page)
    before_caption, before_query = pinned_caption(page), query(page)
    assert "Hidden units n_h = 20" in before_caption and "Learning rate α = 10" in before_caption
    for key, named in [("try_lower_lr", "Learning rate α = 10"),
                       ("reset_new_seed", "Weight seed = 2"),
                       ("preset_course", "Hidden units n_h = 20")]:
        click_and_see_the_pin(page, key, named)
        assert_no_exception(page)
        assert pinned_caption(page) == before_caption, key
        now = query(page)
        assert {k: now.get(k) for k in PINNED} == {k: before_query.get(k) for k in PINNED}, key


def test_the_walk_link_of_a_frame_keeps_a_pinned_iteration(server, page):
    # A link that pins `at`: the playground's "walk this frame" would otherwise move it.
    open_app(page, page_url(server.url, "playground", {"iters": "2000", "hide": "at"}))
    page.locator(".st-key-walk_at_frame button").wait_for(timeout=60_000)
    before = pinned_caption(page)
    click_and_see_the_pin(page, "walk_at_frame", "Walk the network after")
    assert urlparse(page.url).path.endswith(nav.url_path("playground"))  # it did not leave
    assert "at" not in query(page) and pinned_caption(page) == before
    assert_no_exception(page)


def test_the_walks_untrained_hint_keeps_a_pinned_iteration(server, page):
    # The assignment's fresh network (at = 0) offers "Walk the network after N iterations".
    open_app(page, page_url(server.url, "dZ2", {"at": "0", "hide": "at"}))
    before = pinned_caption(page)
    assert "= 0" in before
    click_and_see_the_pin(page, "walk_trained", "Walk the network after")
    assert query(page)["at"] == ["0"] and pinned_caption(page) == before
    assert_no_exception(page)


def test_presenter_mode_offers_only_the_unpinned_network_settings(server, page):
    open_app(page, page_url(server.url, "dZ2", {"presenter": "1", "n_h": "6", "hide": "n_h"}))
    page.locator(".st-key-presenter_network button").first.click()
    body = page.get_by_test_id("stPopoverBody")
    body.get_by_role("slider", name="Learning rate α").wait_for(timeout=30_000)
    assert body.get_by_role("slider", name="Hidden units n_h").count() == 0
    assert "Hidden units n_h = 6" in body.get_by_test_id("stCaptionContainer").first.inner_text()
    assert query(page)["n_h"] == ["6"]
