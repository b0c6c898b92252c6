"""4 · dZ2 = A2 − Y: the two links of the chain multiplied, with almost everything cancelling;
worked out three ways (chain rule, directly in z, finite difference) beside the engine's."""

from __future__ import annotations

import math

import numpy as np
import streamlit as st

import engine
from ui import compute, content
from ui.charts import matrix
from ui.quiz.model import SIGNS, Question, ask, decimals, pick, settle, shape, shape_question, sign
from ui.quiz.numbers import unique_best, value
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
    # The reasoning first; the matrices that show it with numbers come after.
    st.subheader(ctx.text("derivation_heading"))
    frame.derivation(ctx, ctx.lines("derivation"))
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
    num = latex.num
    # Written so that both lines check by hand with the numbers as shown.
    (dl, s_), chain_ = latex.worked(lambda p, q: p * q, [dlda, s_prime], chain, sig=4)
    (a_,), direct_ = latex.worked(lambda p: p - y, [a], direct, sig=4)
    scalar, vector = example.example_columns(ctx.text("example_scalar", i=i + 1),
                                             ctx.text("example_vector"))
    with scalar:
        latex.aligned([rf"z &= {num(z)},\quad a = {a_},\quad y = {y:.0f}",
                       rf"\text{{chain: }}\frac{{\partial L}}{{\partial a}}\cdot\sigma'(z) &= "
                       rf"{latex.bracket(dl)}\cdot{s_} = {chain_}",
                       rf"\text{{direct: }}\sigma(z) - y &= {a_} - {y:.0f} = {direct_}"])
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
    """dZ2's shape, its sign from the label alone, and which example's error is largest (the
    title gives dZ2 = A2 − Y, so no question asks for one entry)."""
    A2, Y, m = live["A2"], live["Y"], live["m"]
    j = pick(A2 - Y)
    qs = [shape_question("dZ2", "", (1, m), [(m, 1), (1, 1), (live["n_h"], m)],
                         content.text(DOC, "quiz_dz2_shape_why", shape=shape(1, m)))]
    if A2[j] == Y[j]:  # every output has rounded to exactly its label: no error left to ask about
        return qs
    qs.append(ask(content.text(DOC, "quiz_sign", j=j + 1, y=int(Y[j])), sign(A2[j] - Y[j]),
                  list(SIGNS), content.text(DOC, "quiz_sign_why")))
    if m > 1:
        listed = sorted([j] + [i for i in range(m) if i != j][:3])
        qs.append(settle(lambda d: _largest_question([float(A2[i]) for i in listed],
                                                     [int(Y[i]) for i in listed], listed, d)))
    return qs


def _largest_question(a: list[float], y: list[int], listed: list[int], d: int) -> Question:
    shown = tuple(decimals(v, d) for v in a)

    names = {i: content.text(DOC, "quiz_largest_option", i=i + 1) for i in listed}
    option = names.__getitem__  # read once: the rule runs at every end of every interval

    def errors(*a_: float) -> tuple[float, ...]:  # a is a probability, whatever its rounding
        return tuple(min(max(v, 0.0), 1.0) - t for v, t in zip(a_, y, strict=True))

    def largest(*a_: float) -> str | None:
        best = unique_best([abs(e) for e in errors(*a_)])
        return None if best is None else option(listed[best])

    right = largest(*(value(s) for s in shown))
    examples = "; ".join(content.text(DOC, "quiz_largest_example", i=i + 1, y=t, a=s)
                         for i, t, s in zip(listed, y, shown, strict=True))
    each = ", ".join(content.text(DOC, "quiz_largest_error", i=i + 1, a=s, y=t,
                                  error=decimals(e, d))
                     for i, s, t, e in zip(listed, shown, y, errors(*(value(s) for s in shown)),
                                           strict=True))
    return ask(content.text(DOC, "quiz_largest", examples=examples),
               right or option(listed[0]), [option(i) for i in listed],
               content.text(DOC, "quiz_largest_why", errors=each), shown=shown,
               rule=largest, explain=errors, digits=d)
