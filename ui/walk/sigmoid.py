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
from ui.quiz.model import SIGNS, Question, ask, decimals, settle, sign, unique_best
from ui.quiz.numbers import value
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
    st.caption(ctx.text("elementwise", product=latex.product_caption(
        walk["shapes"], "A2", "A2", op="*", label="A2 * (1 − A2)")))
    # The reasoning first; the charts and matrices that show it with numbers come after.
    st.subheader(ctx.text("derivation_heading"))
    frame.derivation(ctx, ctx.lines("derivation", peak=float(np.max(grads["s_prime"]))))
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
    num = latex.num
    # Written so that each line checks by hand, with a written alike in all three.
    lines = [(lambda p, q: -y / p + (1 - y) / q, [a, 1 - a], dlda),
             (lambda p, q: p * q, [a, 1 - a], s_prime)]
    digits = latex.common_digits(lines, sig=4)
    ((a_, rest), dl), (_, s_) = latex.worked_rows(lines, sig=4)
    (z_,), _ = latex.worked(example.sigmoid, [z], a, sig=digits)
    scalar, vector = example.example_columns(ctx.text("example_scalar", i=i + 1),
                                             ctx.text("example_vector"))
    with scalar:
        latex.aligned([
            rf"z &= {z_},\quad a = \sigma(z) = {a_},\quad y = {y:.0f}",
            rf"\frac{{\partial L}}{{\partial a}} &= -\frac{{{y:.0f}}}{{{a_}}} + "
            rf"\frac{{{1 - y:.0f}}}{{{rest}}} = {dl}",
            rf"\sigma'(z) &= a(1 - a) = {a_}\cdot{rest} = {s_}"])
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
    """σ′ at one example, the sign of ∂L/∂a there, and where σ′ is largest: each worked from
    the numbers as the prompt writes them."""
    A2, Y, m = live["A2"], live["Y"], live["m"]
    # At a saturated output ∂L/∂a divides by zero: ask about the others, the clearest first
    # (far from 0.5, but not so close to 0 or 1 that 1 − a rounds away).
    ok = [int(i) for i in np.flatnonzero(~engine.saturated_outputs(A2[None, :])[0])]
    ok.sort(key=lambda i: (not 0.05 < A2[i] < 0.95, -abs(A2[i] - 0.5)))
    qs = []
    for j in ok:
        pair = [settle(lambda d, j=j: _s_prime_question(float(A2[j]), j, d)),
                settle(lambda d, j=j: _dlda_question(float(A2[j]), int(Y[j]), j, d))]
        if None not in pair:
            qs += pair
            break
    if m > 1:
        k = int(np.argmin(np.abs(A2 - 0.5)))
        listed = sorted([k] + [i for i in range(m) if i != k][:3])
        qs.append(settle(lambda d: _widest_question([float(A2[i]) for i in listed], listed, d)))
    return qs


def _in_01(a: float) -> float:
    return min(max(a, 0.0), 1.0)  # a is a probability, whatever its rounding would allow


def _s_prime_question(a: float, j: int, d: int) -> Question | None:
    shown = decimals(a, d)
    a_ = value(shown)
    if not 0 < a_ < 1:
        return None
    right = decimals(a_ * (1 - a_), d)
    return ask(content.text(DOC, "quiz_s_prime", j=j + 1, a=shown), right,
               [decimals(v, d) for v in (a_, 1 - a_, a_ * a_)],
               content.text(DOC, "quiz_s_prime_why", a=shown, one_minus_a=decimals(1 - a_, d),
                            s_prime=right),
               shown=(shown,), rule=lambda a: _in_01(a) * (1 - _in_01(a)),
               explain=lambda a: (1 - a, a * (1 - a)), digits=d)


def _dlda(a: float, y: int) -> float:
    return -(y / a) + (1 - y) / (1 - a)


def _dlda_question(a: float, y: int, j: int, d: int) -> Question | None:
    shown = decimals(a, d)
    a_ = value(shown)
    if not 0 < a_ < 1:
        return None
    d_a = _dlda(a_, y)
    effect = content.text(DOC, "quiz_dlda_sign_lower" if d_a < 0 else "quiz_dlda_sign_raise")
    return ask(content.text(DOC, "quiz_dlda_sign", j=j + 1, y=y, a=shown), sign(d_a),
               list(SIGNS),
               content.text(DOC, "quiz_dlda_sign_why", y=y, term="−1/a" if y == 1 else
                            "1/(1 − a)", dlda=decimals(d_a, d), effect=effect),
               shown=(shown,), rule=lambda a: sign(_dlda(a, y)) if 0 < a < 1 else None,
               explain=lambda a: (_dlda(a, y),), digits=d)


def _widest_question(a: list[float], listed: list[int], d: int) -> Question:
    shown = tuple(decimals(v, d) for v in a)

    names = {i: content.text(DOC, "quiz_widest_option", i=i + 1) for i in listed}
    option = names.__getitem__  # read once: the rule runs at every end of every interval

    def widest(*a_: float) -> str | None:
        best = unique_best([_in_01(v) * (1 - _in_01(v)) for v in a_])
        return None if best is None else option(listed[best])

    right = widest(*(value(s) for s in shown))
    k = next((i for i in listed if option(i) == right), listed[0])
    examples = "; ".join(content.text(DOC, "quiz_widest_example", i=i + 1, a=s)
                         for i, s in zip(listed, shown, strict=True))
    return ask(content.text(DOC, "quiz_widest", examples=examples), right or option(k),
               [option(i) for i in listed],
               content.text(DOC, "quiz_widest_why", k=k + 1, a=shown[listed.index(k)]),
               shown=shown, rule=widest, digits=d)
