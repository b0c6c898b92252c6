"""Softmax and cross-entropy → dZ2 = A2 − Y, for K classes: the walk's hidden layer under a
softmax output. The Jacobian of softmax for one example, times ∂L/∂a = −y/a, collapses to
a − y because the one-hot y sums to 1; K = 2 is the sigmoid step's dZ2 with z = z2 − z1."""

from __future__ import annotations

import numpy as np
import streamlit as st

from ui import content
from ui.charts import matrix
from ui.quiz.model import SIGNS, Question, ask, decimals, settle, shape, shape_question, sign
from ui.walk import example, frame, latex
from ui.walk import softmax_compute as sc

DOC = "steps/softmax"
K_KEY = "softmax_k"  # the K widget's key
_K_CHOICE = "softmax_k_choice"  # canonical K: survives page changes, unlike the widget
EXAMPLE_KEY = "softmax_example"
_EXAMPLE_CHOICE = "walk_example"  # the walk's example choice (ui/walk/example.py), shared


def _keep(widget: str, canonical: str) -> None:
    st.session_state[canonical] = st.session_state[widget]


def pick_k(ctx) -> int:
    """K = 2 … 5, page-local: kept in the session so it survives a visit to another page."""
    st.session_state[K_KEY] = st.session_state.get(_K_CHOICE, sc.DEFAULT_K)
    K = st.segmented_control(ctx.text("k_label"), sc.KS, key=K_KEY, on_change=_keep,
                             args=(K_KEY, _K_CHOICE), help=ctx.text("k_help"))
    return int(K) if K in sc.KS else sc.DEFAULT_K  # a deselected control reads None


def pick_example(ctx, labels: np.ndarray) -> int:
    m = labels.size
    st.session_state[EXAMPLE_KEY] = min(st.session_state.get(_EXAMPLE_CHOICE, 0), m - 1)
    return st.selectbox(ctx.text("example_label"), range(m), key=EXAMPLE_KEY,
                        on_change=_keep, args=(EXAMPLE_KEY, _EXAMPLE_CHOICE),
                        format_func=lambda j: ctx.text("example_option", i=j + 1,
                                                       c=int(labels[j]) + 1))


def render(ctx) -> None:
    K = pick_k(ctx)
    walk = sc.net(ctx.state, K)
    Y, Z2, A2, dZ2 = walk["Y"], walk["cache"]["Z2"], walk["cache"]["A2"], walk["grads"]["dZ2"]
    m, n_h = Y.shape[1], walk["params"]["W1"].shape[0]
    S = frame.shaped
    frame.formula(rf"{S('A^{[2]}', (K, m))} = \mathrm{{softmax}}\big({S('Z^{[2]}', (K, m))}"
                  rf"\big),\quad a_k = \frac{{e^{{z_k}}}}{{\sum_{{j=1}}^{{{K}}} e^{{z_j}}}}")
    frame.formula(rf"J = -\frac{{1}}{{{m}}}\sum_{{i=1}}^{{{m}}}\sum_{{k=1}}^{{{K}}}"
                  rf"y_k^{{(i)}}\log a_k^{{(i)}},\qquad "
                  rf"{S('dZ^{[2]}', (K, m))} = {S('A^{[2]}', (K, m))} - {S('Y', (K, m))}")
    ctx.markdown("why", K=K, data=walk["data"], n_h=n_h, g=ctx.state.activation,
                 network=network_text(ctx, walk))
    st.subheader(ctx.text("derivation_heading"))
    frame.derivation(ctx, ctx.lines("derivation", K=K))
    rows = {"row_prefix": "class "}
    matrix.matrix_row([(Z2, "Z2", "sm_Z2", rows), (A2, "A2", "sm_A2", rows),
                       (Y, "Y", "sm_Y", rows), (dZ2, "dZ2 = A2 − Y", "sm_dZ2", rows)])
    st.caption(ctx.text("matrices_caption", cost=walk["cost"]))
    one_example(ctx, walk)
    sigmoid_case(ctx, walk)
    ok = walk["fd_diff"] <= walk["fd_tol"]
    st.caption(ctx.text("check_caption", icon=frame.CHECKED if ok else frame.WARNED,
                        eps=sc.FD_EPS, rel=walk["fd_rel"], diff=walk["fd_diff"],
                        verdict=ctx.text("agree" if ok else "disagree", tol=walk["fd_tol"])))
    frame.quiz(ctx, questions, walk, [2, n_h, K])
    frame.footer(ctx)


def network_text(ctx, walk: dict) -> str:
    at, trained = ctx.state.at, walk["trained"]
    if trained == at:
        return ctx.text("trained_all", at=at) if at else ctx.text("untrained")
    capped = trained == sc.MOST_ITERATIONS < at
    return ctx.text("trained_capped" if capped else "trained_stopped", at=at, trained=trained,
                    most=sc.MOST_ITERATIONS)


def one_example(ctx, walk: dict) -> None:
    st.subheader(ctx.text("example_heading"))
    i = pick_example(ctx, walk["labels"])
    a, y = walk["cache"]["A2"][:, i], walk["Y"][:, i]
    c = int(np.argmax(y))
    ch = sc.chain(a, y)
    K = a.size
    col = {"row_prefix": "class ", "col_prefix": None, "col_labels": [f"ex {i + 1}"]}
    matrix.matrix_row([
        (ch["J"], "∂a/∂z", "sm_jacobian", {"row_prefix": "a", "col_prefix": "z",
                                           "shape_text": f"({K}, {K})"}),
        (ch["dlda"][:, None], "∂L/∂a = −y/a", "sm_dlda", col),
        (ch["dz"][:, None], "(∂a/∂z)ᵀ ∂L/∂a", "sm_chain", col),
        ((a - y)[:, None], "a − y", "sm_direct", col)])
    ctx.markdown("example_why", c=c + 1, i=i + 1)
    if a[c] > 0:  # else −1/a_c divides by zero: the check below says so
        j = other_class(a, c)
        lines = [_line(ch["J"][c, c], a[c], c + 1, c + 1, a[c] - 1.0)]
        if j is not None:
            lines.append(_line(ch["J"][c, j], a[c], c + 1, j + 1, a[j]))
        latex.aligned(lines)
    dz = walk["grads"]["dZ2"][:, i]
    chain_what = ctx.text("check_chain", i=i + 1)
    checks = [(chain_what, ch["dz"], dz) if a[c] > 0 else
              (chain_what, None, ctx.text("chain_undefined", c=c + 1)),
              (ctx.text("check_direct", i=i + 1), a - y, dz),
              (ctx.text("check_fd", i=i + 1), dz, walk["fd"][:, i], walk["fd_tol"])]
    example.show_checks(checks)


def other_class(a: np.ndarray, c: int) -> int | None:
    """The most probable wrong class, for the j ≠ c line (None: every a_j is exactly 0)."""
    others = [k for k in range(a.size) if k != c]
    j = max(others, key=lambda k: a[k])
    return j if a[j] > 0 else None


def _line(Jcj: float, ac: float, c: int, j: int, result: float) -> str:
    """dz_j = J_cj · (−1/a_c) with numbers that check by hand; the result is a_j − δ_cj."""
    (J_, r_), out = latex.worked(lambda p, q: p * q, [Jcj, -1.0 / ac], result, sig=4)
    return (rf"dz_{{{j}}} &= \frac{{\partial a_{{{c}}}}}{{\partial z_{{{j}}}}}\cdot"
            rf"\Big(-\frac{{1}}{{a_{{{c}}}}}\Big) = {latex.bracket(J_)}\cdot{latex.bracket(r_)}"
            rf" = {out}")


def sigmoid_case(ctx, walk: dict) -> None:
    st.subheader(ctx.text("sigmoid_heading"))
    if walk["K"] != 2:
        st.caption(ctx.text("sigmoid_choose_two"))
        return
    twin = sc.sigmoid_twin(walk)
    A2, dZ2 = walk["cache"]["A2"], walk["grads"]["dZ2"]
    ctx.markdown("sigmoid_why")
    row = {"row_labels": ["class 2"]}  # the sigmoid's one output is class 2's probability
    matrix.matrix_row([(twin["cache"]["A2"], "σ(z2 − z1)", "sm_sig_A2", row),
                       (A2[1:2], "A2 row 2", "sm_soft_A2", row),
                       (twin["grads"]["dZ2"], "sigmoid dZ2", "sm_sig_dZ2", row),
                       (dZ2[1:2], "softmax dZ2 row 2", "sm_soft_dZ2", row)])
    example.show_checks([
        (ctx.text("check_sigmoid_a"), twin["cache"]["A2"], A2[1:2], 1e-12),
        (ctx.text("check_sigmoid_dz"), twin["grads"]["dZ2"], dZ2[1:2], 1e-12),
        (ctx.text("check_row_one"), -dZ2[1:2], dZ2[0:1])])


# ---------------------------------------------------------------- quiz

def questions(walk: dict, live: dict) -> list[Question]:
    """dZ2's shape (K, m), what each column sums to, and for the example whose true class
    is least sure, its dZ2 entry at the true class (a_c − 1, from the shown a_c) and its sign."""
    Y, A2 = walk["Y"], walk["cache"]["A2"]
    K, m = Y.shape
    qs = [shape_question("dZ2", "", (K, m), [(1, m), (m, K), (K, 1)],
                         content.text(DOC, "quiz_shape_why", shape=shape(K, m))),
          ask(content.text(DOC, "quiz_sum"), "0", ["1", "−1", str(K)],
              content.text(DOC, "quiz_sum_why"))]
    truth = np.sum(A2 * Y, axis=0)  # a at the true class, per example
    i = int(np.argmin(truth))
    c, ac = int(np.argmax(Y[:, i])), float(truth[i])
    if ac < 1:
        qs.append(ask(content.text(DOC, "quiz_sign", i=i + 1, c=c + 1), sign(ac - 1),
                      list(SIGNS), content.text(DOC, "quiz_sign_why")))
    qs.append(settle(lambda d: _entry_question(i, c, ac, d)))
    return [q for q in qs if q is not None]


def _entry_question(i: int, c: int, ac: float, d: int) -> Question | None:
    shown = decimals(ac, d)
    a_ = float(shown)
    if a_ in (0.0, 1.0):  # a probability written as 0.000 or 1.000 makes no question
        return None
    right = decimals(a_ - 1, d)
    return ask(content.text(DOC, "quiz_entry", i=i + 1, c=c + 1, a=shown), right,
               [decimals(a_, d), decimals(1 - a_, d), decimals(-a_, d)],
               content.text(DOC, "quiz_entry_why", a=shown, out=right), shown=(shown,),
               rule=lambda v: v - 1, digits=d)
