"""2 · Loss and cost: one number per example, then one number for them all."""

import streamlit as st

from ui import settings, walk_forward

state = settings.page_setup("2 · Loss and cost", settings.WALK_GROUPS)
st.markdown("The loss L scores one prediction; the cost J averages L over the m examples. "
            "Backprop computes the gradient of J.")
walk_forward.render_cost(state)
