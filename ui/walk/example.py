"""One example, worked by hand and checked: the example selector that follows the learner
from step to step, scalar arithmetic that stays exact at saturated outputs, and the visible
check that the one-example values equal the matrix results."""

from __future__ import annotations

import math

import numpy as np
import streamlit as st

import engine
from ui import content
from ui.shell import session

EXAMPLE_KEY = "example_i"  # the selector's widget key

_EXAMPLE_CHOICE = "walk_example"  # canonical choice: survives page changes, unlike the widget

_DOC = "walk/example"  # this module's sentences, in content/en/walk/example.md

SKIPPED = ":material/block:"  # a check that cannot be computed for this example

FD_EPS = engine.CHECK_EPS  # the app's one ε for finite differences
# A one-example value against its centred difference: these agree to about 1e-10, so 1e-7
# passes every correct formula and still fails a wrong one.
FD_TOL = 1e-7


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


def loss_of_a(a: float, y: float) -> float:
    """L written as the course writes it, in a: −(y log a + (1 − y) log(1 − a))."""
    return -(y * math.log(a) + (1 - y) * math.log(1 - a))


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
    return content.text(_DOC, "saturation_lead", k=k, m=saturated.size,
                        s="s" if k > 1 else "", which=which) + " "


def output_gradients(walk: dict) -> dict[str, np.ndarray]:
    """The output layer's element-wise pieces, all (1, m): dA2 = ∂L/∂A2, σ′(Z2) = A2(1 − A2),
    and dZ2 both ways (their chain-rule product, and A2 − Y directly)."""
    Y, A2 = walk["Y"], walk["cache"]["A2"]
    with np.errstate(divide="ignore", invalid="ignore"):  # saturated outputs: ±∞ and NaN
        dA2 = -Y / A2 + (1 - Y) / (1 - A2)
        s_prime = A2 * (1 - A2)
        return {"dA2": dA2, "s_prime": s_prime, "chain": dA2 * s_prime, "direct": A2 - Y}


def output_example(walk: dict) -> tuple[int, float, float, float, float, float]:
    """The selected example at the output, worked with plain floats: i, z, y, a = σ(z),
    ∂L/∂a and σ′(z)."""
    i = pick_example(walk["Y"])
    z, y = float(walk["cache"]["Z2"][0, i]), float(walk["Y"][0, i])
    a = sigmoid(z)
    with np.errstate(divide="ignore", invalid="ignore"):  # float64's ±∞ and NaN, as in dA2
        dlda = float(-y / np.float64(a) + (1 - y) / (1 - np.float64(a)))
    return i, z, y, a, dlda, a * (1 - a)


def divides_by_zero(a: float, y: float) -> str:
    """Why ∂L/∂a has no finite value at a saturated output a (0.0 or 1.0)."""
    term, top = ("y/a", y) if a == 0 else ("(1 − y)/(1 − a)", 1 - y)
    value = content.text(_DOC, "undefined") if top == 0 else ("−∞" if a == 0 else "∞")
    return content.text(_DOC, "divides_by_zero", a=a, term=term, top=top, value=value)


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


PAIR_KEY = "example_pair"


def example_columns(scalar_title: str, vector_title: str, stacked: bool = False):
    """Two containers: one example written out, and the vectorised form; side by side, or
    (`stacked`) one above the other, for worked lines too wide for half the page (a row of
    n_h entries, say: at 1024 px with the sidebar open, half the page holds about three).
    Presenter mode always stacks: at its type size even the dZ2 step's chain line overflowed
    half of a 1024 px projector."""
    if stacked or session.get_state().presenter:
        left, right = st.container(), st.container()
        left.markdown(f"**{scalar_title}**")
        right.markdown(f"**{vector_title}**")
        return left, right
    # In a container that stacks the pair when it is narrower than 820 px (CSS in
    # ui/shell/accessibility.py): at 1024 px with the sidebar open each half held ~280 px.
    left, right = st.container(key=PAIR_KEY).columns([5, 4], gap="large")
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
