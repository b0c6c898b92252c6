"""The session's one state, and the one function that changes it.

Data flows one way: widget, button, preset or suggestion → `change` → the canonical `State`
in session state → page → engine → figure. `change` is the only writer, so a lesson's pins
bind every way of changing a field, not only the widgets the sidebar hides.
"""

from __future__ import annotations

import streamlit as st

from ui import content
from ui.classroom import point_link
from ui.state import FIELD_BY_NAME, State, from_query, to_query

STATE_KEY = "state"
WARNINGS_KEY = "state_warnings"
CUSTOM_DATA_KEY = "custom_data"  # the points uploaded in this session: (X (2, m), Y (1, m))
PAGE_KEY = "state_page"  # the page the last full run drew, to tell a page change apart
ALL_LINES = int(FIELD_BY_NAME["reveal"].default)  # `reveal` meaning "the whole derivation"
DOC = "shell/session"  # this module's sentences, in content/en/shell/session.md


def get_state() -> State:
    """The canonical state of this session; on its first run, parsed from the URL."""
    if STATE_KEY not in st.session_state:
        state, warnings = from_query(st.query_params.to_dict())
        if state.pts:  # drawn points travel in the link (already checked by from_query)
            st.session_state[CUSTOM_DATA_KEY] = point_link.decode(state.pts)
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
    # A pinned field is refused only when the change would move it: a preset that happens to
    # agree with the lesson's value is no reason for a message.
    pinned = [n for n, v in changes.items()
              if n in state.hide and state.replace(**{n: v}) != state]
    allowed = {k: v for k, v in changes.items() if k not in state.hide}
    if pinned:
        # Long enough to be read from the back of a room; the sidebar's 📌 caption stays.
        st.toast(content.text(DOC, "pinned_toast", fields=pinned_values(state, pinned)),
                 icon=":material/push_pin:", duration="long")
    state = state.replace(**allowed)
    st.session_state[STATE_KEY] = state
    st.session_state[WARNINGS_KEY] = []
    return state


def pinned_values(state: State, names: list[str] | tuple[str, ...] | None = None) -> str:
    """"Learning rate α = 10, Weight seed = 2": pinned fields by label, with their values."""
    names = state.hide if names is None else names
    return ", ".join(f"{FIELD_BY_NAME[n].label} = {_value(getattr(state, n))}" for n in names)


def _value(value: object) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value).replace("_", " ")


def enter(page_id: str) -> State:
    """Page-entry rules, applied before anything is drawn so the address bar, the share link
    and the page agree from the first element: a derivation on a newly opened page starts at
    one line in presenter mode (the class sees it build up) and whole otherwise. The first
    page of a session keeps its link's `reveal`, except that a projector link builds up too.
    """
    state = get_state()
    last = st.session_state.get(PAGE_KEY)
    if last == page_id:
        return state
    st.session_state[PAGE_KEY] = page_id
    if last is None:
        reveal = 1 if state.presenter and state.reveal == ALL_LINES else state.reveal
    else:
        reveal = 1 if state.presenter else ALL_LINES
    if reveal != state.reveal:
        # Not `change`: this is no user's change, and a link's warnings must stay on screen.
        state = state.replace(reveal=reveal)
        st.session_state[STATE_KEY] = state
    return state


def seed_widget(key: str, value: object) -> bool:
    """Bring widget `key` to the canonical `value` when it shows another one. Returns
    whether it wrote.

    Writing a widget's key makes Streamlit send the value back to the browser, which then
    overwrites what the user did meanwhile: ten fast arrow presses on a slider, each a rerun,
    lost steps whenever a rerun's write-back landed between two presses (issue 12, bug 9).
    So a widget already showing the state's value gets no write, and a widget not drawn
    before gets none either: its default is the state's value (the caller passes it). Only
    a refused, clamped or outside change (a preset, the other copy of a control) writes.
    """
    if key in st.session_state and st.session_state[key] != value:
        st.session_state[key] = value
        return True
    return False


def custom_data():
    """The data set this browser session uploaded, if any: (X (2, m), Y (1, m))."""
    return st.session_state.get(CUSTOM_DATA_KEY)


def sync_url(state: State) -> None:
    """Mirror the state into the URL, so the address bar is always a link to this view.

    Streamlit pushes a history entry for each write; shell.browser turns a write that keeps
    the page into a replacement, so the Back button leaves the page instead of stepping
    through every slider position (issue 12, bug 5)."""
    wanted = to_query(state)
    if st.query_params.to_dict() != wanted:
        st.query_params.from_dict(wanted)


def warnings() -> list[str]:
    return st.session_state.get(WARNINGS_KEY, [])
