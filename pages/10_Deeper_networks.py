"""10 · Deeper networks."""

import streamlit as st

from ui import settings

state = settings.page_setup("10 · Deeper networks", settings.WALK_GROUPS)
st.info("This page is being written.")
