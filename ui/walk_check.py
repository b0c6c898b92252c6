"""Walk page 9: check every backprop gradient against centred finite differences of J,
then plant a classic mistake and watch the check catch it."""

from __future__ import annotations

import math

import numpy as np
import plotly.graph_objects as go
import streamlit as st

import engine
from ui import charts, compute, figures, steppage
from ui.state import State
from ui.walkkit import matrix_row

CHECK_SCRIPT = "pages/09_Gradient_check.py"
EPS = 1e-7  # the course's ε for gradient checking
# The course: about 1e-7 is great, 1e-3 or more is a bug. Rounding alone puts a correct
# check anywhere between 1e-9 and a few 1e-7, so "agrees" means below 1e-6.
TYPICAL, GOOD, BAD = 1e-7, 1e-6, 1e-3
FLOOR = 1e-16  # shown in place of an exact 0 on a log axis
ERROR_RED, WARN_AMBER, GOOD_GREEN = "#B2182B", "#E69F00", "#009E73"
MISTAKE_KEY = "mistake"


@st.cache_data(**compute.CACHE)
def numerical(X: np.ndarray, Y: np.ndarray, params: dict, activation: str) -> dict:
    """Centred differences of J for every parameter entry: {"dW1": …, "db1": …, …}."""
    return engine.numerical_gradients(X, Y, params, activation, eps=EPS)


def rounding_floor(cost: float, size: int) -> float:
    """How far a correct finite difference can sit from the truth, from rounding alone.

    J carries about 16 significant digits, so J(θ ± ε) are each off by ~|J|·1e-16 and their
    difference, divided by 2ε, by ~|J|·1e-16/ε per entry (ten times that, to be safe).
    """
    return 10 * np.finfo(float).eps * max(abs(cost), 1e-3) / EPS * math.sqrt(size)


def verdict(error: float, diff: float = math.inf, floor: float = 0.0) -> str:
    if error < GOOD:
        return "✓ agrees"
    if diff <= floor:
        return "✓ agrees to rounding (gradient ≈ 0)"
    if error < BAD:
        return "! look closer"
    return "✗ a bug"


def overall_error(grads: dict, numeric: dict, names: list[str]) -> float:
    """The course's single number: every parameter's gradient stacked into one vector."""
    stack = [np.concatenate([g["d" + k].ravel() for k in names]) for g in (grads, numeric)]
    return engine.relative_error(*stack)


def mistake_grads(walk: dict, activation: str, mistake: str) -> tuple[dict | None, str | None]:
    """Backprop with `mistake` planted: (grads, None), or (None, NumPy's shape error)."""
    try:
        grads = engine.backward_with_mistake(walk["X"], walk["Y"], walk["params"], walk["cache"],
                                             activation=activation, mistake=mistake)
    except ValueError as error:
        return None, str(error)
    return grads, None


def mistake_errors(grads: dict, numeric: dict) -> dict[str, float]:
    """Relative error per parameter, and over all of them ("all"), against `numeric`."""
    names = ["W1", "b1", "W2", "b2"]
    errors = {k: engine.relative_error(grads["d" + k], numeric["d" + k]) for k in names}
    return {**errors, "all": overall_error(grads, numeric, names)}


def render_check(state: State) -> None:
    walk = compute.walk(state)
    numeric = numerical(walk["X"], walk["Y"], walk["params"], state.activation)
    names = list(walk["params"])
    errors = mistake_errors(walk["grads"], numeric)
    left, right = st.columns(2, gap="large")
    with left:
        steppage.formula(r"d\theta_{\text{approx}} = \frac{J(\theta + \varepsilon) - "
                         r"J(\theta - \varepsilon)}{2\varepsilon}")
        st.caption(f"One entry of one parameter at a time, ε = {EPS:g}, everything else held "
                   "fixed: two forward passes per entry, no calculus at all.")
    with right:
        steppage.formula(r"\text{error} = \frac{\lVert d\theta - d\theta_{\text{approx}}"
                         r"\rVert_2}{\lVert d\theta\rVert_2 + \lVert d\theta_{\text{approx}}"
                         r"\rVert_2}")
        st.caption(f"Around {TYPICAL:g} (anything under {GOOD:g}): backprop is right. Above "
                   f"{BAD:g}: a bug, almost surely. In between: look closer.")
    total = sum(p.size for p in walk["params"].values())
    st.markdown(
        f"This network has {total} parameters, so the check ran {2 * total} forward passes; "
        "backprop found the same numbers in one backward pass. Like the course, the headline "
        "number stacks every gradient into one long vector. Over all parameters the relative "
        f"error is **{errors['all']:.1e}**: {verdict(errors['all'])[2:]}.")
    st.dataframe(_error_table(walk, numeric, errors), hide_index=True, key="check_table")
    _tiny_gradient_note(walk, numeric, errors)

    st.subheader("Side by side")
    param = st.pills("Parameter", names, key="check_param", default=names[0],
                     selection_mode="single") or names[0]
    analytic, approx = walk["grads"]["d" + param], numeric["d" + param]
    diff = analytic - approx
    prefixes = {"row_prefix": "unit " if param[1] == "1" else "out ",
                "col_prefix": "x" if param == "W1" else ("unit " if param == "W2" else "b")}
    matrix_row([(analytic, f"d{param} from backprop", "check_analytic", prefixes),
                (approx, f"d{param} by finite differences", "check_numeric", prefixes),
                (diff, "backprop − finite diff.", "check_diff", prefixes)])

    st.subheader("Break the formula")
    _break_the_formula(state, walk, numeric, errors)
    st.subheader("Why the centred difference is trustworthy")
    steppage.derivation(_check_lines(total), state, CHECK_SCRIPT)
    # The quiz judges the page's headline number: the course's stacked relative error.
    steppage.finish(state, "check", walk, CHECK_SCRIPT,
                    quiz_data={**walk, "rel_errors": {"all parameters": errors["all"]}})


def _error_table(walk: dict, numeric: dict, errors: dict) -> list[dict]:
    rows = []
    for k in walk["params"]:
        analytic, approx = walk["grads"]["d" + k], numeric["d" + k]
        diff = float(np.linalg.norm(analytic - approx))
        floor = rounding_floor(walk["cost"], analytic.size)
        rows.append({"parameter": f"d{k}", "shape": str(analytic.shape),
                     "‖backprop‖": f"{np.linalg.norm(analytic):.4g}",
                     "‖finite difference‖": f"{np.linalg.norm(approx):.4g}",
                     "‖difference‖": f"{diff:.1e}", "relative error": f"{errors[k]:.2e}",
                     "verdict": verdict(errors[k], diff, floor)})
    rows.append({"parameter": "all, stacked", "shape": "—", "‖backprop‖": "",
                 "‖finite difference‖": "", "‖difference‖": "",
                 "relative error": f"{errors['all']:.2e}", "verdict": verdict(errors["all"])})
    return rows


def _tiny_gradient_note(walk: dict, numeric: dict, errors: dict) -> None:
    tiny = [k for k in walk["params"] if errors[k] >= GOOD]
    if not tiny:
        return
    floor = rounding_floor(walk["cost"], 1)
    st.info(
        f"**Why {', '.join('d' + k for k in tiny)} {'scores' if len(tiny) == 1 else 'score'} "
        "worse.** A relative error compares the difference with the gradient's own size. "
        "When a gradient is nearly zero (at the start, the errors of the two classes "
        "almost cancel in db), the finite difference subtracts two costs that agree to "
        f"about 15 digits, and what is left is mostly rounding: up to about {floor:.0e} per "
        "entry here, whatever the formula. So for such a gradient judge the absolute "
        "‖difference‖, not the ratio. Train the network a little (*Walk the network after "
        "this many iterations*) and these gradients grow and agree to 1e-7 too.",
        icon=":material/info:")


def _break_the_formula(state: State, walk: dict, numeric: dict, errors: dict) -> None:
    st.markdown("Plant one of the classic mistakes in backprop and run the same check. "
                "A good test should fail loudly, and this one does.")
    choice = st.radio("Mistake", engine.MISTAKES, key=MISTAKE_KEY,
                      format_func=engine.MISTAKE_LABELS.get)
    if choice == "none":
        charts.show(error_bars, errors, key="check_bars")
        return
    grads, shape_error = mistake_grads(walk, state.activation, choice)
    n_h, m = walk["grads"]["dZ1"].shape
    if shape_error is not None:
        st.error("**Caught before a single number came out.** The broken formula multiplies "
                 "matrices whose inner dimensions disagree, so NumPy stops with a shape error. "
                 "That is the kindest way a bug can fail: it tells you the line.",
                 icon=":material/block:")
        st.code(f"ValueError: {shape_error}", language=None, wrap_lines=True)
        charts.show(error_bars, errors, key="check_bars")
        return
    broken = mistake_errors(grads, numeric)
    worst = max((k for k in broken if k != "all"), key=broken.get)
    if broken["all"] > BAD:
        st.error(f"**Caught.** Over all parameters the relative error jumps to "
                 f"{broken['all']:.2e}, far above {BAD:g}; the worst single one is d{worst} "
                 f"({broken[worst]:.2e}). {_why_caught(choice, m)}",
                 icon=":material/bug_report:")
    else:
        st.warning(f"**Not caught here**: over all parameters the relative error is only "
                   f"{broken['all']:.1e}. {_why_hidden(choice, n_h, m)}",
                   icon=":material/visibility_off:")
    charts.show(error_bars, errors, broken, key="check_bars")
    matrix_row([(grads["d" + worst], f"d{worst} with the mistake", "check_broken", {}),
                (numeric["d" + worst], f"d{worst} by finite differences", "check_broken_fd",
                 {})])


def _why_caught(mistake: str, m: int) -> str:
    return {
        "no_one_over_m": f"Every dW and db is m = {m} times too big, so the error is "
                         f"(m − 1)/(m + 1) = {(m - 1) / (m + 1):.3f} for all four.",
        "g_instead_of_gprime": "dW2 and db2 are still right (they are computed before the "
                               "mistake); the error appears from dZ1 down, in dW1 and db1.",
        "matmul_not_elementwise": f"The product went through only because n_h = m = {m} here, "
                                  "and it mixes units with examples, so dW1 and db1 are "
                                  "wrong.",
        "no_transpose": "W2 has the wrong orientation, so dA1 and everything after it "
                        "(dW1, db1) is wrong.",
    }[mistake]


def _why_hidden(mistake: str, n_h: int, m: int) -> str:
    if mistake == "no_transpose" and n_h == 1:
        return "With n_h = 1, W2 is a 1×1 matrix and equals its own transpose. Raise n_h."
    if mistake == "no_one_over_m" and m == 1:
        return "With m = 1, dividing by m changes nothing. Raise m."
    return "This setting happens to hide the mistake; change n_h or m and check again."


def error_bars(correct: dict[str, float], broken: dict[str, float] | None = None) -> go.Figure:
    """Relative error per parameter on a log axis, over green / amber / red bands."""
    fig = go.Figure()
    series = [("correct backprop", correct, figures.CLASS_COLORS[0])]
    if broken is not None:
        series.append(("with the mistake", broken, "#D55E00"))
    for label, errors, color in series:
        values = [max(v, FLOOR) for v in errors.values()]
        names = ["all, stacked" if k == "all" else f"d{k}" for k in errors]
        fig.add_trace(go.Bar(x=names, y=values, name=label,
                             marker_color=color, text=[f"{v:.1e}" for v in errors.values()],
                             textposition="outside",
                             hovertemplate="%{x}: %{y:.2e}<extra>" + label + "</extra>"))
    for lo, hi, color in ((FLOOR, GOOD, GOOD_GREEN), (GOOD, BAD, WARN_AMBER), (BAD, 10, ERROR_RED)):
        fig.add_hrect(y0=lo, y1=hi, fillcolor=color, opacity=0.10, line_width=0)
    lines = ((BAD, ERROR_RED, "a bug above"), (GOOD, GOOD_GREEN, "agrees below"))
    for level, color, words in lines:
        fig.add_hline(y=level, line_dash="dash", line_color=color, line_width=1.5)
        # On a log axis an annotation's y is given as log10 of the value.
        fig.add_annotation(x=1.01, xref="paper", xanchor="left", y=math.log10(level),
                           yanchor="middle", showarrow=False, font={"size": 12, "color": color},
                           text=f"{words}<br>{level:g}", align="left")
    fig.update_yaxes(type="log", range=[-13, 1], title="relative error", exponentformat="power")
    fig.update_layout(barmode="group", legend={"orientation": "h", "y": -0.15})
    figures.base_layout(fig, "Relative error per parameter", 360)
    fig.update_layout(margin={"r": 100})
    return fig


def _check_lines(total: int) -> list[str]:
    return [
        r"Nudge one parameter θ by ±ε and rerun the forward pass. Taylor's expansion gives "
        r"$J(\theta \pm \varepsilon) = J \pm \varepsilon J' + \tfrac{\varepsilon^2}{2}J'' "
        r"\pm \tfrac{\varepsilon^3}{6}J''' + \dots$",
        r"Subtracting the two cancels every even power: "
        r"$\frac{J(\theta + \varepsilon) - J(\theta - \varepsilon)}{2\varepsilon} = J' + "
        r"O(\varepsilon^2)$. A one-sided difference keeps the $\varepsilon J''/2$ term and is "
        "only accurate to O(ε).",
        r"With ε = 1e-7 the truncation error is around 1e-14, but J itself is only known to "
        r"about 1e-16, and dividing by 2ε magnifies that rounding to roughly 1e-9. "
        "That is the floor: agreement to about 1e-7 is as good as this test can show.",
        "Dividing the difference by the sizes of both gradients makes the error scale-free: "
        "the same thresholds work for a gradient of size 1e-4 and one of size 10.",
        f"The cost is two forward passes per parameter ({2 * total} here), against one "
        "backward pass for all of them. Check once with a few examples, then switch it off "
        "and train.",
    ]
