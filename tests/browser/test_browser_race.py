"""The optimizer race in headless Chromium at 1280 px: one slider moves every panel."""

from __future__ import annotations

import pytest
from conftest import APP_IDLE, assert_no_exception, open_app
from support import page_url

pytestmark = pytest.mark.browser

CHART = ".st-key-race_chart .js-plotly-plot"
# Per panel: a checksum of the heatmap it draws (Plotly's decoded calcdata) and its title;
# and the slider's active step.
READ = """sel => {
    const gd = document.querySelector(sel);
    const sum = z => Array.from(z, row => Array.from(row).reduce((a, b) => a + b, 0))
        .reduce((a, b, i) => a + b * (i + 1), 0);
    const heat = gd.calcdata.filter(c => c[0].trace.type === 'heatmap');
    return {active: gd._fullLayout.sliders[0].active,
            z: heat.map(c => sum(c[0].z)),
            titles: gd._fullLayout.annotations.slice(0, heat.length).map(a => a.text)};
}"""


def test_moving_the_race_slider_moves_every_panel(page, server):
    open_app(page, page_url(server.url, "playground", "iters=200"))
    page.get_by_role("button", name="Run the race").click()
    page.wait_for_selector(f"{CHART} .slider-rail-rect", timeout=120_000)
    page.wait_for_selector(APP_IDLE, timeout=60_000)
    assert_no_exception(page)
    before = page.evaluate(READ, CHART)
    assert len(before["z"]) == 4 and before["active"] == 39  # opens on the finish

    rail = page.locator(f"{CHART} .slider-rail-rect").first
    rail.scroll_into_view_if_needed()
    box = rail.bounding_box()
    page.mouse.click(box["x"] + 0.1 * box["width"], box["y"] + box["height"] / 2)
    page.wait_for_function(f"sel => ({READ})(sel).active < 10", arg=CHART, timeout=10_000)
    page.wait_for_function(  # the frame's data lands after the slider moves
        f"([sel, z]) => ({READ})(sel).z.every((v, i) => v !== z[i])",
        arg=[CHART, before["z"]], timeout=10_000)
    after = page.evaluate(READ, CHART)
    assert all(a != b for a, b in zip(after["titles"], before["titles"], strict=True))
    assert all(a != b for a, b in zip(after["z"], before["z"], strict=True))
