"""Matrices stay readable at every screen width (issue 12, bugs 2 and 7), in headless Chromium.

The matrix-heavy steps are opened at 390, 820, 1024, 1280 and 1920 px, in normal and presenter
mode, and measured in the DOM:
- no printed cell value is wider than its cell (plot area width / columns) or taller than it;
- a matrix squeezed below its width shows colours and the note saying so, and only then;
- no axis label, tick label or title of any chart sticks out of its figure ("nit 1",
  "e difference of L(z)").
One server and one tab: each page loads once per mode, then the window is resized.
"""

from __future__ import annotations

import pytest
from conftest import APP_IDLE, SCREENSHOTS, assert_no_exception
from support import page_url

pytestmark = pytest.mark.browser

WIDTHS = (1920, 1280, 1024, 820, 390)
PRESENTER_WIDTHS = (1280, 1024, 390)
# (page, link query): the default walk, and one wide enough that a phone squeezes X (2, 12)
# and W1 X (6, 12), whose values then give way to colours and the note.
PAGES = [("forward", ""), ("dZ2", ""), ("dW2", ""), ("transpose", ""), ("dZ1", ""),
         ("dW1", ""), ("forward", "m=12&n_h=6"), ("softmax", ""), ("l2", ""), ("dropout", ""),
         ("optimizers", "")]
SHOTS = ("transpose", "dZ1")  # steps 6 and 7: a screenshot at each width and mode

# Every visible Plotly chart has drawn at its container's width (after a load or a resize).
DRAWN = """() => {
  const charts = [...document.querySelectorAll('[data-testid=stPlotlyChart]')]
    .filter(c => c.getBoundingClientRect().width > 0);
  return charts.length > 0 && charts.every(c => {
    const svg = c.querySelector('svg.main-svg');
    return svg && Math.abs(svg.getBoundingClientRect().width - c.clientWidth) <= 1;
  });
}"""

MEASURE = """() => {
  const out = {heatmaps: 0, cells: 0, squeezed: 0, overflow: [], clipped: [], note: []};
  for (const gd of document.querySelectorAll('.js-plotly-plot')) {
    const svg = gd.querySelector('svg.main-svg');
    if (!svg || !gd._fullLayout || !svg.getBoundingClientRect().width) continue;
    const box = svg.getBoundingClientRect();
    const name = (gd.querySelector('.g-gtitle text') || {}).textContent || '(untitled)';
    const texts = gd.querySelectorAll('.xtick text, .ytick text, .g-gtitle text, '
      + '.g-xtitle text, .g-ytitle text, .annotation text, .legendtext, .cbaxis text');
    for (const t of texts) {
      const r = t.getBoundingClientRect();
      if (!r.width) continue;
      if (r.left < box.left - 1 || r.right > box.right + 1 || r.top < box.top - 1
          || r.bottom > box.bottom + 1)
        out.clipped.push(`${name}: "${t.textContent}"`);
    }
    if (gd._fullData[0].type !== 'heatmap') continue;
    out.heatmaps++;
    const z = gd.calcdata[0][0].z, size = gd._fullLayout._size;
    const cellW = size.w / z[0].length, cellH = size.h / z.length;
    let shown = 0;
    for (const t of gd.querySelectorAll('g.heatmap-label text')) {
      const r = t.getBoundingClientRect();
      if (!r.width) continue;  // hidden: the matrix is squeezed
      shown++;
      if (r.width > cellW - 2 || r.height > cellH)
        out.overflow.push(`${name}: "${t.textContent}" ${r.width.toFixed(1)} px in `
                          + `${cellW.toFixed(1)} x ${cellH.toFixed(1)}`);
    }
    out.cells += shown;
    if (shown === 0 && gd.querySelectorAll('g.heatmap-label').length) out.squeezed++;
    const fit = gd.closest('[class*="st-key-mxfit_"]');
    const note = fit && fit.querySelector('[class*="st-key-mxfit_note_"]');
    const printed = gd.querySelectorAll('g.heatmap-label').length > 0;
    if (note && printed && (note.getBoundingClientRect().height > 0) !== (shown === 0))
      out.note.push(`${name}: note ${shown ? 'shown beside values' : 'missing'}`);
  }
  return out;
}"""


def drawn(page) -> None:
    page.wait_for_selector(APP_IDLE, timeout=90_000)
    page.wait_for_function(DRAWN, timeout=90_000)
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")


@pytest.mark.parametrize("presenter", [False, True], ids=["normal", "presenter"])
@pytest.mark.parametrize(("page_id", "query"), PAGES)
def test_matrix_text_fits_its_cells_and_no_label_is_cut(server, wide_tab, page_id, query,
                                                        presenter):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    widths = PRESENTER_WIDTHS if presenter else WIDTHS
    label = f"{page_id}{'_presenter' if presenter else ''}{'_wide' if query else ''}"
    wide_tab.set_viewport_size({"width": widths[0], "height": 900})
    query = "&".join(q for q in (query, "presenter=1" if presenter else "") if q)
    wide_tab.goto(page_url(server.url, page_id, query))
    problems, printed, squeezed = [], 0, 0
    for width in widths:  # the page loaded once, then the window resized
        wide_tab.set_viewport_size({"width": width, "height": 900})
        drawn(wide_tab)
        assert_no_exception(wide_tab)
        m = wide_tab.evaluate(MEASURE)
        assert m["heatmaps"] > 0, f"{label} at {width} px: no matrix drawn"
        printed, squeezed = max(printed, m["cells"]), squeezed + m["squeezed"]
        found = m["overflow"] + m["clipped"] + m["note"]
        problems += [f"{label} at {width} px: {p}" for p in found]
        if page_id in SHOTS:
            wide_tab.locator(".js-plotly-plot:has(g.hm)").first.scroll_into_view_if_needed()
            wide_tab.screenshot(path=str(SCREENSHOTS / f"matrix_fit_{label}_{width}.png"))
    assert not problems, "\n".join(problems[:30])
    assert printed > 0, f"{label}: no values printed at any width"
    if "m=12" in query:  # the fallback was exercised, not only never needed
        assert squeezed > 0, f"{label}: no matrix squeezed even at {min(widths)} px"
