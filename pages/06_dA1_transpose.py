"""6 · dA1 = W2ᵀ dZ2."""

import streamlit as st

from ui import settings

state = settings.page_setup("6 · dA1 = W2ᵀ dZ2", settings.WALK_GROUPS)
st.info("This page is being written.")
