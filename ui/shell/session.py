"""The session's one state, and the one function that changes it.

Data flows one way: widget, button, preset or suggestion → `change` → the canonical `State`
in session state → page → engine → figure. `change` is the only writer, so a lesson's pins
bind every way of changing a field, not only the widgets the sidebar hides.
"""

from __future__ import annotations

import streamlit as st

from ui.state import FIELD_BY_NAME, State, from_query, to_query

STATE_KEY = "state"
WARNINGS_KEY = "state_warnings"
CUSTOM_DATA_KEY = "custom_data"  # the points uploaded in this session: (X (2, m), Y (1, m))


def get_state() -> State:
    """The canonical state of this session; on its first run, parsed from the URL."""
    if STATE_KEY not in st.session_state:
        state, warnings = from_query(st.query_params.to_dict())
        if state.dataset == "custom" and CUSTOM_DATA_KEY not in st.session_state:
            state = state.replace(dataset="flower")
            warnings.append(
                "`dataset=custom` needs data uploaded in this browser session; using flower. "
                "Open *Your own data* to upload it."
            )
        st.session_state[STATE_KEY] = state
        st.session_state[WARNINGS_KEY] = warnings
    return st.session_state[STATE_KEY]


def change(**changes: object) -> State:
    """Apply `changes` to the session's state, except to fields a lesson link pinned.

    Every change goes through here: widgets, buttons, presets and suggestions alike.
    A refused change is named in a toast, so a click on a pinned value is not silently lost.
    """
    state = get_state()
    pinned = [name for name in changes if name in state.hide]
    allowed = {k: v for k, v in changes.items() if k not in state.hide}
    if pinned:
        labels = ", ".join(FIELD_BY_NAME[n].label for n in pinned)
        st.toast(f"📌 Pinned by this lesson: {labels}.")
    state = state.replace(**allowed)
    st.session_state[STATE_KEY] = state
    st.session_state[WARNINGS_KEY] = []
    return state


def custom_data():
    """The data set this browser session uploaded, if any: (X (2, m), Y (1, m))."""
    return st.session_state.get(CUSTOM_DATA_KEY)


def sync_url(state: State) -> None:
    """Mirror the state into the URL, so the address bar is always a link to this view."""
    wanted = to_query(state)
    if st.query_params.to_dict() != wanted:
        st.query_params.from_dict(wanted)


def warnings() -> list[str]:
    return st.session_state.get(WARNINGS_KEY, [])
