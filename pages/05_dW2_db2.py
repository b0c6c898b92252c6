"""5 · dW2 and db2."""

import streamlit as st

from ui import settings

state = settings.page_setup("5 · dW2 and db2", settings.WALK_GROUPS)
st.info("This page is being written.")
