"""1 · Forward pass."""

import streamlit as st

from ui import settings

state = settings.page_setup("1 · Forward pass", settings.WALK_GROUPS)
st.info("This page is being written.")
