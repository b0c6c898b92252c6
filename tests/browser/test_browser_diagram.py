"""The playground's live network diagram in headless Chromium: it animates with the player,
a hovered or focused node shows the engine's z, a and dz, a clicked node opens its step."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlparse

import numpy as np
import pytest
from conftest import APP_IDLE, assert_no_exception, open_app
from support import page_url

import engine
from ui import compute, training_runs
from ui.state import from_query

pytestmark = pytest.mark.browser

PAINTED = ("() => { const c = document.querySelector('[data-testid=nd-canvas]');"
           " return !!c && c.dataset.painted !== undefined && c.clientWidth > 100; }")
QUICK = {"iters": "1000"}
DEEP = {"iters": "300", "layers": "2", "n_h": "3", "activation": "relu", "lr": "0.5"}


def open_playground(page, server, query: dict[str, str]) -> None:
    open_app(page, page_url(server.url, "playground", query))
    page.wait_for_function(PAINTED, timeout=60_000)
    assert_no_exception(page)
    # A new run plays by itself: pause it, or the frame moves on under a slow hover.
    play = page.get_by_test_id("bp-play")
    if play.get_attribute("aria-pressed") == "true":
        play.click()
    page.wait_for_selector("[data-testid=bp-play][aria-pressed='false']", timeout=10_000)


def scrub(page, frame: int) -> None:
    page.get_by_test_id("bp-scrub").evaluate(
        "(el, f) => { el.value = String(f); el.dispatchEvent(new Event('input')); }", frame)
    page.wait_for_function(
        "f => document.querySelector('[data-testid=nd-canvas]').dataset.painted === String(f)",
        arg=frame, timeout=10_000)


def node_pixels(page, testid: str) -> list[int]:
    """The RGBA pixels of the diagram canvas under one node."""
    return page.evaluate("""id => {
        const node = document.querySelector(`[data-testid=${id}]`);
        const canvas = document.querySelector('[data-testid=nd-canvas]');
        const a = node.getBoundingClientRect(), c = canvas.getBoundingClientRect();
        const s = canvas.width / c.width;
        return Array.from(canvas.getContext('2d').getImageData(
            Math.round((a.left - c.left) * s), Math.round((a.top - c.top) * s),
            Math.round(a.width * s), Math.round(a.height * s)).data);
    }""", testid)


def shown(page, testid: str) -> float:
    return float(page.get_by_test_id(testid).inner_text().replace("−", "-"))


def point_on_plane(page, i: int, X: np.ndarray) -> None:
    """Move the mouse onto training point i of the boundary canvas (its pixel position)."""
    xlim, ylim = engine.plot_extent(X)
    page.get_by_test_id("bp-canvas").scroll_into_view_if_needed()
    box = page.get_by_test_id("bp-canvas").bounding_box()
    # The plot sits inside the canvas with room for the ticks: the player's pads, normal
    # and presenter; the one that lands on point i is the one in use.
    x, y = X[:, i]
    for left, right, top, bottom in ((44, 10, 10, 34), (60, 12, 12, 50)):
        w, h = box["width"] - left - right, box["height"] - top - bottom
        px = box["x"] + left + (x - xlim[0]) / (xlim[1] - xlim[0]) * w
        py = box["y"] + top + (1 - (y - ylim[0]) / (ylim[1] - ylim[0])) * h
        page.mouse.move(px, py)
        if page.evaluate("() => document.querySelector('[data-testid=bp-player]')"
                         ".dataset.ndPoint") == str(i):
            return
    raise AssertionError(f"could not point at training point {i}")


def engine_values(query: dict[str, str], i: int, iteration: int):
    state, _ = from_query(query)
    data, result = compute.dataset(state), training_runs.training(state)
    [snap] = [s for s in result.snapshots if s.iteration == iteration]
    x, y = data["X"][:, i:i + 1], data["Y"][:, i:i + 1]
    cache = engine.forward(x, snap.params, state.activation)
    grads = engine.backward(x, y, snap.params, cache, state.activation)
    return data, cache, grads


def close(text_value: float, exact: float) -> bool:
    """Equal within the tooltip's rounding (4 significant digits)."""
    return abs(text_value - exact) <= 5e-4 * abs(exact) + 1e-12


def test_the_diagram_animates_with_the_player(page, server):
    open_playground(page, server, QUICK)
    scrub(page, 0)
    start = node_pixels(page, "nd-node-1-1")
    scrub(page, 60)
    later = node_pixels(page, "nd-node-1-1")
    assert start != later  # the unit's own picture changed between frames
    assert page.get_by_test_id("bp-frame").inner_text().startswith("frame 61 ")
    kept = page.get_by_test_id("nd-diagram").get_attribute("data-kept")
    assert kept == "60"  # the diagram shows the player's frame, not a neighbour


@pytest.mark.parametrize("query", [QUICK, DEEP], ids=["one_layer", "two_relu_layers"])
def test_hover_and_focus_show_the_engines_z_a_dz(page, server, query):
    open_playground(page, server, query)
    state, _ = from_query(query)
    X = compute.dataset(state)["X"]
    scrub(page, 40)
    i = int(np.argmax(X[0]))  # the rightmost point: easy to find on the plane
    point_on_plane(page, i, X)
    for layer, unit in ((1, 2), (state.layers + 1, 1)):
        page.get_by_test_id(f"nd-node-{layer}-{unit}").hover()
        tip = page.get_by_test_id("nd-tip")
        tip.wait_for(state="visible", timeout=5_000)
        assert page.get_by_test_id("nd-point").get_attribute("data-index") == str(i)
        iteration = int(page.get_by_test_id("nd-iteration").inner_text().replace(",", ""))
        assert iteration == int(page.get_by_test_id("bp-iteration").inner_text().replace(",", ""))
        _, cache, grads = engine_values(query, i, iteration)
        z, a, dz = (float(v[f"{k}{layer}"][unit - 1, 0])
                    for v, k in ((cache, "Z"), (cache, "A"), (grads, "dZ")))
        got = shown(page, "nd-z"), shown(page, "nd-a"), shown(page, "nd-dz")
        assert all(close(g, e) for g, e in zip(got, (z, a, dz), strict=True)), (got, (z, a, dz))
    page.mouse.move(0, 0)
    # The keyboard reaches the same numbers: focus a node, read the tip.
    page.get_by_test_id("nd-node-1-1").focus()
    page.get_by_test_id("nd-tip").wait_for(state="visible", timeout=5_000)
    iteration = int(page.get_by_test_id("nd-iteration").inner_text().replace(",", ""))
    _, cache, _ = engine_values(query, i, iteration)
    assert close(shown(page, "nd-a"), float(cache["A1"][0, 0]))


@pytest.mark.parametrize(("query", "node", "path"), [
    (QUICK, "nd-node-1-3", "dZ1"), (QUICK, "nd-node-2-1", "dZ2"),
    (DEEP, "nd-node-2-1", "Deeper_networks")])
def test_a_click_on_a_node_opens_its_step_at_the_frame(page, server, query, node, path):
    open_playground(page, server, query)
    scrub(page, 30)
    iteration = int(page.get_by_test_id("bp-iteration").inner_text().replace(",", ""))
    page.get_by_test_id(node).click()
    page.wait_for_url(re.compile(rf"/{path}\?"), timeout=60_000)
    page.wait_for_selector(APP_IDLE, timeout=60_000)
    assert_no_exception(page)
    assert parse_qs(urlparse(page.url).query)["at"] == [str(iteration)]
