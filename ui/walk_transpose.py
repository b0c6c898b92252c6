"""Walk page 6: dA1 = W2ᵀ dZ2, the gradient crosses the weights back into the hidden layer.

Where the transpose comes from (a sum over output units), one example worked by hand, the
same gradient as a row and as a column, and the shape puzzle (ui/walk_puzzle.py).
"""

from __future__ import annotations

import numpy as np
import streamlit as st

import engine
from ui import compute, steppage, walk_puzzle
from ui.state import State
from ui.walkkit import (
    example_columns,
    latex_matrix,
    matrix_row,
    num,
    paren,
    pick_example,
    show_checks,
    unit_lines,
)

DA1_SCRIPT = "pages/06_dA1_transpose.py"
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


def render_dA1(state: State) -> None:
    walk = compute.walk(state)
    W2, dZ2, dA1 = walk["params"]["W2"], walk["grads"]["dZ2"], walk["grads"]["dA1"]
    (n_y, n_h), m = W2.shape, dZ2.shape[1]
    S = steppage.shaped
    steppage.formula(rf"{S('dA^{[1]}', (n_h, m))} = {S('W^{[2]T}', (n_h, n_y))}\,"
                     rf"{S('dZ^{[2]}', (n_y, m))}")
    st.caption(f"W2ᵀ dZ2: {engine.product_text(walk['shapes'], 'W2T', 'dZ2')} — "
               "one column per example, one row per hidden unit, exactly the shape of A1.")
    matrix_row([(W2.T, "W2ᵀ", "da1_W2T", {**UNIT, "col_prefix": "out "}),
                (dZ2, "dZ2", "da1_dZ2", {"row_prefix": "out "}),
                (dA1, "dA1 = W2ᵀ dZ2", "da1_dA1", UNIT)])

    st.subheader("Where the transpose comes from")
    st.markdown(
        "Hidden unit *j* sends its activation to **every** output unit *k*, through the "
        "weight W2[k, j]. A nudge to a1ⱼ therefore reaches the loss along one path per "
        "output unit, and the chain rule adds up the paths:")
    st.latex(r"\frac{\partial L}{\partial a^{[1]}_j} = \sum_{k=1}^{n_y} "
             r"\frac{\partial L}{\partial z^{[2]}_k}\,"
             r"\frac{\partial z^{[2]}_k}{\partial a^{[1]}_j}"
             r" = \sum_{k=1}^{n_y} W^{[2]}_{kj}\,dz^{[2]}_k")
    st.markdown(
        f"This network has n_y = {n_y} output unit, so here the sum has a single term. It "
        "is still the right way to read the formula: a network with ten output classes would "
        "add ten paths. Look at which index is summed: *k*, the **row** index of W2, while "
        "*j* picks the column. A matrix product always sums over the *column* index of its "
        "left factor, so rows and columns of W2 must swap before the product can do the sum:")
    st.latex(r"\sum_k W^{[2]}_{kj}\,dz^{[2]}_k = \sum_k \big(W^{[2]T}\big)_{jk}\,dz^{[2]}_k"
             r" = \big(W^{[2]T} dz^{[2]}\big)_j")
    st.subheader("The derivation, one line at a time")
    steppage.derivation(_dA1_lines(n_h, n_y, m), state, DA1_SCRIPT)

    i = _dA1_example(walk)
    _layouts(walk, i)
    st.subheader("Shape puzzle: which product is dA1?")
    walk_puzzle.render_puzzle(W2, dZ2, dA1)
    steppage.finish(state, "dA1", walk, DA1_SCRIPT)


def _dA1_lines(n_h: int, n_y: int, m: int) -> list[str]:
    return [
        r"Within one example, $a^{[1]}_j$ affects the loss only through the output "
        r"pre-activations $z^{[2]}_k = \sum_j W^{[2]}_{kj}\,a^{[1]}_j + b^{[2]}_k$, one per "
        "output unit *k*.",
        r"When a quantity feeds several others, its derivative is the sum over those routes: "
        r"$\frac{\partial L}{\partial a^{[1]}_j} = \sum_k \frac{\partial L}{\partial z^{[2]}_k}"
        r"\frac{\partial z^{[2]}_k}{\partial a^{[1]}_j}$.",
        r"$z^{[2]}_k$ is linear in $a^{[1]}_j$ with slope $W^{[2]}_{kj}$, and "
        r"$\frac{\partial L}{\partial z^{[2]}_k}$ is $dz^{[2]}_k$ from step 4. So "
        r"$da^{[1]}_j = \sum_k W^{[2]}_{kj}\,dz^{[2]}_k$.",
        r"The sum walks down **column** *j* of W2. Column *j* of W2 is row *j* of "
        r"$W^{[2]T}$, so $da^{[1]}_j$ is row *j* of $W^{[2]T}$ times the column $dz^{[2]}$.",
        f"Stacking the {n_h} units: $da^{{[1]}} = W^{{[2]T}}dz^{{[2]}}$, "
        f"({n_h}, {n_y})·({n_y}, 1) → ({n_h}, 1), the shape of $a^{{[1]}}$.",
        f"Each example's loss depends only on its own column, so the {m} columns are computed "
        r"side by side: $dA^{[1]} = W^{[2]T}dZ^{[2]}$. There is no 1/m: every column is still "
        "the derivative of one example's loss.",
    ]


def _dA1_example(walk: dict) -> int:
    st.subheader("One example")
    W2, dZ2, dA1 = walk["params"]["W2"], walk["grads"]["dZ2"], walk["grads"]["dA1"]
    n_y, n_h = W2.shape
    i = pick_example(walk["Y"])
    loop = scalar_dA1(W2, dZ2[:, [i]])[:, 0]
    scalar, vector = example_columns(f"Example {i + 1}, one hidden unit at a time",
                                     "The whole column at once")
    with scalar:
        st.latex(rf"da^{{[1]({i + 1})}}_j = \sum_{{k=1}}^{{{n_y}}} W^{{[2]}}_{{kj}}\,"
                 rf"dz^{{[2]({i + 1})}}_k")

        def line(j: int) -> str:
            terms = " + ".join(rf"{paren(W2[k, j])}\cdot{paren(dZ2[k, i])}" for k in range(n_y))
            return rf"da_{{{j + 1}}} &= {terms} = {num(loop[j])}"

        unit_lines(line, n_h)
    with vector:
        st.code("dA1 = W2.T @ dZ2", language="python")
        st.latex(rf"\text{{column {i + 1} of }} dA^{{[1]}} = {latex_matrix(dA1[:, [i]])}")
    show_checks([(f"the {n_h} scalar sums for example {i + 1} = column {i + 1} of dA1",
                  loop, dA1[:, i])])
    return i


def _layouts(walk: dict, i: int) -> None:
    """The same gradient as a row (numerator layout) and as a column (the course's layout)."""
    W2, dZ2 = walk["params"]["W2"], walk["grads"]["dZ2"]
    n_y, n_h = W2.shape
    dz = dZ2[:, [i]]
    S = steppage.shaped
    st.subheader("Row or column? Two ways to write the same gradient")
    row, column = st.columns(2, gap="large")
    row.markdown(
        "**Numerator layout: a row.** The Jacobian ∂z2/∂a1 has one row per output and one "
        "column per input, so it is W2 itself. The gradient of the single number L with "
        "respect to a1 comes out as a row, and the chain rule multiplies left to right with "
        "no transpose.")
    column.markdown(
        "**Denominator layout: a column, as the course does it.** The course stores dA1 "
        "shaped like A1, so the two can be compared entry by entry. That column is the row "
        "transposed, and transposing a product reverses its order, so W2 arrives transposed.")
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
    st.latex(rf"\text{{example {i + 1}:}}\quad {latex_matrix(dz.T @ W2)}"
             rf"^{{\,T}} = {latex_matrix(W2.T @ dz)}")
    st.caption("Same numbers, two shapes. The transpose in the course's formula is bookkeeping "
               "for storing gradients as columns, not an extra piece of calculus.")
