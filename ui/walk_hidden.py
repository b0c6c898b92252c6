"""Walk pages 7–8: back through the hidden activation (dZ1 = dA1 * g′(Z1)), then onto the
first layer's parameters (dW1 = (1/m) dZ1 Xᵀ, db1 = (1/m) Σ dZ1)."""

from __future__ import annotations

import numpy as np
import streamlit as st

import engine
from ui import charts, compute, figures, steppage
from ui.state import State
from ui.walkkit import (
    exact,
    example_columns,
    g_name,
    latex_matrix,
    matrix_row,
    num,
    paren,
    pexact,
    pick_example,
    show_checks,
    unit_lines,
)

DZ1_SCRIPT = "pages/07_dZ1.py"
DW1_SCRIPT = "pages/08_dW1_db1.py"
UNIT = {"row_prefix": "unit "}


# ---------------------------------------------------------------- page 7: dZ1 = dA1 * g′(Z1)

def render_dZ1(state: State) -> None:
    walk = compute.walk(state)
    Z1, A1 = walk["cache"]["Z1"], walk["cache"]["A1"]
    dA1, dZ1 = walk["grads"]["dA1"], walk["grads"]["dZ1"]
    act = engine.ACTIVATIONS[state.activation]
    gprime = act.derivative(Z1)
    shape = Z1.shape
    S = steppage.shaped
    gprime_symbol = r"g^{[1]\prime}(Z^{[1]})"
    steppage.formula(rf"{S('dZ^{[1]}', shape)} = {S('dA^{[1]}', shape)} * "
                     rf"{S(gprime_symbol, shape)}")
    st.caption("All three have the same shape: * multiplies entry by entry (NumPy's `*`), "
               "it is not a matrix product.")
    gp_name = "1[Z1 > 0]" if state.activation == "relu" else "g′(Z1)"
    matrix_row([(dA1, "dA1", "dz1_dA1", UNIT), (gprime, gp_name, "dz1_gprime", UNIT),
                (dZ1, "dZ1 = dA1 * g′(Z1)", "dz1_dZ1", UNIT)])

    st.subheader(f"g′ for {g_name(state)}, at this network's Z1")
    left, right = st.columns([3, 2], gap="large")
    with left:
        charts.show(derivative_figure, state.activation, Z1, gprime, key="dz1_gprime_plot")
    with right:
        st.latex(act.derivative_latex)
        st.markdown(_activation_note(state.activation, Z1, A1, gprime))
        if state.activation in ("tanh", "sigmoid"):
            from_a = act.derivative_from_output(A1)
            gap = float(np.max(np.abs(from_a - gprime)))
            formula = "1 − A1²" if state.activation == "tanh" else "A1 (1 − A1)"
            st.caption(f"{formula}, computed from the forward pass's A1, matches g′(Z1) "
                       f"to {gap:.1e}: that is why course code reuses A1 instead of Z1.")

    st.subheader("Why element-wise and not a matrix product")
    steppage.derivation(_dZ1_lines(), state, DZ1_SCRIPT)
    _dZ1_example(walk, act)
    _matmul_attempt(dA1, gprime)
    steppage.finish(state, "dZ1", walk, DZ1_SCRIPT)


def derivative_figure(activation: str, Z1: np.ndarray, gprime: np.ndarray):
    act = engine.ACTIVATIONS[activation]
    reach = max(4.0, float(np.max(np.abs(Z1))) * 1.2)
    z = np.linspace(-reach, reach, 401)
    fig = figures.function_plot(z, {"g(z)": act.forward(z), "g′(z)": act.derivative(z)},
                                f"g = {activation.replace('_', ' ')}: g and its slope g′",
                                points={"this network's Z1 entries": (Z1.ravel(),
                                                                      gprime.ravel())},
                                height=340)
    fig.update_layout(legend={"orientation": "h", "y": -0.22, "font": {"size": 12}})
    return fig


def _activation_note(activation: str, Z1: np.ndarray, A1: np.ndarray, gp: np.ndarray) -> str:
    lo, hi = float(np.min(gp)), float(np.max(gp))
    spread = f"Here g′(Z1) ranges from {lo:.4g} to {hi:.4g}."
    if activation == "relu":
        off = int(np.sum(Z1 <= 0))
        return (f"g′ is 1 where a unit is active (z > 0) and 0 where it is not, so g′(Z1) is a "
                f"mask. {off} of the {Z1.size} entries are off: no gradient flows back "
                "through them for that example.")
    if activation == "leaky_relu":
        return ("g′ is 1 for z > 0 and the small slope 0.01 otherwise, so a switched-off "
                f"unit still passes a trickle of gradient back. {spread}")
    if activation == "sigmoid":
        return ("σ′ = a(1 − a) is at most 1/4 (at z = 0), so every sigmoid layer shrinks the "
                f"gradient at least fourfold. {spread}")
    return (f"tanh′ = 1 − a² is at most 1 (at z = 0) and falls towards 0 as |z| grows, "
            f"where the unit saturates. {spread}")


def _dZ1_lines() -> list[str]:
    return [
        r"Within one example, $a^{[1]}_j = g(z^{[1]}_j)$: unit *j*'s activation depends on its "
        "own pre-activation and on no other unit's.",
        r"So the Jacobian $\partial a^{[1]}/\partial z^{[1]}$ has $g'(z^{[1]}_j)$ on the "
        "diagonal and zeros everywhere else: changing $z_j$ moves $a_j$ only.",
        r"Chain rule in the course's column layout: $dz^{[1]} = "
        r"\big(\partial a^{[1]}/\partial z^{[1]}\big)^T da^{[1]} = "
        r"\mathrm{diag}\big(g'(z^{[1]})\big)\,da^{[1]}$ (a diagonal matrix is its own transpose).",
        r"Multiplying a vector by a diagonal matrix just scales each entry: "
        r"$dz^{[1]}_j = da^{[1]}_j\,g'(z^{[1]}_j)$. That is the element-wise product "
        r"$da^{[1]} * g'(z^{[1]})$, without ever building the $n_h \times n_h$ matrix.",
        r"Every example is its own column, so for all of them at once: "
        r"$dZ^{[1]} = dA^{[1]} * g'(Z^{[1]}) = W^{[2]T}dZ^{[2]} * g'(Z^{[1]})$. Still no 1/m.",
    ]


def _dZ1_example(walk: dict, act) -> None:
    st.subheader("One example")
    Z1, dA1, dZ1 = walk["cache"]["Z1"], walk["grads"]["dA1"], walk["grads"]["dZ1"]
    n_h = Z1.shape[0]
    i = pick_example(walk["Y"])
    z, da = Z1[:, i], dA1[:, i]
    gp = act.derivative(z[:, None])[:, 0]
    loop = [float(da[j]) * float(gp[j]) + 0.0 for j in range(n_h)]  # + 0.0: no "−0" shown
    scalar, vector = example_columns(f"Example {i + 1}, one hidden unit at a time",
                                     "The whole column at once")
    with scalar:
        st.latex(rf"dz^{{[1]({i + 1})}}_j = da^{{[1]({i + 1})}}_j\;"
                 rf"g'\big(z^{{[1]({i + 1})}}_j\big)")
        unit_lines(lambda j: rf"dz_{{{j + 1}}} &= {paren(da[j], 3)}\cdot"
                             rf"\underbrace{{g'({num(z[j], 3)})}}_{{{exact(gp[j])}}} = "
                             rf"{exact(loop[j])}", n_h)
    with vector:
        st.code("dZ1 = dA1 * g_prime(Z1)", language="python")
        st.latex(rf"\text{{column {i + 1} of }} dZ^{{[1]}} = {latex_matrix(dZ1[:, [i]] + 0.0)}")
    if n_h <= 5:
        st.markdown("**The same product with the diagonal Jacobian written out:**")
        rows = [" & ".join(exact(gp[r]) if r == c else "0" for c in range(n_h))
                for r in range(n_h)]
        diagonal = r"\begin{bmatrix}" + r" \\ ".join(rows) + r"\end{bmatrix}"
        st.latex(rf"{diagonal}\;{latex_matrix(da[:, None], sig=3)}"
                 rf" = {latex_matrix(dZ1[:, [i]] + 0.0, sig=3)}")
        st.caption("Everything off the diagonal is zero, so each output entry is one diagonal "
                   "entry times one entry of da: exactly the element-wise product.")
    else:
        st.caption(f"Written as a matrix, the Jacobian would be {n_h}×{n_h} with "
                   f"{n_h * n_h - n_h} zeros off the diagonal; the element-wise product "
                   "skips all of them.")
    show_checks([(f"the {n_h} scalar products for example {i + 1} = column {i + 1} of dZ1",
                  loop, dZ1[:, i])])


def _matmul_attempt(dA1: np.ndarray, gprime: np.ndarray) -> None:
    n_h, m = dA1.shape
    st.markdown(f"**What if you wrote `dA1 @ g_prime(Z1)`?** Both are ({n_h}, {m}).")
    try:
        wrong = np.matmul(dA1, gprime)
    except ValueError as error:
        st.error("NumPy refuses, because the inner dimensions differ "
                 f"({m} ≠ {n_h}):", icon=":material/block:")
        st.code(f"ValueError: {error}", language=None, wrap_lines=True)
        return
    st.warning(f"Here n_h = m = {n_h}, so the product goes through and returns a ({n_h}, {m}) "
               f"matrix, but its numbers mix units and examples (largest difference from dZ1: "
               f"{float(np.max(np.abs(wrong - dA1 * gprime))):.3g}). No shape error warns you; "
               "the gradient check on step 9 does.", icon=":material/warning:")


# ---------------------------------------------------------------- page 8: dW1 and db1

def outer_products(dZ1: np.ndarray, X: np.ndarray) -> np.ndarray:
    """Example i's own gradient dz1⁽ⁱ⁾ x⁽ⁱ⁾ᵀ for every i: shape (m, n_h, n_x)."""
    return np.einsum("ji,ki->ijk", dZ1, X)


def render_dW1(state: State) -> None:
    walk = compute.walk(state)
    X, dZ1 = walk["X"], walk["grads"]["dZ1"]
    dW1, db1 = walk["grads"]["dW1"], walk["grads"]["db1"]
    (n_h, m), n_x = dZ1.shape, X.shape[0]
    S = steppage.shaped
    left, right = st.columns([3, 2])
    with left:
        steppage.formula(rf"{S('dW^{[1]}', (n_h, n_x))} = \frac{{1}}{{m}}\,"
                         rf"{S('dZ^{[1]}', (n_h, m))}\,{S('X^T', (m, n_x))}")
        st.caption(f"dZ1 Xᵀ: {engine.product_text(walk['shapes'], 'dZ1', 'XT')} — the shape "
                   "of W1.")
    with right:
        steppage.formula(rf"{S('db^{[1]}', (n_h, 1))} = \frac{{1}}{{m}}"
                         rf"\sum_{{i=1}}^{{m}} dZ^{{[1](i)}}")
        st.caption("np.sum(dZ1, axis=1, keepdims=True) / m")
    st.markdown(
        "Step 5 one layer down: there, the error dZ2 met the layer's input A1; here dZ1 meets "
        f"this layer's input, X. W1 serves all {m} examples, so its gradient averages their "
        f"{m} contributions, and Xᵀ puts the example index on the inner dimension where the "
        "matrix product sums it.")
    matrix_row([(dZ1, "dZ1", "dw1_dZ1", UNIT),
                (X.T, "Xᵀ", "dw1_XT", {"row_prefix": "ex ", "col_prefix": "x"}),
                (dW1, "dW1", "dw1_dW1", {**UNIT, "col_prefix": "x"}),
                (db1, "db1", "dw1_db1", {**UNIT, "col_prefix": "b"})])

    st.subheader(f"dW1 is the average of {m} per-example gradients")
    outer = outer_products(dZ1, X)
    i = pick_example(walk["Y"])
    st.markdown(f"Example *i* on its own would ask for dz1⁽ⁱ⁾ x⁽ⁱ⁾ᵀ: an ({n_h}, 1) column "
                f"times a (1, {n_x}) row, an outer product the shape of W1. Averaging the {m} "
                "of them gives dW1.")
    matrix_row([(outer[i], f"example {i + 1}: dz1 xᵀ", "dw1_outer_i",
                 {**UNIT, "col_prefix": "x"}),
                (outer.mean(axis=0), f"mean of the {m} outer products", "dw1_outer_mean",
                 {**UNIT, "col_prefix": "x"})])
    _dW1_example(walk, outer, i)
    st.subheader("From one example's gradient to dW1")
    steppage.derivation(_dW1_lines(n_h, n_x, m), state, DW1_SCRIPT)
    steppage.finish(state, "dW1", walk, DW1_SCRIPT)


def _dW1_example(walk: dict, outer: np.ndarray, i: int) -> None:
    X, dZ1 = walk["X"], walk["grads"]["dZ1"]
    dW1, db1 = walk["grads"]["dW1"], walk["grads"]["db1"]
    n_h, m = dZ1.shape
    # One entry, W1[1, 1], built as the course's sum over examples with plain Python.
    terms = [float(dZ1[0, k]) * float(X[0, k]) + 0.0 for k in range(m)]
    loop_entry = sum(terms) / m
    loop_db = [sum(float(dZ1[j, k]) for k in range(m)) / m for j in range(n_h)]
    scalar, vector = example_columns(f"Example {i + 1}, and one entry of dW1",
                                     "All examples at once")
    with scalar:
        st.latex(rf"\frac{{\partial L^{{({i + 1})}}}}{{\partial W^{{[1]}}_{{jk}}}} = "
                 rf"dz^{{[1]({i + 1})}}_j\,x^{{({i + 1})}}_k")
        st.latex(rf"\frac{{\partial L^{{({i + 1})}}}}{{\partial W^{{[1]}}_{{11}}}} = "
                 rf"{pexact(dZ1[0, i], 4)}\cdot{pexact(X[0, i], 4)} = {exact(outer[i, 0, 0], 4)}")
    with vector:
        st.code("dW1 = dZ1 @ X.T / m\ndb1 = np.sum(dZ1, axis=1,\n             keepdims=True) / m",
                language="python")
        st.latex(rf"dW^{{[1]}} = {latex_matrix(dW1, sig=3)}")
    shown = " + ".join(exact(t) if k == 0 else pexact(t) for k, t in enumerate(terms[:4]))
    more = r" + \cdots" if m > 4 else ""
    st.latex(rf"dW^{{[1]}}_{{11}} = \frac{{1}}{{{m}}}\sum_{{i=1}}^{{{m}}} dz^{{[1](i)}}_1\,"
             rf"x^{{(i)}}_1 = \frac{{1}}{{{m}}}\big({shown}{more}\big) = {num(loop_entry)}")
    show_checks([
        (f"example {i + 1}'s outer product dz1·xᵀ = its (j, k) products dz1ⱼ·xₖ",
         np.outer(dZ1[:, i], X[:, i]), outer[i]),
        (f"the mean of the {m} outer products = (1/m) dZ1 Xᵀ", outer.mean(axis=0), dW1),
        (f"a loop averaging the {m} terms of entry (1, 1) = dW1[1, 1]", loop_entry, dW1[0, 0]),
        (f"a loop averaging each row of dZ1 = db1 ({n_h} entries)", loop_db, db1[:, 0]),
    ])


def _dW1_lines(n_h: int, n_x: int, m: int) -> list[str]:
    return [
        r"For one example, $z^{[1]}_j = \sum_k W^{[1]}_{jk}\,x_k + b^{[1]}_j$, so "
        r"$\partial z^{[1]}_j / \partial W^{[1]}_{jk} = x_k$ and "
        r"$\partial z^{[1]}_j / \partial b^{[1]}_j = 1$. No other $z$ depends on $W^{[1]}_{jk}$.",
        r"Chain rule: $\partial L / \partial W^{[1]}_{jk} = dz^{[1]}_j\,x_k$. Over all *j* and "
        rf"*k* that is the outer product $dz^{{[1]}}x^T$, ({n_h}, 1)·(1, {n_x}) → "
        f"({n_h}, {n_x}), like W1.",
        r"J is the mean of the m losses and every example uses the same W1: "
        r"$\frac{\partial J}{\partial W^{[1]}} = \frac{1}{m}\sum_i dz^{[1](i)}x^{(i)T}$.",
        r"A sum over *i* of column-times-row products is one matrix product: "
        rf"$\sum_i dz^{{[1](i)}}x^{{(i)T}} = dZ^{{[1]}}X^T$, with *i* (m = {m}) as the inner "
        "dimension.",
        r"So $dW^{[1]} = \frac{1}{m}dZ^{[1]}X^T$, and with the factor 1 in place of x: "
        r"$db^{[1]} = \frac{1}{m}\sum_i dz^{[1](i)}$, the row means of dZ1.",
        r"It is step 5 again with $A^{[1]}$ replaced by $X = A^{[0]}$: every layer's "
        r"$dW^{[l]} = \frac{1}{m}dZ^{[l]}A^{[l-1]T}$.",
    ]
