"""Home page: the network, every equation of the walk (each linking to its step), how to use
the app, and the notation with live shapes."""

from __future__ import annotations

import streamlit as st

import engine
from ui import charts, figures
from ui.settings import PAGES
from ui.state import State, to_query

# (LaTeX, page script) in the order the walk takes them.
FORWARD = (
    (r"Z^{[1]} = W^{[1]}X + b^{[1]}", "pages/01_Forward_pass.py"),
    (r"A^{[1]} = g^{[1]}(Z^{[1]})", "pages/01_Forward_pass.py"),
    (r"Z^{[2]} = W^{[2]}A^{[1]} + b^{[2]}", "pages/01_Forward_pass.py"),
    (r"A^{[2]} = \sigma(Z^{[2]}) = \hat Y", "pages/01_Forward_pass.py"),
    (r"L(a, y) = -\big(y\log a + (1 - y)\log(1 - a)\big)", "pages/02_Loss_and_cost.py"),
    (r"J = \tfrac{1}{m}\textstyle\sum_i L(a^{[2](i)}, y^{(i)})", "pages/02_Loss_and_cost.py"),
)
BACKWARD = (
    (r"dA^{[2]} = -\tfrac{Y}{A^{[2]}} + \tfrac{1 - Y}{1 - A^{[2]}}",
     "pages/03_Sigmoid_derivative.py"),
    (r"\sigma'(Z^{[2]}) = A^{[2]} * (1 - A^{[2]})", "pages/03_Sigmoid_derivative.py"),
    (r"dZ^{[2]} = A^{[2]} - Y", "pages/04_dZ2.py"),
    (r"dW^{[2]} = \tfrac{1}{m}\,dZ^{[2]}A^{[1]T}", "pages/05_dW2_db2.py"),
    (r"db^{[2]} = \tfrac{1}{m}\,\textstyle\sum_i dZ^{[2](i)}", "pages/05_dW2_db2.py"),
    (r"dA^{[1]} = W^{[2]T}dZ^{[2]}", "pages/06_dA1_transpose.py"),
    (r"dZ^{[1]} = dA^{[1]} * g^{[1]\prime}(Z^{[1]})", "pages/07_dZ1.py"),
    (r"dW^{[1]} = \tfrac{1}{m}\,dZ^{[1]}X^{T}", "pages/08_dW1_db1.py"),
    (r"db^{[1]} = \tfrac{1}{m}\,\textstyle\sum_i dZ^{[1](i)}", "pages/08_dW1_db1.py"),
)


def render(state: State) -> None:
    st.markdown(
        "Backpropagation for a two-layer network in the course's notation, one chain-rule "
        "step per page, on a real network you control. Every number is computed live.")
    left, right = st.columns([1, 1], gap="large")
    with left:
        charts.show(figures.network_diagram, [2, state.n_h, 1], key="network_diagram")
        st.markdown(_HOW_TO)
    with right:
        _equations("Forward pass", FORWARD, state)
        _equations("Backward pass", BACKWARD, state)
    st.subheader("Notation, with the shapes of the current network")
    st.markdown(notation_table(state))


_HOW_TO = (
    "**How to use this.** The settings in the sidebar belong to every page, and the address "
    "bar always mirrors them, so a copied link opens exactly this network. Walk the steps in "
    "order: each one takes a single link of the chain rule and shows its formula with live "
    "shapes, the network's actual matrices, one example worked by hand, and a check against "
    "finite differences. Change the hidden units, the activation or the number of examples "
    "and watch every shape and number follow. The *Training playground* then trains this same "
    "network so you can watch the gradients do their job."
)


def _equations(title: str, rows: tuple[tuple[str, str], ...], state: State) -> None:
    """One link per equation, labelled by the equation itself, to the step that derives it."""
    titles = {script: (label, icon) for script, label, icon, _ in PAGES}
    st.subheader(title)
    for latex, script in rows:
        label, icon = titles[script]
        step = label.split(" · ")[0]
        st.page_link(script, label=f"${latex}$ :gray[· step {step}]", icon=icon,
                     query_params=to_query(state), help=f"Derived on step {label}")


def notation_table(state: State) -> str:
    """A Markdown table of the course's symbols with their shapes for the current sizes."""
    t = engine.shape_table([2, state.n_h, 1], state.m)

    def shape(name: str) -> str:
        return "(" + ", ".join(str(d) for d in t[name].shape) + ")"

    g = state.activation.replace("_", " ")
    rows = [
        ("$X$", "inputs, one example per column", f"(n_x, m) = {shape('X')}"),
        ("$Y$", "labels, 0 or 1", f"(1, m) = {shape('Y')}"),
        ("$W^{[l]}$", "weights of layer l: row j feeds unit j",
         f"(n[l], n[l−1]): W1 {shape('W1')}, W2 {shape('W2')}"),
        ("$b^{[l]}$", "biases, one column, broadcast over the m examples",
         f"(n[l], 1): b1 {shape('b1')}, b2 {shape('b2')}"),
        ("$Z^{[l]}, A^{[l]}$", f"pre-activation and activation (g = {g}, output σ)",
         f"(n[l], m): Z1, A1 {shape('Z1')}; Z2, A2 {shape('Z2')}"),
        ("$L, J$", "loss of one example; cost J = mean of the m losses", "numbers"),
        ("$dZ^{[l]}, dA^{[l]}$", "∂L/∂Z, ∂L/∂A, per example: no 1/m",
         f"as Z, A: dZ1 {shape('dZ1')}, dZ2 {shape('dZ2')}"),
        ("$dW^{[l]}, db^{[l]}$", "∂J/∂W, ∂J/∂b: averaged over examples, so 1/m",
         f"as W, b: dW1 {shape('dW1')}, db2 {shape('db2')}"),
        ("$*$", "element-wise product (np.multiply); a plain product is np.dot", ""),
        ("$m, n_x, n_h$", "examples, inputs, hidden units",
         f"{state.m}, 2, {state.n_h}"),
    ]
    lines = ["| Symbol | Meaning | Shape now |", "|---|---|---|"]
    lines += [f"| {a} | {b} | {c} |" for a, b, c in rows]
    return "\n".join(lines)
