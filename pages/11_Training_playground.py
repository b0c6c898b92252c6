"""Training playground: watch gradient descent learn 2D data."""

import streamlit as st

from ui import playground, settings

state = settings.page_setup("Training playground", settings.TRAIN_GROUPS)
st.markdown(
    "Set up a network in the sidebar, press **Play** and watch gradient descent move the "
    "decision boundary: colour is the network's P(y = 1), the dark line is where it crosses 0.5.")
playground.render(state)
