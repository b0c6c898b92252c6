"""Walk pages 3–4: the output layer's backward pass (dL/dA2 and σ′, then dZ2 = A2 − Y)."""

from __future__ import annotations

import math

import numpy as np
import plotly.graph_objects as go
import streamlit as st

import engine
from ui import charts, compute, figures, steppage
from ui.state import State
from ui.walkkit import (
    FD_EPS,
    aligned,
    centred_difference,
    dloss_difference,
    exact,
    example_columns,
    loss_of_z,
    matrix_row,
    num,
    paren,
    pick_example,
    saturation_lead,
    shapes_of,
    show_checks,
    show_matrix,
    sigmoid,
    untrained_hint,
)

SIGMOID_SCRIPT = "pages/03_Sigmoid_derivative.py"
DZ2_SCRIPT = "pages/04_dZ2.py"

FD_TOL = 1e-7
DLOSS_RANGE = 12.0  # the ∂L/∂a chart's y-axis reaches ±this (plus room for edge markers)


def loss_of_a(a: float, y: float) -> float:
    return -(y * math.log(a) + (1 - y) * math.log(1 - a))


def output_gradients(walk: dict) -> dict[str, np.ndarray]:
    """The element-wise pieces pages 3–4 show, all (1, m): dA2, σ′(Z2), and dZ2 both ways."""
    Y, A2 = walk["Y"], walk["cache"]["A2"]
    with np.errstate(divide="ignore", invalid="ignore"):  # saturated outputs: ±∞ and NaN
        dA2 = -Y / A2 + (1 - Y) / (1 - A2)
        s_prime = A2 * (1 - A2)
        return {"dA2": dA2, "s_prime": s_prime, "chain": dA2 * s_prime, "direct": A2 - Y}


def _one_example(walk: dict) -> tuple[int, float, float, float, float, float]:
    """The selected example i worked with plain floats: i, z, y, a = σ(z), ∂L/∂a and σ′(z)."""
    i = pick_example(walk["Y"])
    z, y = float(walk["cache"]["Z2"][0, i]), float(walk["Y"][0, i])
    a = sigmoid(z)
    with np.errstate(divide="ignore", invalid="ignore"):  # float64's ±∞ and NaN, as in dA2
        dlda = float(-y / np.float64(a) + (1 - y) / (1 - np.float64(a)))
    return i, z, y, a, dlda, a * (1 - a)


def saturation_note(walk: dict, step: str) -> None:
    """Where outputs are exactly 0 or 1, say what that does to the two factors (step 3) or to
    their product (step 4), and why dZ2 = A2 − Y is computed directly."""
    head = saturation_lead(walk["cache"]["A2"])
    if not head:
        return
    if step == "sigmoid":
        body = ("There ∂L/∂a divides by zero: it is ±∞ where a is the wrong extreme and 0/0 "
                "(NaN, undefined) where it is the right one, and σ′ = a(1 − a) is exactly 0. "
                "Their product, ∞·0, is undefined too: the two-factor chain rule breaks down "
                "in floating point. The fused dZ2 = A2 − Y of step 4 never divides, ")
    else:
        body = ("There the two-factor chain rule breaks down in floating point: ∂L/∂a divides "
                "by zero and σ′ = a(1 − a) is exactly 0, so the chain row is ∞·0, which "
                "NumPy writes as NaN: undefined. The fused dZ2 = A2 − Y never divides and "
                "stays exact, ")
    st.info(head + body + "which is one reason the course computes dZ2 directly, and why "
            "frameworks fuse the sigmoid into the loss.", icon=":material/info:")


def _divides_by_zero(a: float, y: float) -> str:
    """Why ∂L/∂a has no finite value at a saturated output a (0.0 or 1.0)."""
    term, top = ("y/a", y) if a == 0 else ("(1 − y)/(1 − a)", 1 - y)
    value = "undefined" if top == 0 else ("−∞" if a == 0 else "∞")
    return f"a is exactly {a:.0f}, so {term} is {top:.0f}/0 and ∂L/∂a is {value}"


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
        charts.show(sigmoid_figure, Z2, A2, Y, grads["s_prime"], key="sig_curves")
    with right:
        charts.show(dloss_figure, A2, Y, grads["dA2"], key="sig_dloss")
    untrained_hint(A2, "Every Z2 sits near 0, in the middle where σ′ is largest (1/4): a fresh "
                       "network is unsure about every example.")
    saturation_note(walk, "sigmoid")
    matrix_row([(Z2, "Z2", "sig_Z2", {}), (A2, "A2 = σ(Z2)", "sig_A2", {}),
                (Y, "Y", "sig_Y", {}), (grads["dA2"], "dA2 = ∂L/∂A2", "sig_dA2", {}),
                (grads["s_prime"], "σ′(Z2) = A2(1 − A2)", "sig_sprime", {})])

    _sigmoid_example(walk, grads)
    st.subheader("Both derivatives, one line at a time")
    steppage.derivation(_sigmoid_lines(grads), state, SIGMOID_SCRIPT)
    steppage.finish(state, "sigmoid", walk, SIGMOID_SCRIPT)


def sigmoid_figure(Z2, A2, Y, s_prime) -> go.Figure:
    reach = max(6.0, figures.finite_peak(Z2) + 1.0)
    z = np.linspace(-reach, reach, 301)
    s = engine.sigmoid(z)
    fig = figures.function_plot(z, {"σ(z)": s, "σ′(z) = σ(z)(1 − σ(z))": s * (1 - s)},
                                "σ and σ′, with this network's Z2")
    figures.mark_examples(fig, Z2[0], A2[0], Y)
    figures.mark_examples(fig, Z2[0], s_prime[0], Y, symbol="diamond", legend=False)
    return figures.legend_below(fig)


def dloss_figure(A2, Y, dA2) -> go.Figure:
    a = np.linspace(0.02, 0.98, 200)
    fig = figures.function_plot(a, {"y = 0: 1/(1 − a)": 1 / (1 - a), "y = 1: −1/a": -1 / a},
                                "∂L/∂a, with this network's examples")
    figures.mark_examples(fig, A2[0], dA2[0], Y, clamp=DLOSS_RANGE)
    fig.update_xaxes(title="a = ŷ", range=[0, 1])
    fig.update_yaxes(range=[-DLOSS_RANGE - 0.6, DLOSS_RANGE + 0.6], zeroline=True)
    return figures.legend_below(fig)


def _sigmoid_example(walk: dict, grads: dict) -> None:
    st.subheader("One example")
    i, z, y, a, dlda, s_prime = _one_example(walk)
    scalar, vector = example_columns(f"Example {i + 1} on its own", "All examples at once")
    with scalar:
        aligned([rf"z &= {num(z)},\quad a = \sigma(z) = {exact(a, 4)},\quad y = {y:.0f}",
                 rf"\frac{{\partial L}}{{\partial a}} &= -\frac{{{y:.0f}}}{{{exact(a, 4)}}} + "
                 rf"\frac{{{1 - y:.0f}}}{{{exact(1 - a, 4)}}} = {num(dlda)}",
                 rf"\sigma'(z) &= a(1 - a) = {exact(a, 4)}\cdot{exact(1 - a, 4)} = "
                 rf"{exact(s_prime, 4)}"])
    with vector:
        st.code("dA2 = -Y / A2 + (1 - Y) / (1 - A2)\ns_prime = A2 * (1 - A2)", language="python")
        aligned([rf"dA^{{[2]}}_{{{i + 1}}} &= {num(grads['dA2'][0, i])}",
                 rf"\sigma'(Z^{{[2]}})_{{{i + 1}}} &= {num(grads['s_prime'][0, i])}"])
    what = f"∂L/∂a of example {i + 1} = entry {i + 1} of dA2"
    fd_what = ("∂L/∂a = the centred difference [L(a + ε) − L(a − ε)] / 2ε, ε = 10⁻⁶·"
               + ("a" if y == 1 else "(1 − a)"))
    fd = dloss_difference(a, y)
    show_checks([
        (what, dlda, grads["dA2"][0, i]) if math.isfinite(dlda) else
        (what, None, _divides_by_zero(a, y)),
        (f"σ′(z) = a(1 − a) = entry {i + 1} of σ′(Z2)", s_prime, grads["s_prime"][0, i]),
        (fd_what, None, _divides_by_zero(a, y)) if not math.isfinite(dlda) else
        (fd_what, None, f"a is within {1 - a:.0e} of 1, too close for a step float64 can "
                        "take") if fd is None else (fd_what, fd, dlda, FD_TOL),
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
    saturated = engine.saturated_outputs(A2)
    st.markdown(
        "dZ2 is the prediction error of each example: positive when ŷ is too high for a y = 0 "
        "example, negative when it is too low for a y = 1 example, and never beyond ±1. "
        "Below it is worked out three ways and set beside the engine's dZ2: "
        + ("the rows agree wherever the chain rule gives a number." if saturated.any()
           else "all rows agree."))
    saturation_note(walk, "dZ2")
    untrained_hint(A2, "Every ŷ is close to 0.5 here, so dZ2 is close to +0.5 or −0.5: "
                       "the same-sized push for every example.")
    matrix_row([(A2, "A2", "dz2_A2", {}), (Y, "Y", "dz2_Y", {}),
                (dZ2, "dZ2 = A2 − Y", "dz2_dZ2", {})])
    fd = np.array([[centred_difference(lambda t, y=y: loss_of_z(t, y), z)
                    for z, y in zip(Z2[0], Y[0], strict=True)]])
    methods = np.vstack([grads["chain"], grads["direct"], fd, dZ2])
    names = ["chain: ∂L/∂a · σ′(z)", "direct: d/dz of L(z)", "finite difference of L(z)",
             "engine: dZ2"]
    show_matrix(methods, "dZ2 four ways", "dz2_methods", shape_text=f"(each 1, {Y.shape[1]})",
                row_labels=names)
    finite = np.isfinite(methods)
    spread = float(np.max(np.abs(methods - dZ2), where=finite, initial=0.0))
    left_out = "".join(
        f"; left out: the {names[r].split(':')[0]} row at example"
        f"{'s' if (~finite[r]).sum() > 1 else ''} "
        + ", ".join(str(j + 1) for j in np.flatnonzero(~finite[r])) + ", where it is undefined"
        for r in range(len(names)) if not finite[r].all())
    st.caption(f"Largest disagreement between the four rows: {spread:.1e} (the finite "
               f"difference uses ε = {FD_EPS:g}, so it matches to about 1e-10{left_out}).")

    _dZ2_example(walk, grads, fd)
    st.subheader("Two derivations that meet at a − y")
    steppage.derivation(_dZ2_lines(), state, DZ2_SCRIPT)
    steppage.finish(state, "dZ2", walk, DZ2_SCRIPT)


def _dZ2_example(walk: dict, grads: dict, fd: np.ndarray) -> None:
    st.subheader("One example")
    i, z, y, a, dlda, s_prime = _one_example(walk)
    chain, direct = dlda * s_prime, a - y
    scalar, vector = example_columns(f"Example {i + 1} on its own", "All examples at once")
    with scalar:
        aligned([rf"z &= {num(z)},\quad a = {exact(a, 4)},\quad y = {y:.0f}",
                 rf"\text{{chain: }}\frac{{\partial L}}{{\partial a}}\cdot\sigma'(z) &= "
                 rf"{paren(dlda)}\cdot{exact(s_prime, 4)} = {num(chain)}",
                 rf"\text{{direct: }}\sigma(z) - y &= {exact(a, 4)} - {y:.0f} = "
                 rf"{exact(direct, 4)}"])
    with vector:
        st.code("dZ2 = A2 - Y", language="python")
        aligned([rf"dZ^{{[2]}}_{{{i + 1}}} &= {num(walk['grads']['dZ2'][0, i])}"])
    dZ2, fd_what = walk["grads"]["dZ2"][0, i], "the centred difference [L(z + ε) − L(z − ε)] / 2ε"
    if math.isfinite(chain):
        show_checks([
            (f"the chain-rule product for example {i + 1} = entry {i + 1} of dZ2", chain, dZ2),
            (f"the direct derivative σ(z) − y = entry {i + 1} of dZ2", direct, dZ2),
            (f"both = {fd_what}", [chain, direct], [fd[0, i], fd[0, i]], FD_TOL),
        ])
        return
    show_checks([
        (f"the chain-rule product for example {i + 1} = entry {i + 1} of dZ2", None,
         f"{_divides_by_zero(a, y)}, and σ′ = 0, so their product is undefined"),
        (f"the direct derivative σ(z) − y = entry {i + 1} of dZ2", direct, dZ2),
        (f"the direct derivative = {fd_what}", direct, fd[0, i], FD_TOL),
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
