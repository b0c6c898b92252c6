"""The notation, written once in content/en/glossary.md: the table with live shapes that the
home page shows, and the compact panel every page carries in its sidebar."""

from __future__ import annotations

import streamlit as st

import engine
from ui import compute, content
from ui.state import State

DOC = "glossary"


def table(state: State) -> str:
    """The glossary's table: the course's symbols with their shapes for the current sizes."""
    t = engine.shape_table([2, state.n_h, 1], state.m)

    def shape(name: str) -> str:
        return "(" + ", ".join(str(d) for d in t[name].shape) + ")"

    train_m = compute.dataset(state)["X"].shape[1]  # uploaded points or a test split too
    return content.text(DOC, "notation", shape=shape, m=state.m, n_h=state.n_h,
                        train_m=train_m, g=state.activation.replace("_", " "))


def panel(state: State) -> None:
    """A "Notation" button that opens the glossary over the page, so it is one click away on
    every page without taking the page's room."""
    with st.popover(content.text(DOC, "panel_label"), icon=":material/menu_book:",
                    help=content.text(DOC, "panel_help"), use_container_width=True):
        # One element: each costs the server a little on every rerun of every page.
        st.markdown("\n\n".join([f"**{content.text(DOC, 'notation_heading')}**", table(state),
                                  f"**{content.text(DOC, 'conventions_heading')}**",
                                  content.text(DOC, "conventions")]))
