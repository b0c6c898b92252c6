"""The shape puzzle of the transpose step (a helper of ui/walk/transpose.py, not a step):
every order and transpose of W2 and dZ2, run through NumPy on the live arrays, with an
honest verdict on each. Its sentences are in the step's content file."""

from __future__ import annotations

import numpy as np
import streamlit as st

from ui.charts import matrix, replay
from ui.walk.latex import dims

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


def operand_shapes(label: str, W2: np.ndarray, dZ2: np.ndarray) -> str:
    """The candidate with its factors' live shapes, e.g. "(4, 1) · (1, 4)"."""
    shape = {"W2ᵀ": W2.T.shape, "W2": W2.shape, "dZ2ᵀ": dZ2.T.shape, "dZ2": dZ2.shape}
    left, _, right = label.split("  ")[0].partition(" · " if "·" in label else " * ")
    return f"{dims(shape[left])} {'·' if '·' in label else '*'} {dims(shape[right])}"


def why_it_works(ctx, verdict: dict, n_h: int, m: int) -> str:
    """An honest note when a formula other than W2ᵀ·dZ2 happens to give the right numbers."""
    label = verdict["label"]
    if label == CORRECT or not verdict["right_values"]:
        return ""
    if "*" in label:
        return ctx.text("luck_elementwise")
    reasons = []
    if n_h == 1:
        reasons.append(ctx.text("luck_n_h"))
    if m == 1:
        reasons.append(ctx.text("luck_m"))
    return ctx.text("luck", reasons="; ".join(reasons))


def render(ctx, W2: np.ndarray, dZ2: np.ndarray, dA1: np.ndarray) -> None:
    """The puzzle: pick a formula and see NumPy's verdict, with every verdict in a table."""
    n_h, m = dA1.shape
    ctx.markdown("puzzle", W2=dims(W2.shape), dZ2=dims(dZ2.shape), dA1=dims(dA1.shape))
    choice = st.pills("Your formula", list(CANDIDATES), key="puzzle", selection_mode="single")
    if choice is None:
        st.caption(ctx.text("puzzle_pick"))
    else:
        _show_verdict(ctx, judge(choice, W2, dZ2, dA1), W2, dZ2, n_h, m)
    with st.expander("Every formula at once (spoiler)"):
        rows = []
        for label in CANDIDATES:
            v = judge(label, W2, dZ2, dA1)
            rows.append({
                "formula": label, "operands": operand_shapes(label, W2, dZ2),
                "multiplies": "yes" if v["runs"] else "no: shape error",
                "result": dims(v["shape"]) if v["runs"] else "—",
                f"shape {dims(dA1.shape)}": "✓" if v["right_shape"] else "✗",
                "values = dA1": "✓" if v["right_values"] else
                ("✗ transposed" if v["transposed"] else "✗"),
            })
        replay.element(st.dataframe, rows, hide_index=True, key="puzzle_table")


def _show_verdict(ctx, v: dict, W2: np.ndarray, dZ2: np.ndarray, n_h: int, m: int) -> None:
    label, operands = v["label"], operand_shapes(v["label"], W2, dZ2)
    if not v["runs"]:
        st.error(ctx.text("puzzle_no_product", label=label, operands=operands),
                 icon=":material/block:")
        st.code(f"ValueError: {v['error']}", language=None, wrap_lines=True)
        return
    shape = dims(v["shape"])
    lines = [ctx.text("verdict_multiplies", operands=operands, shape=shape)]
    if v["right_shape"]:
        lines.append(ctx.text("verdict_right_shape", shape=shape))
    else:
        lines.append(ctx.text("verdict_wrong_shape", shape=shape, n_h=n_h, m=m))
    if v["right_values"]:
        lines.append(ctx.text("verdict_right_values"))
    elif v["transposed"]:
        lines.append(ctx.text("verdict_transposed"))
    else:
        lines.append(ctx.text("verdict_wrong_values"))
    if v["right_values"] and label == CORRECT:
        st.success("  \n".join(lines) + "  \n" + ctx.text("verdict_course"))
    elif v["right_values"]:
        st.warning("  \n".join(lines) + "  \n" + why_it_works(ctx, v, n_h, m))
    else:
        note = ""
        if v["right_shape"]:
            note = "  \n" + ctx.text("verdict_square", n_h=n_h)
        st.error("  \n".join(lines) + note)
    if v["result"].size <= 400:
        matrix.show_matrix(v["result"], f"{label.split('  ')[0]} (what NumPy computed)",
                           "puzzle_result", col_prefix="")
