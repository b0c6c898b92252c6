"""The lesson builder: a teacher picks settings, pins some controls, and hands the class one
URL (and another for the projector)."""

from __future__ import annotations

import streamlit as st

from ui import content, nav
from ui.classroom import lan
from ui.classroom.links import app_root, link
from ui.state import FIELD_BY_NAME, HIDEABLE, State

BUILDER_KEY = "lesson_builder"  # the builder's choices, kept while the teacher visits pages
DOC = "lesson"


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
    """The lesson builder: start page, pinned controls, the student and projector links."""
    ids = [p.id for p in nav.PAGES]
    st.markdown(content.text(DOC, "builder_howto"))
    left, right = st.columns([1, 1])
    start = left.selectbox("Start page", ids, format_func=lambda i: nav.page(i).label,
                           key=_choice("start", "dZ2"), on_change=_save, args=("start",))
    hide = right.multiselect(
        "Pin and hide these controls", HIDEABLE, format_func=_field_label,
        key=_choice("hide", list(state.hide)), on_change=_save, args=("hide",),
        help=content.text(DOC, "pin_help"))
    quiz_on = left.toggle("Quiz mode for students", key=_choice("quiz", state.quiz),
                          on_change=_save, args=("quiz",),
                          help=content.text(DOC, "quiz_help"))
    lesson = state.replace(hide=tuple(hide), quiz=quiz_on, presenter=False, reveal=99)
    projector = lesson.replace(presenter=True)
    st.markdown(content.text(DOC, "student_link"))
    st.code(link(lesson, start), language=None, wrap_lines=True)
    st.markdown(content.text(DOC, "projector_link"))
    st.code(link(projector, start), language=None, wrap_lines=True)
    lan.note(link(lesson, start))
    if app_root() is not None:
        a, b = st.columns(2)
        a.link_button("Open the student view in a new tab", link(lesson, start),
                      icon=":material/open_in_new:", width="stretch")
        b.link_button("Open the projector view in a new tab", link(projector, start),
                      icon=":material/open_in_new:", width="stretch")
    _summary(lesson)
    if state.dataset == "custom":
        st.warning(content.text(DOC, "custom_not_in_link"), icon=":material/warning:")


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
