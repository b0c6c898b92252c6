"""Walk pages 1–2: the forward pass, then the loss of each example and the cost J."""

from __future__ import annotations

import math

import numpy as np
import plotly.graph_objects as go
import streamlit as st

import engine
from ui import charts, compute, figures, steppage
from ui.state import State
from ui.walkkit import (
    aligned,
    example_columns,
    g_latex,
    g_name,
    latex_matrix,
    loss_of_z,
    matrix_row,
    num,
    paren,
    pick_example,
    product_caption,
    saturation_lead,
    shapes_of,
    show_checks,
    sigmoid,
    untrained_hint,
)

# ---------------------------------------------------------------- page 1: forward pass

FORWARD_SCRIPT = "pages/01_Forward_pass.py"


def render_forward(state: State) -> None:
    walk = compute.walk(state)
    X, p, c = walk["X"], walk["params"], walk["cache"]
    table = walk["shapes"]
    sx, sw1, sb1, sz1, sw2, sb2, sz2 = shapes_of(walk, "X", "W1", "b1", "Z1", "W2", "b2", "Z2")
    S = steppage.shaped
    left, right = st.columns(2)
    with left:
        steppage.formula(rf"{S('Z^{[1]}', sz1)} = {S('W^{[1]}', sw1)}\,{S('X', sx)} + "
                         rf"{S('b^{[1]}', sb1)} \qquad A^{{[1]}} = g(Z^{{[1]}})")
        st.caption(product_caption(table, "W1", "X"))
    with right:
        steppage.formula(rf"{S('Z^{[2]}', sz2)} = {S('W^{[2]}', sw2)}\,{S('A^{[1]}', sz1)} + "
                         rf"{S('b^{[2]}', sb2)} \qquad A^{{[2]}} = \sigma(Z^{{[2]}})")
        st.caption(product_caption(table, "W2", "A1"))
    st.markdown(
        f"Here g is **{state.activation.replace('_', ' ')}**. Each column of X is one example; "
        "every matrix below keeps that layout, so column *i* always belongs to example *i*.")

    st.subheader("Layer 1")
    unit = {"row_prefix": "unit "}
    matrix_row([(X, "X", "fw_X", {"row_prefix": "x"}),
                (p["W1"], "W1", "fw_W1", {**unit, "col_prefix": "x"}),
                (p["b1"], "b1", "fw_b1", {**unit, "col_prefix": "b"})])
    st.markdown(
        f"**Broadcasting b1.** b1 is one column of {sb1[0]} biases, but W1 X has {sz1[1]} columns. "
        f"NumPy stretches b1 across all {sz1[1]} columns (without copying it), so every example "
        "gets the same bias. That is the middle picture: identical columns.")
    if not np.any(p["b1"]):
        st.caption("The biases start at zero, so the copies are all zeros here. Set *Walk the "
                   "network after this many iterations* above 0 to broadcast learned biases.")
    broadcast = np.broadcast_to(p["b1"], c["Z1"].shape)
    matrix_row([(p["W1"] @ X, "W1 X", "fw_W1X", unit),
                (broadcast, "b1 broadcast", "fw_b1_wide", unit),
                (c["Z1"], "Z1 = W1 X + b1", "fw_Z1", unit),
                (c["A1"], f"A1 = {g_name(state)}(Z1)", "fw_A1", unit)], compact=True)

    st.subheader("Layer 2")
    matrix_row([(p["W2"], "W2", "fw_W2", {"col_prefix": "unit "}),
                (p["b2"], "b2", "fw_b2", {"col_prefix": "b"}),
                (c["Z2"], "Z2 = W2 A1 + b2", "fw_Z2", {}),
                (c["A2"], "A2 = σ(Z2) = ŷ", "fw_A2", {})])

    _forward_example(state, walk)
    st.subheader("Why the matrix form is the loop over examples")
    steppage.derivation(_forward_lines(state, walk), state, FORWARD_SCRIPT)
    steppage.finish(state, "forward", walk, FORWARD_SCRIPT)


def _forward_example(state: State, walk: dict) -> None:
    st.subheader("One example")
    X, p, c = walk["X"], walk["params"], walk["cache"]
    i = pick_example(walk["Y"])
    g = engine.ACTIVATIONS[state.activation]
    W1, b1, W2, b2 = p["W1"], p["b1"], p["W2"], p["b2"]
    n_h, n_x = W1.shape
    x = [float(v) for v in X[:, i]]
    # Plain Python loops on purpose: they are the "one example" arithmetic the matrices batch.
    z1 = [sum(W1[j, k] * x[k] for k in range(n_x)) + b1[j, 0] for j in range(n_h)]
    a1 = [float(v) for v in g.forward(np.array(z1))]
    z2 = sum(W2[0, j] * a1[j] for j in range(n_h)) + b2[0, 0]
    a2 = sigmoid(z2)
    scalar, vector = example_columns(f"Example {i + 1} on its own", "All examples at once")
    with scalar:
        lines = [rf"x^{{({i + 1})}} &= {latex_matrix(np.array(x)[:, None])}",
                 r"z^{[1]}_1 &= W^{[1]}_{11}x_1 + W^{[1]}_{12}x_2 + b^{[1]}_1",
                 rf"&= {paren(W1[0, 0], 3)}\cdot{paren(x[0], 3)} + "
                 rf"{paren(W1[0, 1], 3)}\cdot{paren(x[1], 3)} + {paren(b1[0, 0], 3)}",
                 rf"&= {num(z1[0])}"]
        if n_h > 1:
            rest = "unit 2" if n_h == 2 else f"units 2 to {n_h}"
            lines.append(rf"&\;\vdots \quad \text{{{rest} alike, each with its own row of }}"
                         r"W^{[1]}")
        lines += [rf"a^{{[1]}} &= {g_latex(state)}(z^{{[1]}}) \quad\text{{unit by unit}}",
                  rf"z^{{[2]}} &= \textstyle\sum_j W^{{[2]}}_j a^{{[1]}}_j + b^{{[2]}} = {num(z2)}",
                  rf"a^{{[2]}} &= \sigma({num(z2)}) = {num(a2)}"]
        aligned(lines)
    with vector:
        aligned([rf"Z^{{[1]}}_{{:,{i + 1}}} &= {latex_matrix(c['Z1'][:, [i]])}",
                 rf"A^{{[1]}}_{{:,{i + 1}}} &= {latex_matrix(c['A1'][:, [i]])}",
                 rf"Z^{{[2]}}_{{{i + 1}}} &= {num(c['Z2'][0, i])}",
                 rf"A^{{[2]}}_{{{i + 1}}} &= {num(c['A2'][0, i])}"])
    show_checks([
        (f"z[1] of example {i + 1} (a loop over units) = column {i + 1} of Z1", z1, c["Z1"][:, i]),
        (f"a[1] = column {i + 1} of A1", a1, c["A1"][:, i]),
        (f"z[2] = entry {i + 1} of Z2, and a[2] = entry {i + 1} of A2", [z2, a2],
         [c["Z2"][0, i], c["A2"][0, i]]),
    ])


def _forward_lines(state: State, walk: dict) -> list[str]:
    n_x, m = walk["X"].shape
    n_h = walk["params"]["W1"].shape[0]
    return [
        "For one example, unit *j* of layer 1 takes a weighted sum of the inputs plus its own "
        r"bias: $z^{[1]}_j = \sum_k W^{[1]}_{jk}\,x_k + b^{[1]}_j$. Row *j* of W1 holds "
        f"unit *j*'s {n_x} weights, so W1 is ({n_h}, {n_x}).",
        f"Stacking the {n_h} sums gives $z^{{[1]}} = W^{{[1]}}x + b^{{[1]}}$, a ({n_h}, 1) column.",
        f"Put the {m} examples side by side as the columns of X ({n_x}, {m}). A matrix product "
        r"works column by column: column *i* of $W^{[1]}X$ is exactly $W^{[1]}x^{(i)}$.",
        f"The biases do not depend on the example, so the same b1 is added to all {m} columns: "
        "that is broadcasting.",
        "g acts on each entry separately, so column *i* of A1 is g of column *i* of Z1.",
        f"Layer 2 repeats the pattern with W2 (1, {n_h}): one output unit, so Z2 and A2 are "
        f"(1, {m}), one number per example. A2 is ŷ, the predicted probability that y = 1.",
    ]


# ---------------------------------------------------------------- page 2: loss and cost

COST_SCRIPT = "pages/02_Loss_and_cost.py"
LOSS_TOP = 5.2  # the loss chart's top: higher losses sit on it as triangles


def per_example_loss(A2: np.ndarray, Y: np.ndarray) -> np.ndarray:
    """L(a, y) for each column, the course's formula in a: shape (1, m). It is ∞ or NaN where
    a is exactly 0 or 1; the page shows engine.cross_entropy_loss(Y, Z2), the same loss in z."""
    return -(Y * np.log(A2) + (1 - Y) * np.log(1 - A2))


def scalar_loss(a: float, z: float, y: float) -> tuple[float, float]:
    """One example's loss as the page writes it (the formula in a, or in z where a is exactly 0
    or 1), and |∂L/∂a|·ulp(a), how far rounding a to float64 can move it: about e^z·1e-16
    for y = 0, which shows once z passes about 12."""
    if a in (0.0, 1.0):
        return loss_of_z(z, y), 0.0
    loss = -(y * math.log(a) + (1 - y) * math.log(1 - a))
    return loss, (y / a + (1 - y) / (1 - a)) * math.ulp(a)


def render_cost(state: State) -> None:
    walk = compute.walk(state)
    Y, A2 = walk["Y"], walk["cache"]["A2"]
    m = Y.shape[1]
    losses = engine.cross_entropy_loss(Y, walk["cache"]["Z2"])  # finite even where a is 0 or 1
    S = steppage.shaped
    steppage.formula(r"L(a, y) = -\big(y \log a + (1 - y)\log(1 - a)\big)")
    steppage.formula(rf"J = \frac{{1}}{{m}}\sum_{{i=1}}^{{m}} L\big(a^{{[2](i)}}, y^{{(i)}}\big)"
                     rf" = \frac{{1}}{{{m}}}\,\text{{np.sum}}\big({S('L', losses.shape)}\big)"
                     rf" = {num(walk['cost'])}")
    left, right = st.columns(2, gap="large")
    with left:
        charts.show(loss_bars, losses, Y, walk["cost"], key="cost_bars")
    with right:
        charts.show(loss_curves, A2, Y, losses, key="cost_curves")
    untrained_hint(A2, "The initial weights are tiny, so every ŷ is close to 0.5 and every loss "
                       "close to log 2, whatever the label.")
    lead = saturation_lead(A2)
    if lead:
        st.info(lead + "The formula in a would need log 0 = −∞ there, so every loss is computed "
                "from z, L = log(1 + e^(−z)) + (1 − y) z, in NumPy `Y * np.logaddexp(0, -Z2) + "
                "(1 - Y) * np.logaddexp(0, Z2)`: the same loss, as the engine computes it.",
                icon=":material/info:")
    matrix_row([(A2, "A2 = ŷ", "cost_A2", {}), (Y, "Y", "cost_Y", {}),
                (losses, "L per example", "cost_L", {})])

    st.subheader("Why gradient descent lowers J, not L")
    total = float(np.sum(losses))
    st.markdown(
        f"All {m} examples share one W1, b1, W2, b2. Each example's loss would pull those "
        "weights its own way, so training needs a single number that scores them on every "
        "example at once: the cost J. Summing would make the score, and its gradient, grow "
        f"with m (here the sum is {total:.4f}); averaging keeps J = {walk['cost']:.4f} on the "
        "same scale for 4 examples or 4,000, so one learning rate α suits any m. "
        "That average is where the 1/m of backprop comes from.")

    _cost_example(walk, losses)
    st.subheader("From one probability to the cost")
    steppage.derivation(_cost_lines(walk), state, COST_SCRIPT)
    steppage.finish(state, "cost", walk, COST_SCRIPT)


def loss_bars(losses: np.ndarray, Y: np.ndarray, cost: float) -> go.Figure:
    """Per-example losses as bars coloured by class, with J as a dashed line."""
    labels = [f"ex {j + 1}" for j in range(losses.shape[1])]
    fig = go.Figure()
    for cls in (0, 1):
        idx = np.flatnonzero(Y[0] == cls)
        fig.add_trace(go.Bar(x=[labels[j] for j in idx], y=losses[0, idx], name=f"y = {cls}",
                             marker_color=figures.CLASS_COLORS[cls],
                             hovertemplate="%{x}: L = %{y:.4f}<extra></extra>"))
    fig.add_hline(y=cost, line_dash="dash", line_color=figures.NEUTRAL,
                  annotation_text=f"J = mean = {cost:.4f}", annotation_position="top left")
    fig.update_xaxes(categoryorder="array", categoryarray=labels)
    fig.update_yaxes(title="L(a, y)", rangemode="tozero")
    fig.update_layout(bargap=0.25)
    return figures.legend_below(figures.base_layout(fig, "Loss of each example"))


def loss_curves(A2: np.ndarray, Y: np.ndarray, losses: np.ndarray) -> go.Figure:
    """−log a and −log(1 − a) over a, with each example placed on its own curve."""
    a = np.linspace(0.005, 0.995, 199)
    fig = figures.function_plot(a, {"y = 0: −log(1 − a)": -np.log(1 - a),
                                    "y = 1: −log a": -np.log(a)},
                                "Loss as a function of ŷ = a", height=320)
    figures.mark_examples(fig, A2[0], losses[0], Y, clamp=LOSS_TOP)
    fig.update_xaxes(title="a = ŷ", range=[0, 1])
    fig.update_yaxes(title="L", range=[0, LOSS_TOP + 0.3])
    return figures.legend_below(fig)


def _cost_example(walk: dict, losses: np.ndarray) -> None:
    st.subheader("One example")
    Y, A2, Z2 = walk["Y"], walk["cache"]["A2"], walk["cache"]["Z2"]
    m = Y.shape[1]
    i = pick_example(Y)
    a, y, z = float(A2[0, i]), float(Y[0, i]), float(Z2[0, i])
    loss, slack = scalar_loss(a, z, y)
    # The average the way a loop would build it, to check np.mean and the engine's cost.
    each = [scalar_loss(float(A2[0, k]), float(Z2[0, k]), float(Y[0, k])) for k in range(m)]
    loop_mean, loop_slack = sum(v for v, _ in each) / m, sum(d for _, d in each) / m
    scalar, vector = example_columns(f"Example {i + 1} on its own", "All examples at once")
    with scalar:
        if a in (0.0, 1.0):
            aligned([rf"a^{{[2]({i + 1})}} &= {a:.0f}, \quad y^{{({i + 1})}} = {y:.0f}, \quad "
                     rf"z = {num(z)}",
                     rf"L &= \log\big(1 + e^{{-z}}\big) + (1 - y)\,z = \log\big(1 + "
                     rf"e^{{{num(-z)}}}\big) + {1 - y:.0f}\cdot{paren(z)} = {num(loss)}"])
            st.caption(f"a is exactly {a:.0f} in float64, so the formula in a would need log 0: "
                       "the loss is written from z, as the engine computes it.")
        else:
            aligned([rf"a^{{[2]({i + 1})}} &= {num(a)}, \quad y^{{({i + 1})}} = {y:.0f}",
                     rf"L &= -\big({y:.0f}\cdot\log {num(a)} + {1 - y:.0f}\cdot\log "
                     rf"{num(1 - a)}\big) = {num(loss)}"])
            term = "log a" if y == 1 else "log(1 − a)"
            st.caption(f"With y = {y:.0f} only the {term} term survives.")
    with vector:
        st.code("L = -(Y * np.log(A2)\n      + (1 - Y) * np.log(1 - A2))\nJ = np.mean(L)",
                language="python")
        st.latex(rf"L_{{{i + 1}}} = {num(losses[0, i])}, \quad J = {num(walk['cost'])}")
    show_checks([
        (f"the scalar loss of example {i + 1} = entry {i + 1} of L", loss, losses[0, i],
         1e-12 + slack / max(1.0, abs(float(losses[0, i])))),
        (f"a loop's average of the {m} losses = the engine's cost J", loop_mean, walk["cost"],
         1e-12 + loop_slack / max(1.0, abs(walk["cost"]))),
    ])
    if max(slack, loop_slack) > 1e-12 * max(1.0, walk["cost"]):
        st.caption("An a this close to 1 is stored to about 1e-16, which already moves "
                   f"−log(1 − a) by up to {max(slack, loop_slack):.0e}: the checks allow that.")


def _cost_lines(walk: dict) -> list[str]:
    m = walk["Y"].shape[1]
    return [
        r"For one example the network outputs $a = \hat y$, its estimate of $P(y = 1 \mid x)$. "
        r"The probability it gives the true label is $a^{y}(1 - a)^{1 - y}$: "
        r"$a$ if $y = 1$, $1 - a$ if $y = 0$.",
        r"Taking $-\log$ turns *make that probability large* into *make this number small*: "
        r"$L(a, y) = -\big(y\log a + (1 - y)\log(1 - a)\big)$.",
        r"Since $y$ is 0 or 1, one term is always zero. L is near 0 when the true label gets a "
        r"probability near 1 and grows without bound as that probability falls to 0.",
        f"The {m} examples share the weights, so we score them together: "
        r"$J = \frac{1}{m}\sum_i L^{(i)}$.",
        r"A derivative of a sum is the sum of derivatives: "
        r"$\frac{\partial J}{\partial W} = \frac{1}{m}\sum_i \frac{\partial L^{(i)}}{\partial W}$. "
        "So backprop can work out each example's gradient first, without any 1/m, and average "
        "at the very end, when the examples meet in one weight (page 5).",
    ]
