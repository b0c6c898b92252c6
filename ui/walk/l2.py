"""L2 regularisation: where (λ/m) W[l] in dW[l] comes from, why db has no such term, and the
weight decay it amounts to, on the walk's own network with a page-local λ. The penalty
(λ/2m) Σ‖W[l]‖²_F is a sum of squares, one per weight, so its derivative is entry by entry."""

from __future__ import annotations

import streamlit as st

import engine
from ui import content
from ui.charts import matrix
from ui.quiz.model import Question, ask, decimals, settle, shape, shape_question
from ui.walk import example, frame, latex, verdict
from ui.walk import l2_compute as lc

DOC = "steps/l2"
LAMBD_KEY = "l2_lambd"  # the λ slider's key
_LAMBD_CHOICE = "l2_lambd_choice"  # canonical λ: survives page changes, unlike the widget
W1_LOOK = {"row_prefix": "unit ", "col_prefix": "x"}  # (n_h, n_x): a row per unit
W2_LOOK = {"col_prefix": "unit "}  # (1, n_h): a column per hidden unit
B_LOOK = {"row_prefix": "unit ", "col_prefix": matrix.BY_NAME}  # db1's one column reads "db1"
DB2_LOOK = {"col_prefix": matrix.BY_NAME}


def _keep() -> None:
    st.session_state[_LAMBD_CHOICE] = st.session_state[LAMBD_KEY]


def pick_lambd(ctx) -> float:
    """λ from 0 to 10, page-local: kept in the session so it survives a visit elsewhere."""
    st.session_state[LAMBD_KEY] = st.session_state.get(_LAMBD_CHOICE, lc.DEFAULT_LAMBD)
    value = st.slider(ctx.text("lambd_label"), lc.LAMBD_MIN, lc.LAMBD_MAX, step=lc.LAMBD_STEP,
                      key=LAMBD_KEY, on_change=_keep, format="%.1f", help=ctx.text("lambd_help"))
    return round(float(value), 1)  # the slider's 0.1 steps, without float dust


def lam(r: dict) -> str:
    """λ as the page writes it: 0.7, 10, 0."""
    return f"{r['lambd']:g}"


def render(ctx) -> None:
    lambd = pick_lambd(ctx)
    r = lc.net(ctx.state, lambd)
    m, n_h = r["m"], r["params"]["W1"].shape[0]
    S = frame.shaped
    # L is each example's cross-entropy, as in the walk: the sum written out did not fit 1024 px
    frame.formula(rf"J = \frac{{1}}{{{m}}}\sum_{{i=1}}^{{{m}}}L^{{(i)}} + "
                  rf"\frac{{\lambda}}{{2\cdot{m}}}\Big(\big\|{S('W^{[1]}', (n_h, 2))}\big\|_F^2 + "
                  rf"\big\|{S('W^{[2]}', (1, n_h))}\big\|_F^2\Big),\quad \lambda = {lam(r)}")
    frame.formula(r"dW^{[l]} = \frac{1}{m}\,dZ^{[l]}A^{[l-1]T} + "
                  r"\frac{\lambda}{m}\,W^{[l]},\qquad db^{[l]} = \frac{1}{m}"
                  r"\sum_{i=1}^{m} dZ^{[l](i)}")
    ctx.markdown("why", lambd=lam(r), m=m, n_h=n_h, g=ctx.state.activation.replace("_", " "),
                 cross=r["cross"], penalty=r["penalty"], cost=r["cost"], sq1=r["sq"]["W1"],
                 sq2=r["sq"]["W2"])
    st.subheader(ctx.text("derivation_heading"))
    frame.derivation(ctx, ctx.lines("derivation"))
    gradients(ctx, r)
    one_entry(ctx, r)
    biases(ctx, r)
    decay(ctx, r)
    st.caption(check_caption(ctx, r))
    frame.quiz(ctx, questions, r, [2, n_h, 1])
    frame.footer(ctx)


def gradients(ctx, r: dict) -> None:
    st.subheader(ctx.text("matrices_heading"))
    plain, grads, term = r["plain"], r["grads"], r["term"]
    matrix.matrix_row([(plain["dW2"], "(1/m) dZ2 A1ᵀ", "l2_plain_dW2", W2_LOOK),
                       (term["W2"], "(λ/m) W2", "l2_term_W2", W2_LOOK),
                       (grads["dW2"], "dW2 with L2", "l2_dW2", W2_LOOK)])
    matrix.matrix_row([(plain["dW1"], "(1/m) dZ1 Xᵀ", "l2_plain_dW1", W1_LOOK),
                       (term["W1"], "(λ/m) W1", "l2_term_W1", W1_LOOK),
                       (grads["dW1"], "dW1 with L2", "l2_dW1", W1_LOOK)])
    st.caption(ctx.text("matrices_caption", lambd=lam(r), m=r["m"],
                        ratio=latex.plain(r["lambd"] / r["m"])))
    example.show_checks([
        (ctx.text("check_sum", l=l), plain[f"dW{l}"] + term[f"W{l}"], grads[f"dW{l}"])
        for l in (2, 1)])


def one_entry(ctx, r: dict) -> None:
    st.subheader(ctx.text("example_heading"))
    W1 = r["params"]["W1"]
    k, j = lc.entry(W1)
    w, p = float(W1[k, j]), float(r["plain"]["dW1"][k, j])
    t, total = float(r["term"]["W1"][k, j]), float(r["grads"]["dW1"][k, j])
    lambd, m = r["lambd"], r["m"]
    ctx.markdown("example_why", k=k + 1, j=j + 1, lambd=lam(r), m=m)
    (w_,), t_ = latex.worked(lambda v: lambd / m * v, [w], t, sig=4)
    (p_, t2), total_ = latex.worked(lambda a, b: a + b, [p, t], total, sig=4)
    at = rf"_{{{k + 1}{j + 1}}}"
    latex.aligned([
        rf"\frac{{\partial}}{{\partial w}}\Big(\frac{{\lambda}}{{2m}}w^2\Big) &= "
        rf"\frac{{\lambda}}{{2m}}\cdot 2w = \frac{{\lambda}}{{m}}\,w = \frac{{{lam(r)}}}{{{m}}}"
        rf"\cdot{latex.bracket(w_)} = {t_}",
        rf"dW^{{[1]}}{at} &= \Big(\frac{{1}}{{m}}dZ^{{[1]}}X^{{T}}\Big){at} + "
        rf"\frac{{\lambda}}{{m}}W^{{[1]}}{at}",  # two lines: one was too wide for a phone
        rf"&= {p_} + {latex.bracket(t2)} = {total_}"])
    fd = lc.penalty_difference(r["params"], "W1", (k, j), lambd, m)
    example.show_checks([
        (ctx.text("check_term", k=k + 1, j=j + 1), lambd / m * w, t),
        (ctx.text("check_term_fd", k=k + 1, j=j + 1), fd, t, example.FD_TOL),
        (ctx.text("check_entry", k=k + 1, j=j + 1), p + t, total)])


def biases(ctx, r: dict) -> None:
    st.subheader(ctx.text("bias_heading"))
    ctx.markdown("bias_why", lambd=lam(r))
    plain, grads = r["plain"], r["grads"]
    matrix.matrix_row([(plain["db1"], "db1 with λ = 0", "l2_db1_plain", B_LOOK),
                       (grads["db1"], f"db1 with λ = {lam(r)}", "l2_db1", B_LOOK),
                       (plain["db2"], "db2 with λ = 0", "l2_db2_plain", DB2_LOOK),
                       (grads["db2"], f"db2 with λ = {lam(r)}", "l2_db2", DB2_LOOK)])
    example.show_checks([(ctx.text("check_bias", l=l, lambd=lam(r)), grads[f"db{l}"],
                          plain[f"db{l}"], 0.0) for l in (1, 2)])


def decay_case(shrink: float, lambd: float) -> str:
    """Which sentence describes the factor: none (λ = 0), shrink, zero or flip."""
    if lambd == 0:
        return "decay_none"
    return "decay_shrink" if shrink > 0 else "decay_zero" if shrink == 0 else "decay_flip"


def decay(ctx, r: dict) -> None:
    st.subheader(ctx.text("decay_heading"))
    m, lr, lambd, shrink = r["m"], r["lr"], r["lambd"], r["shrink"]
    frame.formula(r"W^{[l]} := W^{[l]} - \alpha\,dW^{[l]} = \Big(1 - \frac{\alpha\lambda}{m}\Big)"
                  r"W^{[l]} - \alpha\,\frac{1}{m}dZ^{[l]}A^{[l-1]T}")
    # α and λ written in full, as the sidebar and the slider hold them: the line checks by hand
    a_, s_ = f"{lr:g}", latex.exact(shrink, 4)
    latex.aligned([rf"1 - \frac{{\alpha\lambda}}{{m}} &= 1 - \frac{{{a_}\cdot{lam(r)}}}{{{m}}}"
                   rf" = {s_}"])
    ctx.markdown(decay_case(shrink, lambd), lr=lr, lambd=lam(r), m=m, shrink=shrink,
                 pct=100 * (1 - shrink))
    direct, decayed = r["after_direct"], r["after_decay"]
    matrix.matrix_row([(r["params"]["W2"], "W2 now", "l2_W2", W2_LOOK),
                       (direct["W2"], "W2 − α dW2", "l2_W2_direct", W2_LOOK),
                       (decayed["W2"], "(1 − αλ/m) W2 − α·(1/m) dZ2 A1ᵀ", "l2_W2_decay", W2_LOOK)])
    example.show_checks(
        [(ctx.text("check_decay", l=l), decayed[f"W{l}"], direct[f"W{l}"]) for l in (2, 1)]
        + [(ctx.text("check_decay_b", l=l), direct[f"b{l}"],
            r["params"][f"b{l}"] - lr * r["plain"][f"db{l}"], 0.0) for l in (2, 1)])


def check_caption(ctx, r: dict) -> str:
    judged = r["judged"]
    parts = ", ".join(f"d{k}: {r['rel'][k]:.1e}" for k in verdict.NAMES)
    if all(v == "agrees" for v in judged.values()):
        icon, said = frame.CHECKED, ctx.text("check_agree", agree=engine.AGREE)
    elif all(v in verdict.FINE for v in judged.values()):
        worse = ", ".join("d" + k for k in verdict.NAMES if judged[k] != "agrees")
        icon, said = frame.EXPLAINED, ctx.text("check_explained", agree=engine.AGREE, names=worse)
    else:
        icon, said = frame.WARNED, ctx.text("check_disagree", agree=engine.AGREE)
    return ctx.text("check_caption", icon=icon, eps=lc.FD_EPS, lambd=lam(r), parts=parts,
                    verdict=said)


# ---------------------------------------------------------------- quiz

def questions(walk: dict, live: dict) -> list[Question]:
    """The term's shape, whether db changes with λ, the shrink factor from the α, λ and m
    shown, and one dW1 entry with L2 from its w and plain part as shown."""
    m, n_h, lambd = walk["m"], walk["params"]["W1"].shape[0], walk["lambd"]
    qs = [shape_question("(λ/m) W1", "", (n_h, 2), [(2, n_h), (n_h, m), (1, n_h)],
                         content.text(DOC, "quiz_shape_why", shape=shape(n_h, 2))),
          _bias_question(lambd),
          settle(lambda d: _shrink_question(walk["lr"], lambd, m, d))]
    if lambd == 0:  # no term and a factor of 1: the questions below would have no wrong answers
        return [q for q in qs[:2] if q is not None]
    k, j = lc.entry(walk["params"]["W1"])
    w, p = float(walk["params"]["W1"][k, j]), float(walk["plain"]["dW1"][k, j])
    qs.append(settle(lambda d: _entry_question(k, j, w, p, lambd, m, d)))
    return [q for q in qs if q is not None]


def _bias_question(lambd: float) -> Question:
    shown = f"{lambd:.1f}"  # λ is a decimal, so the prompt shows it: the rule ignores it
    right = content.text(DOC, "quiz_bias_right")
    return ask(content.text(DOC, "quiz_bias", lambd=shown), right,
               [content.text(DOC, f"quiz_bias_wrong{i}") for i in (1, 2, 3)],
               content.text(DOC, "quiz_bias_why"), shown=(shown,), rule=lambda _: right)


def _shrink_question(lr: float, lambd: float, m: int, d: int) -> Question | None:
    a_, l_ = decimals(lr, d), decimals(lambd, d)

    def factor(a: float, l: float) -> float:
        return 1 - a * l / m

    a, l = float(a_), float(l_)
    right = decimals(factor(a, l), d)
    wrong = [decimals(1 - a * l, d), decimals(1 - l / m, d), decimals(a * l / m, d),
             decimals(1 - a * l / (2 * m), d)]
    return ask(content.text(DOC, "quiz_shrink", a=a_, lambd=l_, m=m), right, wrong,
               content.text(DOC, "quiz_shrink_why", a=a_, lambd=l_, m=m, out=right),
               shown=(a_, l_), rule=factor, digits=d)


def _entry_question(k: int, j: int, w: float, p: float, lambd: float, m: int,
                    d: int) -> Question | None:
    w_, p_, l_ = decimals(w, d), decimals(p, d), decimals(lambd, d)

    def with_l2(w: float, p: float, l: float) -> float:
        return p + l / m * w

    ws, ps, ls = float(w_), float(p_), float(l_)
    right = decimals(with_l2(ws, ps, ls), d)
    wrong = [decimals(ps, d), decimals(ps + ls * ws, d), decimals(ps + ls / (2 * m) * ws, d),
             decimals(ps - ls / m * ws, d)]
    return ask(content.text(DOC, "quiz_entry", k=k + 1, j=j + 1, w=w_, p=p_, lambd=l_, m=m),
               right, wrong, content.text(DOC, "quiz_entry_why", w=w_, p=p_, lambd=l_, m=m,
                                          out=right),
               shown=(w_, p_, l_), rule=with_l2, digits=d)
