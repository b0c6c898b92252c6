"""Presenter mode: large type and charts for a projector, read from the back of a room."""

from __future__ import annotations

import streamlit as st

from ui.state import State

# Constant CSS only: no user text ever goes through unsafe HTML.
_PRESENTER_CSS = """
<style>
[data-testid="stAppViewContainer"] .stMarkdown p,
[data-testid="stAppViewContainer"] .stMarkdown li { font-size: 1.45rem; line-height: 1.5; }
[data-testid="stAppViewContainer"] h1 { font-size: 3rem; }
[data-testid="stAppViewContainer"] .katex { font-size: 1.6em; }
[data-testid="stCaptionContainer"] { font-size: 1.1rem; }
</style>
"""


def apply_style(state: State) -> None:
    if state.presenter:
        st.html(_PRESENTER_CSS)
