"""9 · Check it yourself."""

import streamlit as st

from ui import settings

state = settings.page_setup("9 · Check it yourself", settings.WALK_GROUPS)
st.info("This page is being written.")
