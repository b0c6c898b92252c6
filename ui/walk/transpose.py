"""6 · dA1 = W2ᵀ dZ2: the gradient crosses the weights back into the hidden layer.

Where the transpose comes from (a sum over output units, derived once), one example worked
by hand, the sum's second term with a second output unit (transpose_outputs.py), the same
gradient as a row and as a column, and the shape puzzle (transpose_puzzle.py); both helpers
are this step's own.
"""

from __future__ import annotations

import numpy as np
import streamlit as st

from ui import compute, content, nav
from ui.charts import matrix
from ui.quiz.model import SIGNS, Question, ask, decimals, settle, shape, shape_question, sign
from ui.quiz.numbers import value
from ui.walk import example, frame, latex, transpose_outputs, transpose_puzzle

DOC = nav.page("transpose").doc  # this step's prose, also read by `questions` (which has no ctx)
UNIT = {"row_prefix": "unit "}


def scalar_dA1(W2: np.ndarray, dZ2: np.ndarray) -> np.ndarray:
    """dA1 from the scalar chain rule, one sum per entry: da1_j = Σ_k W2[k, j] dz2_k.

    Plain loops on purpose: this is the formula the matrix product batches.
    """
    n_y, n_h = W2.shape
    m = dZ2.shape[1]
    out = np.zeros((n_h, m))
    for i in range(m):
        for j in range(n_h):
            out[j, i] = sum(W2[k, j] * dZ2[k, i] for k in range(n_y))
    return out


def render(ctx) -> None:
    walk = compute.walk(ctx.state)
    W2, dZ2, dA1 = walk["params"]["W2"], walk["grads"]["dZ2"], walk["grads"]["dA1"]
    (n_y, n_h), m = W2.shape, dZ2.shape[1]
    S = frame.shaped
    frame.formula(rf"{S('dA^{[1]}', (n_h, m))} = {S('W^{[2]T}', (n_h, n_y))}\,"
                  rf"{S('dZ^{[2]}', (n_y, m))}")
    st.caption(ctx.text("formula_caption",
                        product=latex.product_caption(walk["shapes"], "W2T", "dZ2",
                                                    label="W2ᵀ dZ2")))
    # The reasoning first; the matrices that show it with numbers come after.
    st.subheader(ctx.text("derivation_heading"))
    # The walk's network has one output unit: the last line says so, revealed in its turn,
    # and the sum's second term follows the example (transpose_outputs).
    one_term = [ctx.text("one_term", n_y=n_y)] if n_y == 1 else []
    frame.derivation(ctx, ctx.lines("derivation", n_h=n_h, n_y=n_y, m=m) + one_term)
    matrix.matrix_row([(W2.T, "W2ᵀ", "da1_W2T", {**UNIT, "col_prefix": "out "}),
                       (dZ2, "dZ2", "da1_dZ2", {"row_prefix": "out "}),
                       (dA1, "dA1 = W2ᵀ dZ2", "da1_dA1", UNIT)])

    i = one_example(ctx, walk)
    transpose_outputs.render(ctx, walk, ctx.state.activation, i)
    layouts(ctx, walk, i)
    st.subheader(ctx.text("puzzle_heading"))
    transpose_puzzle.render(ctx, W2, dZ2, dA1)
    frame.finish(ctx, walk, questions)


def one_example(ctx, walk: dict) -> int:
    """Example i's column of dA1 as n_h scalar sums, beside the one line of NumPy; checked.
    Returns the example (0-based), which the row/column layouts follow."""
    st.subheader(ctx.text("example_heading"))
    W2, dZ2, dA1 = walk["params"]["W2"], walk["grads"]["dZ2"], walk["grads"]["dA1"]
    n_y, n_h = W2.shape
    i = example.pick_example(walk["Y"])
    loop = scalar_dA1(W2, dZ2[:, [i]])[:, 0]
    scalar, vector = example.example_columns(ctx.text("example_scalar", i=i + 1),
                                             ctx.text("example_vector"))
    with scalar:
        st.latex(rf"da^{{[1]({i + 1})}}_j = \sum_{{k=1}}^{{{n_y}}} W^{{[2]}}_{{kj}}\,"
                 rf"dz^{{[2]({i + 1})}}_k")

        def pairs(*v: float) -> float:  # Σ_k W2[k, j] dz2_k, from the numbers as written
            return sum(v[2 * k] * v[2 * k + 1] for k in range(n_y))

        # Written so that every line checks by hand, dz2 alike in all of them.
        shown = latex.worked_rows([(pairs, [x for k in range(n_y) for x in (W2[k, j], dZ2[k, i])],
                                    loop[j]) for j in range(min(n_h, latex.SHOWN_UNITS))], sig=4)

        def line(j: int) -> str:
            texts, result = shown[j]
            terms = " + ".join(rf"{latex.bracket(texts[2 * k])}\cdot"
                               rf"{latex.bracket(texts[2 * k + 1])}" for k in range(n_y))
            return rf"da_{{{j + 1}}} &= {terms} = {result}"

        latex.unit_lines(line, n_h)
    with vector:
        st.code("dA1 = W2.T @ dZ2", language="python")
        st.latex(rf"\text{{column {i + 1} of }} dA^{{[1]}} = {latex.latex_matrix(dA1[:, [i]])}")
    example.show_checks([(ctx.text("check", n_h=n_h, i=i + 1), loop, dA1[:, i])])
    return i


def layouts(ctx, walk: dict, i: int) -> None:
    """The same gradient as a row (numerator layout) and as a column (the course's layout)."""
    W2, dZ2 = walk["params"]["W2"], walk["grads"]["dZ2"]
    n_y, n_h = W2.shape
    dz = dZ2[:, [i]]
    S = frame.shaped
    st.subheader(ctx.text("layouts_heading"))
    row, column = st.columns(2, gap="large")
    row.markdown(ctx.text("layout_row"))
    column.markdown(ctx.text("layout_column"))
    dl_da = r"\frac{\partial L}{\partial a^{[1]}}"
    dl_dz = r"\frac{\partial L}{\partial z^{[2]}}"
    jacobian = r"\frac{\partial z^{[2]}}{\partial a^{[1]}}"
    st.latex(r"\begin{aligned}"
             rf"\text{{row:}}\quad & {S(dl_da, (1, n_h))} = {S(dl_dz, (1, n_y))}\,"
             rf"{S(jacobian, (n_y, n_h))} = dz^{{[2]T}}\,W^{{[2]}} \\[6pt]"
             rf"\text{{column:}}\quad & {S('da^{[1]}', (n_h, 1))} = "
             r"\Big(\frac{\partial L}{\partial a^{[1]}}\Big)^{T} = "
             r"\big(dz^{[2]T}W^{[2]}\big)^{T} = "
             rf"{S('W^{[2]T}', (n_h, n_y))}\,{S('dz^{[2]}', (n_y, 1))}"
             r"\end{aligned}")
    st.latex(rf"\text{{example {i + 1}:}}\quad {latex.latex_matrix(dz.T @ W2)}"
             rf"^{{\,T}} = {latex.latex_matrix(W2.T @ dz)}")
    st.caption(ctx.text("layouts_caption"))


def questions(walk: dict, live: dict) -> list[Question]:
    """Predict the shape of W2ᵀ dZ2, the sign of one entry of dA1 from the two numbers that
    make it, and (when it would fail) why W2 dZ2 needs the transpose. No option writes a
    shape, which would answer the shape question."""
    n_h, m = live["n_h"], live["m"]
    W2, dZ2, dA1 = walk["params"]["W2"], walk["grads"]["dZ2"], walk["grads"]["dA1"]
    k, j = (int(i) for i in np.unravel_index(int(np.argmax(np.abs(dA1))), dA1.shape))
    qs = [
        shape_question("W2ᵀ dZ2", "", (n_h, m), [(1, m), (m, n_h), (n_h, 1)],
                       content.text(DOC, "quiz_dA1_shape_why", W2_T=shape(n_h, 1),
                                    dZ2=shape(1, m), dA1=shape(n_h, m))),
        settle(lambda d: _sign_question(float(W2[0, k]), float(dZ2[0, j]), k, j, d)),
    ]
    if n_h > 1:
        options = content.paragraphs(DOC, "quiz_no_transpose_options")
        qs.append(ask(content.text(DOC, "quiz_no_transpose"), options[0], options[1:],
                      content.text(DOC, "quiz_no_transpose_why", n_h=n_h, W2=shape(1, n_h),
                                   dZ2=shape(1, m))))
    return qs


def _sign_question(weight: float, dz: float, k: int, j: int, d: int) -> Question:
    entry = {"unit": k + 1, "example": j + 1, "weight": decimals(weight, d),
             "dz": decimals(dz, d)}
    product = value(entry["weight"]) * value(entry["dz"])
    return ask(content.text(DOC, "quiz_sign", **entry), sign(product), list(SIGNS),
               content.text(DOC, "quiz_sign_why", value=decimals(product, d), **entry),
               shown=(entry["weight"], entry["dz"]), rule=lambda w, z: sign(w * z),
               explain=lambda w, z: (w * z,), digits=d)
