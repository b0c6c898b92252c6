"""8 · dW1 and db1."""

import streamlit as st

from ui import settings

state = settings.page_setup("8 · dW1 and db1", settings.WALK_GROUPS)
st.info("This page is being written.")
