"""3 · dL/dA2 and σ′: the two derivatives at the very end of the network."""

import streamlit as st

from ui import settings, walk_output

state = settings.page_setup("3 · dL/dA2 and σ′", settings.WALK_GROUPS)
st.markdown("Backprop starts at the loss and walks back. The first two links of the chain: "
            "how L changes with the prediction a, and how a = σ(z) changes with z.")
walk_output.render_sigmoid(state)
