"""4 · dZ2 = A2 − Y: why the output layer's gradient is so simple."""

import streamlit as st

from ui import settings, walk_output

state = settings.page_setup("4 · dZ2 = A2 − Y", settings.WALK_GROUPS)
st.markdown("Multiply the two links from step 3 and almost everything cancels.")
walk_output.render_dZ2(state)
