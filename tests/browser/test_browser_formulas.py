"""No formula is cut on any page, from a phone to a 1920 px screen, in normal and presenter
mode (issue 12: "no clipped KaTeX").

A KaTeX display too wide for its column first shrinks to fit (down to 70 %, 60 % in presenter
mode, ui/shell/components/browser.js), and a step's worked example stacks under its
vectorised form when the pair has no room side by side (ui/shell/accessibility.py). So:
- from 1024 px up (a laptop, a projector), no formula scrolls at all;
- below, a formula that still does not fit scrolls sideways and is a focusable, named
  region, so a keyboard user can reach the rest.
One server and one tab: each page loads once per mode, then the window is resized.
"""

from __future__ import annotations

import pytest
from conftest import APP_IDLE, assert_no_exception
from support import page_url

from ui import nav

pytestmark = pytest.mark.browser

WIDTHS = (1920, 1280, 1024, 820, 390)
FULL_FIT = 1024  # from this width up, every formula fits without scrolling

# Every visible formula has been fitted: it fits, or it is at its smallest and marked as a
# scrolling region. Until then the page is still laying out (fonts, a resize).
SETTLED = """() => [...document.querySelectorAll('.katex-display')]
  .filter(k => k.getBoundingClientRect().width > 0)
  .every(k => k.scrollWidth <= k.clientWidth + 1
              || (k.style.fontSize !== '' && k.getAttribute('tabindex') === '0'))"""

SCROLLING = """() => [...document.querySelectorAll('.katex-display')]
  .filter(k => k.getBoundingClientRect().width > 0 && k.scrollWidth > k.clientWidth + 1)
  .map(k => ({text: (k.textContent || '').slice(0, 50), natural: k.scrollWidth,
              room: k.clientWidth, focusable: k.getAttribute('tabindex') === '0'
                && k.getAttribute('role') === 'region' && !!k.getAttribute('aria-label')}))"""

COUNT = "() => document.querySelectorAll('.katex-display').length"


@pytest.mark.parametrize("presenter", [False, True], ids=["normal", "presenter"])
@pytest.mark.parametrize("page_id", [p.id for p in nav.PAGES])
def test_no_formula_is_cut_at_any_width(server, wide_tab, page_id, presenter):
    wide_tab.set_viewport_size({"width": WIDTHS[0], "height": 900})
    # Presenter mode with every derivation line revealed: the widest lines are the last.
    wide_tab.goto(page_url(server.url, page_id, "presenter=1&reveal=99" if presenter else ""))
    wide_tab.wait_for_selector(APP_IDLE, timeout=90_000)
    wide_tab.locator("h1").first.wait_for(timeout=90_000)
    problems = []
    for width in WIDTHS:
        wide_tab.set_viewport_size({"width": width, "height": 900})
        wide_tab.wait_for_function(SETTLED, timeout=30_000)
        assert_no_exception(wide_tab)
        for formula in wide_tab.evaluate(SCROLLING):
            where = f"{page_id} {'presenter' if presenter else 'normal'} {width} px"
            if width >= FULL_FIT:
                problems.append(f"{where}: scrolls ({formula['natural']} px in "
                                f"{formula['room']}): {formula['text']}")
            elif not formula["focusable"]:
                problems.append(f"{where}: scrolls but cannot be focused: {formula['text']}")
    assert not problems, "\n".join(problems)
