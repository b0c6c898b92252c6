"""The sidebar: page links, the presenter and quiz toggles, the settings panel, the share box.

Widget values are seeded from the canonical state before each draw, because Streamlit drops
a widget's own value when a page change stops rendering it; `on_change` hands the new value
to `session.change`.
"""

from __future__ import annotations

import streamlit as st

from ui import nav
from ui.shell import session
from ui.state import FIELD_BY_NAME, FIELDS, LEARNING_RATES, Field, State, to_query

GROUP_TITLES = {"network": "Network", "walk": "Walk", "data": "Data", "training": "Training"}
TOGGLE_HELP = {"presenter": "Large type for a projector; hides the settings.",
               "quiz": "Predict before you see: questions on each step, from the live network."}


def navigation(state: State) -> None:
    _links(tuple(to_query(state).items()))


# Drawn once per link target, then replayed: st.page_link resolves its script's path on
# the disk each call, and 14 of them were a seventh of a rerun's CPU with a class on one
# server. Each entry is a few kilobytes of element messages.
@st.cache_data(max_entries=1024, ttl=3600, max_size="16MB", show_spinner=False)
def _links(query: tuple[tuple[str, str], ...]) -> None:
    section = None
    for page in nav.PAGES:
        if page.section != section:
            st.caption(page.section.upper())
            section = page.section
        st.page_link(page.script, label=page.label, icon=page.icon, query_params=dict(query))


def view_toggles(state: State) -> None:
    for name, help_text in TOGGLE_HELP.items():
        key = f"w_{name}"
        st.session_state[key] = getattr(state, name)
        st.toggle(FIELD_BY_NAME[name].label, key=key, on_change=_commit, args=(name,),
                  help=help_text)


def settings_panel(state: State, groups: tuple[str, ...]) -> None:
    """Draw the widgets of `groups`, except the controls a lesson link pinned."""
    for group in groups:
        fields = [f for f in FIELDS if f.group == group and f.name not in state.hide]
        if not fields:
            continue
        st.subheader(GROUP_TITLES[group])
        for field in fields:
            if field.name == "layers" and "training" not in groups:
                continue  # the walk is a two-layer network; depth lives on the playground
            _widget(field, state)
    if state.hide:
        pinned = ", ".join(f"{n} = {getattr(state, n)}" for n in state.hide)
        st.caption(f"📌 Pinned by this lesson: {pinned}")


def _widget(field: Field, state: State) -> None:
    key = f"w_{field.name}"
    value = getattr(state, field.name)
    st.session_state[key] = value
    common = {"key": key, "on_change": _commit, "args": (field.name,), "help": field.help or None}
    if field.choices:
        st.selectbox(field.label, field.choices, format_func=_choice_label, **common)
    elif field.name == "lr":
        options = sorted({*LEARNING_RATES, value})
        st.select_slider(field.label, options=options, format_func=lambda v: f"{v:g}", **common)
    elif field.name.endswith("seed"):
        st.number_input(field.label, int(field.lo), int(field.hi), step=1, **common)
    elif field.kind is int:
        step = 100 if field.hi >= 1000 else 1
        st.slider(field.label, int(field.lo), int(field.hi), step=step, **common)
    else:
        st.slider(field.label, float(field.lo), float(field.hi), step=0.05, **common)


def _choice_label(choice: str) -> str:
    return choice.replace("_", " ")


def _commit(name: str) -> None:
    session.change(**{name: st.session_state[f"w_{name}"]})


def prev_next(page_id: str) -> None:
    """Previous / next links that keep the current settings."""
    _prev_next_links(page_id, tuple(to_query(session.get_state()).items()))


@st.cache_data(max_entries=1024, ttl=3600, max_size="8MB", show_spinner=False)
def _prev_next_links(page_id: str, query: tuple[tuple[str, str], ...]) -> None:
    # Replayed like the sidebar's links (see _links).
    prev, nxt = nav.neighbours(page_id)
    left, right = st.columns(2)
    if prev:
        left.page_link(prev.script, label=f"← {prev.label}", query_params=dict(query))
    if nxt:
        right.page_link(nxt.script, label=f"{nxt.label} →", query_params=dict(query))
