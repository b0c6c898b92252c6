"""Walk pages 3–5: the output layer's backward pass (dL/dA2 and σ′, dZ2, dW2 and db2)."""

from __future__ import annotations

import math

import numpy as np
import plotly.graph_objects as go
import streamlit as st

from ui import compute, figures, steppage
from ui.state import State
from ui.walk_forward import (
    aligned,
    example_columns,
    latex_matrix,
    legend_below,
    matrix_row,
    num,
    paren,
    pick_example,
    product_caption,
    readable_decimals,
    shapes_of,
    show_checks,
    untrained_hint,
)

SIGMOID_SCRIPT = "pages/03_Sigmoid_derivative.py"
DZ2_SCRIPT = "pages/04_dZ2.py"
DW2_SCRIPT = "pages/05_dW2_db2.py"
FD_EPS = 1e-6  # centred differences: error ~ε² from truncation plus ~1e-16/ε from rounding
FD_TOL = 1e-7


def sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-z))


def loss_of_a(a: float, y: float) -> float:
    return -(y * math.log(a) + (1 - y) * math.log(1 - a))


def loss_of_z(z: float, y: float) -> float:
    """L written directly as a function of z: log(1 + e^{−z}) + (1 − y) z.

    Evaluated as y·log(1 + e^{−z}) + (1 − y)·log(1 + e^{z}), the same function without the
    cancellation that log(1 + e^{−z}) + z suffers for very negative z.
    """
    return y * float(np.logaddexp(0.0, -z)) + (1 - y) * float(np.logaddexp(0.0, z))


def centred_difference(f, x: float, eps: float = FD_EPS) -> float:
    return (f(x + eps) - f(x - eps)) / (2 * eps)


def output_gradients(walk: dict) -> dict[str, np.ndarray]:
    """The element-wise pieces pages 3–4 show, all (1, m): dA2, σ′(Z2), and dZ2 both ways."""
    Y, A2 = walk["Y"], walk["cache"]["A2"]
    dA2 = -Y / A2 + (1 - Y) / (1 - A2)
    s_prime = A2 * (1 - A2)
    return {"dA2": dA2, "s_prime": s_prime, "chain": dA2 * s_prime, "direct": A2 - Y}


# ---------------------------------------------------------------- page 3: dL/dA2 and σ′

def render_sigmoid(state: State) -> None:
    walk = compute.walk(state)
    Y, Z2, A2 = walk["Y"], walk["cache"]["Z2"], walk["cache"]["A2"]
    grads = output_gradients(walk)
    S, (s,) = steppage.shaped, shapes_of(walk, "A2")
    left, right = st.columns(2)
    with left:
        steppage.formula(r"\frac{\partial L}{\partial a} = -\frac{y}{a} + \frac{1-y}{1-a}")
        steppage.formula(r"\sigma'(z) = \sigma(z)\big(1 - \sigma(z)\big)")
    with right:
        steppage.formula(rf"{S('dA^{[2]}', s)} = -\frac{{Y}}{{A^{{[2]}}}} + "
                         rf"\frac{{1-Y}}{{1-A^{{[2]}}}}")
        s_prime = S(r"\sigma'(Z^{[2]})", s)
        steppage.formula(rf"{s_prime} = A^{{[2]}} * (1 - A^{{[2]}})")
    st.caption("Both are element-wise: each of the m entries only involves its own example.")
    left, right = st.columns(2, gap="large")
    with left:
        st.plotly_chart(sigmoid_figure(Z2, A2, Y, grads["s_prime"]),
                        config=figures.CHART_CONFIG, key="sig_curves")
    with right:
        st.plotly_chart(dloss_figure(A2, Y, grads["dA2"]), config=figures.CHART_CONFIG,
                        key="sig_dloss")
    untrained_hint(A2, "Every Z2 sits near 0, in the middle where σ′ is largest (1/4): a fresh "
                       "network is unsure about every example.")
    matrix_row([(Z2, "Z2", "sig_Z2", {}), (A2, "A2 = σ(Z2)", "sig_A2", {}),
                (Y, "Y", "sig_Y", {}), (grads["dA2"], "dA2 = ∂L/∂A2", "sig_dA2", {}),
                (grads["s_prime"], "σ′(Z2) = A2(1 − A2)", "sig_sprime", {})])

    _sigmoid_example(walk, grads)
    st.subheader("Both derivatives, one line at a time")
    steppage.derivation(_sigmoid_lines(grads), state, SIGMOID_SCRIPT)
    steppage.check_caption(walk["rel_errors"])
    steppage.quiz(state, "sigmoid", walk)
    steppage.footer(SIGMOID_SCRIPT)


def _mark_examples(fig: go.Figure, x: np.ndarray, y: np.ndarray, Y: np.ndarray,
                   symbol: str = "circle", legend: bool = True) -> None:
    """This network's examples as markers in their class colours (one legend entry each)."""
    for cls in (0, 1):
        idx = np.flatnonzero(Y[0] == cls)
        fig.add_trace(go.Scatter(
            x=x[idx], y=y[idx], mode="markers", name=f"examples, y = {cls}",
            legendgroup=f"y{cls}", showlegend=legend,
            marker={"size": 11, "color": figures.CLASS_COLORS[cls], "symbol": symbol,
                    "line": {"width": 1.5, "color": "white"}},
            customdata=idx + 1,
            hovertemplate="ex %{customdata}: (%{x:.4f}, %{y:.4f})<extra></extra>"))


def sigmoid_figure(Z2, A2, Y, s_prime) -> go.Figure:
    reach = max(6.0, float(np.max(np.abs(Z2))) + 1.0)
    z = np.linspace(-reach, reach, 301)
    s = 1 / (1 + np.exp(-z))
    fig = figures.function_plot(z, {"σ(z)": s, "σ′(z) = σ(z)(1 − σ(z))": s * (1 - s)},
                                "σ and σ′, with this network's Z2")
    _mark_examples(fig, Z2[0], A2[0], Y)
    _mark_examples(fig, Z2[0], s_prime[0], Y, symbol="diamond", legend=False)
    return legend_below(fig)


def dloss_figure(A2, Y, dA2) -> go.Figure:
    a = np.linspace(0.02, 0.98, 200)
    fig = figures.function_plot(a, {"y = 0: 1/(1 − a)": 1 / (1 - a), "y = 1: −1/a": -1 / a},
                                "∂L/∂a, with this network's examples")
    _mark_examples(fig, A2[0], dA2[0], Y)
    fig.update_xaxes(title="a = ŷ", range=[0, 1])
    fig.update_yaxes(range=[-12, 12], zeroline=True)
    return legend_below(fig)


def _sigmoid_example(walk: dict, grads: dict) -> None:
    st.subheader("One example")
    Y, Z2 = walk["Y"], walk["cache"]["Z2"]
    i = pick_example(Y)
    z, y = float(Z2[0, i]), float(Y[0, i])
    a = sigmoid(z)
    dlda = -y / a + (1 - y) / (1 - a)
    s_prime = a * (1 - a)
    scalar, vector = example_columns(f"Example {i + 1} on its own", "All examples at once")
    with scalar:
        aligned([rf"z &= {num(z)},\quad a = \sigma(z) = {num(a)},\quad y = {y:.0f}",
                 rf"\frac{{\partial L}}{{\partial a}} &= -\frac{{{y:.0f}}}{{{num(a)}}} + "
                 rf"\frac{{{1 - y:.0f}}}{{{num(1 - a)}}} = {num(dlda)}",
                 rf"\sigma'(z) &= a(1 - a) = {num(a)}\cdot{num(1 - a)} = {num(s_prime)}"])
    with vector:
        st.code("dA2 = -Y / A2 + (1 - Y) / (1 - A2)\ns_prime = A2 * (1 - A2)", language="python")
        aligned([rf"dA^{{[2]}}_{{{i + 1}}} &= {num(grads['dA2'][0, i])}",
                 rf"\sigma'(Z^{{[2]}})_{{{i + 1}}} &= {num(grads['s_prime'][0, i])}"])
    show_checks([
        (f"∂L/∂a of example {i + 1} = entry {i + 1} of dA2", dlda, grads["dA2"][0, i]),
        (f"σ′(z) = a(1 − a) = entry {i + 1} of σ′(Z2)", s_prime, grads["s_prime"][0, i]),
        ("∂L/∂a = the centred difference [L(a + ε) − L(a − ε)] / 2ε",
         centred_difference(lambda t: loss_of_a(t, y), a), dlda, FD_TOL),
        ("σ′(z) = the centred difference [σ(z + ε) − σ(z − ε)] / 2ε",
         centred_difference(sigmoid, z), s_prime, FD_TOL),
    ])


def _sigmoid_lines(grads: dict) -> list[str]:
    peak = float(np.max(grads["s_prime"]))
    return [
        r"Hold y fixed and read the loss as a function of a: "
        r"$L(a) = -y\log a - (1 - y)\log(1 - a)$.",
        r"$\frac{d}{da}\log a = \frac{1}{a}$. For $\log(1 - a)$ the chain rule multiplies by the "
        r"inner derivative $\frac{d}{da}(1 - a) = -1$, giving $-\frac{1}{1 - a}$.",
        r"Together: $\frac{\partial L}{\partial a} = -\frac{y}{a} + \frac{1 - y}{1 - a}$. "
        r"For y = 1 it is negative (raising a lowers L); for y = 0 it is positive.",
        r"Now the sigmoid: $\sigma(z) = \frac{1}{1 + e^{-z}} = (1 + e^{-z})^{-1}$.",
        r"Power rule, then chain rule for the inside ($\frac{d}{dz}e^{-z} = -e^{-z}$): "
        r"$\sigma'(z) = -(1 + e^{-z})^{-2}\cdot(-e^{-z}) = \frac{e^{-z}}{(1 + e^{-z})^2}$.",
        r"Split the fraction: $\frac{1}{1 + e^{-z}}\cdot\frac{e^{-z}}{1 + e^{-z}}$, and "
        r"$\frac{e^{-z}}{1 + e^{-z}} = \frac{(1 + e^{-z}) - 1}{1 + e^{-z}} = 1 - \sigma(z)$.",
        r"So $\sigma'(z) = \sigma(z)\big(1 - \sigma(z)\big) = a(1 - a)$: backprop reads it off "
        f"A2, no exponential needed. It peaks at 1/4 when z = 0; here the largest is {peak:.4f}.",
    ]


# ---------------------------------------------------------------- page 4: dZ2 = A2 − Y

def render_dZ2(state: State) -> None:
    walk = compute.walk(state)
    Y, Z2, A2 = walk["Y"], walk["cache"]["Z2"], walk["cache"]["A2"]
    dZ2 = walk["grads"]["dZ2"]
    grads = output_gradients(walk)
    S, (s,) = steppage.shaped, shapes_of(walk, "dZ2")
    steppage.formula(rf"{S('dZ^{[2]}', s)} = \frac{{\partial L}}{{\partial Z^{{[2]}}}} = "
                     rf"{S('A^{[2]}', s)} - {S('Y', s)}")
    st.markdown(
        "dZ2 is the prediction error of each example: positive when ŷ is too high for a y = 0 "
        "example, negative when it is too low for a y = 1 example, and never beyond ±1. "
        "Below it is worked out three ways and set beside the engine's dZ2: all rows agree.")
    untrained_hint(A2, "Every ŷ is close to 0.5 here, so dZ2 is close to +0.5 or −0.5: "
                       "the same-sized push for every example.")
    matrix_row([(A2, "A2", "dz2_A2", {}), (Y, "Y", "dz2_Y", {}),
                (dZ2, "dZ2 = A2 − Y", "dz2_dZ2", {})])
    fd = np.array([[centred_difference(lambda t, y=y: loss_of_z(t, y), z)
                    for z, y in zip(Z2[0], Y[0], strict=True)]])
    methods = np.vstack([grads["chain"], grads["direct"], fd, dZ2])
    names = ["chain: ∂L/∂a · σ′(z)", "direct: d/dz of L(z)", "finite difference of L(z)",
             "engine: dZ2"]
    _methods_heatmap(methods, names)
    spread = float(np.max(np.abs(methods - dZ2)))
    st.caption(f"Largest disagreement between the four rows: {spread:.1e} (the finite "
               f"difference uses ε = {FD_EPS:g}, so it matches to about 1e-10).")

    _dZ2_example(walk, grads, fd)
    st.subheader("Two derivations that meet at a − y")
    steppage.derivation(_dZ2_lines(), state, DZ2_SCRIPT)
    steppage.check_caption(walk["rel_errors"])
    steppage.quiz(state, "dZ2", walk)
    steppage.footer(DZ2_SCRIPT)


def _methods_heatmap(methods: np.ndarray, names: list[str]) -> None:
    """The same (1, m) row computed several ways, one heatmap row per way."""
    fig = figures.matrix_heatmap(methods, "dZ2 four ways", f"(each 1, {methods.shape[1]})",
                                 decimals=readable_decimals(methods))
    fig.update_traces(y=names)
    fig.update_yaxes(tickfont={"size": 12})
    if methods.shape[1] > 10:
        fig.update_xaxes(tickfont={"size": 10})
    st.plotly_chart(fig, config=figures.CHART_CONFIG, key="dz2_methods")


def _dZ2_example(walk: dict, grads: dict, fd: np.ndarray) -> None:
    st.subheader("One example")
    Y, Z2 = walk["Y"], walk["cache"]["Z2"]
    i = pick_example(Y)
    z, y = float(Z2[0, i]), float(Y[0, i])
    a = sigmoid(z)
    dlda, s_prime = -y / a + (1 - y) / (1 - a), a * (1 - a)
    chain, direct = dlda * s_prime, a - y
    scalar, vector = example_columns(f"Example {i + 1} on its own", "All examples at once")
    with scalar:
        aligned([rf"z &= {num(z)},\quad a = {num(a)},\quad y = {y:.0f}",
                 rf"\text{{chain: }}\frac{{\partial L}}{{\partial a}}\cdot\sigma'(z) &= "
                 rf"{paren(dlda)}\cdot{num(s_prime)} = {num(chain)}",
                 rf"\text{{direct: }}\sigma(z) - y &= {num(a)} - {y:.0f} = {num(direct)}"])
    with vector:
        st.code("dZ2 = A2 - Y", language="python")
        aligned([rf"dZ^{{[2]}}_{{{i + 1}}} &= {num(walk['grads']['dZ2'][0, i])}"])
    show_checks([
        (f"the chain-rule product for example {i + 1} = entry {i + 1} of dZ2", chain,
         walk["grads"]["dZ2"][0, i]),
        (f"the direct derivative σ(z) − y = entry {i + 1} of dZ2", direct,
         walk["grads"]["dZ2"][0, i]),
        ("both = the centred difference [L(z + ε) − L(z − ε)] / 2ε", [chain, direct],
         [fd[0, i], fd[0, i]], FD_TOL),
    ])


def _dZ2_lines() -> list[str]:
    return [
        r"**By the chain rule.** z reaches L only through a, so "
        r"$\frac{\partial L}{\partial z} = \frac{\partial L}{\partial a}\cdot\frac{da}{dz}$, "
        "and page 3 gave both factors.",
        r"$\frac{\partial L}{\partial z} = \Big(-\frac{y}{a} + \frac{1 - y}{1 - a}\Big)"
        r"\cdot a(1 - a)$.",
        r"Multiply out: $-y(1 - a) + (1 - y)\,a = -y + ya + a - ya = a - y$. The $a(1 - a)$ "
        "cancels both denominators exactly.",
        r"**Directly.** Write L with z alone. $\log\sigma(z) = -\log(1 + e^{-z})$, and "
        r"$1 - \sigma(z) = \frac{e^{-z}}{1 + e^{-z}}$ gives "
        r"$\log(1 - \sigma(z)) = -z - \log(1 + e^{-z})$.",
        r"Substitute: $L = y\log(1 + e^{-z}) + (1 - y)\big(z + \log(1 + e^{-z})\big)"
        r" = \log(1 + e^{-z}) + (1 - y)\,z$.",
        r"Differentiate: $\frac{dL}{dz} = \frac{-e^{-z}}{1 + e^{-z}} + 1 - y = "
        r"-\big(1 - \sigma(z)\big) + 1 - y = \sigma(z) - y = a - y$.",
        r"Same answer. For all m examples at once: $dZ^{[2]} = A^{[2]} - Y$, shape (1, m). "
        "No 1/m: each entry is the derivative of that example's own loss L, not of J.",
    ]


# ---------------------------------------------------------------- page 5: dW2 and db2

def per_example_outer(dZ2: np.ndarray, A1: np.ndarray) -> np.ndarray:
    """Row i is dz2⁽ⁱ⁾ a1⁽ⁱ⁾ᵀ, example i's own gradient of L w.r.t. W2: shape (m, n_h)."""
    return dZ2.T * A1.T


def render_dW2(state: State) -> None:
    walk = compute.walk(state)
    A1, dZ2 = walk["cache"]["A1"], walk["grads"]["dZ2"]
    dW2, db2 = walk["grads"]["dW2"], walk["grads"]["db2"]
    m = dZ2.shape[1]
    S = steppage.shaped
    sdw, sdz, sat, sdb = shapes_of(walk, "dW2", "dZ2", "A1T", "db2")
    left, right = st.columns([3, 2])
    with left:
        steppage.formula(rf"{S('dW^{[2]}', sdw)} = \frac{{1}}{{m}}\,{S('dZ^{[2]}', sdz)}\,"
                         rf"{S('A^{[1]T}', sat)}")
        st.caption(product_caption(walk["shapes"], "dZ2", "A1T") + ": the shape of W2, as "
                   "its gradient must be.")
    with right:
        steppage.formula(rf"{S('db^{[2]}', sdb)} = \frac{{1}}{{m}}\sum_{{i=1}}^{{m}} dZ^{{[2](i)}}")
        st.caption("np.sum(dZ2, axis=1, keepdims=True) / m")
    st.markdown(
        "**Why A1ᵀ.** W2 is shared by every example, so its gradient has to collect one "
        f"contribution per example and add them. In (1, {m})·({m}, {sat[1]}) the {m} examples "
        "form the inner dimension, which is exactly what a matrix product sums over. Without "
        "the transpose the examples would not line up and nothing would be summed.")
    matrix_row([(dZ2, "dZ2", "dw2_dZ2", {}),
                (A1.T, "A1ᵀ", "dw2_A1T", {"row_prefix": "ex ", "col_prefix": "unit "})])

    st.subheader(f"dW2 is the average of {m} per-example gradients")
    outer = per_example_outer(dZ2, A1)
    st.markdown(
        f"Row *i* below is example *i*'s own gradient dz2⁽ⁱ⁾ a1⁽ⁱ⁾ᵀ, shape (1, {sat[1]}). "
        f"Averaging the {m} rows gives dW2: the same numbers as (1/m) dZ2 A1ᵀ.")
    matrix_row([(outer, "dz2⁽ⁱ⁾ a1⁽ⁱ⁾ᵀ, one row per example", "dw2_outer",
                 {"row_prefix": "ex ", "col_prefix": "unit "})])
    matrix_row([(dW2, "dW2 = row average", "dw2_dW2", {"col_prefix": "unit "}),
                (db2, "db2 = mean of dZ2", "dw2_db2", {"col_prefix": "b"})])

    st.subheader("Why 1/m here, but not in dZ2")
    st.markdown(
        "dZ2 holds ∂L/∂z for each example separately: one loss, one example, nothing to "
        "average yet. W2 and b2 are different: one set of numbers serves all m examples, and J "
        "is the mean of their losses. The 1/m belongs to J, so it shows up at the one place the "
        f"examples meet, the sum over i inside dZ2 A1ᵀ. Here that sum is "
        f"{sci(float(np.sum(dZ2)))} for db2, and dividing by m = {m} gives "
        f"{sci(float(db2[0, 0]))}.")

    _dW2_example(walk, outer)
    st.subheader("From one example's gradient to dW2")
    steppage.derivation(_dW2_lines(m, sat[1]), state, DW2_SCRIPT)
    steppage.check_caption(walk["rel_errors"])
    steppage.quiz(state, "dW2", walk)
    steppage.footer(DW2_SCRIPT)


def sci(v: float) -> str:
    """A number for prose: 4 significant digits, in e-notation when small."""
    return f"{v:.4f}" if abs(v) >= 0.01 or v == 0 else f"{v:.3e}"


def _dW2_example(walk: dict, outer: np.ndarray) -> None:
    st.subheader("One example")
    A1, dZ2 = walk["cache"]["A1"], walk["grads"]["dZ2"]
    dW2, db2 = walk["grads"]["dW2"], walk["grads"]["db2"]
    n_h, m = A1.shape
    i = pick_example(walk["Y"])
    dz = float(dZ2[0, i])
    row = [dz * float(A1[j, i]) for j in range(n_h)]
    # The averages as plain loops, to check them against the engine's matrix product.
    loop_dW2 = [sum(float(dZ2[0, k]) * float(A1[j, k]) for k in range(m)) / m for j in range(n_h)]
    loop_db2 = sum(float(v) for v in dZ2[0]) / m
    scalar, vector = example_columns(f"Example {i + 1} on its own", "All examples at once")
    with scalar:
        aligned([rf"dz^{{[2]({i + 1})}} &= {num(dz)}",
                 rf"a^{{[1]({i + 1})T}} &= {latex_matrix(A1[:, [i]].T, sig=3, max_cols=4)}",
                 rf"dz^{{[2]({i + 1})}}\,a^{{[1]({i + 1})T}} &= "
                 rf"{latex_matrix(np.array([row]), sig=3, max_cols=4)}"])
        st.caption(f"Entry j is ∂L⁽{i + 1}⁾/∂W2ⱼ = dz2 · a1ⱼ: unit j's activation, scaled by "
                   "the error. For b2 the factor is 1, so example "
                   f"{i + 1} contributes dz2 = {sci(dz)}.")
    with vector:
        st.code("dW2 = (1 / m) * dZ2 @ A1.T\n"
                "db2 = (1 / m) * np.sum(\n    dZ2, axis=1, keepdims=True)", language="python")
        aligned([rf"dW^{{[2]}} &= {latex_matrix(dW2, sig=3, max_cols=3)}",
                 rf"db^{{[2]}} &= {num(db2[0, 0], 3)}"])
    show_checks([
        (f"example {i + 1}'s gradient dz2·a1ᵀ = row {i + 1} of the table", row, outer[i]),
        (f"a loop averaging the {m} per-example gradients = dW2 from (1/m) dZ2 A1ᵀ", loop_dW2,
         dW2[0]),
        (f"a loop averaging the {m} entries of dZ2 = db2", loop_db2, db2[0, 0]),
    ])


def _dW2_lines(m: int, n_h: int) -> list[str]:
    return [
        r"For one example, $z^{[2]} = \sum_j W^{[2]}_j a^{[1]}_j + b^{[2]}$, so "
        r"$\frac{\partial z^{[2]}}{\partial W^{[2]}_j} = a^{[1]}_j$ and "
        r"$\frac{\partial z^{[2]}}{\partial b^{[2]}} = 1$.",
        r"Chain rule: $\frac{\partial L}{\partial W^{[2]}_j} = dz^{[2]}\,a^{[1]}_j$. As a row over "
        rf"the {n_h} units: $dz^{{[2]}}\,a^{{[1]T}}$, shape (1, {n_h}), like W2.",
        r"J averages the losses and every example uses the same W2, so "
        r"$\frac{\partial J}{\partial W^{[2]}} = \frac{1}{m}\sum_{i=1}^{m} "
        r"dz^{[2](i)}\,a^{[1](i)T}$.",
        r"A sum of (row × column) products over a shared index is a matrix product: "
        r"$\sum_i dz^{[2](i)}\,a^{[1](i)T} = dZ^{[2]}A^{[1]T}$, where i runs along the inner "
        f"dimension of size m = {m}.",
        r"Hence $dW^{[2]} = \frac{1}{m}\,dZ^{[2]}A^{[1]T}$. The transpose is what moves the "
        "example index to where the product sums it.",
        r"With a factor of 1 in place of $a^{[1]}$: $db^{[2]} = \frac{1}{m}\sum_i dz^{[2](i)}$, "
        "the row sum of dZ2 divided by m.",
    ]
