"""The sidebar: page links, the presenter and quiz toggles, the settings panel, the share box.

Widget values are seeded from the canonical state before each draw, because Streamlit drops
a widget's own value when a page change stops rendering it; `on_change` hands the new value
to `session.change`.
"""

from __future__ import annotations

import streamlit as st

from ui import content, nav
from ui.shell import session
from ui.state import FIELD_BY_NAME, FIELDS, Field, State, to_query

# Settings that generate a data set: uploaded points have their own count and no noise.
CUSTOM_IGNORES = ("train_m", "noise")
GROUP_TITLES = {"network": "Network", "walk": "Walk", "data": "Data", "training": "Training"}
# A value of 0 that a number would not explain.
ZERO_LABELS = {"batch": "full"}
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
        value = getattr(state, name)
        session.seed_widget(key, value)
        st.toggle(FIELD_BY_NAME[name].label, value, key=key, on_change=_commit,
                  args=(name, key), help=help_text)


def settings_panel(state: State, groups: tuple[str, ...], drawn: tuple[str, ...] = ()) -> None:
    """Draw the widgets of `groups`, except the controls a lesson link pinned and those the
    page draws itself (`drawn`).

    One widget per setting on a page: with two, the browser could send the stale value of
    the copy a rerun had just written back along with the user's next press, and that
    stale value, committed as a change, undid the press."""
    for group in groups:
        fields = [f for f in FIELDS
                  if f.group == group and f.name not in state.hide and f.name not in drawn]
        if not fields:
            continue
        st.subheader(GROUP_TITLES[group])
        for field in fields:
            if field.name == "layers" and "training" not in groups:
                continue  # the walk is a two-layer network; depth lives on the playground
            if field.name in CUSTOM_IGNORES and _on_custom_data(state):
                continue  # your own points have their own count and no generated noise
            widget(field, state)
    pinned_caption(state)


def pinned_caption(state: State) -> None:
    """The lesson's pins, by name and value: what a refused change keeps."""
    if state.hide:
        st.caption(content.text(session.DOC, "pinned_caption",
                                fields=session.pinned_values(state)))


def widget(field: Field, state: State, prefix: str = "w_") -> None:
    """One setting's widget, seeded from `state`; a change goes to session.change.

    `prefix` names the widget's key, so a page that draws a setting itself (the
    playground's control row) keeps its own key; the sidebar then leaves that setting out."""
    key = f"{prefix}{field.name}"
    value = getattr(state, field.name)
    # The state's value is the default too, so a widget the browser draws afresh (a new
    # page, a popover opened later) shows it without a write-back (see seed_widget).
    session.seed_widget(key, value)
    common = {"key": key, "on_change": _commit, "args": (field.name, key),
              "help": field.help or None}
    if field.choices:
        choices = field.choices
        if field.name == "dataset" and session.custom_data() is None:
            # Without uploaded points "custom" would silently train on another data set.
            choices = tuple(c for c in choices if c != "custom")
        index = choices.index(value) if value in choices else 0
        st.selectbox(field.label, choices, index, format_func=_choice_label, **common)
    elif field.offered:
        zero = ZERO_LABELS.get(field.name)
        options = sorted({*field.offered, value})
        st.select_slider(field.label, options=options, value=value,
                         format_func=lambda v: zero if zero and v == 0 else f"{v:g}", **common)
    elif field.name.endswith("seed"):
        st.number_input(field.label, int(field.lo), int(field.hi), value, step=1, **common)
    elif field.kind is int:
        step = 100 if field.hi >= 1000 else 1
        st.slider(field.label, int(field.lo), int(field.hi), value, step=step, **common)
    else:
        st.slider(field.label, float(field.lo), float(field.hi), value, step=0.05, **common)


def _on_custom_data(state: State) -> bool:
    return state.dataset == "custom" and session.custom_data() is not None


def _choice_label(choice: str) -> str:
    return choice.replace("_", " ")


def _commit(name: str, key: str) -> None:
    session.change(**{name: st.session_state[key]})


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
