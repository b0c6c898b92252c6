"""8 · dW1 and db1: the hidden layer's weights get their gradient."""

import streamlit as st

from ui import settings, walk_hidden

state = settings.page_setup("8 · dW1 and db1", settings.WALK_GROUPS)
st.markdown("With dZ1 known, the first layer's parameters follow exactly as W2 and b2 did "
            "on step 5. This is the last formula of backprop for this network.")
walk_hidden.render_dW1(state)
