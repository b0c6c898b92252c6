"""The shared settings panel, navigation and URL sync: the one place widgets meet the state.

Data flows one way: widget → `on_change` → the canonical `State` in session state →
page → engine → figure. Widget values are seeded from the canonical state before each
draw, because Streamlit drops a widget's own value when a page change stops rendering it.
"""

from __future__ import annotations

import threading

import streamlit as st

from ui.state import FIELD_BY_NAME, FIELDS, LEARNING_RATES, Field, State, from_query, to_query

STATE_KEY = "state"
WARNINGS_KEY = "state_warnings"
CUSTOM_DATA_KEY = "custom_data"
# Where this run's quiz goes: a container under the page title, so a student predicts
# before scrolling past the values that give the answer away. One per script thread,
# because a container belongs to the run that made it.
_quiz_slot = threading.local()

WALK = "The chain-rule walk"
# (script, title, icon, section). The order is the walk's order; prev/next follow it.
PAGES: tuple[tuple[str, str, str, str], ...] = (
    ("app.py", "Home", ":material/home:", "Start"),
    ("pages/01_Forward_pass.py", "1 · Forward pass", ":material/arrow_forward:", WALK),
    ("pages/02_Loss_and_cost.py", "2 · Loss and cost", ":material/target:", WALK),
    ("pages/03_Sigmoid_derivative.py", "3 · dL/dA2 and σ′", ":material/show_chart:", WALK),
    ("pages/04_dZ2.py", "4 · dZ2 = A2 − Y", ":material/south:", WALK),
    ("pages/05_dW2_db2.py", "5 · dW2 and db2", ":material/balance:", WALK),
    ("pages/06_dA1_transpose.py", "6 · dA1 = W2ᵀ dZ2", ":material/swap_horiz:", WALK),
    ("pages/07_dZ1.py", "7 · dZ1 = dA1 * g′(Z1)", ":material/grain:", WALK),
    ("pages/08_dW1_db1.py", "8 · dW1 and db1", ":material/balance:", WALK),
    ("pages/09_Gradient_check.py", "9 · Check it yourself", ":material/fact_check:", WALK),
    ("pages/10_Deeper_networks.py", "10 · Deeper networks", ":material/stacks:", WALK),
    ("pages/11_Training_playground.py", "Training playground", ":material/exercise:", "Train"),
    ("pages/12_Your_data.py", "Your own data", ":material/upload_file:", "Classroom"),
    ("pages/13_Lesson_and_export.py", "Lesson links and export", ":material/link:", "Classroom"),
)
# Which groups of settings each kind of page lets the learner change.
WALK_GROUPS = ("network", "walk", "data")
TRAIN_GROUPS = ("data", "network", "training")


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


def set_state(state: State) -> None:
    st.session_state[STATE_KEY] = state
    st.session_state[WARNINGS_KEY] = []


def update_state(**changes: object) -> State:
    state = get_state().replace(**changes)
    set_state(state)
    return state


def sync_url(state: State) -> None:
    """Mirror the state into the URL, so the address bar is always a link to this view."""
    wanted = to_query(state)
    if st.query_params.to_dict() != wanted:
        st.query_params.from_dict(wanted)


def page_setup(title: str, groups: tuple[str, ...] = WALK_GROUPS) -> State:
    """Set up a page: config, navigation, settings panel, URL, warnings. Returns the state."""
    st.set_page_config(page_title=f"{title} · Backprop Lab", page_icon=":material/function:",
                       layout="wide")
    state = get_state()
    _apply_theme(state)
    with st.sidebar:
        _navigation(state)
        _view_toggles(state)
        if not state.presenter:
            settings_panel(state, groups)
        _share(state)
    state = get_state()  # a callback above may have replaced it
    sync_url(state)
    for warning in st.session_state.get(WARNINGS_KEY, []):
        st.warning(warning, icon="⚠️")
    st.title(title)
    _quiz_slot.container = st.container() if state.quiz else None
    return state


def quiz_slot():
    """The container reserved under this page's title for quiz questions, or None."""
    return getattr(_quiz_slot, "container", None)


def _apply_theme(state: State) -> None:
    # Imported late: the classroom module draws on this one, not the other way round.
    from ui import presenter

    presenter.apply_style(state)


def _share(state: State) -> None:
    from ui import lesson  # imported late: lesson builds on this module

    lesson.sidebar_share(state)


def _navigation(state: State) -> None:
    _links(tuple(to_query(state).items()))


# Drawn once per link target, then replayed: st.page_link resolves its script's path on
# the disk each call, and 14 of them were a seventh of a rerun's CPU with a class on one
# server. Each entry is a few kilobytes of element messages.
@st.cache_data(max_entries=1024, ttl=3600, max_size="16MB", show_spinner=False)
def _links(query: tuple[tuple[str, str], ...]) -> None:
    section = None
    for script, title, icon, group in PAGES:
        if group != section:
            st.caption(group.upper())
            section = group
        st.page_link(script, label=title, icon=icon, query_params=dict(query))


def _view_toggles(state: State) -> None:
    helps = {"presenter": "Large type for a projector; hides the settings.",
             "quiz": "Predict before you see: questions on each step, from the live network."}
    for name, help_text in helps.items():
        key = f"w_{name}"
        st.session_state[key] = getattr(state, name)
        st.toggle(FIELD_BY_NAME[name].label, key=key, on_change=_commit, args=(name,),
                  help=help_text)


def settings_panel(state: State, groups: tuple[str, ...]) -> None:
    """Draw the widgets of `groups`, except the controls a lesson link pinned."""
    titles = {"network": "Network", "walk": "Walk", "data": "Data", "training": "Training"}
    for group in groups:
        fields = [f for f in FIELDS if f.group == group and f.name not in state.hide]
        if not fields:
            continue
        st.subheader(titles[group])
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
    update_state(**{name: st.session_state[f"w_{name}"]})


def neighbours(script: str) -> tuple[tuple[str, str] | None, tuple[str, str] | None]:
    """(script, title) of the pages before and after `script` in the walk."""
    scripts = [p[0] for p in PAGES]
    i = scripts.index(script)
    prev = PAGES[i - 1][:2] if i > 0 else None
    nxt = PAGES[i + 1][:2] if i + 1 < len(PAGES) else None
    return prev, nxt


def prev_next(script: str) -> None:
    """Previous / next links that keep the current settings."""
    _prev_next_links(script, tuple(to_query(get_state()).items()))


@st.cache_data(max_entries=1024, ttl=3600, max_size="8MB", show_spinner=False)
def _prev_next_links(script: str, query: tuple[tuple[str, str], ...]) -> None:
    # Replayed like the sidebar's links (see _links).
    prev, nxt = neighbours(script)
    left, right = st.columns(2)
    if prev:
        left.page_link(prev[0], label=f"← {prev[1]}", query_params=dict(query))
    if nxt:
        right.page_link(nxt[0], label=f"{nxt[1]} →", query_params=dict(query))
