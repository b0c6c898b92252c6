"""6 · dA1 = W2ᵀ dZ2: the error crosses the weights back into the hidden layer."""

import streamlit as st

from ui import settings, walk_transpose

state = settings.page_setup("6 · dA1 = W2ᵀ dZ2", settings.WALK_GROUPS)
st.markdown("dZ2 says how the loss reacts to each output unit. To go further back we need "
            "how it reacts to each hidden activation, and the only route runs through W2.")
walk_transpose.render_dA1(state)
