"""1 · Forward pass: how the network turns the m examples into predictions."""

import streamlit as st

from ui import settings, walk_forward

state = settings.page_setup("1 · Forward pass", settings.WALK_GROUPS)
st.markdown("Before any gradient, the network makes its predictions. Every matrix on this page "
            "is the live network's, for the settings in the sidebar.")
walk_forward.render_forward(state)
