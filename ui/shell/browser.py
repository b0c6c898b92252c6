"""Browser glue on every page (components/browser.js): Back leaves the page instead of
stepping through every setting, and in presenter mode the keys of a presentation clicker
reveal the derivation.

A `st.components.v2` component runs in the page itself, not in an iframe, so its script can
reach the address bar's history and the page's keys. It draws nothing.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from ui.state import State

KEY = "bp_browser"
_JS = (Path(__file__).parent / "components" / "browser.js").read_text(encoding="utf-8")
# Its element takes no room: the script only listens.
_CSS = f".st-key-{KEY} {{ display: none !important; }}"

_glue = st.components.v2.component("backprop_lab.browser", html="", css=_CSS, js=_JS,
                                   isolate_styles=False)


def mount(state: State) -> None:
    """Called by the page set-up on every page, before the address bar is written."""
    _glue(key=KEY, data={"presenter": state.presenter}, width="stretch", height="content")
