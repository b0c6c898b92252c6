"""Home page: the network, every equation of the walk (each linking to its step), how to use
the app, and the notation with live shapes (the glossary)."""

from __future__ import annotations

import streamlit as st

from ui import nav
from ui.charts import plots, replay
from ui.shell import notation
from ui.state import State, to_query

# (LaTeX, page id) in the order the walk takes them.
FORWARD = (
    (r"Z^{[1]} = W^{[1]}X + b^{[1]}", "forward"),
    (r"A^{[1]} = g^{[1]}(Z^{[1]})", "forward"),
    (r"Z^{[2]} = W^{[2]}A^{[1]} + b^{[2]}", "forward"),
    (r"A^{[2]} = \sigma(Z^{[2]}) = \hat Y", "forward"),
    (r"L(a, y) = -\big(y\log a + (1 - y)\log(1 - a)\big)", "cost"),
    (r"J = \tfrac{1}{m}\textstyle\sum_i L(a^{[2](i)}, y^{(i)})", "cost"),
)
BACKWARD = (
    (r"dA^{[2]} = -\tfrac{Y}{A^{[2]}} + \tfrac{1 - Y}{1 - A^{[2]}}",
     "sigmoid"),
    (r"\sigma'(Z^{[2]}) = A^{[2]} * (1 - A^{[2]})", "sigmoid"),
    (r"dZ^{[2]} = A^{[2]} - Y", "dZ2"),
    (r"dW^{[2]} = \tfrac{1}{m}\,dZ^{[2]}A^{[1]T}", "dW2"),
    (r"db^{[2]} = \tfrac{1}{m}\,\textstyle\sum_i dZ^{[2](i)}", "dW2"),
    (r"dA^{[1]} = W^{[2]T}dZ^{[2]}", "transpose"),
    (r"dZ^{[1]} = dA^{[1]} * g^{[1]\prime}(Z^{[1]})", "dZ1"),
    (r"dW^{[1]} = \tfrac{1}{m}\,dZ^{[1]}X^{T}", "dW1"),
    (r"db^{[1]} = \tfrac{1}{m}\,\textstyle\sum_i dZ^{[1](i)}", "dW1"),
)


def render(ctx) -> None:
    state = ctx.state
    ctx.markdown("lead")
    left, right = st.columns([1, 1], gap="large")
    with left:
        replay.show(plots.network_diagram, [2, state.n_h, 1], key="network_diagram")
        ctx.markdown("how_to")
    with right:
        _equations(ctx.text("forward_heading"), FORWARD, state)
        _equations(ctx.text("backward_heading"), BACKWARD, state)
    st.subheader(ctx.text("notation_heading"))
    st.markdown(notation_table(state))


def _equations(title: str, rows: tuple[tuple[str, str], ...], state: State) -> None:
    """One link per equation, labelled by the equation itself, to the step that derives it."""
    st.subheader(title)
    for latex, page_id in rows:
        page = nav.page(page_id)
        st.page_link(page.script, label=f"${latex}$ :gray[· step {page.number}]", icon=page.icon,
                     query_params=to_query(state), help=f"Derived on step {page.label}")


def notation_table(state: State) -> str:
    """The glossary's table with live shapes, the same one every page's Notation panel shows."""
    return notation.table(state)
