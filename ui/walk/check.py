"""9 · Check it yourself: every backprop gradient against centred finite differences of J,
then a classic mistake planted in backprop, and the check catching it."""

from __future__ import annotations

import math

import numpy as np
import plotly.graph_objects as go
import streamlit as st

import engine
from ui import compute, content, nav
from ui.charts import matrix, replay, style
from ui.quiz.model import Question, ask, settle
from ui.quiz.numbers import value
from ui.walk import frame, verdict

DOC = nav.page("check").doc  # this step's prose, also read by `questions` (which has no ctx)
FLOOR = 1e-16  # shown in place of an exact 0 on a log axis
ERROR_RED, WARN_AMBER, GOOD_GREEN = "#B2182B", "#E69F00", "#009E73"
MISTAKE_KEY = "mistake"


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
    errors = {k: engine.relative_error(grads["d" + k], numeric["d" + k]) for k in verdict.NAMES}
    return {**errors, "all": engine.relative_error(*verdict.stacked(grads, numeric))}


def render(ctx) -> None:
    walk = compute.walk(ctx.state)
    numeric = verdict.numerical(walk["X"], walk["Y"], walk["params"], ctx.state.activation)
    errors = mistake_errors(walk["grads"], numeric)
    judged = verdict.verdicts(walk, numeric, ctx.state.activation)
    limits = {"eps": engine.CHECK_EPS, "agree": engine.AGREE, "bug": engine.BUG}
    left, right = st.columns(2, gap="large")
    with left:
        frame.formula(r"d\theta_{\text{approx}} = \frac{J(\theta + \varepsilon) - "
                      r"J(\theta - \varepsilon)}{2\varepsilon}")
        st.caption(ctx.text("eps_caption", **limits))
    with right:
        frame.formula(r"\text{error} = \frac{\lVert d\theta - d\theta_{\text{approx}}"
                      r"\rVert_2}{\lVert d\theta\rVert_2 + \lVert d\theta_{\text{approx}}"
                      r"\rVert_2}")
        st.caption(ctx.text("threshold_caption", **limits))
    total = sum(p.size for p in walk["params"].values())
    # The reasoning first; the table and matrices that show it with numbers come after.
    st.subheader(ctx.text("derivation_heading"))
    frame.derivation(ctx, ctx.lines("derivation", eps=engine.CHECK_EPS, passes=2 * total))
    ctx.markdown("headline", total=total, passes=2 * total, error=errors["all"],
                 verdict=ctx.text(f"verdict_{judged['all']}")[2:])
    st.dataframe(_error_table(ctx, walk, numeric, errors, judged), hide_index=True,
                 key="check_table")
    _notes(ctx, walk, judged)

    st.subheader(ctx.text("side_heading"))
    param = st.pills("Parameter", list(verdict.NAMES), key="check_param", default=verdict.NAMES[0],
                     selection_mode="single") or verdict.NAMES[0]
    analytic, approx = walk["grads"]["d" + param], numeric["d" + param]
    prefixes = {"row_prefix": "unit " if param[1] == "1" else "out ",
                "col_prefix": "x" if param == "W1" else "unit ",
                "col_labels": [f"d{param}"] if param.startswith("b") else None}
    matrix.matrix_row([(analytic, f"d{param} from backprop", "check_analytic", prefixes),
                       (approx, f"d{param} by finite differences", "check_numeric", prefixes),
                       (analytic - approx, "backprop − finite diff.", "check_diff", prefixes)])

    st.subheader(ctx.text("break_heading"))
    _break_the_formula(ctx, walk, numeric, errors)
    # The quiz judges the page's headline number: the course's stacked relative error.
    stacked_only = {"all parameters, stacked": errors["all"]}
    frame.finish(ctx, walk, questions,
                 data={**walk, "rel_errors": stacked_only, "check_verdict": judged["all"]})


def _error_table(ctx, walk: dict, numeric: dict, errors: dict, judged: dict) -> list[dict]:
    rows = []
    for k in verdict.NAMES:
        analytic, approx = walk["grads"]["d" + k], numeric["d" + k]
        rows.append({"parameter": f"d{k}", "shape": str(analytic.shape),
                     "‖backprop‖": f"{np.linalg.norm(analytic):.4g}",
                     "‖finite difference‖": f"{np.linalg.norm(approx):.4g}",
                     "‖difference‖": f"{np.linalg.norm(analytic - approx):.1e}",
                     "relative error": f"{errors[k]:.2e}",
                     "verdict": ctx.text(f"verdict_{judged[k]}")})
    rows.append({"parameter": "all, stacked", "shape": "—", "‖backprop‖": "",
                 "‖finite difference‖": "", "‖difference‖": "",
                 "relative error": f"{errors['all']:.2e}",
                 "verdict": ctx.text(f"verdict_{judged['all']}")})
    return rows


def _names(keys: list[str]) -> dict[str, str]:
    return {"names": ", ".join("d" + k for k in keys), "verb": "scores" if len(keys) == 1
            else "score"}


def _notes(ctx, walk: dict, judged: dict) -> None:
    """Why a correct gradient scores worse: it is about 0 (rounding), or a relu kink."""
    tiny = [k for k in verdict.NAMES if judged[k] == "rounding"]
    if tiny:
        start = ctx.state.at == 0
        cause = " " + ctx.text("tiny_cause_start") if start and \
            all(k.startswith("b") for k in tiny) else ""
        # A hidden layer that is 0 for every example (dead relu units) never learns: no hint.
        alive = bool(np.any(walk["cache"]["A1"]))
        train = " " + ctx.text("tiny_train", agree=engine.AGREE) if start and alive else ""
        st.info(ctx.text("tiny_note", **_names(tiny), cause=cause, train=train,
                         floor=verdict.rounding_floor(walk["cost"], 1)), icon=":material/info:")
    kinked = [k for k in verdict.NAMES if judged[k] == "kink"]
    if kinked:
        z = np.abs(walk["cache"]["Z1"])
        # Z1[k, j] moves by ε·X[i, j] under a weight's nudge and by ε under the bias's.
        near = z <= engine.CHECK_EPS * np.maximum(np.abs(walk["X"]).max(axis=0), 1.0)
        left_out, away = verdict.away_from_kink(walk, ctx.state.activation, kinked)
        rest = ", ".join(f"d{k} {error:.1e}" for k, error in away.items())
        st.info(ctx.text("kink_note", **_names(kinked), g=ctx.state.activation,
                         low=verdict.KINK_SLOPES[ctx.state.activation], count=int(near.sum()),
                         lie="lies" if near.sum() == 1 else "lie",
                         size=z.size, closest=float(z.min()), left_out=left_out,
                         entries="entry" if left_out == 1 else "entries", rest=rest),
                icon=":material/info:")


def _break_the_formula(ctx, walk: dict, numeric: dict, errors: dict) -> None:
    ctx.markdown("break_lead")
    choice = st.radio("Mistake", engine.MISTAKES, key=MISTAKE_KEY,
                      format_func=engine.MISTAKE_LABELS.get)
    if choice == "none":
        replay.show(error_bars, errors, key="check_bars")
        return
    grads, shape_error = mistake_grads(walk, ctx.state.activation, choice)
    n_h, m = walk["grads"]["dZ1"].shape
    if shape_error is not None:
        st.error(ctx.text("shape_error"), icon=":material/block:")
        st.code(f"ValueError: {shape_error}", language=None, wrap_lines=True)
        replay.show(error_bars, errors, key="check_bars")
        return
    broken = mistake_errors(grads, numeric)
    worst = max(verdict.NAMES, key=broken.get)
    if broken["all"] > engine.BUG:
        why = ctx.text(f"why_{choice}", m=m, ratio=(m - 1) / (m + 1))
        st.error(ctx.text("caught", error=broken["all"], bug=engine.BUG, worst=worst,
                          worst_error=broken[worst], why=why), icon=":material/bug_report:")
    else:
        hidden = {"no_transpose": n_h == 1, "no_one_over_m": m == 1}.get(choice)
        why = ctx.text(f"hidden_{choice}" if hidden else "hidden_other")
        st.warning(ctx.text("not_caught", error=broken["all"], why=why),
                   icon=":material/visibility_off:")
    replay.show(error_bars, errors, broken, key="check_bars")
    matrix.matrix_row([(grads["d" + worst], f"d{worst} with the mistake", "check_broken", {}),
                       (numeric["d" + worst], f"d{worst} by finite differences",
                        "check_broken_fd", {})])


def error_bars(correct: dict[str, float], broken: dict[str, float] | None = None) -> go.Figure:
    """Relative error per parameter on a log axis, over green / amber / red bands."""
    fig = go.Figure()
    series = [("correct backprop", correct, style.CLASS_COLORS[0])]
    if broken is not None:
        series.append(("with the mistake", broken, "#D55E00"))
    for label, errors, color in series:
        values = [max(v, FLOOR) for v in errors.values()]
        names = ["all, stacked" if k == "all" else f"d{k}" for k in errors]
        fig.add_trace(go.Bar(x=names, y=values, name=label,
                             marker_color=color, text=[f"{v:.1e}" for v in errors.values()],
                             textposition="outside",
                             hovertemplate="%{x}: %{y:.2e}<extra>" + label + "</extra>"))
    agree, bug = engine.AGREE, engine.BUG
    for lo, hi, color in ((FLOOR, agree, GOOD_GREEN), (agree, bug, WARN_AMBER),
                          (bug, 10, ERROR_RED)):
        fig.add_hrect(y0=lo, y1=hi, fillcolor=color, opacity=0.10, line_width=0)
    for level, color, words in ((bug, ERROR_RED, "a bug above"),
                                (agree, GOOD_GREEN, "agrees below")):
        fig.add_hline(y=level, line_dash="dash", line_color=color, line_width=1.5)
        # On a log axis an annotation's y is given as log10 of the value.
        fig.add_annotation(x=1.01, xref="paper", xanchor="left", y=math.log10(level),
                           yanchor="middle", showarrow=False, font={"size": 12, "color": color},
                           text=f"{words}<br>{level:g}", align="left")
    fig.update_yaxes(type="log", range=[-13, 1], title="relative error", exponentformat="power")
    fig.update_layout(barmode="group", legend={"orientation": "h", "y": -0.15})
    style.base_layout(fig, "Relative error per parameter", 360)
    fig.update_layout(margin={"r": 100})
    return fig


def questions(walk: dict, live: dict) -> list[Question]:
    """Predict before you look: the check's cost, its verdict on `walk`'s relative errors (the
    page passes the stacked one, and its own verdict as "check_verdict"), and why centred."""
    n = live["n_h"] * live["n_x"] + 2 * live["n_h"] + 1
    name, error = max(walk["rel_errors"].items(), key=lambda kv: kv[1])
    ok = error < engine.AGREE
    which = name if len(walk["rel_errors"]) == 1 else \
        content.text(DOC, "q_verdict_largest", name=name)
    eps = engine.CHECK_EPS
    qs = [ask(content.text(DOC, "q_evaluations", n=n), str(2 * n), [str(n), str(4 * n),
                                                                     str(n + 1)],
              content.text(DOC, "q_evaluations_why", n=n, twice=2 * n))]
    # A ratio at or above the threshold on a correct gradient (about 0, or across a relu
    # kink) does not decide "is backprop right?" by itself: then the question is left out.
    if ok or walk.get("check_verdict") not in verdict.FINE:
        def answer(e: float) -> str:
            return "yes" if e < engine.AGREE else "probably not"

        def ask_verdict(d: int) -> Question:
            shown = content.unpadded(f"{error:.{d - 2}e}")  # 3 → "8.2e-8", as the table has it
            return ask(content.text(DOC, "q_verdict", which=which, error=shown),
                       answer(value(shown)),
                       ["probably not" if ok else "yes", "can't tell: it should be exactly 0"],
                       content.text(DOC, "q_verdict_why", eps=eps, agree=engine.AGREE,
                                    error=shown, verb="is" if ok else "is not"),
                       shown=(shown,), rule=answer, digits=d)

        qs.append(settle(ask_verdict))
    qs.append(ask(content.text(DOC, "q_centred"), "its error shrinks like ε², not ε",
                  ["it is cheaper", "it avoids dividing by ε", "they are the same"],
                  content.text(DOC, "q_centred_why", eps=eps, eps2=eps**2)))
    return qs
