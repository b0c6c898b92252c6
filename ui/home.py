"""Home page content (placeholder until the walk lands)."""

import streamlit as st

from ui import figures
from ui.state import State


def render(state: State) -> None:
    st.markdown("Walk backpropagation one chain-rule step at a time.")
    st.plotly_chart(figures.network_diagram([2, state.n_h, 1]), config=figures.CHART_CONFIG,
                    key="network_diagram")
