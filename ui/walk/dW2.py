"""5 · dW2 and db2: where the examples meet in one shared weight and 1/m appears."""

from __future__ import annotations

import numpy as np
import streamlit as st

from ui import compute, content, nav
from ui.charts import matrix
from ui.quiz.model import SIGNS, Question, ask, decimals, pick, settle, shape, shape_question, sign
from ui.quiz.numbers import value
from ui.walk import example, frame, latex

SHOWN_UNITS = 6  # entries of a (1, n_h) row written out before "⋯" (all of them up to 6)
DOC = nav.page("dW2").doc  # this step's prose, also read by `questions` (which has no ctx)


def per_example_outer(dZ2: np.ndarray, A1: np.ndarray) -> np.ndarray:
    """Row i is dz2⁽ⁱ⁾ a1⁽ⁱ⁾ᵀ, example i's own gradient of L w.r.t. W2: shape (m, n_h)."""
    return dZ2.T * A1.T


def sci(v: float) -> str:
    """A number for prose: 4 significant digits, in e-notation when small."""
    return f"{v:.4f}" if abs(v) >= 0.01 or v == 0 else f"{v:.3e}"


def render(ctx) -> None:
    walk = compute.walk(ctx.state)
    A1, dZ2 = walk["cache"]["A1"], walk["grads"]["dZ2"]
    dW2, db2 = walk["grads"]["dW2"], walk["grads"]["db2"]
    m = dZ2.shape[1]
    S = frame.shaped
    sdw, sdz, sat, sdb = latex.shapes_of(walk, "dW2", "dZ2", "A1T", "db2")
    n_h = sat[1]
    left, right = st.columns([3, 2])
    with left:
        frame.formula(rf"{S('dW^{[2]}', sdw)} = \frac{{1}}{{m}}\,{S('dZ^{[2]}', sdz)}\,"
                      rf"{S('A^{[1]T}', sat)}")
        st.caption(ctx.text("dW2_caption",
                            product=latex.product_caption(walk["shapes"], "dZ2", "A1T")))
    with right:
        frame.formula(rf"{S('db^{[2]}', sdb)} = \frac{{1}}{{m}}\sum_{{i=1}}^{{m}} dZ^{{[2](i)}}")
        st.caption("np.sum(dZ2, axis=1, keepdims=True) / m")
    ctx.markdown("why", m=m, n_h=n_h)
    # The reasoning first; the heatmaps that show it with numbers come after.
    st.subheader(ctx.text("derivation_heading"))
    frame.derivation(ctx, ctx.lines("derivation", m=m, n_h=n_h))
    matrix.matrix_row([(dZ2, "dZ2", "dw2_dZ2", {}),
                       (A1.T, "A1ᵀ", "dw2_A1T", {"row_prefix": "ex ", "col_prefix": "unit "})])

    st.subheader(ctx.text("average_heading", m=m))
    outer = per_example_outer(dZ2, A1)
    ctx.markdown("average", m=m, n_h=n_h)
    matrix.matrix_row([(outer, "dz2⁽ⁱ⁾ a1⁽ⁱ⁾ᵀ, one row per example", "dw2_outer",
                        {"row_prefix": "ex ", "col_prefix": "unit "})])
    by_name = {"col_prefix": matrix.BY_NAME}  # db2's one column reads "db2"
    matrix.matrix_row([(dW2, "dW2 = mean over the examples", "dw2_dW2", {"col_prefix": "unit "}),
                       (db2, "db2 = mean of dZ2", "dw2_db2", by_name)])

    st.subheader(ctx.text("one_over_m_heading"))
    # Written so that the sum divided by m, as shown, gives db2 as shown.
    (total,), mean = latex.worked(lambda t: t / m, [float(np.sum(dZ2))], db2[0, 0], sig=4,
                                  write=latex.plain)
    ctx.markdown("one_over_m", m=m, dZ2_sum=total, db2=mean)

    one_example(ctx, walk, outer)
    frame.finish(ctx, walk, questions)


def one_example(ctx, walk: dict, outer: np.ndarray) -> None:
    """Example i's own gradient as a row, and the averages as plain loops, beside the
    vectorised code; checked against the table and the engine."""
    st.subheader(ctx.text("example_heading"))
    A1, dZ2 = walk["cache"]["A1"], walk["grads"]["dZ2"]
    dW2, db2 = walk["grads"]["dW2"], walk["grads"]["db2"]
    n_h, m = A1.shape
    i = example.pick_example(walk["Y"])
    dz = float(dZ2[0, i])
    row = [dz * float(A1[j, i]) for j in range(n_h)]
    # The averages as plain loops, to check them against the engine's matrix product.
    loop_dW2 = [sum(float(dZ2[0, k]) * float(A1[j, k]) for k in range(m)) / m for j in range(n_h)]
    loop_db2 = sum(float(v) for v in dZ2[0]) / m
    scalar, vector = example.example_columns(ctx.text("example_scalar", i=i + 1),
                                             ctx.text("example_vector"), stacked=True)
    # Written so that dz times each entry of a1ᵀ, as shown, is the entry shown below it.
    (dz_, a1T), product = latex.worked_matrices(lambda d, a: d * a, [dz, A1[:, [i]].T],
                                                np.array([row]), sig=3, max_cols=SHOWN_UNITS)
    with scalar:
        latex.aligned([rf"dz^{{[2]({i + 1})}} &= {dz_}", rf"a^{{[1]({i + 1})T}} &= {a1T}",
                       rf"dz^{{[2]({i + 1})}}\,a^{{[1]({i + 1})T}} &= {product}"])
        st.caption(ctx.text("example_caption", i=i + 1, dz=sci(dz)))
    with vector:
        st.code("dW2 = (1 / m) * dZ2 @ A1.T\n"
                "db2 = (1 / m) * np.sum(\n    dZ2, axis=1, keepdims=True)", language="python")
        latex.aligned([rf"dW^{{[2]}} &= {latex.latex_matrix(dW2, sig=3, max_cols=SHOWN_UNITS)}",
                       rf"db^{{[2]}} &= {latex.num(db2[0, 0], 3)}"])
    row_check, dW2_check, db2_check = ctx.lines("checks", i=i + 1, m=m)
    example.show_checks([
        (row_check, row, outer[i]),
        (dW2_check, loop_dW2, dW2[0]),
        (db2_check, loop_db2, db2[0, 0]),
    ])


def questions(walk: dict, live: dict) -> list[Question]:
    """Predict dW2's and db2's shapes, the missing 1/m (where it changes anything), and the
    sign of one entry of dW2 from the numbers that make it. No prompt writes dW2's formula,
    which would answer the question about 1/m."""
    n_h, m = live["n_h"], live["m"]
    dW2, dZ2, A1 = walk["grads"]["dW2"], walk["grads"]["dZ2"], live["A1"]
    k = pick(dW2[0])
    qs = [
        shape_question("dW2", "", (1, n_h), [(n_h, 1), (1, m), (n_h, m)],
                       content.text(DOC, "quiz_dW2_shape_why", W2=shape(1, n_h),
                                    dZ2=shape(1, m), A1_T=shape(m, n_h), m=m)),
        shape_question("db2", "", (1, 1), [(1, m), (m, 1), (n_h, 1)],
                       content.text(DOC, "quiz_db2_shape_why", m=m)),
    ]
    if m > 1:  # with one example 1/m = 1: the learner's formula would give the same numbers
        missing = content.paragraphs(DOC, "quiz_missing_options")
        qs.append(ask(content.text(DOC, "quiz_missing"), missing[0], missing[1:],
                      content.text(DOC, "quiz_missing_why", m=m)))
    if m <= SIGN_UP_TO:
        qs.append(settle(lambda d: _sign_question([float(v) for v in dZ2[0]],
                                                  [float(v) for v in A1[k]], k, d)))
    return qs


SIGN_UP_TO = 5  # examples up to which the sign question shows every term of the mean


def _sign_question(dz: list[float], a1: list[float], k: int, d: int) -> Question:
    m = len(dz)
    dz_shown = [decimals(v, d) for v in dz]
    a1_shown = [decimals(v, d) for v in a1]

    def mean(*v: float) -> float:  # dZ2's entries, then unit k's activations
        return sum(v[i] * v[m + i] for i in range(m)) / m

    entry = mean(*(value(s) for s in dz_shown + a1_shown))
    terms = " + ".join(f"({z})({a})" for z, a in zip(dz_shown, a1_shown, strict=True))
    return ask(content.text(DOC, "quiz_sign", unit=k + 1, dz=", ".join(dz_shown),
                            a1=", ".join(a1_shown)),
               sign(entry), list(SIGNS),
               content.text(DOC, "quiz_sign_why", m=m, terms=terms, value=decimals(entry, d),
                            unit=k + 1),
               shown=(*dz_shown, *a1_shown), rule=lambda *v: sign(mean(*v)),
               explain=lambda *v: (mean(*v),), digits=d)
