"""Walk pages 6–8: the gradient crosses into the hidden layer.

Step 6 sends dZ2 back through the weights (dA1 = W2ᵀ dZ2), step 7 back through the
activation (dZ1 = dA1 * g′(Z1)), step 8 onto the first layer's parameters
(dW1 = (1/m) dZ1 Xᵀ, db1 = (1/m) Σ dZ1). Step 6 also holds the shape
puzzle: every order and transpose of W2 and dZ2, run through NumPy on the live arrays.
"""

from __future__ import annotations

import math

import numpy as np
import plotly.graph_objects as go
import streamlit as st

import engine
from ui import compute, figures, steppage
from ui.state import State
from ui.walk_forward import (
    example_columns,
    g_name,
    latex_matrix,
    num,
    paren,
    pick_example,
    readable_decimals,
    show_checks,
)

DA1_SCRIPT = "pages/06_dA1_transpose.py"
DZ1_SCRIPT = "pages/07_dZ1.py"
DW1_SCRIPT = "pages/08_dW1_db1.py"
SHOWN_UNITS = 4  # scalar lines written out per example before "⋮"
UNIT = {"row_prefix": "unit "}


def exact(v: float, sig: int = 3) -> str:
    """`num`, but an exact 0 or 1 (relu's slopes) is written as such, never as −0.00."""
    v = float(v) + 0.0
    return str(int(v)) if v in (0.0, 1.0) else num(v, sig)


def pexact(v: float, sig: int = 3) -> str:
    """`exact`, bracketed when negative, for substituting into a product."""
    text = exact(v, sig)
    return f"({text})" if text.startswith("-") else text


def dims(shape: tuple[int, ...]) -> str:
    return "(" + ", ".join(str(d) for d in shape) + ")"


# ---------------------------------------------------------------- matrices on screen

ROW_PX = 820  # main column width at 1280 px with the sidebar open
TEXT_ROWS, TEXT_COLS = 16, 12  # beyond this a heatmap shows colour only (values on hover)


def small_unit(M: np.ndarray) -> tuple[np.ndarray, str]:
    """M in units of a power of ten when its entries would print as 0.000…, plus the unit."""
    peak = float(np.max(np.abs(M))) if np.size(M) else 0.0
    if peak == 0 or peak >= 1e-3:
        return M, ""
    power = math.floor(math.log10(peak))
    return M / 10.0**power, f" ×1e{power}"


def matrix_figure(M: np.ndarray, name: str, row_prefix: str = "",
                  col_prefix: str = "ex ") -> go.Figure:
    """figures.matrix_heatmap with room for its title above the column labels, tiny values
    shown in a power-of-ten unit, and colour only (plus a scale) once cells get too small."""
    M = np.atleast_2d(np.asarray(M, dtype=float)) + 0.0  # relu's −0.0 would print as "-0.000"
    rows, cols = M.shape
    shown, unit = small_unit(M)
    name = name.replace("ᵀ", "<sup>T</sup>")  # Plotly's fonts lack a superscript-T glyph
    fig = figures.matrix_heatmap(shown, name + unit, dims(M.shape), row_prefix=row_prefix,
                                 col_prefix=col_prefix, decimals=readable_decimals(shown))
    if rows > TEXT_ROWS or cols > TEXT_COLS:
        fig.update_traces(texttemplate="", xgap=1 if cols > 30 else 2, ygap=1,
                          showscale=rows >= 4,
                          colorbar={"thickness": 10, "len": 0.95, "tickfont": {"size": 10}})
        height = min(80 + 12 * rows, 640) if rows > 2 else 66 + 34 * rows
    else:
        height = 66 + 34 * rows
    fig.update_layout(height=height + 6, margin={"l": 8, "r": 8, "t": 62, "b": 6},
                      title={"y": 1, "yref": "container", "yanchor": "top", "pad": {"t": 8}})
    if cols > 8:  # label every few columns so the labels never run into each other
        step = math.ceil(cols / 6)
        fig.update_xaxes(tickmode="array",
                         tickvals=[f"{col_prefix}{j + 1}" for j in range(0, cols, step)])
    small = {"size": 11}
    fig.update_xaxes(tickfont=small, tickangle=0, automargin=True)
    fig.update_yaxes(tickfont=small, automargin=True)
    return fig


def _width_px(M: np.ndarray, name: str, row_prefix: str) -> int:
    rows, cols = np.atleast_2d(M).shape
    label = 14 + 7 * (len(row_prefix) + len(str(rows)))
    if rows > TEXT_ROWS or cols > TEXT_COLS:
        body = max(12 * cols, 140) + 50  # colour bar
    else:
        shown, _ = small_unit(np.atleast_2d(M))
        chars = max(len(f"{v:.{readable_decimals(shown)}f}") for v in np.ravel(shown))
        body = cols * max(7 * chars + 14, 40)
    title = 9 * (len(name) + 12) + 10
    return max(label + body, title, 180)


def matrix_row(items: list[tuple[np.ndarray, str, str, dict]]) -> None:
    """Heatmaps (M, name, key, {row_prefix, col_prefix}) left to right, each as wide as its
    values need, wrapping onto a new row when the screen is full."""
    rows: list[list[tuple]] = [[]]
    used = 0
    for item in items:
        M, name, _, kwargs = item
        width = _width_px(M, name, kwargs.get("row_prefix", ""))
        if rows[-1] and used + width > ROW_PX:
            rows.append([])
            used = 0
        rows[-1].append((*item, width))
        used += width + 16
    for row in rows:
        widths = [w for *_, w in row]
        spare = ROW_PX - sum(widths) - 16 * (len(row) - 1)
        columns = st.columns([*widths, spare] if spare > 40 else widths, gap="medium")
        for column, (M, name, key, kwargs, _) in zip(columns, row, strict=False):
            with column:
                st.plotly_chart(matrix_figure(M, name, **kwargs), config=figures.CHART_CONFIG,
                                key=key)


def show_matrix(M: np.ndarray, name: str, key: str, **kwargs) -> None:
    matrix_row([(M, name, key, kwargs)])


# ---------------------------------------------------------------- page 6: dA1 = W2ᵀ dZ2

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
    render_puzzle(W2, dZ2, dA1)
    steppage.check_caption(walk["rel_errors"])
    steppage.quiz(state, "dA1", walk)
    steppage.footer(DA1_SCRIPT)


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
        lines = []
        for j in range(min(n_h, SHOWN_UNITS)):
            terms = " + ".join(rf"{paren(W2[k, j])}\cdot{paren(dZ2[k, i])}" for k in range(n_y))
            lines.append(rf"da_{{{j + 1}}} &= {terms} = {num(loop[j])}")
        if n_h > SHOWN_UNITS:
            lines.append(rf"&\;\;\vdots \quad \text{{{n_h - SHOWN_UNITS} more units}}")
        st.latex(r"\begin{aligned}" + r" \\ ".join(lines) + r"\end{aligned}")
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


# ---------------------------------------------------------------- the shape puzzle

# Each candidate: (label, how NumPy would compute it from W2 and dZ2).
CANDIDATES: dict[str, object] = {
    "W2 · dZ2": lambda W, D: np.matmul(W, D),
    "dZ2 · W2": lambda W, D: np.matmul(D, W),
    "W2ᵀ · dZ2": lambda W, D: np.matmul(W.T, D),
    "dZ2 · W2ᵀ": lambda W, D: np.matmul(D, W.T),
    "dZ2ᵀ · W2": lambda W, D: np.matmul(D.T, W),
    "W2 · dZ2ᵀ": lambda W, D: np.matmul(W, D.T),
    "W2ᵀ · dZ2ᵀ": lambda W, D: np.matmul(W.T, D.T),
    "dZ2ᵀ · W2ᵀ": lambda W, D: np.matmul(D.T, W.T),
    "W2ᵀ * dZ2  (element-wise)": lambda W, D: W.T * D,
}
CORRECT = "W2ᵀ · dZ2"


def judge(label: str, W2: np.ndarray, dZ2: np.ndarray, dA1: np.ndarray) -> dict[str, object]:
    """Run one candidate on the live arrays: does it multiply, is the shape right, the values?"""
    try:
        result = CANDIDATES[label](W2, dZ2)
    except ValueError as error:  # NumPy's own words for a shape mismatch
        return {"label": label, "runs": False, "error": str(error), "result": None,
                "shape": None, "right_shape": False, "right_values": False, "transposed": False}
    right_shape = result.shape == dA1.shape
    return {
        "label": label, "runs": True, "error": None, "result": result, "shape": result.shape,
        "right_shape": right_shape,
        "right_values": right_shape and bool(np.allclose(result, dA1, rtol=1e-12, atol=0)),
        "transposed": result.shape == dA1.T.shape and dA1.size > 1
        and bool(np.allclose(result, dA1.T, rtol=1e-12, atol=0)),
    }


def _operand_shapes(label: str, W2: np.ndarray, dZ2: np.ndarray) -> str:
    shape = {"W2ᵀ": W2.T.shape, "W2": W2.shape, "dZ2ᵀ": dZ2.T.shape, "dZ2": dZ2.shape}
    left, _, right = label.split("  ")[0].partition(" · " if "·" in label else " * ")
    return f"{dims(shape[left])} {'·' if '·' in label else '*'} {dims(shape[right])}"


def _why_it_works(verdict: dict, n_h: int, m: int) -> str:
    """An honest note when a formula other than W2ᵀ·dZ2 happens to give the right numbers."""
    label = verdict["label"]
    if label == CORRECT or not verdict["right_values"]:
        return ""
    if "*" in label:
        return ("It works here only because the network has one output unit: then W2ᵀ dZ2 "
                "multiplies a column by a row, and NumPy's broadcasting makes the same outer "
                "product. With several output units it would fail or give wrong numbers.")
    reasons = []
    if n_h == 1:
        reasons.append("n_h = 1 makes W2 a 1×1 matrix, so transposing it changes nothing")
    if m == 1:
        reasons.append("m = 1 makes dZ2 a 1×1 matrix, so transposing it changes nothing")
    return ("Right numbers, but by luck: " + "; ".join(reasons) +
            ". Change the setting and this formula breaks, so do not rely on it.")


def render_puzzle(W2: np.ndarray, dZ2: np.ndarray, dA1: np.ndarray) -> None:
    n_h, m = dA1.shape
    st.markdown(
        f"You have W2 {dims(W2.shape)} and dZ2 {dims(dZ2.shape)} and need dA1, which must "
        f"be {dims(dA1.shape)}. Pick an order and which factors to transpose; the app runs it "
        "with NumPy on this network's own arrays.")
    choice = st.pills("Your formula", list(CANDIDATES), key="puzzle", selection_mode="single")
    if choice is None:
        st.caption("Pick a formula above to see what NumPy makes of it.")
    else:
        _show_verdict(judge(choice, W2, dZ2, dA1), W2, dZ2, n_h, m)
    with st.expander("Every formula at once (spoiler)"):
        rows = []
        for label in CANDIDATES:
            v = judge(label, W2, dZ2, dA1)
            rows.append({
                "formula": label, "operands": _operand_shapes(label, W2, dZ2),
                "multiplies": "yes" if v["runs"] else "no: shape error",
                "result": dims(v["shape"]) if v["runs"] else "—",
                f"shape {dims(dA1.shape)}": "✓" if v["right_shape"] else "✗",
                "values = dA1": "✓" if v["right_values"] else
                ("✗ transposed" if v["transposed"] else "✗"),
            })
        st.dataframe(rows, hide_index=True, key="puzzle_table")


def _show_verdict(v: dict, W2: np.ndarray, dZ2: np.ndarray, n_h: int, m: int) -> None:
    label, operands = v["label"], _operand_shapes(v["label"], W2, dZ2)
    if not v["runs"]:
        st.error(f"**{label}** does not multiply: {operands}. In a matrix product the "
                 "left factor's column count must equal the right factor's row count. "
                 "NumPy says:", icon=":material/block:")
        st.code(f"ValueError: {v['error']}", language=None, wrap_lines=True)
        return
    yes, no = ":material/check_circle:", ":material/cancel:"
    lines = [f"{yes} multiplies: {operands} → {dims(v['shape'])}"]
    if v["right_shape"]:
        lines.append(f"{yes} shape {dims(v['shape'])} is dA1's shape (n_h, m)")
    else:
        lines.append(f"{no} shape {dims(v['shape'])}, but dA1 must be ({n_h}, {m}) = (n_h, m)")
    if v["right_values"]:
        lines.append(f"{yes} the numbers equal dA1")
    elif v["transposed"]:
        lines.append(f"{no} the numbers are dA1's, but transposed: examples would be rows")
    else:
        lines.append(f"{no} the numbers are not dA1")
    if v["right_values"] and label == CORRECT:
        st.success("  \n".join(lines) + "  \nThat is the course's formula.")
    elif v["right_values"]:
        st.warning("  \n".join(lines) + "  \n" + _why_it_works(v, n_h, m))
    else:
        note = ""
        if v["right_shape"]:
            note = (f"  \nThe shape only fits because n_h = m = {n_h} here: a shape check alone "
                    "would not catch this one. The gradient check on step 9 would.")
        st.error("  \n".join(lines) + note)
    if v["result"].size <= 400:
        show_matrix(v["result"], f"{label.split('  ')[0]} (what NumPy computed)",
                    "puzzle_result", col_prefix="")


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
        st.plotly_chart(derivative_figure(state.activation, Z1, gprime),
                        config=figures.CHART_CONFIG, key="dz1_gprime_plot")
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
    steppage.check_caption(walk["rel_errors"])
    steppage.quiz(state, "dZ1", walk)
    steppage.footer(DZ1_SCRIPT)


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
        lines = [rf"dz_{{{j + 1}}} &= {paren(da[j], 3)}\cdot"
                 rf"\underbrace{{g'({num(z[j], 3)})}}_{{{exact(gp[j])}}} = {exact(loop[j])}"
                 for j in range(min(n_h, SHOWN_UNITS))]
        if n_h > SHOWN_UNITS:
            lines.append(rf"&\;\;\vdots \quad \text{{{n_h - SHOWN_UNITS} more units}}")
        st.latex(r"\begin{aligned}" + r" \\ ".join(lines) + r"\end{aligned}")
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
    steppage.check_caption(walk["rel_errors"])
    steppage.quiz(state, "dW1", walk)
    steppage.footer(DW1_SCRIPT)


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
