"""3 · dL/dA2 and σ′."""

import streamlit as st

from ui import settings

state = settings.page_setup("3 · dL/dA2 and σ′", settings.WALK_GROUPS)
st.info("This page is being written.")
