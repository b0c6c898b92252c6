"""9 · Check it yourself: backprop against finite differences."""

import streamlit as st

from ui import settings, walk_check

state = settings.page_setup("9 · Check it yourself", settings.WALK_GROUPS)
st.markdown("You do not have to trust the derivations. Nudge each parameter a tiny bit, "
            "measure how much J moves, and compare with what backprop said.")
walk_check.render_check(state)
