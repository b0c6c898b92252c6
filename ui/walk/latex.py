"""Numbers, matrices and worked lines written for LaTeX, the same way on every step."""

from __future__ import annotations

import math

import numpy as np
import streamlit as st

import engine
from ui.charts.matrix import readable_decimals
from ui.state import State

SHOWN_UNITS = 4  # scalar lines written out per example before "⋮"


def num(v: float, sig: int = 4) -> str:
    """LaTeX for a number with `sig` significant digits; tiny numbers as a × 10^k; ±∞, and
    NaN (0/0 or ∞·0, which a saturated sigmoid produces) as "undefined"."""
    v = float(v)
    if not math.isfinite(v):
        return r"\text{undefined}" if math.isnan(v) else (r"\infty" if v > 0 else r"-\infty")
    if v == 0 or 1e-3 <= abs(v) < 1e5:
        decimals = max(sig - 1 - math.floor(math.log10(abs(v))), 0) if v else sig - 1
        return f"{v:.{min(decimals, 8)}f}"
    mantissa, exponent = f"{v:.{sig - 1}e}".split("e")
    return rf"{mantissa}\times 10^{{{int(exponent)}}}"


def paren(v: float, sig: int = 4) -> str:
    """`num`, bracketed when negative, for substituting into a product."""
    text = num(v, sig)
    return f"({text})" if v < 0 else text


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


def latex_matrix(M: np.ndarray, sig: int = 4, max_rows: int = 6, max_cols: int = 6) -> str:
    """A bmatrix of M's numbers, all with the same decimals (the largest entry gets `sig`
    significant digits); long sides show their first entries and a ⋮ or ⋯."""
    M = np.atleast_2d(np.asarray(M, dtype=float))
    decimals = readable_decimals(M, sig)
    rows = M.shape[0] if M.shape[0] <= max_rows else max_rows - 1
    cols = M.shape[1] if M.shape[1] <= max_cols else max_cols - 1
    lines = []
    for r in range(rows):
        cells = [f"{v:.{decimals}f}" if math.isfinite(v) else num(v)
                 for v in (float(M[r, c]) for c in range(cols))]
        if cols < M.shape[1]:
            cells.append(r"\cdots")
        lines.append(" & ".join(cells))
    if rows < M.shape[0]:
        lines.append(" & ".join([r"\vdots"] * (cols + (cols < M.shape[1]))))
    return r"\begin{bmatrix}" + r" \\ ".join(lines) + r"\end{bmatrix}"


def aligned(lines: list[str], small: bool = True) -> None:
    """LaTeX lines aligned on their `&`, as one block: a worked example reads top to bottom."""
    body = r" \\[6pt] ".join(lines)
    st.latex((r"\small" if small else "") + rf"\begin{{aligned}}{body}\end{{aligned}}")


def unit_lines(line, n_h: int) -> None:
    """`line(j)` for the first SHOWN_UNITS hidden units as one aligned block, then "⋮"."""
    lines = [line(j) for j in range(min(n_h, SHOWN_UNITS))]
    if n_h > SHOWN_UNITS:
        lines.append(rf"&\;\;\vdots \quad \text{{{n_h - SHOWN_UNITS} more units}}")
    st.latex(r"\begin{aligned}" + r" \\ ".join(lines) + r"\end{aligned}")


def g_latex(state: State) -> str:
    return {"tanh": r"\tanh", "sigmoid": r"\sigma", "relu": r"\mathrm{relu}",
            "leaky_relu": r"\mathrm{leaky}"}[state.activation]


def g_name(state: State) -> str:
    return {"sigmoid": "σ", "leaky_relu": "leaky ReLU", "relu": "ReLU"}.get(state.activation,
                                                                           state.activation)


def product_caption(table: dict, left: str, right: str) -> str:
    """E.g. "W1 X: (n_h, n_x) · (n_x, m) → (n_h, m), here (4, 2) · (2, 4) → (4, 4)"."""
    return (f"{left} {right.removesuffix('T') + ('ᵀ' if right.endswith('T') else '')}: "
            f"{engine.product_text(table, left, right, symbolic=True)}, here "
            f"{engine.product_text(table, left, right)}")


def shapes_of(walk: dict, *names: str) -> list[tuple[int, ...]]:
    table = walk["shapes"]
    return [tuple(table[n].shape) for n in names]
