"""7 · dZ1 = dA1 * g′(Z1): back through the hidden activation, entry by entry, and why the
product is element-wise and not a matrix product."""

from __future__ import annotations

import numpy as np
import streamlit as st

import engine
from ui import compute, content, nav
from ui.charts import matrix, plots, replay
from ui.quiz.model import SIGNS, Question, ask, decimals, settle, shape, shape_question, sign
from ui.quiz.numbers import value
from ui.walk import example, frame, latex

DOC = nav.page("dZ1").doc  # this step's prose, also read by `questions` (which has no ctx)
UNIT = {"row_prefix": "unit "}
# The activations whose g′ the quiz asks for, each written from what the forward pass already
# stored (content section quiz_gprime_<activation>); this order is the options' order.
GPRIME = ("tanh", "sigmoid", "relu", "leaky_relu")
FROM_OUTPUT = {"tanh": "1 − A1²", "sigmoid": "A1 (1 − A1)"}  # g′ written with A1 = g(Z1)
DIAGONAL_UP_TO = 5  # hidden units up to which the diagonal Jacobian is written out


def render(ctx) -> None:
    state = ctx.state
    walk = compute.walk(state)
    Z1, A1 = walk["cache"]["Z1"], walk["cache"]["A1"]
    dA1, dZ1 = walk["grads"]["dA1"], walk["grads"]["dZ1"]
    act = engine.ACTIVATIONS[state.activation]
    gprime = act.derivative(Z1)
    shape_ = Z1.shape
    S = frame.shaped
    gprime_symbol = r"g^{[1]\prime}(Z^{[1]})"
    frame.formula(rf"{S('dZ^{[1]}', shape_)} = {S('dA^{[1]}', shape_)} * "
                  rf"{S(gprime_symbol, shape_)}")
    st.caption(ctx.text("same_shape", product=latex.product_caption(
        walk["shapes"], "dA1", "Z1", op="*", label="dA1 * g[1]′(Z1)")))
    # The one entry and the reasoning first; the matrices that batch them come after.
    i = one_line_chain(ctx, walk, act)
    st.subheader(ctx.text("derivation_heading"))
    frame.derivation(ctx, ctx.lines("derivation"))
    gp_name = "1[Z1 > 0]" if state.activation == "relu" else "g[1]′(Z1)"
    matrix.matrix_row([(dA1, "dA1", "dz1_dA1", UNIT), (gprime, gp_name, "dz1_gprime", UNIT),
                       (dZ1, "dZ1 = dA1 * g[1]′(Z1)", "dz1_dZ1", UNIT)])

    st.subheader(ctx.text("gprime_heading", g=latex.g_name(state)))
    left, right = st.columns([3, 2], gap="large")
    with left:
        replay.show(derivative_figure, state.activation, Z1, gprime, key="dz1_gprime_plot")
    with right:
        st.latex(act.derivative_latex)
        st.markdown(activation_note(ctx, state.activation, Z1, gprime))
        if state.activation in FROM_OUTPUT:
            from_a = act.derivative_from_output(A1)
            gap = float(np.max(np.abs(from_a - gprime)))
            st.caption(ctx.text("from_output", formula=FROM_OUTPUT[state.activation], gap=gap))

    one_example(ctx, walk, act, i)
    matmul_attempt(ctx, dA1, gprime)
    frame.finish(ctx, walk, questions)


def derivative_figure(activation: str, Z1: np.ndarray, gprime: np.ndarray):
    """g and g′ over the range of this network's Z1, with its entries marked on g′."""
    act = engine.ACTIVATIONS[activation]
    reach = max(4.0, float(np.max(np.abs(Z1))) * 1.2)
    z = np.linspace(-reach, reach, 401)
    fig = plots.function_plot(z, {"g[1](z)": act.forward(z), "g[1]′(z)": act.derivative(z)},
                              f"g[1] = {activation.replace('_', ' ')}: g[1] and its slope g[1]′",
                              points={"this network's Z1 entries": (Z1.ravel(),
                                                                    gprime.ravel())},
                              height=340)
    fig.update_layout(legend={"orientation": "h", "y": -0.22, "font": {"size": 12}})
    return fig


def activation_note(ctx, activation: str, Z1: np.ndarray, gp: np.ndarray) -> str:
    """What g′ does to the gradient for this activation, with this network's numbers."""
    spread = ctx.text("spread", lo=float(np.min(gp)), hi=float(np.max(gp)))
    return ctx.text(f"note_{activation}", spread=spread, off=int(np.sum(Z1 <= 0)),
                    size=Z1.size)


def gprime_of(act, z: float) -> float:
    """g′ at one number, as the engine computes it for a matrix."""
    return float(act.derivative(np.array([[z]]))[0, 0])


def one_line_chain(ctx, walk: dict, act) -> int:
    """The forum's one-line chain dL/dz1_j = (a2 − y) · W2[1, j] · g′(z1_j) for the selected
    example and the first unit, multiplied out and checked against the engine's dZ1[j, i].
    Returns the example (0-based), which the rest of the page follows too."""
    st.subheader(ctx.text("chain_heading"))
    i = example.pick_example(walk["Y"])
    j = 0  # the first hidden unit: one fixed entry a class can follow from page to page
    a2, y = float(walk["cache"]["A2"][0, i]), float(walk["Y"][0, i])
    w = float(walk["params"]["W2"][0, j])
    z = float(walk["cache"]["Z1"][j, i])
    gp = float(act.derivative(np.array([[z]]))[0, 0])
    product = (a2 - y) * w * gp
    I, J = i + 1, j + 1
    ctx.markdown("chain_lead", i=I, j=J)
    # Written so that each step checks by hand: a2 − y, g′(z) and the product, as shown.
    line = [(lambda e, v, g: e * v * g, [a2 - y, w, gp], product)]
    digits = latex.common_digits(line, sig=3)
    ((e_, w_, g_), product_), = latex.worked_rows(line, sig=3)
    # a2 with at least the 4 digits steps 1 to 4 give it, so a class recognises it here.
    (a2_,), _ = latex.worked(lambda a: a - y, [a2], a2 - y, sig=digits, least=max(digits, 4))
    (z_,), _ = latex.worked(lambda t: gprime_of(act, t), [z], gp, sig=digits)
    bk = latex.bracket
    latex.aligned([
        rf"\frac{{\partial L^{{({I})}}}}{{\partial z^{{[1]({I})}}_{{{J}}}}} &= "
        rf"\big(a^{{[2]({I})}} - y^{{({I})}}\big)\,W^{{[2]}}_{{1,{J}}}\,"
        rf"g^{{[1]\prime}}\big(z^{{[1]({I})}}_{{{J}}}\big)",
        rf"&= \big({a2_} - {int(y)}\big)\cdot{bk(w_)}\cdot g^{{[1]\prime}}({z_})",
        rf"&= {bk(e_)}\cdot{bk(w_)}\cdot{g_} = {product_}",
    ], small=False)
    example.show_checks([(ctx.text("chain_check", i=I, j=J), product,
                           walk["grads"]["dZ1"][j, i])])
    return i


def one_example(ctx, walk: dict, act, i: int) -> None:
    """One column of dZ1 unit by unit, as a diagonal Jacobian times da, and checked."""
    st.subheader(ctx.text("example_heading"))
    Z1, dA1, dZ1 = walk["cache"]["Z1"], walk["grads"]["dA1"], walk["grads"]["dZ1"]
    n_h = Z1.shape[0]
    z, da = Z1[:, i], dA1[:, i]
    gp = act.derivative(z[:, None])[:, 0]
    loop = [float(da[j]) * float(gp[j]) + 0.0 for j in range(n_h)]  # + 0.0: no "−0" shown
    scalar, vector = example.example_columns(ctx.text("example_scalar", i=i + 1),
                                             ctx.text("example_vector"), stacked=True)
    # Written so that every line checks by hand (g′ of z as shown, then the product).
    lines = [(lambda d, g: d * g, [da[j], gp[j]], loop[j]) for j in range(n_h)]
    digits = latex.common_digits(lines[:max(latex.SHOWN_UNITS, DIAGONAL_UP_TO)], sig=3)
    shown = latex.worked_rows(lines[:max(latex.SHOWN_UNITS, DIAGONAL_UP_TO)], sig=3)
    z_ = [latex.worked(lambda t: gprime_of(act, t), [z[j]], gp[j], sig=digits)[0][0]
          for j in range(min(n_h, latex.SHOWN_UNITS))]
    bk = latex.bracket
    with scalar:
        st.latex(rf"dz^{{[1]({i + 1})}}_j = da^{{[1]({i + 1})}}_j\;"
                 rf"g^{{[1]\prime}}\big(z^{{[1]({i + 1})}}_j\big)")
        latex.unit_lines(lambda j: rf"dz_{{{j + 1}}} &= {bk(shown[j][0][0])}\cdot"
                                   rf"\underbrace{{g^{{[1]\prime}}({z_[j]})}}_"
                                   rf"{{{shown[j][0][1]}}} = {shown[j][1]}", n_h)
    with vector:
        st.code("dZ1 = dA1 * g_prime(Z1)", language="python")
        st.latex(rf"\text{{column {i + 1} of }} dZ^{{[1]}} = "
                 rf"{latex.latex_matrix(dZ1[:, [i]] + 0.0)}")
    if n_h <= DIAGONAL_UP_TO:
        st.markdown(ctx.text("diagonal_lead"))
        # g′ as in the lines above; da written so that each row checks by hand.
        slopes = [texts[1] for texts, _ in shown]
        rows = [" & ".join(slopes[r] if r == c else "0" for c in range(n_h))
                for r in range(n_h)]
        diagonal = r"\begin{bmatrix}" + r" \\ ".join(rows) + r"\end{bmatrix}"
        g_shown = np.array([[latex.value_of(t)] for t in slopes])
        (da_,), dz_ = latex.worked_matrices(lambda d: g_shown * d, [da[:, None]],
                                            dZ1[:, [i]] + 0.0, sig=3)
        st.latex(rf"{diagonal}\;{da_} = {dz_}")
        st.caption(ctx.text("diagonal_caption"))
    else:
        st.caption(ctx.text("diagonal_skipped", n_h=n_h, zeros=n_h * n_h - n_h))
    example.show_checks([(ctx.text("check", n_h=n_h, i=i + 1), loop, dZ1[:, i])])


def matmul_attempt(ctx, dA1: np.ndarray, gprime: np.ndarray) -> None:
    """What `dA1 @ g′(Z1)` does: a shape error, or (n_h = m) wrong numbers without one."""
    n_h, m = dA1.shape
    st.markdown(ctx.text("matmul_question", n_h=n_h, m=m))
    try:
        wrong = np.matmul(dA1, gprime)
    except ValueError as error:
        st.error(ctx.text("matmul_refused", n_h=n_h, m=m), icon=":material/block:")
        st.code(f"ValueError: {error}", language=None, wrap_lines=True)
        return
    gap = float(np.max(np.abs(wrong - dA1 * gprime)))
    st.warning(ctx.text("matmul_square", n_h=n_h, m=m, gap=gap), icon=":material/warning:")


# ---------------------------------------------------------------- quiz

def questions(walk: dict, live: dict) -> list[Question]:
    """dZ1's shape, the sign of one entry from its Z1 and dA1, and g′ of the activation. The
    title writes dZ1 = dA1 * g′(Z1), so no question asks what dZ1 = W2ᵀ dZ2 lacks."""
    n_h, m, act = live["n_h"], live["m"], live["activation"]
    dA1, dZ1, Z1 = walk["grads"]["dA1"], walk["grads"]["dZ1"], live["Z1"]
    # The clearest entry: the largest dZ1, or the largest dA1 where g′ has zeroed them all.
    pick_from = dZ1 if np.any(dZ1) else dA1
    k, j = (int(i) for i in np.unravel_index(int(np.argmax(np.abs(pick_from))), dA1.shape))
    g = act.replace("_", " ")
    qs = [
        shape_question("dZ1", "", (n_h, m), [(1, m), (n_h, 1), (m, n_h)],
                       content.text(DOC, "quiz_dZ1_shape_why", dZ1=shape(n_h, m))),
        settle(lambda d: _sign_question(act, float(Z1[k, j]), float(dA1[k, j]),
                                        k, j, d)),
    ]
    if act in GPRIME:
        # g′ of every activation, in GPRIME's order: the right one and the distractors.
        formulas = {a: content.text(DOC, f"quiz_gprime_{a}") for a in GPRIME}
        qs.append(ask(content.text(DOC, "quiz_gprime", g=g), formulas[act],
                      [f for a, f in formulas.items() if a != act],
                      content.text(DOC, "quiz_gprime_why", g=g, gprime=formulas[act])))
    return qs


def _sign_question(act: str, z: float, da: float, k: int, j: int, d: int) -> Question:
    z_shown, da_shown = decimals(z, d), decimals(da, d)
    g = engine.ACTIVATIONS[act]
    slope = gprime_of(g, value(z_shown))  # as the engine takes it: relu′(0) = 0
    product = value(da_shown) * slope
    return ask(content.text(DOC, "quiz_sign", unit=k + 1, example=j + 1, Z1=z_shown,
                            dA1=da_shown),
               sign(product), list(SIGNS),
               content.text(DOC, "quiz_sign_why", g=act.replace("_", " "), dA1=da_shown,
                            gprime=decimals(slope, d), dZ1=decimals(product, d)),
               shown=(z_shown, da_shown), rule=lambda z, a: sign(a * gprime_of(g, z)),
               explain=lambda z, a: (gprime_of(g, z), a * gprime_of(g, z)), digits=d)
