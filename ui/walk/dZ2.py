"""4 · dZ2 = A2 − Y: the two links of the chain multiplied, with almost everything cancelling;
worked out three ways (chain rule, directly in z, finite difference) beside the engine's."""

from __future__ import annotations

import math

import numpy as np
import streamlit as st

import engine
from ui import compute, content
from ui.charts import matrix
from ui.quiz.model import SIGNS, Question, ask, num3, pick, shape, shape_question, sign
from ui.walk import example, frame, latex

DOC = "steps/dZ2"  # the quiz's wording
METHODS = ["chain: ∂L/∂a · σ′(z)", "direct: d/dz of L(z)", "finite difference of L(z)",
           "engine: dZ2"]  # the rows of the "four ways" heatmap, top to bottom


def render(ctx) -> None:
    walk = compute.walk(ctx.state)
    Y, Z2, A2 = walk["Y"], walk["cache"]["Z2"], walk["cache"]["A2"]
    dZ2 = walk["grads"]["dZ2"]
    grads = example.output_gradients(walk)
    S, (s,) = frame.shaped, latex.shapes_of(walk, "dZ2")
    frame.formula(rf"{S('dZ^{[2]}', s)} = \frac{{\partial L}}{{\partial Z^{{[2]}}}} = "
                  rf"{S('A^{[2]}', s)} - {S('Y', s)}")
    saturated = engine.saturated_outputs(A2)
    agreement = ctx.text("agree_where_defined" if saturated.any() else "agree_all")
    ctx.markdown("why", agreement=agreement)
    lead = example.saturation_lead(A2)
    if lead:  # the chain row is ∞·0 there: say why, and why dZ2 is computed directly
        st.info(ctx.text("saturated", lead=lead), icon=":material/info:")
    frame.untrained_hint(A2, ctx.text("untrained"))
    matrix.matrix_row([(A2, "A2", "dz2_A2", {}), (Y, "Y", "dz2_Y", {}),
                       (dZ2, "dZ2 = A2 − Y", "dz2_dZ2", {})])
    fd = np.array([[example.centred_difference(lambda t, y=y: example.loss_of_z(t, y), z)
                    for z, y in zip(Z2[0], Y[0], strict=True)]])
    methods = np.vstack([grads["chain"], grads["direct"], fd, dZ2])
    matrix.show_matrix(methods, "dZ2 four ways", "dz2_methods",
                       shape_text=f"(each 1, {Y.shape[1]})", row_labels=METHODS)
    st.caption(methods_caption(ctx, methods, dZ2))

    one_example(ctx, walk, fd)
    st.subheader(ctx.text("derivation_heading"))
    frame.derivation(ctx, ctx.lines("derivation"))
    frame.finish(ctx, walk, questions)


def methods_caption(ctx, methods: np.ndarray, dZ2: np.ndarray) -> str:
    """How far the four rows are apart, leaving out (and naming) the entries where a row is
    undefined: the chain row at a saturated output."""
    finite = np.isfinite(methods)
    spread = float(np.max(np.abs(methods - dZ2), where=finite, initial=0.0))
    left_out = "".join(
        ctx.text("left_out", row=METHODS[r].split(":")[0],
                 s="s" if (~finite[r]).sum() > 1 else "",
                 which=", ".join(str(j + 1) for j in np.flatnonzero(~finite[r])))
        for r in range(len(METHODS)) if not finite[r].all())
    return ctx.text("methods_caption", spread=spread, eps=example.FD_EPS, left_out=left_out)


def one_example(ctx, walk: dict, fd: np.ndarray) -> None:
    st.subheader(ctx.text("example_heading"))
    i, z, y, a, dlda, s_prime = example.output_example(walk)
    chain, direct = dlda * s_prime, a - y
    num, exact = latex.num, latex.exact
    scalar, vector = example.example_columns(ctx.text("example_scalar", i=i + 1),
                                             ctx.text("example_vector"))
    with scalar:
        latex.aligned([rf"z &= {num(z)},\quad a = {exact(a, 4)},\quad y = {y:.0f}",
                       rf"\text{{chain: }}\frac{{\partial L}}{{\partial a}}\cdot\sigma'(z) &= "
                       rf"{latex.paren(dlda)}\cdot{exact(s_prime, 4)} = {num(chain)}",
                       rf"\text{{direct: }}\sigma(z) - y &= {exact(a, 4)} - {y:.0f} = "
                       rf"{exact(direct, 4)}"])
    with vector:
        st.code("dZ2 = A2 - Y", language="python")
        latex.aligned([rf"dZ^{{[2]}}_{{{i + 1}}} &= {num(walk['grads']['dZ2'][0, i])}"])
    dZ2 = walk["grads"]["dZ2"][0, i]
    chain_what = ctx.text("check_chain", i=i + 1)
    direct_what = ctx.text("check_direct", i=i + 1)
    if math.isfinite(chain):
        example.show_checks([
            (chain_what, chain, dZ2),
            (direct_what, direct, dZ2),
            (ctx.text("check_both_fd"), [chain, direct], [fd[0, i], fd[0, i]], example.FD_TOL),
        ])
        return
    example.show_checks([  # a saturated output: ∂L/∂a divides by zero, σ′ is 0
        (chain_what, None, ctx.text("chain_undefined", reason=example.divides_by_zero(a, y))),
        (direct_what, direct, dZ2),
        (ctx.text("check_direct_fd"), direct, fd[0, i], example.FD_TOL),
    ])


# ---------------------------------------------------------------- quiz

def questions(walk: dict, live: dict) -> list[Question]:
    A2, Y, m = live["A2"], live["Y"], live["m"]
    j = pick(A2 - Y)
    a, y = A2[j], Y[j]
    qs = [shape_question("dZ2", "", (1, m), [(m, 1), (1, 1), (live["n_h"], m)],
                         content.text(DOC, "quiz_dz2_shape_why", shape=shape(1, m)))]
    if a == y:  # every output has rounded to exactly its label: no error left to ask about
        return qs
    return qs + [
        ask(content.text(DOC, "quiz_entry", j=j + 1, y=int(y), a=num3(a)),
            num3(a - y), [num3(y - a), num3((a - y) / m), num3(a * (1 - a) * (a - y) + 0.0)],
            content.text(DOC, "quiz_entry_why", a=num3(a), y=int(y), error=num3(a - y))),
        ask(content.text(DOC, "quiz_sign", j=j + 1, y=int(y)), sign(a - y), list(SIGNS),
            content.text(DOC, "quiz_sign_why", error=num3(a - y))),
    ]
