"""5 · dW2 and db2: from per-example errors to one gradient for the shared weights."""

import streamlit as st

from ui import settings, walk_dw2

state = settings.page_setup("5 · dW2 and db2", settings.WALK_GROUPS)
st.markdown("dZ2 has one entry per example, but W2 is one set of weights for all of them. "
            "This step combines the examples, and it is where 1/m appears.")
walk_dw2.render_dW2(state)
