"""Walk page 5: dW2 and db2, where the examples meet in one shared weight and 1/m appears."""

from __future__ import annotations

import numpy as np
import streamlit as st

from ui import compute, steppage
from ui.state import State
from ui.walkkit import (
    aligned,
    example_columns,
    latex_matrix,
    matrix_row,
    num,
    pick_example,
    product_caption,
    shapes_of,
    show_checks,
)

DW2_SCRIPT = "pages/05_dW2_db2.py"


def per_example_outer(dZ2: np.ndarray, A1: np.ndarray) -> np.ndarray:
    """Row i is dz2⁽ⁱ⁾ a1⁽ⁱ⁾ᵀ, example i's own gradient of L w.r.t. W2: shape (m, n_h)."""
    return dZ2.T * A1.T


def render_dW2(state: State) -> None:
    walk = compute.walk(state)
    A1, dZ2 = walk["cache"]["A1"], walk["grads"]["dZ2"]
    dW2, db2 = walk["grads"]["dW2"], walk["grads"]["db2"]
    m = dZ2.shape[1]
    S = steppage.shaped
    sdw, sdz, sat, sdb = shapes_of(walk, "dW2", "dZ2", "A1T", "db2")
    left, right = st.columns([3, 2])
    with left:
        steppage.formula(rf"{S('dW^{[2]}', sdw)} = \frac{{1}}{{m}}\,{S('dZ^{[2]}', sdz)}\,"
                         rf"{S('A^{[1]T}', sat)}")
        st.caption(product_caption(walk["shapes"], "dZ2", "A1T") + ": the shape of W2, as "
                   "its gradient must be.")
    with right:
        steppage.formula(rf"{S('db^{[2]}', sdb)} = \frac{{1}}{{m}}\sum_{{i=1}}^{{m}} dZ^{{[2](i)}}")
        st.caption("np.sum(dZ2, axis=1, keepdims=True) / m")
    st.markdown(
        "**Why A1ᵀ.** W2 is shared by every example, so its gradient has to collect one "
        f"contribution per example and add them. In (1, {m})·({m}, {sat[1]}) the {m} examples "
        "form the inner dimension, which is exactly what a matrix product sums over. Without "
        "the transpose the examples would not line up and nothing would be summed.")
    matrix_row([(dZ2, "dZ2", "dw2_dZ2", {}),
                (A1.T, "A1ᵀ", "dw2_A1T", {"row_prefix": "ex ", "col_prefix": "unit "})])

    st.subheader(f"dW2 is the average of {m} per-example gradients")
    outer = per_example_outer(dZ2, A1)
    st.markdown(
        f"Row *i* below is example *i*'s own gradient dz2⁽ⁱ⁾ a1⁽ⁱ⁾ᵀ, shape (1, {sat[1]}). "
        f"Averaging the {m} rows gives dW2: the same numbers as (1/m) dZ2 A1ᵀ.")
    matrix_row([(outer, "dz2⁽ⁱ⁾ a1⁽ⁱ⁾ᵀ, one row per example", "dw2_outer",
                 {"row_prefix": "ex ", "col_prefix": "unit "})])
    matrix_row([(dW2, "dW2 = row average", "dw2_dW2", {"col_prefix": "unit "}),
                (db2, "db2 = mean of dZ2", "dw2_db2", {"col_prefix": "b"})])

    st.subheader("Why 1/m here, but not in dZ2")
    st.markdown(
        "dZ2 holds ∂L/∂z for each example separately: one loss, one example, nothing to "
        "average yet. W2 and b2 are different: one set of numbers serves all m examples, and J "
        "is the mean of their losses. The 1/m belongs to J, so it shows up at the one place the "
        f"examples meet, the sum over i inside dZ2 A1ᵀ. Here that sum is "
        f"{sci(float(np.sum(dZ2)))} for db2, and dividing by m = {m} gives "
        f"{sci(float(db2[0, 0]))}.")

    _dW2_example(walk, outer)
    st.subheader("From one example's gradient to dW2")
    steppage.derivation(_dW2_lines(m, sat[1]), state, DW2_SCRIPT)
    steppage.finish(state, "dW2", walk, DW2_SCRIPT)


def sci(v: float) -> str:
    """A number for prose: 4 significant digits, in e-notation when small."""
    return f"{v:.4f}" if abs(v) >= 0.01 or v == 0 else f"{v:.3e}"


def _dW2_example(walk: dict, outer: np.ndarray) -> None:
    st.subheader("One example")
    A1, dZ2 = walk["cache"]["A1"], walk["grads"]["dZ2"]
    dW2, db2 = walk["grads"]["dW2"], walk["grads"]["db2"]
    n_h, m = A1.shape
    i = pick_example(walk["Y"])
    dz = float(dZ2[0, i])
    row = [dz * float(A1[j, i]) for j in range(n_h)]
    # The averages as plain loops, to check them against the engine's matrix product.
    loop_dW2 = [sum(float(dZ2[0, k]) * float(A1[j, k]) for k in range(m)) / m for j in range(n_h)]
    loop_db2 = sum(float(v) for v in dZ2[0]) / m
    scalar, vector = example_columns(f"Example {i + 1} on its own", "All examples at once")
    with scalar:
        aligned([rf"dz^{{[2]({i + 1})}} &= {num(dz)}",
                 rf"a^{{[1]({i + 1})T}} &= {latex_matrix(A1[:, [i]].T, sig=3, max_cols=4)}",
                 rf"dz^{{[2]({i + 1})}}\,a^{{[1]({i + 1})T}} &= "
                 rf"{latex_matrix(np.array([row]), sig=3, max_cols=4)}"])
        st.caption(f"Entry j is ∂L⁽{i + 1}⁾/∂W2ⱼ = dz2 · a1ⱼ: unit j's activation, scaled by "
                   "the error. For b2 the factor is 1, so example "
                   f"{i + 1} contributes dz2 = {sci(dz)}.")
    with vector:
        st.code("dW2 = (1 / m) * dZ2 @ A1.T\n"
                "db2 = (1 / m) * np.sum(\n    dZ2, axis=1, keepdims=True)", language="python")
        aligned([rf"dW^{{[2]}} &= {latex_matrix(dW2, sig=3, max_cols=3)}",
                 rf"db^{{[2]}} &= {num(db2[0, 0], 3)}"])
    show_checks([
        (f"example {i + 1}'s gradient dz2·a1ᵀ = row {i + 1} of the table", row, outer[i]),
        (f"a loop averaging the {m} per-example gradients = dW2 from (1/m) dZ2 A1ᵀ", loop_dW2,
         dW2[0]),
        (f"a loop averaging the {m} entries of dZ2 = db2", loop_db2, db2[0, 0]),
    ])


def _dW2_lines(m: int, n_h: int) -> list[str]:
    return [
        r"For one example, $z^{[2]} = \sum_j W^{[2]}_j a^{[1]}_j + b^{[2]}$, so "
        r"$\frac{\partial z^{[2]}}{\partial W^{[2]}_j} = a^{[1]}_j$ and "
        r"$\frac{\partial z^{[2]}}{\partial b^{[2]}} = 1$.",
        r"Chain rule: $\frac{\partial L}{\partial W^{[2]}_j} = dz^{[2]}\,a^{[1]}_j$. As a row over "
        rf"the {n_h} units: $dz^{{[2]}}\,a^{{[1]T}}$, shape (1, {n_h}), like W2.",
        r"J averages the losses and every example uses the same W2, so "
        r"$\frac{\partial J}{\partial W^{[2]}} = \frac{1}{m}\sum_{i=1}^{m} "
        r"dz^{[2](i)}\,a^{[1](i)T}$.",
        r"A sum of (row × column) products over a shared index is a matrix product: "
        r"$\sum_i dz^{[2](i)}\,a^{[1](i)T} = dZ^{[2]}A^{[1]T}$, where i runs along the inner "
        f"dimension of size m = {m}.",
        r"Hence $dW^{[2]} = \frac{1}{m}\,dZ^{[2]}A^{[1]T}$. The transpose is what moves the "
        "example index to where the product sums it.",
        r"With a factor of 1 in place of $a^{[1]}$: $db^{[2]} = \frac{1}{m}\sum_i dz^{[2](i)}$, "
        "the row sum of dZ2 divided by m.",
    ]
