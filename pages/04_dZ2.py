"""4 · dZ2 = A2 − Y."""

import streamlit as st

from ui import settings

state = settings.page_setup("4 · dZ2 = A2 − Y", settings.WALK_GROUPS)
st.info("This page is being written.")
