"""10 · Deeper networks: the same two moves, repeated layer after layer."""

import streamlit as st

from ui import settings, walk_deep

state = settings.page_setup("10 · Deeper networks", settings.WALK_GROUPS)
st.markdown("Nothing new is needed for more hidden layers: steps 6–8 repeat, once per layer, "
            "from the output down.")
walk_deep.render_deep(state)
