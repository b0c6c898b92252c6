"""8 · dW1 and db1: the first layer's parameters, dW1 = (1/m) dZ1 Xᵀ and db1 = (1/m) Σ dZ1,
as the average of the m examples' own outer products."""

from __future__ import annotations

import numpy as np
import streamlit as st

from ui import compute, content, nav
from ui.charts import matrix
from ui.quiz.model import Question, ask, shape, shape_question
from ui.walk import example, frame, latex

DOC = nav.page("dW1").doc  # this step's prose, also read by `questions` (which has no ctx)
UNIT = {"row_prefix": "unit "}
BY_INPUT = {**UNIT, "col_prefix": "x"}  # a (n_h, n_x) matrix: a row per unit, a column per x


def outer_products(dZ1: np.ndarray, X: np.ndarray) -> np.ndarray:
    """Example i's own gradient dz1⁽ⁱ⁾ x⁽ⁱ⁾ᵀ for every i: shape (m, n_h, n_x)."""
    return np.einsum("ji,ki->ijk", dZ1, X)


def render(ctx) -> None:
    walk = compute.walk(ctx.state)
    X, dZ1 = walk["X"], walk["grads"]["dZ1"]
    dW1, db1 = walk["grads"]["dW1"], walk["grads"]["db1"]
    (n_h, m), n_x = dZ1.shape, X.shape[0]
    S = frame.shaped
    left, right = st.columns([3, 2])
    with left:
        frame.formula(rf"{S('dW^{[1]}', (n_h, n_x))} = \frac{{1}}{{m}}\,"
                      rf"{S('dZ^{[1]}', (n_h, m))}\,{S('X^T', (m, n_x))}")
        st.caption(ctx.text("dW1_shape",
                            product=latex.product_caption(walk["shapes"], "dZ1", "XT")))
    with right:
        frame.formula(rf"{S('db^{[1]}', (n_h, 1))} = \frac{{1}}{{m}}"
                      rf"\sum_{{i=1}}^{{m}} dZ^{{[1](i)}}")
        st.caption("np.sum(dZ1, axis=1, keepdims=True) / m")
    ctx.markdown("why", m=m)
    # The reasoning first; the dozen heatmaps that show it with numbers come after.
    st.subheader(ctx.text("derivation_heading"))
    frame.derivation(ctx, ctx.lines("derivation", n_h=n_h, n_x=n_x, m=m))
    matrix.matrix_row([(dZ1, "dZ1", "dw1_dZ1", UNIT),
                       (X.T, "Xᵀ", "dw1_XT", {"row_prefix": "ex ", "col_prefix": "x"}),
                       (dW1, "dW1", "dw1_dW1", BY_INPUT),
                       (db1, "db1", "dw1_db1", {**UNIT, "col_prefix": matrix.BY_NAME})])

    st.subheader(ctx.text("average_heading", m=m))
    outer = outer_products(dZ1, X)
    i = example.pick_example(walk["Y"])
    ctx.markdown("outer_lead", n_h=n_h, n_x=n_x, m=m)
    matrix.matrix_row([(outer[i], f"example {i + 1}: dz1 xᵀ", "dw1_outer_i", BY_INPUT),
                       (outer.mean(axis=0), f"mean of the {m} outer products",
                        "dw1_outer_mean", BY_INPUT)])
    one_example(ctx, walk, outer, i)
    frame.finish(ctx, walk, questions)


def one_example(ctx, walk: dict, outer: np.ndarray, i: int) -> None:
    """Example i's gradient of W1, entry (1, 1) as the course's sum over examples, and the
    checks that the loops agree with the matrix formulas."""
    X, dZ1 = walk["X"], walk["grads"]["dZ1"]
    dW1, db1 = walk["grads"]["dW1"], walk["grads"]["db1"]
    n_h, m = dZ1.shape
    exact, pexact, bk = latex.exact, latex.pexact, latex.bracket
    # Written so that each line checks by hand with the numbers as shown.
    (dz_, x_), outer_ = latex.worked(lambda d, x: d * x, [dZ1[0, i], X[0, i]], outer[i, 0, 0],
                                     sig=4)
    # One entry, W1[1, 1], built as the course's sum over examples with plain Python.
    terms = [float(dZ1[0, k]) * float(X[0, k]) + 0.0 for k in range(m)]
    loop_entry = sum(terms) / m
    loop_db = [sum(float(dZ1[j, k]) for k in range(m)) / m for j in range(n_h)]
    scalar, vector = example.example_columns(ctx.text("example_scalar", i=i + 1),
                                             ctx.text("example_vector"), stacked=True)
    with scalar:
        st.latex(rf"\frac{{\partial L^{{({i + 1})}}}}{{\partial W^{{[1]}}_{{jk}}}} = "
                 rf"dz^{{[1]({i + 1})}}_j\,x^{{({i + 1})}}_k")
        st.latex(rf"\frac{{\partial L^{{({i + 1})}}}}{{\partial W^{{[1]}}_{{11}}}} = "
                 rf"{bk(dz_)}\cdot{bk(x_)} = {outer_}")
    with vector:
        st.code("dW1 = dZ1 @ X.T / m\ndb1 = np.sum(dZ1, axis=1,\n             keepdims=True) / m",
                language="python")
        st.latex(rf"dW^{{[1]}} = {latex.latex_matrix(dW1, sig=3)}")
    if m <= latex.SHOWN_UNITS:  # every term written: the mean checks by hand
        texts, mean_ = latex.worked(lambda *t: sum(t) / m, terms, loop_entry, sig=4)
        shown, more = " + ".join(t if k == 0 else bk(t) for k, t in enumerate(texts)), ""
    else:
        shown = " + ".join(exact(t) if k == 0 else pexact(t)
                           for k, t in enumerate(terms[:latex.SHOWN_UNITS]))
        more, mean_ = r" + \cdots", latex.num(loop_entry)
    st.latex(rf"dW^{{[1]}}_{{11}} = \frac{{1}}{{{m}}}\sum_{{i=1}}^{{{m}}} dz^{{[1](i)}}_1\,"
             rf"x^{{(i)}}_1 = \frac{{1}}{{{m}}}\big({shown}{more}\big) = {mean_}")
    outer_i, mean, entry, bias = ctx.lines("checks", i=i + 1, m=m, n_h=n_h)
    example.show_checks([
        (outer_i, np.outer(dZ1[:, i], X[:, i]), outer[i]),
        (mean, outer.mean(axis=0), dW1),
        (entry, loop_entry, dW1[0, 0]),
        (bias, loop_db, db1[:, 0]),
    ])


# ---------------------------------------------------------------- quiz

def questions(walk: dict, live: dict) -> list[Question]:
    """dW1's and db1's shapes, the missing transpose and why only dW1 has 1/m. No prompt
    writes dW1's formula, which would answer the transpose question."""
    n_x, n_h, m = live["n_x"], live["n_h"], live["m"]
    no_transpose = content.paragraphs(DOC, "quiz_no_transpose_options")
    one_over_m = content.paragraphs(DOC, "quiz_one_over_m_options")
    # With m = n_x the wrong product dZ1 X fits and even has W1's shape: only its numbers
    # are wrong, and the reasoning must say so.
    fits = "quiz_no_transpose_why_fits" if m == n_x else "quiz_no_transpose_why"
    return [
        shape_question("dW1", "", (n_h, n_x), [(n_x, n_h), (n_h, m), (m, n_x)],
                       content.text(DOC, "quiz_dW1_shape_why", W1=shape(n_h, n_x),
                                    dZ1=shape(n_h, m), XT=shape(m, n_x), m=m)),
        shape_question("db1", "", (n_h, 1), [(1, n_h), (n_h, m), (1, 1)],
                       content.text(DOC, "quiz_db1_shape_why", b1=shape(n_h, 1))),
        ask(content.text(DOC, "quiz_no_transpose"), no_transpose[0], no_transpose[1:],
            content.text(DOC, fits, dZ1=shape(n_h, m), X=shape(n_x, m), XT=shape(m, n_x),
                         m=m, n_x=n_x)),
        ask(content.text(DOC, "quiz_one_over_m"), one_over_m[0], one_over_m[1:],
            content.text(DOC, "quiz_one_over_m_why", m=m)),
    ]
