"""Lesson links: a teacher picks settings, pins some controls, and hands the class one URL.

A link is the page's address plus `state.to_query` (non-default fields only), encoded the
way Streamlit writes the address bar, so a link opened and copied again is the same text.
`st.context.url` gives the browser's address of this page without its query; where it is
unknown (AppTest) the link falls back to a path relative to the app's root.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlencode

import streamlit as st

from ui import settings
from ui.state import FIELD_BY_NAME, HIDEABLE, State, to_query

BUILDER_KEY = "lesson_builder"  # the builder's choices, kept while the teacher visits pages
_PAGE_NAME = re.compile(r"([0-9]*)[_ -]*(.*)\.py")  # Streamlit's rule for a page's URL path


def page_path(script: str) -> str:
    """The URL path of a page script: pages/04_dZ2.py → "dZ2"; the home page → ""."""
    if script == settings.PAGES[0][0]:
        return ""
    match = _PAGE_NAME.search(Path(script).name)
    return re.sub(r"[_ ]+", "_", match.group(2)).strip() if match else ""


def app_root() -> str | None:
    """The app's absolute root URL as the browser sees it (no trailing slash), if known."""
    return root_of(st.context.url)


def root_of(url: str | None) -> str | None:
    """Strip a page's path from `st.context.url` (scheme, host, base path and page path)."""
    if not url:
        return None
    url = url.split("?", 1)[0].split("#", 1)[0].rstrip("/")
    for script, *_ in settings.PAGES:
        path = page_path(script)
        if path and url.endswith("/" + path):
            return url[: -len(path) - 1]
    return url


def query_string(state: State) -> str:
    # Streamlit writes the address bar with urlencode too (a "," becomes %2C).
    return urlencode(to_query(state))


def link(state: State, script: str) -> str:
    """A link that opens `script` with `state`: absolute when the app's address is known."""
    root = app_root()
    path = f"{root if root is not None else ''}/{page_path(script)}"
    query = query_string(state)
    return f"{path}?{query}" if query else path


def share_box(state: State, script: str, label: str = "Link to this view") -> None:
    """The current view's link in a code box (it has a copy button), with a hint."""
    st.markdown(f"**{label}**")
    st.code(link(state, script), language=None, wrap_lines=True)
    st.caption("Anyone who opens it sees this page with these settings and numbers. "
               "Your own uploaded data is not in the link.")


def current_link(state: State) -> str:
    """A link to the page being drawn, with `state`; `st.context.url` already names the page."""
    query = query_string(state)
    return (st.context.url or "") + (f"?{query}" if query else "")


def sidebar_share(state: State) -> None:
    """A compact "link to this view" for the sidebar of any page (a popover with a copy box)."""
    with st.popover("Link to this view", icon=":material/link:", width="stretch"):
        st.code(current_link(state), language=None, wrap_lines=True)
        st.caption("Copy it with the button at the box's right. It opens this page with "
                   "these settings and numbers.")


def _choice(name: str, default: object) -> str:
    """Seed a builder widget from the saved choice: Streamlit drops widget values when a
    page change stops drawing the widget."""
    saved = st.session_state.setdefault(BUILDER_KEY, {})
    key = f"lesson_{name}"
    st.session_state[key] = saved.get(name, default)
    return key


def _save(name: str) -> None:
    st.session_state.setdefault(BUILDER_KEY, {})[name] = st.session_state[f"lesson_{name}"]


def builder(state: State) -> None:
    """Page 13's lesson builder: start page, pinned controls, the student and projector links."""
    scripts = [p[0] for p in settings.PAGES]
    titles = {p[0]: p[1] for p in settings.PAGES}
    st.markdown("The link carries **every setting in the sidebar**, so set the network and data "
                "there first. Then pick where the lesson starts and which controls the class "
                "should not touch.")
    left, right = st.columns([1, 1])
    start = left.selectbox("Start page", scripts, format_func=titles.get,
                           key=_choice("start", scripts[4]), on_change=_save, args=("start",))
    hide = right.multiselect(
        "Pin and hide these controls", HIDEABLE, format_func=_field_label,
        key=_choice("hide", list(state.hide)), on_change=_save, args=("hide",),
        help="Students see the value you set, as a 📌 caption, but no widget to change it.")
    quiz_on = left.toggle("Quiz mode for students", key=_choice("quiz", state.quiz),
                          on_change=_save, args=("quiz",),
                          help="The step pages ask students to predict shapes and signs first.")
    lesson = state.replace(hide=tuple(hide), quiz=quiz_on, presenter=False, reveal=99)
    projector = lesson.replace(presenter=True)
    st.markdown("**Link for students**")
    st.code(link(lesson, start), language=None, wrap_lines=True)
    st.markdown("**Link for the projector** (presenter mode: large type, derivations revealed "
                "line by line)")
    st.code(link(projector, start), language=None, wrap_lines=True)
    if app_root() is not None:
        a, b = st.columns(2)
        a.link_button("Open the student view in a new tab", link(lesson, start),
                      icon=":material/open_in_new:", width="stretch")
        b.link_button("Open the projector view in a new tab", link(projector, start),
                      icon=":material/open_in_new:", width="stretch")
    _summary(lesson)
    if state.dataset == "custom":
        st.warning("The data set is **custom**: uploaded points stay in this browser and are not "
                   "in the link. Students who open it get the flower data set unless they upload "
                   "the same CSV on *Your own data* (download it there).",
                   icon=":material/warning:")


def _field_label(name: str) -> str:
    return f"{FIELD_BY_NAME[name].label} ({name})"


def _summary(lesson: State) -> None:
    """What the link fixes, in a table a teacher can check before sending it."""
    rows = []
    for name in HIDEABLE:
        field = FIELD_BY_NAME[name]
        value = getattr(lesson, name)
        rows.append({"Setting": field.label, "Value": f"{value:g}" if isinstance(value, float)
                     else str(value), "Students": "📌 pinned" if name in lesson.hide
                     else "can change"})
    with st.expander("What the link sets", expanded=False):
        st.dataframe(rows, hide_index=True, width="stretch", key="lesson_summary")
