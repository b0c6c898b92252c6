"""3 · dL/dA2 and σ′: the first two links of the chain back from the loss, how L changes
with the prediction a and how a = σ(z) changes with z, element-wise for every example."""

from __future__ import annotations

import math

import numpy as np
import plotly.graph_objects as go
import streamlit as st

import engine
from ui import compute, content
from ui.charts import matrix, plots, replay, style
from ui.quiz.model import SIGNS, Question, ask, num3, pick, sign
from ui.walk import example, frame, latex

DOC = "steps/sigmoid"  # the quiz's wording
DLOSS_RANGE = 12.0  # the ∂L/∂a chart's y-axis reaches ±this (plus room for edge markers)


def render(ctx) -> None:
    walk = compute.walk(ctx.state)
    Y, Z2, A2 = walk["Y"], walk["cache"]["Z2"], walk["cache"]["A2"]
    grads = example.output_gradients(walk)
    S, (s,) = frame.shaped, latex.shapes_of(walk, "A2")
    left, right = st.columns(2)
    with left:
        frame.formula(r"\frac{\partial L}{\partial a} = -\frac{y}{a} + \frac{1-y}{1-a}")
        frame.formula(r"\sigma'(z) = \sigma(z)\big(1 - \sigma(z)\big)")
    with right:
        frame.formula(rf"{S('dA^{[2]}', s)} = -\frac{{Y}}{{A^{{[2]}}}} + "
                      rf"\frac{{1-Y}}{{1-A^{{[2]}}}}")
        s_prime = S(r"\sigma'(Z^{[2]})", s)
        frame.formula(rf"{s_prime} = A^{{[2]}} * (1 - A^{{[2]}})")
    st.caption(ctx.text("elementwise"))
    left, right = st.columns(2, gap="large")
    with left:
        replay.show(sigmoid_figure, Z2, A2, Y, grads["s_prime"], key="sig_curves")
    with right:
        replay.show(dloss_figure, A2, Y, grads["dA2"], key="sig_dloss")
    frame.untrained_hint(A2, ctx.text("untrained"))
    saturation_note(ctx, A2)
    matrix.matrix_row([(Z2, "Z2", "sig_Z2", {}), (A2, "A2 = σ(Z2)", "sig_A2", {}),
                       (Y, "Y", "sig_Y", {}), (grads["dA2"], "dA2 = ∂L/∂A2", "sig_dA2", {}),
                       (grads["s_prime"], "σ′(Z2) = A2(1 − A2)", "sig_sprime", {})])

    one_example(ctx, walk, grads)
    st.subheader(ctx.text("derivation_heading"))
    frame.derivation(ctx, ctx.lines("derivation", peak=float(np.max(grads["s_prime"]))))
    frame.finish(ctx, walk, questions)


def saturation_note(ctx, A2: np.ndarray) -> None:
    """Where outputs are exactly 0 or 1, say what that does to the two factors, and why
    dZ2 = A2 − Y is computed directly."""
    lead = example.saturation_lead(A2)
    if lead:
        st.info(ctx.text("saturated", lead=lead), icon=":material/info:")


# ---------------------------------------------------------------- figures

def sigmoid_figure(Z2, A2, Y, s_prime) -> go.Figure:
    reach = max(6.0, matrix.finite_peak(Z2) + 1.0)
    z = np.linspace(-reach, reach, 301)
    s = engine.sigmoid(z)
    fig = plots.function_plot(z, {"σ(z)": s, "σ′(z) = σ(z)(1 − σ(z))": s * (1 - s)},
                              "σ and σ′, with this network's Z2")
    plots.mark_examples(fig, Z2[0], A2[0], Y)
    plots.mark_examples(fig, Z2[0], s_prime[0], Y, symbol="diamond", legend=False)
    return style.legend_below(fig)


def dloss_figure(A2, Y, dA2) -> go.Figure:
    a = np.linspace(0.02, 0.98, 200)
    fig = plots.function_plot(a, {"y = 0: 1/(1 − a)": 1 / (1 - a), "y = 1: −1/a": -1 / a},
                              "∂L/∂a, with this network's examples")
    plots.mark_examples(fig, A2[0], dA2[0], Y, clamp=DLOSS_RANGE)
    fig.update_xaxes(title="a = ŷ", range=[0, 1])
    fig.update_yaxes(range=[-DLOSS_RANGE - 0.6, DLOSS_RANGE + 0.6], zeroline=True)
    return style.legend_below(fig)


# ---------------------------------------------------------------- one example

def one_example(ctx, walk: dict, grads: dict) -> None:
    st.subheader(ctx.text("example_heading"))
    i, z, y, a, dlda, s_prime = example.output_example(walk)
    num, exact = latex.num, latex.exact
    scalar, vector = example.example_columns(ctx.text("example_scalar", i=i + 1),
                                             ctx.text("example_vector"))
    with scalar:
        latex.aligned([
            rf"z &= {num(z)},\quad a = \sigma(z) = {exact(a, 4)},\quad y = {y:.0f}",
            rf"\frac{{\partial L}}{{\partial a}} &= -\frac{{{y:.0f}}}{{{exact(a, 4)}}} + "
            rf"\frac{{{1 - y:.0f}}}{{{exact(1 - a, 4)}}} = {num(dlda)}",
            rf"\sigma'(z) &= a(1 - a) = {exact(a, 4)}\cdot{exact(1 - a, 4)} = "
            rf"{exact(s_prime, 4)}"])
    with vector:
        st.code("dA2 = -Y / A2 + (1 - Y) / (1 - A2)\ns_prime = A2 * (1 - A2)", language="python")
        latex.aligned([rf"dA^{{[2]}}_{{{i + 1}}} &= {num(grads['dA2'][0, i])}",
                       rf"\sigma'(Z^{{[2]}})_{{{i + 1}}} &= {num(grads['s_prime'][0, i])}"])
    what = ctx.text("check_dlda", i=i + 1)
    fd_what = ctx.text("check_dlda_fd", scale="a" if y == 1 else "(1 − a)")
    if math.isfinite(dlda):
        fd = example.dloss_difference(a, y)
        dlda_check = (what, dlda, grads["dA2"][0, i])
        fd_check = ((fd_what, None, ctx.text("fd_too_close", gap=1 - a)) if fd is None
                    else (fd_what, fd, dlda, example.FD_TOL))
    else:  # a saturated output: ∂L/∂a divides by zero
        reason = example.divides_by_zero(a, y)
        dlda_check, fd_check = (what, None, reason), (fd_what, None, reason)
    example.show_checks([
        dlda_check,
        (ctx.text("check_s_prime", i=i + 1), s_prime, grads["s_prime"][0, i]),
        fd_check,
        (ctx.text("check_s_prime_fd"), example.centred_difference(example.sigmoid, z), s_prime,
         example.FD_TOL),
    ])


# ---------------------------------------------------------------- quiz

def questions(walk: dict, live: dict) -> list[Question]:
    A2, Y, m = live["A2"], live["Y"], live["m"]
    k = int(np.argmin(np.abs(A2 - 0.5)))
    # At a saturated output ∂L/∂a divides by zero: ask about the others.
    ok = np.flatnonzero(~engine.saturated_outputs(A2[None, :])[0])
    qs = []
    if ok.size:
        j = int(ok[pick(A2[ok] - 0.5)])
        a, y = A2[j], Y[j]
        d_a = -(y / a) + (1 - y) / (1 - a)
        effect = content.text(DOC, "quiz_dlda_sign_lower" if d_a < 0 else "quiz_dlda_sign_raise")
        qs += [
            ask(content.text(DOC, "quiz_s_prime", j=j + 1, a=num3(a)),
                num3(a * (1 - a)), [num3(a), num3(1 - a), num3(a * a)],
                content.text(DOC, "quiz_s_prime_why", a=num3(a), one_minus_a=num3(1 - a),
                             s_prime=num3(a * (1 - a)))),
            ask(content.text(DOC, "quiz_dlda_sign", j=j + 1, y=int(y)),
                sign(d_a), list(SIGNS),
                content.text(DOC, "quiz_dlda_sign_why", y=int(y),
                             term="−1/a" if y == 1 else "1/(1 − a)", dlda=num3(d_a),
                             effect=effect)),
        ]
    if m > 1:
        def option(i: int) -> str:
            return content.text(DOC, "quiz_widest_option", i=i + 1)

        qs.append(ask(content.text(DOC, "quiz_widest"),
                      option(k), [option(i) for i in range(min(m, 4))],
                      content.text(DOC, "quiz_widest_why", k=k + 1, a=num3(A2[k]))))
    return qs
