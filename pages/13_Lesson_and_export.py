"""Lesson links and export: one link per lesson, and the network taken out of the app."""

import streamlit as st

from ui import export, lesson, settings

PAGE = "pages/13_Lesson_and_export.py"
state = settings.page_setup("Lesson links and export", ("data", "network", "training", "walk"))
st.markdown(
    "Everything you set in the sidebar is in the page's address, so a link reproduces the same "
    "view with the same numbers. Build a link for a lesson here, or take the current network "
    "with you: as an animation for slides, as weights, or as a short NumPy script."
)
st.header("A link for your lesson", divider="gray")
lesson.builder(state)
st.header("Export this network", divider="gray")
export.render(state)
st.divider()
lesson.share_box(state, PAGE, "Link to this page as it is now")
