"""Your own data: upload or type points, then train on them and walk the steps with them."""

import streamlit as st

from ui import own_data, settings

state = settings.page_setup("Your own data", ("data",))
st.markdown(
    "Bring your own two-dimensional points: each has coordinates **x1, x2** and a **label** "
    "0 or 1. They become the data set X (2, m), Y (1, m) of the playground and of every step "
    "of the walk. Nothing leaves this browser session."
)
own_data.render(state)
