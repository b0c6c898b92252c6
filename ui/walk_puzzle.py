"""The shape puzzle of page 6: every order and transpose of W2 and dZ2, run through NumPy
on the live arrays, with an honest verdict on each."""

from __future__ import annotations

import numpy as np
import streamlit as st

from ui.walkkit import dims, show_matrix

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
