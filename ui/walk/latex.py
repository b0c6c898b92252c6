"""Numbers, matrices and worked lines written for LaTeX, the same way on every step."""

from __future__ import annotations

import math
import re

import numpy as np
import streamlit as st

import engine
from ui import content
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
        return f"{v:.{min(decimals, MOST_DIGITS + 3)}f}"
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
    return bracket(exact(v, sig))


def bracket(text: str) -> str:
    """A written number, bracketed when negative, for substituting into a product."""
    return f"({text})" if text.startswith("-") else text


def plain(v: float, sig: int = 4) -> str:
    """`num` for prose, where no LaTeX is rendered: 1.234e-5 in place of 1.234 × 10⁻⁵."""
    return re.sub(r"\\times 10\^\{(-?\d+)\}", r"e\1", num(v, sig))


# A number as `num`, `exact`, `plain` and `latex_matrix` write it: 0.0123, -4, 1.250\times
# 10^{-5}, 1.250e-5.
_NUMBER = re.compile(r"(-?\d+(?:\.\d*)?)(?:\\times\s*10\^\{(-?\d+)\}|e(-?\d+))?")
MOST_DIGITS = 17  # the most an input of a worked line is given: all a float64 holds


def _number(mantissa: str, power: str, e_power: str) -> float:
    power = power or e_power
    return float(f"{mantissa}e{power}" if power else mantissa)


def value_of(text: str) -> float:
    """The number a number written by `num`, `exact` or `plain` stands for ("(-1.250\times
    10^{-3})" → −0.00125), read as a learner reads it."""
    match = _NUMBER.fullmatch(text.strip().removeprefix("(").removesuffix(")"))
    if match is None:
        raise ValueError(f"not a written number: {text!r}")
    return _number(*match.groups())


def values_of(text: str) -> np.ndarray:
    """Every number written in `text` (a `latex_matrix`, say), in reading order."""
    return np.array([_number(*groups) for groups in _NUMBER.findall(text)])


def _rounded(write):
    """`write` without exact()'s special case: 1.0000000000000004 and 1.0 both read "1.0"."""
    return num if write is exact else write


def digits_for(f, values, result: float, sig: int = 3, least: int | None = None,
               write=exact) -> int | None:
    """The fewest significant digits, from `least` (default `sig`) up, that `values` need so
    that f of them as written, written with `sig` digits, is `result` written with `sig`
    digits (None if none up to MOST_DIGITS does: a rounding tie in the last digit)."""
    rounded = _rounded(write)
    shown = rounded(result, sig)
    for digits in range(least or sig, MOST_DIGITS + 1):
        again = f(*(value_of(write(v, digits)) for v in values))
        if rounded(again, sig) == shown and (again == result or result not in (0.0, 1.0)):
            return digits
    return None


def worked(f, values, result: float | None = None, sig: int = 3, least: int | None = None,
           write=exact) -> tuple[list[str], str]:
    """The inputs and the result of a worked line (a product, say), written so that the line
    checks by hand: f of the inputs as shown, written like the result, is the result shown.

    The result (by default f(*values)) gets `sig` significant digits; every input gets the
    same number of digits, the fewest from `least` (default `sig`) up for which the line
    checks (`digits_for`). `write` is `exact` (LaTeX, exact 0 and 1 as such) or `plain`
    (prose). So a line never reads like 0.997 × 0.0028 = 0.0027, where the inputs as shown
    give 0.0028. Returns (input texts, result text).
    """
    values = [float(v) for v in values]
    result = f(*values) if result is None else float(result)
    if not all(math.isfinite(v) for v in (*values, result)):
        return [write(v, least or sig) for v in values], write(result, sig)
    digits = digits_for(f, values, result, sig, least, write)
    texts = [write(v, digits or MOST_DIGITS) for v in values]
    if digits is None:  # a tie: write the result the inputs as shown give
        return texts, _rounded(write)(f(*map(value_of, texts)), sig)
    return texts, write(result, sig)


def common_digits(lines, sig: int = 3) -> int:
    """The digits every input of `lines` ((f, values, result) each) needs for each line to
    check by hand (`digits_for`), so a number that appears in several lines is written alike."""
    needed = [digits_for(f, [float(v) for v in values], float(result), sig)
              for f, values, result in lines
              if all(map(math.isfinite, (*map(float, values), float(result))))]
    return max((d for d in needed if d is not None), default=sig)


def worked_rows(lines, sig: int = 3) -> list[tuple[list[str], str]]:
    """`worked` for several lines ((f, values, result) each, one per unit, say), every input
    with the same number of digits (`common_digits`)."""
    least = common_digits(lines, sig)
    return [worked(f, values, result, sig, least) for f, values, result in lines]


def worked_sum_of_products(pairs, result: float, sig: int = 4) -> tuple[list[list[str]],
                                                                        list[str], str]:
    """A line a₁b₁ + a₂b₂ + … = t₁ + t₂ + … = result that checks by hand at both "=": the
    terms t as shown add up to the result as shown, and each pair as shown multiplies to its
    term as shown. `pairs` is [(a, b), …]. Returns (factor texts per pair, term texts, result
    text); a negative term's text keeps its sign, for the caller to write as " − |t|"."""
    def add(*t: float) -> float:
        return sum(t)

    products = [float(a) * float(b) for a, b in pairs]
    digits = digits_for(add, products, result, sig) or MOST_DIGITS  # the terms' digits
    rows = worked_rows([(lambda a, b: a * b, pair, p) for pair, p in zip(pairs, products,
                                                                         strict=True)], digits)
    terms = [term for _, term in rows]
    again = add(*map(value_of, terms))
    total = exact(result, sig) if num(again, sig) == num(result, sig) else num(again, sig)
    return [texts for texts, _ in rows], terms, total


def _shown_part(M: np.ndarray, max_rows: int, max_cols: int) -> np.ndarray:
    """The entries `latex_matrix` writes out (a long side shows its first entries)."""
    rows = M.shape[0] if M.shape[0] <= max_rows else max_rows - 1
    cols = M.shape[1] if M.shape[1] <= max_cols else max_cols - 1
    return M[:rows, :cols]


def worked_matrices(f, values, result: np.ndarray, sig: int = 3, max_rows: int = 6,
                    max_cols: int = 6) -> tuple[list[str], str]:
    """`worked` for a line of matrices (and numbers): matrices written by `latex_matrix`,
    numbers by `exact`. f must work entry by entry (with broadcasting), so that the entries
    written out can be checked on their own when a long side is cut short."""
    layout = {"max_rows": max_rows, "max_cols": max_cols}
    result = np.atleast_2d(np.asarray(result, dtype=float))
    decimals = readable_decimals(result, sig)
    shown = latex_matrix(result, decimals=decimals, **layout)

    def write(v, digits: int) -> str:
        return latex_matrix(v, digits, **layout) if np.ndim(v) else exact(v, digits)

    def read(text: str, v):
        if not np.ndim(v):
            return value_of(text)
        return values_of(text).reshape(_shown_part(np.atleast_2d(v), **layout).shape)

    if not all(np.isfinite(v).all() for v in (*values, result)):
        return [write(v, sig) for v in values], shown
    target = values_of(shown)
    for digits in range(sig, MOST_DIGITS + 1):
        texts = [write(v, digits) for v in values]
        again = f(*(read(t, v) for t, v in zip(texts, values, strict=True)))
        if np.array_equal(values_of(latex_matrix(again, decimals=decimals, max_rows=99,
                                                 max_cols=99)), target):
            return texts, shown
    return texts, latex_matrix(again, decimals=decimals, **layout)


def dims(shape: tuple[int, ...]) -> str:
    return "(" + ", ".join(str(d) for d in shape) + ")"


def _cell(v: float, decimals: int) -> str:
    """One entry of a matrix with `decimals` decimals: never "-0.00", and ±∞ or NaN as `num`."""
    if not math.isfinite(v):
        return num(v)
    text = f"{v:.{decimals}f}"
    return text[1:] if text.startswith("-") and float(text) == 0 else text


def latex_matrix(M: np.ndarray, sig: int = 4, max_rows: int = 6, max_cols: int = 6,
                 decimals: int | None = None) -> str:
    """A bmatrix of M's numbers, all with the same decimals (given, or the largest entry gets
    `sig` significant digits); long sides show their first entries and a ⋮ or ⋯."""
    M = np.atleast_2d(np.asarray(M, dtype=float))
    decimals = readable_decimals(M, sig) if decimals is None else decimals
    rows = M.shape[0] if M.shape[0] <= max_rows else max_rows - 1
    cols = M.shape[1] if M.shape[1] <= max_cols else max_cols - 1
    lines = []
    for r in range(rows):
        cells = [_cell(float(M[r, c]), decimals) for c in range(cols)]
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


def product_caption(table: dict, left: str, right: str, op: str = "@",
                    label: str | None = None) -> str:
    """A product's shapes in symbols, the form to memorise, and with this network's numbers:
    "W1 X: (n_h, n_x) · (n_x, m) → (n_h, m), here (4, 2) · (2, 3) → (4, 3)". `op` "*" is
    element-wise; `label` names the product when the table's names do not (g′(Z1))."""
    if label is None:
        written = right.removesuffix("T") + ("ᵀ" if right.endswith("T") else "")
        label = f"{left} {written}" if op == "@" else f"{left} {op} {written}"
    return content.text("walk/frame", "product_caption", label=label,
                        symbolic=engine.product_text(table, left, right, op, symbolic=True),
                        numbers=engine.product_text(table, left, right, op))


def shapes_of(walk: dict, *names: str) -> list[tuple[int, ...]]:
    table = walk["shapes"]
    return [tuple(table[n].shape) for n in names]
