"""Quiz mode (placeholder until issue 5 lands)."""

import streamlit as st

from ui.state import State


def render(state: State, step: str, data: dict[str, object]) -> None:
    st.info("Quiz questions for this step are coming.")
