"""Lesson links and export: one link per lesson, and the network taken out of the app."""

from __future__ import annotations

import streamlit as st

from ui.classroom import builder, export, links


def render(ctx) -> None:
    st.header(ctx.text("builder_heading"), divider="gray")
    builder.builder(ctx.state)
    st.header(ctx.text("export_heading"), divider="gray")
    export.render(ctx.state)
    st.divider()
    links.share_box(ctx.state, ctx.page.id, ctx.text("share_label"))
