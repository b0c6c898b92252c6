"""Your own data."""

import streamlit as st

from ui import settings

state = settings.page_setup("Your own data", settings.WALK_GROUPS)
st.info("This page is being written.")
