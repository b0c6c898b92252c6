"""axe-core on every page, in normal and presenter mode: no serious or critical violation.

axe-playwright-python bundles axe-core, so the check runs offline against the real app.
"""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from conftest import assert_no_exception, open_app
from support import CHART, page_url

from ui import nav

pytestmark = pytest.mark.browser

BLOCKING = ("serious", "critical")


def _violations(page) -> list[str]:
    result = Axe().run(page)
    return [f"{v['id']} ({v['impact']}): {n['html'][:120]}"
            for v in result.response["violations"] if v["impact"] in BLOCKING
            for n in v["nodes"]]


@pytest.mark.parametrize("presenter", [False, True], ids=["normal", "presenter"])
def test_no_serious_accessibility_violation_on_any_page(server, page, presenter):
    found = {}
    for target in nav.PAGES:
        open_app(page, page_url(server.url, target.id, {"presenter": "1"} if presenter else ""))
        assert_no_exception(page)
        # Every chart the run sent has drawn (they load lazily), so axe sees them too.
        page.wait_for_function("""sel => [...document.querySelectorAll(sel)]
            .every(c => c.querySelector('svg.main-svg'))""", arg=CHART, timeout=60_000)
        # Wide formulas become focusable once laid out (ui/shell/components/browser.js).
        page.wait_for_function("""() => [...document.querySelectorAll('.katex-display')]
            .every(e => e.scrollWidth <= e.clientWidth || e.hasAttribute('tabindex'))""",
            timeout=30_000)
        problems = _violations(page)
        if problems:
            found[target.id] = problems
    assert not found, found


def test_every_matrix_has_a_hidden_table_with_headers(server, page):
    """A heatmap is a picture to a screen reader: each matrix also comes as a real table,
    with its caption and row and column headers, out of sight."""
    open_app(page, page_url(server.url, "transpose"))
    page.wait_for_function("""sel => { const charts = [...document.querySelectorAll(sel)];
        return charts.length > 0 && charts.every(c => c.querySelector('svg.main-svg')); }""",
        arg=CHART, timeout=60_000)
    tables = page.locator(".bp-sr-only table")
    heatmaps = page.locator(f"[class*='st-key-mxfit_'] {CHART}")
    assert tables.count() >= heatmaps.count() > 0
    first = tables.first
    assert first.locator("caption").inner_text().startswith("W2")
    assert first.locator("th[scope='row']").count() > 0
    assert first.locator("th[scope='col']").count() > 0
    box = page.locator(".bp-sr-only").first.bounding_box()
    assert box is not None and box["width"] <= 1 and box["height"] <= 1  # out of sight
