"""Training playground."""

import streamlit as st

from ui import settings

state = settings.page_setup("Training playground", settings.TRAIN_GROUPS)
st.info("This page is being written.")
