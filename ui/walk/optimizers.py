"""Optimizers: one step of gd, momentum, RMSprop or Adam on the walk's network, with v, s,
v̂ and ŝ as matrices shaped like W; one weight's update worked by hand; why Adam divides by
1 − βᵗ (at t = 1, v = (1 − β1) dW and v̂ = dW); and the four optimizers' paths in the plane
of two weights (optimizers_paths.py)."""

from __future__ import annotations

import numpy as np
import streamlit as st

from ui import compute, content
from ui.charts import matrix
from ui.quiz.model import Question, ask, decimals, settle, shape, shape_question
from ui.walk import example, frame, latex
from ui.walk import optimizers_compute as oc
from ui.walk import optimizers_paths as paths

DOC = "steps/optimizers"
PREFIX = "optimizers_"  # every widget and choice of this page: session keys start so
LABELS = {"W1": {"row_prefix": "unit ", "col_prefix": "x"}, "W2": {"col_prefix": "unit "}}
CHECKED, WARNED = frame.CHECKED, frame.WARNED


def choice(name: str) -> object:
    """A page-local choice, kept in the session so it survives a visit to another page."""
    return st.session_state.get(f"{PREFIX}{name}_choice", oc.DEFAULTS.get(name, "W1"))


def _keep(name: str) -> None:
    value = st.session_state[f"{PREFIX}{name}"]
    if value is not None:  # a deselected segmented control reads None: keep the last choice
        st.session_state[f"{PREFIX}{name}_choice"] = value


def widget(draw, ctx, name: str, options, **kw) -> object:
    key = f"{PREFIX}{name}"
    current = choice(name)
    st.session_state[key] = current if current in options else options[0]
    value = draw(ctx.text(f"{name}_label"), options, key=key, on_change=_keep, args=(name,),
                 help=ctx.text(f"{name}_help"), **kw)
    return current if value is None else value


def controls(ctx) -> dict:
    name = {o: ctx.text(f"name_{o}") for o in oc.OPTIMIZERS}
    out = {"optimizer": widget(st.segmented_control, ctx, "optimizer", oc.OPTIMIZERS,
                               format_func=name.get)}
    cols = st.columns(4)
    with cols[0]:
        out["t"] = widget(st.select_slider, ctx, "t", oc.TS)
    with cols[1]:
        out["alpha"] = widget(st.select_slider, ctx, "alpha", oc.ALPHAS)
    with cols[2]:
        out["beta1"] = widget(st.select_slider, ctx, "beta1", oc.BETA1S)
    with cols[3]:
        out["beta2"] = widget(st.select_slider, ctx, "beta2", oc.BETA2S)
    out["weight"] = widget(st.segmented_control, ctx, "weight", oc.WEIGHTS)
    return out


def formula_latex(optimizer: str, W: str, dims: tuple[int, int]) -> str:
    S = frame.shaped
    l = W[1]
    w, d = S(f"W^{{[{l}]}}", dims), S(f"dW^{{[{l}]}}", dims)
    v, s = S(f"v_{{dW^{{[{l}]}}}}", dims), S(f"s_{{dW^{{[{l}]}}}}", dims)
    vh, sh = r"\hat v_{dW}", r"\hat s_{dW}"
    lines = {
        "gd": [rf"{w} := W^{{[{l}]}} - \alpha\, {d}"],
        "momentum": [rf"{v} = \beta_1 v_{{dW}} + (1 - \beta_1)\, {d}",
                     rf"W^{{[{l}]}} := W^{{[{l}]}} - \alpha\, v_{{dW}}"],
        "rmsprop": [rf"{s} = \beta_2 s_{{dW}} + (1 - \beta_2)\, {d}^{{\,2}}",
                    rf"W^{{[{l}]}} := W^{{[{l}]}} - \alpha\, \frac{{dW}}{{\sqrt{{s_{{dW}}}} + "
                    rf"\varepsilon}}"],
        "adam": [rf"{v} = \beta_1 v_{{dW}} + (1 - \beta_1)\, {d}",
                 rf"{s} = \beta_2 s_{{dW}} + (1 - \beta_2)\, dW^{{2}}",
                 rf"{vh} = \frac{{v_{{dW}}}}{{1 - \beta_1^{{\,t}}}},\quad "
                 rf"{sh} = \frac{{s_{{dW}}}}{{1 - \beta_2^{{\,t}}}},\quad "
                 rf"W^{{[{l}]}} := W^{{[{l}]}} - \alpha\,\frac{{{vh}}}{{\sqrt{{{sh}}} + "
                 rf"\varepsilon}}"]}
    return r" \\ ".join(lines[optimizer])


def render(ctx) -> None:
    c = controls(ctx)
    state = ctx.state
    walk = compute.walk(state)
    opt, W = c["optimizer"], c["weight"]
    res = oc.step(walk, state.activation, opt, c["t"], c["alpha"], c["beta1"], c["beta2"])
    theta = res["start"]["params"]
    dims = theta[W].shape
    frame.formula(formula_latex(opt, W, dims))
    st.caption(ctx.text("values", alpha=c["alpha"], beta1=c["beta1"], beta2=c["beta2"],
                        t=c["t"], eps=oc.EPSILON))
    m, n_h = walk["X"].shape[1], theta["W1"].shape[0]
    ctx.markdown("why", n_h=n_h, g=state.activation.replace("_", " "), m=m, at=state.at,
                 before=c["t"] - 1, name=ctx.text(f"name_{opt}"), alpha=c["alpha"], t=c["t"],
                 state_kept=ctx.text(f"kept_{opt}"))
    matrix.matrix_row(step_matrices(res, W, opt))
    st.caption(ctx.text("matrices_caption", W=W, t=c["t"]))
    fd_caption(ctx, res)
    i, j = oc.entry(res, W)
    worked_entry(ctx, res, W, i, j)
    st.subheader(ctx.text("bias_heading"))
    bias(ctx, res, W, i, j)
    st.subheader(ctx.text("derivation_heading"))
    frame.derivation(ctx, ctx.lines("derivation", one_minus=latex.plain(1 - c["beta1"], 3)))
    st.subheader(ctx.text("first_heading"))
    first_steps(ctx, res, W, i, j)
    st.subheader(ctx.text("plane_heading"))
    paths.render(ctx, walk, c)
    data = {**res, "cache": walk["cache"], "weight": W, "entry": (i, j)}
    frame.quiz(ctx, questions, data)
    frame.footer(ctx)


def step_matrices(res: dict, W: str, opt: str) -> list:
    d, labels = "d" + W, LABELS[W]
    items = [(res["start"]["grads"][d], f"d{W}", "opt_dW", labels)]
    if opt in ("momentum", "adam"):
        items.append((res["v"][d], f"v_d{W}", "opt_v", labels))
    if opt in ("rmsprop", "adam"):
        items.append((res["s"][d], f"s_d{W}", "opt_s", labels))
    if opt == "adam":
        items += [(res["v_hat"][d], f"v̂_d{W}", "opt_v_hat", labels),
                  (res["s_hat"][d], f"ŝ_d{W}", "opt_s_hat", labels)]
    items.append((res["delta"][W], f"the update of {W}", "opt_delta", labels))
    return items


def fd_caption(ctx, res: dict) -> None:
    rel = res["fd_rel"]
    grads, fd = res["start"]["grads"], res["fd"]
    diff = max(float(np.max(np.abs(grads[k] - fd[k]))) for k in rel)
    tol = oc.FD_TOL * max(1.0, float(res["start"]["costs"][-1]))
    ok = diff <= tol
    st.caption(ctx.text("check_caption", icon=CHECKED if ok else WARNED, eps=oc.FD_EPS,
                        parts=", ".join(f"{k}: {v:.1e}" for k, v in rel.items()), diff=diff,
                        verdict=ctx.text("agree" if ok else "disagree", tol=tol)))


def worked_entry(ctx, res: dict, W: str, i: int, j: int) -> None:
    st.subheader(ctx.text("entry_heading"))
    opt, t, a, b1, b2 = res["optimizer"], res["t"], res["alpha"], res["beta1"], res["beta2"]
    eps, d = res["epsilon"], "d" + W
    start = res["start"]
    g = float(start["grads"][d][i, j])
    ctx.markdown("entry_why", W=W, i=i + 1, j=j + 1, t=t)
    sub = f"{W[1]}]}}_{{{i + 1},{j + 1}}}"
    lines = []

    def line(lhs: str, symbolic: str, f, values, result, pattern: str) -> float:
        texts, out = latex.worked(f, values, result, sig=4)
        lines.append(rf"{lhs} &= {symbolic} = " + pattern.format(*map(latex.bracket, texts))
                     + f" = {out}")
        return result

    if opt in ("momentum", "adam"):
        line(r"v", rf"\beta_1 v_{{\text{{before}}}} + (1 - \beta_1)\, dW^{{[{sub}",
             lambda v0, x: b1 * v0 + (1 - b1) * x, [start["v"][d][i, j], g], res["v"][d][i, j],
             rf"{b1}\cdot {{}} + {1 - b1:.4g}\cdot {{}}")
    if opt in ("rmsprop", "adam"):
        line(r"s", rf"\beta_2 s_{{\text{{before}}}} + (1 - \beta_2)\, (dW^{{[{sub})^2",
             lambda s0, x: b2 * s0 + (1 - b2) * x * x, [start["s"][d][i, j], g],
             res["s"][d][i, j], rf"{b2}\cdot {{}} + {1 - b2:.4g}\cdot {{}}^2")
    if opt == "adam":
        line(r"\hat v", r"v / (1 - \beta_1^{\,t})", lambda v, q: v / q,
             [res["v"][d][i, j], 1 - b1 ** t], res["v_hat"][d][i, j], "{} / {}")
        line(r"\hat s", r"s / (1 - \beta_2^{\,t})", lambda s, q: s / q,
             [res["s"][d][i, j], 1 - b2 ** t], res["s_hat"][d][i, j], "{} / {}")
    delta = float(res["delta"][W][i, j])
    sq = rf"-{a}\cdot {{}} / (\sqrt{{{{{{}}}}}} + 10^{{{{-8}}}})"  # ε = 1e-8
    if opt == "gd":
        update = (rf"-\alpha\, dW^{{[{sub}", lambda x: -a * x, [g], rf"-{a}\cdot {{}}")
    elif opt == "momentum":
        update = (r"-\alpha\, v", lambda v: -a * v, [res["v"][d][i, j]], rf"-{a}\cdot {{}}")
    elif opt == "rmsprop":
        update = (rf"-\alpha\, dW^{{[{sub} / (\sqrt{{s}} + \varepsilon)",
                  lambda x, s: -a * x / (np.sqrt(s) + eps), [g, res["s"][d][i, j]], sq)
    else:
        update = (r"-\alpha\, \hat v / (\sqrt{\hat s} + \varepsilon)",
                  lambda v, s: -a * v / (np.sqrt(s) + eps),
                  [res["v_hat"][d][i, j], res["s_hat"][d][i, j]], sq)
    line(r"\Delta w", *update[:3], delta, update[3])
    line(r"w_{\text{new}}", r"w + \Delta w", lambda w, x: w + x,
         [start["params"][W][i, j], delta], res["new"][W][i, j], "{} + {}")
    latex.aligned(lines)
    formula = formula_update(res, W, i, j)
    example.show_checks([(ctx.text("check_formula", W=W), formula, res["delta"][W]),
                         (ctx.text("check_entry", W=W, i=i + 1, j=j + 1),
                          formula[i, j], delta)])


def formula_update(res: dict, W: str, i: int = 0, j: int = 0) -> np.ndarray:
    """The update of W written out from the shown matrices, as the formula says."""
    d, a, eps = "d" + W, res["alpha"], res["epsilon"]
    g = res["start"]["grads"][d]
    return {"gd": lambda: -a * g, "momentum": lambda: -a * res["v"][d],
            "rmsprop": lambda: -a * g / (np.sqrt(res["s"][d]) + eps),
            "adam": lambda: -a * res["v_hat"][d] / (np.sqrt(res["s_hat"][d]) + eps)
            }[res["optimizer"]]()


def bias(ctx, res: dict, W: str, i: int, j: int) -> None:
    b, d, labels = res["bias"], "d" + W, LABELS[W]
    b1, b2, t = res["beta1"], res["beta2"], res["t"]
    matrix.matrix_row([(b["grads"][d], f"d{W} at t = 1", "opt_b_dW", labels),
                       (b["v"][d], "v = (1 − β1) dW", "opt_b_v", labels),
                       (b["v_hat"][d], "v̂ = v / (1 − β1)", "opt_b_v_hat", labels),
                       (b["delta_raw"][W], "update without correction", "opt_b_raw", labels),
                       (b["delta"][W], "Adam's update", "opt_b_delta", labels)])
    g, raw, fixed = (float(b["grads"][d][i, j]), float(b["delta_raw"][W][i, j]),
                     float(b["delta"][W][i, j]))
    ctx.markdown("bias_why", beta1=b1, one_minus=latex.plain(1 - b1, 3),
                 factor=latex.plain(1 / (1 - b1), 3), W=W, i=i + 1, j=j + 1,
                 g=latex.plain(g, 4), v=latex.plain(float(b["v"][d][i, j]), 4),
                 v_hat=latex.plain(float(b["v_hat"][d][i, j]), 4))
    if g != 0:
        ctx.markdown("bias_step", raw=latex.plain(raw, 4), fixed=latex.plain(fixed, 4),
                     ratio=latex.plain(raw / fixed, 4) if fixed else "—",
                     both=latex.plain((1 - b1) / np.sqrt(1 - b2), 4), alpha=res["alpha"],
                     sfactor=latex.plain(1 / np.sqrt(1 - b2), 4))
    else:
        ctx.markdown("bias_zero")
    ctx.markdown("bias_t", t=t, f1=latex.plain(1 / (1 - b1 ** t), 4),
                 f2=latex.plain(1 / (1 - b2 ** t), 4))


def first_steps(ctx, res: dict, W: str, i: int, j: int) -> None:
    labels = LABELS[W]
    matrix.matrix_row([(res["first"][o][W], ctx.text(f"name_{o}"), f"opt_first_{o}", labels)
                       for o in oc.OPTIMIZERS])
    ctx.markdown("first_why", W=W, alpha=res["alpha"],
                 gain=latex.plain(1 / np.sqrt(1 - res["beta2"]), 4))


# ---------------------------------------------------------------- quiz

def questions(data: dict, live: dict) -> list[Question]:
    """v's shape; what v̂ is at t = 1; for the worked entry at t = 1, v from the shown dW and
    β1, and which optimizer's first step there is the largest, from the shown dW, α, β's."""
    W, (i, j) = data["weight"], data["entry"]
    dims = data["params"][W].shape
    b1, b2, a = data["beta1"], data["beta2"], data["alpha"]
    g = float(data["bias"]["grads"]["d" + W][i, j])
    qs = [shape_question(f"v_d{W}", "", dims, [(dims[1], dims[0]), (1, 1)],
                         content.text(DOC, "quiz_shape_why", W=W, shape=shape(*dims))),
          ask(content.text(DOC, "quiz_vhat"), "dW", ["(1 − β1) dW", "dW / (1 − β1)", "β1 dW"],
              content.text(DOC, "quiz_vhat_why"))]
    names = {o: content.text(DOC, f"name_{o}") for o in oc.OPTIMIZERS}

    def v_question(dg: int) -> Question | None:
        shown = decimals(g, dg)
        if float(shown) == 0:
            return None
        x = float(shown)
        right = decimals((1 - b1) * x, dg + 1)
        return ask(content.text(DOC, "quiz_v", W=W, i=i + 1, j=j + 1, g=shown, beta1=f"{b1}"),
                   right, [decimals(x, dg + 1), decimals(b1 * x, dg + 1),
                           decimals(x / (1 - b1), dg + 1)],
                   content.text(DOC, "quiz_v_why", out=right), shown=(shown, f"{b1}"),
                   rule=lambda x_, b: (1 - b) * x_, digits=dg + 1)

    def largest(dg: int) -> Question | None:
        shown = decimals(g, dg)
        if float(shown) == 0:
            return None

        def rule(x, alpha, beta1, beta2):
            sizes = {"gd": alpha * abs(x), "momentum": alpha * (1 - beta1) * abs(x),
                     "rmsprop": alpha * abs(x) / (np.sqrt(1 - beta2) * abs(x) + oc.EPSILON),
                     "adam": alpha * abs(x) / (abs(x) + oc.EPSILON)}
            ranked = sorted(sizes.values(), reverse=True)
            if ranked[0] == ranked[1]:
                return None
            return names[max(sizes, key=sizes.get)]

        nums = (shown, f"{float(a)}", f"{b1}", f"{b2}")
        right = rule(*map(float, nums))
        if right is None:
            return None
        return ask(content.text(DOC, "quiz_largest", W=W, i=i + 1, j=j + 1, g=shown,
                                alpha=nums[1], beta1=nums[2], beta2=nums[3]),
                   right, [n for n in names.values() if n != right],
                   content.text(DOC, "quiz_largest_why"), shown=nums, rule=rule)

    qs += [settle(v_question), settle(largest)]
    return [q for q in qs if q is not None]
