"""7 · dZ1 = dA1 * g′(Z1): back through the hidden activation, one entry at a time."""

import streamlit as st

from ui import settings, walk_hidden

state = settings.page_setup("7 · dZ1 = dA1 * g′(Z1)", settings.WALK_GROUPS)
st.markdown("dA1 is the gradient at the hidden layer's output. One more step back, through "
            "the activation g, gives it at the hidden layer's input Z1.")
walk_hidden.render_dZ1(state)
