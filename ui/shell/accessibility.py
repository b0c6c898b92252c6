"""Page-wide CSS for accessibility that Streamlit's theme options cannot express.

Measured with axe-core (tests/browser/test_browser_accessibility.py): every page must have
no serious or critical violation, in normal and presenter mode.
"""

from __future__ import annotations

import streamlit as st

_CSS = """
<style>
/* KaTeX's display blocks scroll sideways (overflow-x: auto) and many overflow by a pixel
   or two from negative glyph margins: a keyboard user would meet a scrollable region they
   cannot focus (axe: scrollable-region-focusable). A little room on the right absorbs it;
   a formula that truly does not fit still scrolls. */
.katex-display { padding-right: 6px; padding-left: 2px; }
/* A step's worked example and its vectorised form sit side by side only where both fit;
   narrower (1024 px with the sidebar open, a tablet), the pair stacks, as Streamlit's own
   columns do below 640 px. (ui/walk/example.py: example_columns) */
.st-key-example_pair { container-type: inline-size; }
@container (max-width: 820px) {
  .st-key-example_pair [data-testid="stHorizontalBlock"] { flex-direction: column; }
  .st-key-example_pair [data-testid="stColumn"] {
    width: 100% !important; flex: 1 1 auto !important;
  }
}
/* Streamlit leaves 6rem above the title; the header it clears is 3.75rem. On a 1366×768
   laptop or a 1024×768 projector those 2 rem are better spent on the page. */
[data-testid="stMainBlockContainer"] { padding-top: 4rem; }
/* Captions are drawn at 60 % opacity; the theme's green code text faded to 3:1 contrast. */
[data-testid="stCaptionContainer"] code { color: #000; }
/* A visible focus ring on links and buttons: on a projector the default ring is faint. */
[data-testid="stSidebarNav"] a:focus-visible, [data-testid="stPageLink"] a:focus-visible,
[data-testid="stSidebar"] a:focus-visible, button:focus-visible {
  outline: 3px solid #0072B2 !important; outline-offset: 2px;
}
</style>
"""


def apply() -> None:
    st.html(_CSS)
