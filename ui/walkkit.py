"""The pieces every chain-rule step page uses: matrices laid out in rows, the example
selector, the loop-equals-matrix checks, and numbers written for LaTeX.

One implementation for pages 1–10, so a heatmap, a check or a worked example looks the same
on every step.
"""

from __future__ import annotations

import math

import numpy as np
import streamlit as st

import engine
from ui import charts, figures, settings
from ui.state import State

EXAMPLE_KEY = "example_i"  # the selector's widget key
_EXAMPLE_CHOICE = "walk_example"  # canonical choice: survives page changes, unlike the widget
GAP_PX = 16  # st.columns(gap="medium")
SHOWN_UNITS = 4  # scalar lines written out per example before "⋮"
FD_EPS = 1e-6  # centred differences: error ~ε² from truncation plus ~1e-16/ε from rounding
SKIPPED = ":material/block:"  # a check that cannot be computed for this example
COLOUR_ONLY_HINT = "Too many entries to print legibly: hover a cell to read its value."

# ---------------------------------------------------------------- numbers in LaTeX


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
    decimals = figures.readable_decimals(M, sig)
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


# ---------------------------------------------------------------- one output, saturated or not

def sigmoid(z: float) -> float:
    """σ(z) for one number, bit for bit the engine's 1 / (1 + e^(−z))."""
    try:
        return 1.0 / (1.0 + math.exp(-z))
    except OverflowError:  # e^(−z) overflows below z ≈ −709.8, where the engine's σ is 0 too
        return 0.0


def loss_of_z(z: float, y: float) -> float:
    """L written directly as a function of z: log(1 + e^{−z}) + (1 − y) z.

    Evaluated as y·log(1 + e^{−z}) + (1 − y)·log(1 + e^{z}), the same function without the
    cancellation that log(1 + e^{−z}) + z suffers for very negative z.
    """
    return y * float(np.logaddexp(0.0, -z)) + (1 - y) * float(np.logaddexp(0.0, z))


def centred_difference(f, x: float, eps: float = FD_EPS) -> float:
    # Divided by the step float64 actually took: at |x| ≈ 1000, x ± ε is rounded by ~1e-13,
    # which alone would put a relative error of ~1e-7 into the quotient.
    lo, hi = x - eps, x + eps
    return (f(hi) - f(lo)) / (hi - lo)


def dloss_difference(a: float, y: float) -> float | None:
    """∂L/∂a of L(a) = −log a (y = 1) or −log(1 − a) (y = 0) by a centred difference, or None
    when a is 0 or 1, or (y = 0) within ~5e-11 of 1, too close for a step float64 can take.

    ε is 10⁻⁶ of the distance to the singularity, so the difference stays accurate for a
    confidently wrong example (a fixed 1e-6 is off by 3e-7 relative at a = 1e-3), and a
    multiple of a's float64 spacing, so that a ± ε are exact and centred on a itself.
    """
    if not 0 < a < 1:
        return None
    eps, spacing = FD_EPS * (a if y == 1 else 1 - a), math.ulp(a)
    if eps < 2**52 * spacing:  # else a's spacing is far too fine to shift the centre
        eps = round(eps / spacing) * spacing
    if eps == 0:
        return None
    return centred_difference((lambda t: -math.log(t)) if y == 1 else
                              (lambda t: -math.log1p(-t)), a, eps)


def saturation_lead(A2: np.ndarray) -> str:
    """The sentence that opens a page's note on outputs that are exactly 0 or 1 ("" if none)."""
    saturated = engine.saturated_outputs(A2)[0]
    k = int(saturated.sum())
    if not k:
        return ""
    which = ", ".join(str(j + 1) for j in np.flatnonzero(saturated))
    return (f"**{k} of the {saturated.size} outputs are saturated** (example"
            f"{'s' if k > 1 else ''} {which}): a is exactly 0 or 1 there, because σ(z) rounds "
            "off in float64, to 1 once z is above about 36.7 and to 0 once z is below about "
            "−709.8, where e^(−z) overflows. ")


# ---------------------------------------------------------------- matrices on screen

def matrix_row(items: list[tuple[np.ndarray, str, str, dict]], compact: bool = False) -> None:
    """Heatmaps (M, name, key, matrix_heatmap kwargs) left to right, in reading order.

    Each column is as wide as its heatmap needs (figures.matrix_look), so cells keep a
    similar size; what does not fit wraps onto the next row. With `compact`, if any matrix
    is too big to print, all of them go colour only, side by side (for a comparison where
    the pattern matters more than the digits).
    """
    text = not compact or all(figures.matrix_look(M, name, **kwargs).printed
                              for M, name, _, kwargs in items)
    looks = [figures.matrix_look(M, name, **kwargs, text=text) for M, name, _, kwargs in items]
    rows: list[list[tuple]] = [[]]
    used = 0
    for item, look in zip(items, looks, strict=True):
        if rows[-1] and used + look.width > figures.MAIN_WIDTH:
            rows.append([])
            used = 0
        rows[-1].append((*item, look.width))
        used += look.width + GAP_PX
    for row in rows:
        widths = [w for *_, w in row]
        spare = figures.MAIN_WIDTH - sum(widths) - GAP_PX * (len(row) - 1)
        columns = st.columns([*widths, spare] if spare > 40 else widths, gap="medium")
        for column, (M, name, key, kwargs, _) in zip(columns, row, strict=False):
            with column:
                charts.show(figures.matrix_heatmap, M, name, key=key, text=text, **kwargs)
    if not all(look.printed for look in looks):
        st.caption(COLOUR_ONLY_HINT)


def show_matrix(M: np.ndarray, name: str, key: str, **kwargs) -> None:
    matrix_row([(M, name, key, kwargs)])


# ---------------------------------------------------------------- one example, checked

def _keep_example() -> None:
    st.session_state[_EXAMPLE_CHOICE] = st.session_state[EXAMPLE_KEY]


def pick_example(Y: np.ndarray) -> int:
    """The example selector (0-based index back). The choice follows the learner from page
    to page, so one example can be traced through the whole walk."""
    m = Y.shape[1]
    st.session_state[EXAMPLE_KEY] = min(st.session_state.get(_EXAMPLE_CHOICE, 0), m - 1)
    return st.selectbox(
        "Follow one example", range(m), key=EXAMPLE_KEY, on_change=_keep_example,
        format_func=lambda j: f"example i = {j + 1}  (label y = {int(Y[0, j])})",
        help="Pick which column of X to follow through this step.",
    )


def example_columns(scalar_title: str, vector_title: str):
    """Two side-by-side containers: one example written out, and the vectorised form."""
    left, right = st.columns([5, 4], gap="large")
    left.markdown(f"**{scalar_title}**")
    right.markdown(f"**{vector_title}**")
    return left, right


def show_checks(checks: list[tuple]) -> None:
    """A visible check that one-example values equal the matrix results.

    Each check is (what, value from the loop, value from the matrices[, relative
    tolerance]); the tolerance defaults to rounding level, looser only for finite differences.
    A check that cannot be computed is (what, None, why), and is listed as skipped with the
    reason; so is one whose values are not all finite (∞ − ∞ is no difference to measure).
    """
    lines, all_ok, done = [], True, 0
    for what, loop_value, matrix_value, *tol in checks:
        if loop_value is None:
            lines.append(f"{SKIPPED} {what} — skipped: {matrix_value}")
            continue
        a, b = np.asarray(loop_value, dtype=float), np.asarray(matrix_value, dtype=float)
        if not (np.isfinite(a).all() and np.isfinite(b).all()):
            lines.append(f"{SKIPPED} {what} — skipped: the values are not finite numbers")
            continue
        diff = float(np.max(np.abs(a - b)))
        ok = diff <= (tol[0] if tol else 1e-12) * max(1.0, float(np.max(np.abs(b))))
        all_ok &= ok
        done += 1
        mark = ":material/check_circle:" if ok else ":material/cancel:"
        lines.append(f"{mark} {what} — largest difference {diff:.1e}")
    (st.info if not done else st.success if all_ok else st.error)("  \n".join(lines))


TRAINED_AT = 2_000  # iterations after which the default network has clearly learnt


def untrained_hint(A2: np.ndarray, message: str) -> None:
    """When every prediction is nearly the same (a fresh network), say so and how to move on."""
    if float(np.ptp(A2)) < 0.02:
        st.info(f"{message} A trained network tells the examples apart: raise *Walk the "
                "network after this many iterations* in the sidebar, or jump there in one "
                "click.", icon=":material/lightbulb:")
        st.button(f"Walk the network after {TRAINED_AT:,} iterations", key="walk_trained",
                  icon=":material/fast_forward:", on_click=settings.update_state,
                  kwargs={"at": TRAINED_AT})
