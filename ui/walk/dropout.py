"""Dropout's backward pass: the same mask and the same / keep_prob. Inverted dropout on the
walk's hidden layer, with a page-local keep_prob and mask seed; the forward pass, the
expectation argument, the backward step, one entry by hand, a finite-difference check with
the mask fixed, and "Break the formula" with three dropout mistakes."""

from __future__ import annotations

import numpy as np
import streamlit as st

import engine
from ui import content
from ui.charts import matrix
from ui.quiz.model import Question, ask, decimals, settle, shape, shape_question
from ui.walk import dropout_compute as dc
from ui.walk import example, frame, latex

DOC = "steps/dropout"
KEEP_KEY, _KEEP_CHOICE = "dropout_keep_prob", "dropout_keep_prob_choice"
SEED_KEY, _SEED_CHOICE = "dropout_seed", "dropout_seed_choice"
MISTAKE_KEY, _MISTAKE_CHOICE = "dropout_mistake", "dropout_mistake_choice"
BROKEN = ":material/error:"  # a planted mistake caught by the gradient check


def _keep(widget: str, canonical: str) -> None:
    st.session_state[canonical] = st.session_state[widget]


def pick_settings(ctx) -> tuple[float, int]:
    """keep_prob and the mask seed, page-local: kept in the session across page visits."""
    st.session_state[KEEP_KEY] = st.session_state.get(_KEEP_CHOICE, dc.DEFAULT_KEEP_PROB)
    st.session_state[SEED_KEY] = st.session_state.get(_SEED_CHOICE, dc.DEFAULT_SEED)
    left, right = st.columns(2)
    kp = left.select_slider(ctx.text("keep_prob_label"), dc.KEEP_PROBS, key=KEEP_KEY,
                            on_change=_keep, args=(KEEP_KEY, _KEEP_CHOICE),
                            help=ctx.text("keep_prob_help"))
    seed = right.number_input(ctx.text("seed_label"), *dc.SEEDS, step=1, key=SEED_KEY,
                              on_change=_keep, args=(SEED_KEY, _SEED_CHOICE),
                              help=ctx.text("seed_help"))
    return float(kp), int(seed)


def render(ctx) -> None:
    kp, seed = pick_settings(ctx)
    net = dc.net(ctx.state, kp, seed)
    cache, grads, D1 = net["cache"], net["grads"], net["D1"]
    n_h, m = D1.shape
    S, s = frame.shaped, (n_h, m)
    frame.formula(rf"{S('D^{[1]}', s)} = \big(\mathrm{{rand}}({n_h}, {m}) < {kp:g}\big),"
                  rf"\qquad {S('A^{[1]}', s)} = {S('A^{[1]}', s)} * {S('D^{[1]}', s)}"
                  rf" / \text{{keep\_prob}}")
    frame.formula(rf"{S('dA^{[1]}', s)} = {S('dA^{[1]}', s)} * {S('D^{[1]}', s)}"
                  rf" / \text{{keep\_prob}}")
    ctx.markdown("why", n_h=n_h, m=m, g=ctx.state.activation.replace("_", " "), kp=f"{kp:g}",
                 seed=seed, dropped=dropped_text(ctx, net))
    st.subheader(ctx.text("derivation_heading"))
    frame.derivation(ctx, ctx.lines("derivation", n_h=n_h, m=m))
    st.subheader(ctx.text("forward_heading"))
    matrix.matrix_row([(D1, "D1", "do_D1", {}), (cache["G1"], "A1 before: g[1](Z1)", "do_G1", {}),
                       (cache["A1"], "A1 after: A1 * D1 / keep_prob", "do_A1", {})])
    st.caption(ctx.text("mean_caption", total=D1.size, kept=net["kept"], kp=f"{kp:g}",
                        mean=net["mean"]))
    st.subheader(ctx.text("backward_heading"))
    right = net["by_mistake"]["none"]
    matrix.matrix_row([(right["dA1_in"], "W2ᵀ dZ2", "do_dA1_in", {}),
                       (right["F1"], "D1 / keep_prob", "do_F1", {}),
                       (grads["dA1"], "dA1 = W2ᵀ dZ2 * D1 / keep_prob", "do_dA1", {})])
    ctx.markdown("backward_caption")
    one_entry(ctx, net)
    check_caption(ctx, net)
    break_formula(ctx, net)
    frame.quiz(ctx, questions, net, [2, n_h, 1])
    frame.footer(ctx)


def dropped_text(ctx, net: dict) -> str:
    D1, kp = net["D1"], net["keep_prob"]
    if net["kept"] < D1.size:
        return ctx.text("dropped_some", dropped=D1.size - net["kept"], total=D1.size)
    if kp == 1:
        return ctx.text("dropped_none_one")
    return ctx.text("dropped_none", q=f"{1 - kp:.2f}")


# ---------------------------------------------------------------- one entry by hand

def entry_units(D1: np.ndarray, i: int) -> tuple[int | None, int | None]:
    """The first kept and the first dropped unit of example i (None where there is none)."""
    kept, dropped = np.flatnonzero(D1[:, i] == 1), np.flatnonzero(D1[:, i] == 0)
    return (int(kept[0]) if kept.size else None, int(dropped[0]) if dropped.size else None)


def one_entry(ctx, net: dict) -> None:
    st.subheader(ctx.text("example_heading"))
    D1, kp, dA1 = net["D1"], net["keep_prob"], net["grads"]["dA1"]
    i = example.pick_example(net["Y"])
    kept, dropped = entry_units(D1, i)
    if kept is not None and dropped is not None:
        which = ctx.text("example_both", kept=kept + 1, dropped=dropped + 1)
    else:
        which = ctx.text("example_all_kept" if dropped is None else "example_all_dropped")
    ctx.markdown("example_why", i=i + 1, kp=f"{kp:g}", which=which)
    units = [j for j in (kept, dropped) if j is not None]
    incoming = net["by_mistake"]["none"]["dA1_in"]
    lines, checks = [], []
    for j in units:
        line, shown = worked_line(incoming[j, i], D1[j, i], kp, dA1[j, i], j + 1, i + 1)
        lines.append(line)
        checks.append((ctx.text("check_line", j=j + 1, i=i + 1), latex.value_of(shown),
                       dA1[j, i], 10.0 ** -3))
    latex.aligned(lines)
    checks.append((ctx.text("check_fd", i=i + 1, m=D1.shape[1]), net["fd_dA1"][:, i],
                   dA1[:, i], example.FD_TOL))
    example.show_checks(checks)


def worked_line(v: float, d: float, kp: float, result: float, j: int, i: int) -> tuple[str, str]:
    """dA1[j, i] = (W2ᵀ dZ2)[j, i] · d / keep_prob, with numbers that check by hand."""
    (v_, d_, k_), out = latex.worked(lambda a, b, c: a * b / c, [v, d, kp], result, sig=4)
    return (rf"dA^{{[1]}}_{{{j},{i}}} &= (W^{{[2]T}} dZ^{{[2]}})_{{{j},{i}}}\cdot"
            rf"\frac{{D^{{[1]}}_{{{j},{i}}}}}{{\text{{keep\_prob}}}} = {latex.bracket(v_)}"
            rf"\cdot\frac{{{d_}}}{{{k_}}} = {out}"), out


# ---------------------------------------------------------------- checks

def verdict_of(rel: float) -> str:
    return "agree" if rel < engine.AGREE else ("wrong" if rel >= engine.BUG else "unclear")


def check_caption(ctx, net: dict) -> None:
    rel, dA1_rel = net["rel"]["none"]["all"], net["dA1_rel"]
    verdict = verdict_of(max(rel, dA1_rel))
    icon = {"agree": frame.CHECKED, "unclear": frame.EXPLAINED}.get(verdict, frame.WARNED)
    st.caption(ctx.text("check_caption", icon=icon, eps=dc.FD_EPS, rel=rel, dA1_rel=dA1_rel,
                        verdict=ctx.text(verdict, agree=engine.AGREE, bug=engine.BUG)))


def pick_mistake(ctx) -> str:
    st.session_state[MISTAKE_KEY] = st.session_state.get(_MISTAKE_CHOICE, dc.MISTAKES[0])
    chosen = st.segmented_control(ctx.text("mistake_label"), dc.MISTAKES, key=MISTAKE_KEY,
                                  on_change=_keep, args=(MISTAKE_KEY, _MISTAKE_CHOICE),
                                  format_func=lambda k: ctx.text(f"mistake_{k}"))
    return chosen if chosen in dc.MISTAKES else dc.MISTAKES[0]  # deselected reads None


FORMULAS = {
    "no_scale": r"dA^{[1]} = dA^{[1]} * D^{[1]}",
    "fresh_mask": r"dA^{[1]} = dA^{[1]} * D'^{[1]} / \text{keep\_prob}",
    "no_mask": r"dA^{[1]} = dA^{[1]} / \text{keep\_prob}",
}


def break_formula(ctx, net: dict) -> None:
    st.subheader(ctx.text("break_heading"))
    ctx.markdown("break_intro")
    k = pick_mistake(ctx)
    frame.formula(FORMULAS[k])
    D1, kp = net["D1"], net["keep_prob"]
    extra = {}
    if k == "fresh_mask":
        differ = int(np.sum(net["fresh"] != D1))
        extra["same"] = (ctx.text("fresh_differs", count=differ, total=D1.size) if differ
                         else ctx.text("fresh_same"))
        extra["fresh_seed"] = dc.fresh_seed(net["seed"])
    ctx.markdown(f"why_{k}", kp=f"{kp:g}", **extra)
    wrong_grads = net["by_mistake"][k]
    diff = wrong_grads["dA1"] - net["by_mistake"]["none"]["dA1"]
    matrix.matrix_row([(wrong_grads["F1"], "factor used", "do_bad_F1", {}),
                       (wrong_grads["dA1"], "mistaken dA1", "do_bad_dA1", {}),
                       (diff, "difference", "do_bad_diff", {})])
    st.caption(ctx.text("matrices_caption"))
    st.caption(mistake_result(ctx, net, k))
    st.markdown(f"**{ctx.text('summary_heading')}**")
    st.markdown("\n".join(ctx.text("summary_line", label=ctx.text(f"mistake_{j}"),
                                   rel=net["rel"][j]["all"], wrong=int(net["wrong"][j].sum()),
                                   total=D1.size) for j in dc.MISTAKES))


def mistake_result(ctx, net: dict, k: str) -> str:
    rel, wrong, D1 = net["rel"][k], int(net["wrong"][k].sum()), net["D1"]
    verdict = verdict_of(rel["all"])
    icon = {"agree": frame.EXPLAINED, "unclear": frame.EXPLAINED}.get(verdict, BROKEN)
    return ctx.text("mistake_result", icon=icon, rel=rel["all"], W1=rel["W1"], b1=rel["b1"],
                    W2=rel["W2"], b2=rel["b2"],
                    verdict=ctx.text(f"verdict_{verdict}", agree=engine.AGREE, bug=engine.BUG),
                    wrong=wrong, total=D1.size, wrong_dW1=net["wrong_dW1"][k],
                    total_dW1=net["params"]["W1"].size, because=because(ctx, net, k))


def because(ctx, net: dict, k: str) -> str:
    """Why a mistake changes nothing, or changes dA1 but not dW1, at these settings ("" when
    it shows)."""
    D1 = net["D1"]
    if net["wrong"][k].any():
        return ctx.text("hidden_by_g") if net["wrong_dZ1"][k] == 0 else ""
    if net["keep_prob"] == 1:
        return ctx.text("same_keep_one")
    if k == "fresh_mask" and np.array_equal(net["fresh"], D1):
        return ctx.text("same_fresh")
    if k == "no_mask" and net["kept"] == D1.size:
        return ctx.text("same_none_dropped")
    if k == "no_scale" and net["kept"] == 0:
        return ctx.text("same_all_dropped")
    return ctx.text("same_zero")


# ---------------------------------------------------------------- quiz

def questions(net: dict, live: dict) -> list[Question]:
    """D1's shape; a dropped unit's dA1 entry (0); a kept unit's (W2ᵀ dZ2 / keep_prob, from
    the numbers shown); and the expected value of D1 / keep_prob."""
    D1, kp = net["D1"], net["keep_prob"]
    n_h, m = D1.shape
    qs = [shape_question("D1", "", (n_h, m), [(m, n_h), (n_h, 1), (1, m)],
                         content.text(DOC, "quiz_shape_why", shape=shape(n_h, m)))]
    rows, cols = np.nonzero(D1 == 0)
    if rows.size:
        qs.append(ask(content.text(DOC, "quiz_dropped", j=rows[0] + 1, i=cols[0] + 1),
                      content.text(DOC, "quiz_dropped_right"),
                      content.text(DOC, "quiz_dropped_wrong").split("|"),
                      content.text(DOC, "quiz_dropped_why")))
    incoming = net["by_mistake"]["none"]["dA1_in"]
    rows, cols = np.nonzero(D1 == 1)
    if rows.size:
        best = int(np.argmax(np.abs(incoming[rows, cols])))
        j, i = int(rows[best]), int(cols[best])
        qs.append(settle(lambda d: _kept_question(j, i, kp, float(incoming[j, i]), d)))
    qs.append(ask(content.text(DOC, "quiz_mean"), content.text(DOC, "quiz_mean_right"),
                  content.text(DOC, "quiz_mean_wrong").split("|"),
                  content.text(DOC, "quiz_mean_why")))
    return [q for q in qs if q is not None]


def _kept_question(j: int, i: int, kp: float, v: float, d: int) -> Question | None:
    k_, v_ = decimals(kp, d), decimals(v, d)
    if float(v_) == 0:  # 0 / keep_prob is 0 whatever keep_prob: no question
        return None
    out = decimals(float(v_) / float(k_), d)
    wrong = [decimals(float(v_), d), decimals(float(v_) * float(k_), d), decimals(0.0, d)]
    return ask(content.text(DOC, "quiz_kept", kp=k_, j=j + 1, i=i + 1, v=v_), out, wrong,
               content.text(DOC, "quiz_kept_why", kp=k_, v=v_, out=out), shown=(k_, v_),
               rule=lambda k, x: x / k, digits=d)
