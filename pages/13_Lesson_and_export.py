"""Lesson links and export."""

import streamlit as st

from ui import settings

state = settings.page_setup("Lesson links and export", settings.WALK_GROUPS)
st.info("This page is being written.")
