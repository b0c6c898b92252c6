"""Presenter mode: large type and charts for a projector, read from the back of a room.

Turned on by the sidebar toggle or `presenter=1` in a link. The settings panel is not drawn
(shell.page.setup), derivations start at one line (walk.frame.derivation), and this style
sheet enlarges what is left. It is constant CSS: no user text ever goes through it, and it
only restyles the main column, so the narrowed sidebar keeps its navigation and toggle.
"""

from __future__ import annotations

import streamlit as st

from ui.state import State

MAIN = '[data-testid="stMain"]'

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
{MAIN} .stButton button, {MAIN} .stDownloadButton button, {MAIN} .stLinkButton a {{
  min-height: 3.2rem; padding: 0.5rem 1.4rem; }}
{MAIN} .stButton button p, {MAIN} .stDownloadButton button p, {MAIN} .stLinkButton a p,
{MAIN} [data-testid="stPageLink"] p {{ font-size: 1.3rem; font-weight: 600; }}
{MAIN} [data-testid="stRadio"] label p, {MAIN} [data-baseweb="select"] div {{
  font-size: 1.2rem; }}
{MAIN} .js-plotly-plot g.heatmap-label text {{ font-size: 17px !important;
  font-weight: 600 !important; }}
{MAIN} .js-plotly-plot .gtitle {{ font-size: 20px !important; }}
{MAIN} .js-plotly-plot .xtick text, {MAIN} .js-plotly-plot .ytick text {{
  font-size: 14px !important; }}
</style>
"""


def apply_style(state: State) -> None:
    """Called by the page set-up on every page, before the sidebar is drawn."""
    if state.presenter:
        st.html(_PRESENTER_CSS)
