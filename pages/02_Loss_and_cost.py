"""2 · Loss and cost."""

import streamlit as st

from ui import settings

state = settings.page_setup("2 · Loss and cost", settings.WALK_GROUPS)
st.info("This page is being written.")
