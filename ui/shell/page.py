"""Page set-up: every page file is `run(__file__)`, and this does the rest.

It looks the page up in the registry, sets the page up (config, presenter style, sidebar,
URL, link warnings, title, the page's introduction from its content file), and hands a
`Context` to the render function the registry names.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from pathlib import Path

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from ui import content, nav
from ui.classroom import links
from ui.shell import accessibility, browser, notation, presenter, session, sidebar, turns
from ui.state import State

APP_NAME = "Backprop Lab"


@dataclass
class Context:
    """What a page's render function gets: its registry entry, the state it starts from,
    its prose, and the slot under the title where quiz questions go."""

    page: nav.Page
    state: State
    quiz_slot: object | None = None  # a Streamlit container, in quiz mode
    lang: str = content.FALLBACK

    def text(self, section: str, **values: object) -> str:
        """A section of this page's content file, filled with `values`."""
        return content.text(self.page.doc, section, self.lang, **values)

    def lines(self, section: str, **values: object) -> list[str]:
        """A section of this page's content file as its paragraphs (a derivation's lines)."""
        return content.paragraphs(self.page.doc, section, self.lang, **values)

    def markdown(self, section: str, **values: object) -> None:
        st.markdown(self.text(section, **values))

    def has(self, section: str) -> bool:
        return section in content.sections(self.page.doc, self.lang)

    @property
    def current(self) -> State:
        """The state now: a callback earlier in this run may have changed it."""
        return session.get_state()


def setup(page: nav.Page, drawn: tuple[str, ...] = ()) -> Context:
    """Config, style, sidebar, URL, warnings and title. Returns the page's context.

    `drawn`: the settings the page draws its own widgets for (its module's QUICK_FIELDS),
    which the sidebar then leaves out."""
    heading = APP_NAME if page is nav.HOME else page.label
    st.set_page_config(page_title=f"{heading} · {APP_NAME}", page_icon=":material/function:",
                       layout="wide")
    state = session.enter(page.id)  # page-entry rules first: the link below must agree
    presenter.apply_style(state)
    accessibility.apply()
    browser.mount(state)  # before the address bar is first written (session.sync_url)
    with st.sidebar:
        notation.panel(state)  # first, so it is in reach without scrolling
        # The settings before the page list: below 14 page links, hidden units started
        # 860 px down on a 1366×768 screen. Pages are also linked from Home and from each
        # step's previous/next links.
        if not state.presenter:
            sidebar.settings_panel(state, page.groups, drawn)
        sidebar.view_toggles(state)
        links.sidebar_share(state)
        # The page list, last in the sidebar, is drawn after the page (see run).
    state = session.get_state()  # a callback above may have replaced it
    session.sync_url(state)
    for warning in session.warnings():
        st.warning(warning, icon="⚠️")
    presenter.network_popover(state, drawn)
    st.title(heading)
    # Quiz questions go under the title, so a student predicts before scrolling past the
    # values that give the answer away.
    slot = st.container() if state.quiz else None
    ctx = Context(page, state, slot)
    if ctx.has("intro"):
        ctx.markdown("intro")
    return ctx


def run(file: str | Path) -> None:
    """Draw the page whose script is `file`, when its turn comes (see turns)."""
    ctx = get_script_run_ctx()
    with turns.RERUNS.turn(owner=ctx.session_id if ctx else None):
        _draw(file)


def _draw(file: str | Path) -> None:
    page = nav.of_file(file)
    module = importlib.import_module(page.module)
    ctx = setup(page, getattr(module, "QUICK_FIELDS", ()))
    try:
        module.render(ctx)
    finally:
        # Last: its 25 links would otherwise reach the browser before the page, and on the
        # playground delay a new run's first frame. Drawn even if the page failed, so the
        # learner can leave it; the links carry the settings as the page left them.
        with st.sidebar:
            sidebar.navigation(session.get_state())
