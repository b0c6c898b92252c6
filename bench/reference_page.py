"""The plain reference for bench/classroom_load.py: what Streamlit itself costs a rerun here.

A page of one slider (key `w_n_h`, as on the app's pages) and N one-line Markdown elements,
N from the environment (REFERENCE_ELEMENTS, default 90: about a walk page's count). Run it
from the repository's root, so that it is served with the app's .streamlit/config.toml:

    REFERENCE_ELEMENTS=90 streamlit run bench/reference_page.py --server.port 8701
    python bench/classroom_load.py --url http://127.0.0.1:8701 --page "" --widget w_n_h --burst

Whatever a page of the app adds to its rerun time is on top of this.
"""

import os

import streamlit as st

value = st.sidebar.slider("Hidden units", 1, 10, 4, key="w_n_h")
for line in range(int(os.environ.get("REFERENCE_ELEMENTS", "90"))):
    st.markdown(f"Line {line}: the slider is at {value}.")
