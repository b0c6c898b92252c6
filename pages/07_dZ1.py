"""7 · dZ1 = dA1 * g′(Z1)."""

import streamlit as st

from ui import settings

state = settings.page_setup("7 · dZ1 = dA1 * g′(Z1)", settings.WALK_GROUPS)
st.info("This page is being written.")
