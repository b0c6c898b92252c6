"""Streamlit glue for Backprop Lab: state, settings panel, cached engine calls, figures."""
