"""Presenter mode: large type and charts for a projector, read from the back of a room.

Turned on by the sidebar toggle or `presenter=1` in a link. The settings panel is not drawn
(shell.page.setup), derivations start at one line on each new page (session.enter), and this
style sheet enlarges what is left. It is constant CSS: no user text ever goes through it, and
it only restyles the main column, so the narrowed sidebar keeps its navigation and toggle.

Driving it live: a clicker's keys reveal the derivation (shell.browser), the reveal buttons
stay on screen (sticky), and a small "Change the network" popover, pinned in the header
bar, holds the three settings a lesson changes most (through session.change, so a
lesson's pins still bind).
"""

from __future__ import annotations

import streamlit as st

from ui import content
from ui.shell import sidebar
from ui.state import FIELD_BY_NAME, State

MAIN = '[data-testid="stMain"]'
DOC = "shell/presenter"  # this module's sentences, in content/en/shell/presenter.md
NETWORK = ("n_h", "activation", "lr")  # the settings the mission names
POPOVER_KEY = "presenter_network"

# Sizes were checked on screenshots at 1280×720 and 1280×800 (a common projector width):
# body text about 24 px, maths a little larger, matrix entries 17 px and bold.
_PRESENTER_CSS = f"""
<style>
[data-testid="stSidebar"] {{ width: 15rem !important; min-width: 15rem !important; }}
{MAIN} [data-testid="stMainBlockContainer"] {{ padding: 2.5rem 2.5rem 5rem; max-width: none; }}
{MAIN} .stMarkdown p, {MAIN} .stMarkdown li {{ font-size: 1.5rem; line-height: 1.45; }}
{MAIN} h1 {{ font-size: 2.8rem; }}
{MAIN} h2 {{ font-size: 2.1rem; }}
{MAIN} h3 {{ font-size: 1.8rem; }}
{MAIN} h5 {{ font-size: 1.5rem; }}
{MAIN} .stMarkdown .katex {{ font-size: 1.1em; }}
{MAIN} .katex-display > .katex {{ font-size: 1.6em; }}
{MAIN} [data-testid="stCaptionContainer"],
{MAIN} [data-testid="stCaptionContainer"] p {{ font-size: 1.2rem; }}
{MAIN} [data-testid="stWidgetLabel"] p {{ font-size: 1.25rem; }}
{MAIN} [data-testid="stAlertContainer"] p {{ font-size: 1.3rem; }}
{MAIN} [data-testid="stCode"] code {{ font-size: 1.15rem; }}
/* The playground's options popover sits in a row of buttons: it takes their size. */
{MAIN} .stButton button, {MAIN} .stDownloadButton button, {MAIN} .stLinkButton a,
{MAIN} .st-key-playground_controls [data-testid="stPopover"] button {{
  min-height: 3.2rem; padding: 0.5rem 1.4rem; }}
{MAIN} .stButton button p, {MAIN} .stDownloadButton button p, {MAIN} .stLinkButton a p,
{MAIN} .st-key-playground_controls [data-testid="stPopover"] button p,
{MAIN} [data-testid="stPageLink"] p {{ font-size: 1.3rem; font-weight: 600; }}
{MAIN} [data-testid="stRadio"] label p, {MAIN} [data-baseweb="select"] div {{
  font-size: 1.2rem; }}
{MAIN} .js-plotly-plot g.heatmap-label text {{ font-size: 17px !important;
  font-weight: 600 !important; }}
{MAIN} .js-plotly-plot .gtitle {{ font-size: 20px !important; }}
{MAIN} .js-plotly-plot .xtick text, {MAIN} .js-plotly-plot .ytick text {{
  font-size: 14px !important; }}
/* The reveal buttons stay on screen while the page scrolls, above and below them; at the
   top they stop below Streamlit's header bar (3.75rem), which holds the network popover. */
{MAIN} [data-testid="stLayoutWrapper"]:has(> [data-testid="stHorizontalBlock"]
  .st-key-reveal_next) {{
  position: sticky; top: 3.9rem; bottom: 0; z-index: 20; padding: 0.4rem 0;
  background: #fff; box-shadow: 0 -1px 0 rgba(11, 13, 16, 0.08); }}  /* the theme's background */
/* The network's popover: always in the header bar, left of Streamlit's menu, where it
   covers no title (below the bar it hid the end of a two-line title at 1024 px). The bar
   sits above the page at z-index 999990. */
{MAIN} .st-key-{POPOVER_KEY} {{ position: fixed; top: 0.6rem; right: 3.6rem;
  z-index: 999991; width: auto; }}
{MAIN} .st-key-{POPOVER_KEY} button {{ box-shadow: 0 1px 6px rgba(0, 0, 0, 0.18); }}
</style>
"""


def apply_style(state: State) -> None:
    """Called by the page set-up on every page, before the sidebar is drawn."""
    if state.presenter:
        st.html(_PRESENTER_CSS)


def network_popover(state: State, drawn: tuple[str, ...] = ()) -> None:
    """In presenter mode, "Change the network": hidden units, activation and learning rate,
    the sidebar's own widgets (so they commit through session.change), minus pinned ones and
    those the page draws itself (`drawn`: one widget per setting, see sidebar.settings_panel)."""
    names = [n for n in NETWORK if n not in state.hide and n not in drawn]
    if not state.presenter or not names:
        return
    with st.container(key=POPOVER_KEY, width="content"), \
            st.popover(content.text(DOC, "network_label"), icon=":material/tune:",
                       help=content.text(DOC, "network_help")):
        for name in names:
            sidebar.widget(FIELD_BY_NAME[name], state)
        sidebar.pinned_caption(state)
        st.caption(content.text(DOC, "keys"))
