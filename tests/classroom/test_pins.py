"""A lesson's pins bind every way of changing a setting (AppTest): each button that would move a
pinned value leaves it, and a toast says which pin held."""

from __future__ import annotations

import pytest
from conftest import run_page
from support import SLOW_PAGE

from ui.state import State

DIVERGING = {"lr": "10", "activation": "relu", "layers": "3", "n_h": "20", "init": "he"}
PINNED = ("layers", "n_h", "activation", "init", "seed", "lr")


def pinned(state: State) -> tuple:
    return state.subset(*PINNED)


def toasts(at) -> str:
    return " ".join(t.value for t in at.toast)


@pytest.mark.parametrize("key, named", [("try_lower_lr", "Learning rate α = 10"),
                                        ("reset_new_seed", "Weight seed = 2"),
                                        ("preset_course", "Hidden units n_h = 20")])
def test_a_playground_button_keeps_the_pins(key, named):
    at = run_page("playground", {**DIVERGING, "hide": ",".join(PINNED)}, timeout=SLOW_PAGE)
    before = pinned(at.session_state["state"])
    at.button(key=key).click().run()
    assert not at.exception
    assert pinned(at.session_state["state"]) == before
    assert "Pinned by this lesson" in toasts(at) and named in toasts(at)
    assert at.query_params["lr"] in ("10", ["10"])


def test_an_unpinned_button_still_works():
    at = run_page("playground", {**DIVERGING, "hide": "n_h"}, timeout=SLOW_PAGE)
    at.button(key="try_lower_lr").click().run()
    assert at.session_state["state"].lr < 10 and not toasts(at)


def test_the_walks_hint_keeps_a_pinned_iteration():
    at = run_page("dZ2", {"at": "0", "hide": "at"}, timeout=SLOW_PAGE)
    at.button(key="walk_trained").click().run()
    assert at.session_state["state"].at == 0
    assert "Pinned by this lesson" in toasts(at)


def test_the_playgrounds_walk_link_keeps_a_pinned_iteration():
    at = run_page("playground", {"iters": "2000", "hide": "at"}, timeout=SLOW_PAGE)
    at.button(key="walk_at_frame").click().run()
    assert at.session_state["state"].at == State().at
    assert "Pinned by this lesson" in toasts(at)


def test_a_change_that_keeps_the_pinned_value_says_nothing():
    # The course preset agrees with a pinned n_h = 4: nothing is refused, so no message.
    at = run_page("playground", {"dataset": "moons", "hide": "n_h"}, timeout=SLOW_PAGE)
    at.button(key="preset_course").click().run()
    assert at.session_state["state"].dataset == "flower" and not toasts(at)
