"""2 · Loss and cost: the loss L of each example's prediction, and the cost J, their mean, the
one number backprop differentiates."""

from __future__ import annotations

import math

import numpy as np
import plotly.graph_objects as go
import streamlit as st

import engine
from ui import compute, content
from ui.charts import matrix, plots, replay, style
from ui.quiz.model import Question, ask, decimals, settle, unique_best
from ui.quiz.numbers import found, value
from ui.walk import example, frame, latex

DOC = "steps/cost"  # the quiz's wording
LOSS_TOP = 5.2  # the loss chart's top: higher losses sit on it as triangles


def per_example_loss(A2: np.ndarray, Y: np.ndarray) -> np.ndarray:
    """L(a, y) for each column, the course's formula in a: shape (1, m). It is ∞ or NaN where
    a is exactly 0 or 1; the page shows engine.cross_entropy_loss(Y, Z2), the same loss in z."""
    return -(Y * np.log(A2) + (1 - Y) * np.log(1 - A2))


def loss_of_a(a: float, y: float) -> float:
    """One example's loss by the formula in a, for 0 < a < 1, as the quiz writes it
    (+ 0.0: never "-0.000")."""
    return -(y * math.log(a) + (1 - y) * math.log(1 - a)) + 0.0


def scalar_loss(a: float, z: float, y: float) -> tuple[float, float]:
    """One example's loss as the page writes it (the formula in a, or in z where a is exactly 0
    or 1), and |∂L/∂a|·ulp(a), how far rounding a to float64 can move it: about e^z·1e-16
    for y = 0, which shows once z passes about 12."""
    if a in (0.0, 1.0):
        return example.loss_of_z(z, y), 0.0
    # Not loss_of_a: the page has always shown this as written, −0.000 included (for y = 0 and
    # a below ~1e-16, where 1 − a rounds to 1).
    loss = -(y * math.log(a) + (1 - y) * math.log(1 - a))
    return loss, (y / a + (1 - y) / (1 - a)) * math.ulp(a)


def render(ctx) -> None:
    walk = compute.walk(ctx.state)
    Y, A2 = walk["Y"], walk["cache"]["A2"]
    m = Y.shape[1]
    losses = engine.cross_entropy_loss(Y, walk["cache"]["Z2"])  # finite even where a is 0 or 1
    S = frame.shaped
    frame.formula(r"L(a, y) = -\big(y \log a + (1 - y)\log(1 - a)\big)")
    frame.formula(rf"J = \frac{{1}}{{m}}\sum_{{i=1}}^{{m}} L\big(a^{{[2](i)}}, y^{{(i)}}\big)"
                  rf" = \frac{{1}}{{{m}}}\,\text{{np.sum}}\big({S('L', losses.shape)}\big)"
                  rf" = {latex.num(walk['cost'])}")
    # The reasoning first; the charts and matrices that show it with numbers come after.
    st.subheader(ctx.text("derivation_heading"))
    frame.derivation(ctx, ctx.lines("derivation", m=m))
    left, right = st.columns(2, gap="large")
    with left:
        replay.show(loss_bars, losses, Y, walk["cost"], key="cost_bars")
    with right:
        replay.show(loss_curves, A2, Y, losses, key="cost_curves")
    frame.untrained_hint(A2, ctx.text("untrained"))
    lead = example.saturation_lead(A2)
    if lead:
        st.info(lead + ctx.text("saturated"), icon=":material/info:")
    matrix.matrix_row([(A2, "A2 = ŷ", "cost_A2", {}), (Y, "Y", "cost_Y", {}),
                       (losses, "L per example", "cost_L", {})])

    st.subheader(ctx.text("why_heading"))
    # Written so that the sum divided by m, as shown, gives J as shown.
    (total,), cost = latex.worked(lambda t: t / m, [float(np.sum(losses))], walk["cost"], sig=4,
                                  write=latex.plain)
    ctx.markdown("why", m=m, total=total, cost=cost)

    one_example(ctx, walk, losses)
    frame.finish(ctx, walk, questions, shows_gradients=False)


def loss_bars(losses: np.ndarray, Y: np.ndarray, cost: float) -> go.Figure:
    """Per-example losses as bars coloured by class, with J as a dashed line."""
    labels = [f"ex {j + 1}" for j in range(losses.shape[1])]
    fig = go.Figure()
    for cls in (0, 1):
        idx = np.flatnonzero(Y[0] == cls)
        fig.add_trace(go.Bar(x=[labels[j] for j in idx], y=losses[0, idx], name=f"y = {cls}",
                             marker_color=style.CLASS_COLORS[cls],
                             hovertemplate="%{x}: L = %{y:.4f}<extra></extra>"))
    fig.add_hline(y=cost, line_dash="dash", line_color=style.NEUTRAL,
                  annotation_text=f"J = mean = {cost:.4f}", annotation_position="top left")
    fig.update_xaxes(categoryorder="array", categoryarray=labels)
    fig.update_yaxes(title="L(a, y)", rangemode="tozero")
    fig.update_layout(bargap=0.25)
    return style.legend_below(style.base_layout(fig, "Loss of each example"))


def loss_curves(A2: np.ndarray, Y: np.ndarray, losses: np.ndarray) -> go.Figure:
    """−log a and −log(1 − a) over a, with each example placed on its own curve."""
    a = np.linspace(0.005, 0.995, 199)
    fig = plots.function_plot(a, {"y = 0: −log(1 − a)": -np.log(1 - a),
                                  "y = 1: −log a": -np.log(a)},
                              "Loss as a function of ŷ = a", height=320)
    plots.mark_examples(fig, A2[0], losses[0], Y, clamp=LOSS_TOP)
    fig.update_xaxes(title="a = ŷ", range=[0, 1])
    fig.update_yaxes(title="L", range=[0, LOSS_TOP + 0.3])
    return style.legend_below(fig)


def one_example(ctx, walk: dict, losses: np.ndarray) -> None:
    """Example i's loss by hand beside the NumPy lines, and checks that a loop's mean is J."""
    st.subheader("One example")
    Y, A2, Z2 = walk["Y"], walk["cache"]["A2"], walk["cache"]["Z2"]
    m = Y.shape[1]
    i = example.pick_example(Y)
    a, y, z = float(A2[0, i]), float(Y[0, i]), float(Z2[0, i])
    loss, slack = scalar_loss(a, z, y)
    # The average the way a loop would build it, to check np.mean and the engine's cost.
    each = [scalar_loss(float(A2[0, k]), float(Z2[0, k]), float(Y[0, k])) for k in range(m)]
    loop_mean, loop_slack = sum(v for v, _ in each) / m, sum(d for _, d in each) / m
    num, bk = latex.num, latex.bracket
    scalar, vector = example.example_columns(f"Example {i + 1} on its own",
                                             "All examples at once")
    with scalar:
        # Written so that the loss of the numbers as shown is the loss shown.
        if a in (0.0, 1.0):
            (z_, ), L = latex.worked(lambda t: example.loss_of_z(t, y), [z], loss, sig=4)
            minus_z = z_[1:] if z_.startswith("-") else "-" + z_
            latex.aligned([rf"a^{{[2]({i + 1})}} &= {a:.0f}, \quad y^{{({i + 1})}} = {y:.0f}, "
                           rf"\quad z = {z_}",
                           rf"L &= \log\big(1 + e^{{-z}}\big) + (1 - y)\,z = \log\big(1 + "
                           rf"e^{{{minus_z}}}\big) + {1 - y:.0f}\cdot{bk(z_)} = {L}"])
            st.caption(ctx.text("saturated_example", a=a))
        else:
            (a_, rest), L = latex.worked(
                lambda p, q: -(y * math.log(p) + (1 - y) * math.log(q)), [a, 1 - a], loss, sig=4)
            latex.aligned([rf"a^{{[2]({i + 1})}} &= {a_}, \quad y^{{({i + 1})}} = {y:.0f}",
                           rf"L &= -\big({y:.0f}\cdot\log {a_} + {1 - y:.0f}\cdot\log "
                           rf"{rest}\big) = {L}"])
            term = "log a" if y == 1 else "log(1 − a)"
            st.caption(ctx.text("surviving_term", y=y, term=term))
    with vector:
        st.code("L = -(Y * np.log(A2)\n      + (1 - Y) * np.log(1 - A2))\nJ = np.mean(L)",
                language="python")
        st.latex(rf"L_{{{i + 1}}} = {num(losses[0, i])}, \quad J = {num(walk['cost'])}")
    entry_check, mean_check = ctx.lines("checks", i=i + 1, m=m)
    example.show_checks([
        (entry_check, loss, losses[0, i], 1e-12 + slack / max(1.0, abs(float(losses[0, i])))),
        (mean_check, loop_mean, walk["cost"],
         1e-12 + loop_slack / max(1.0, abs(walk["cost"]))),
    ])
    if max(slack, loop_slack) > 1e-12 * max(1.0, walk["cost"]):
        st.caption(ctx.text("rounding", slack=max(slack, loop_slack)))


def questions(walk: dict, live: dict) -> list[Question]:
    """One example's loss, J against the coin-flip ln 2, the loss of a confident mistake, and
    which example has the largest L: each worked from the numbers as the prompt writes them."""
    A2, Y = live["A2"], live["Y"]
    # Only where 0 < a < 1 is the formula in a finite, so only there does it make a question.
    ok = [int(i) for i in np.flatnonzero(~engine.saturated_outputs(A2[None, :])[0])]
    qs = []
    # A loss near 1 first: far from 0 its options are far apart, and near a = 0.5 the two
    # branches of the formula give nearly the same number.
    losses = engine.cross_entropy_loss(Y[None, :], walk["cache"]["Z2"])[0]
    for j in sorted(ok, key=lambda i: abs(math.log(max(losses[i], 1e-300)))):
        q = settle(lambda d, j=j: _loss_question(float(A2[j]), int(Y[j]), j, d))
        if q is not None:
            qs.append(q)
            break
    cost = float(walk["cost"])
    qs.append(settle(lambda d: _better_question(cost, d)))
    limit = content.paragraphs(DOC, "quiz_limit_options")  # asked whatever the numbers
    qs.append(ask(content.text(DOC, "quiz_limit"), limit[0], limit[1:],
                  content.text(DOC, "quiz_limit_why")))
    if len(ok) > 1:
        worst = max(ok, key=lambda i: losses[i])
        listed = sorted([worst] + [i for i in ok if i != worst][:3])
        qs.append(settle(lambda d: _worst_question([float(A2[i]) for i in listed],
                                                   [int(Y[i]) for i in listed], listed, d)))
    return qs


def _loss(a: float, y: int) -> float | None:
    """L(a, y) of the formula in a; None outside 0 < a < 1, where a rounding could not be."""
    return loss_of_a(a, y) if 0 < a < 1 else None


def _loss_question(a: float, y: int, j: int, d: int) -> Question | None:
    shown = decimals(a, d)
    a_ = value(shown)  # every number below is worked from `shown`, as a learner would
    if not 0 < a_ < 1:
        return None
    wrong_branch = -math.log(1 - a_) if y == 1 else -math.log(a_)
    term = content.text(DOC, "quiz_loss_first" if y == 1 else "quiz_loss_second")
    kept = a_ if y == 1 else 1 - a_
    right = decimals(loss_of_a(a_, y), d)
    return ask(content.text(DOC, "quiz_loss", j=j + 1, y=y, a=shown), right,
               [decimals(v, d) for v in (wrong_branch, a_ - y, (a_ - y) ** 2)],
               content.text(DOC, "quiz_loss_why", y=y, term=term, kept=decimals(kept, d),
                            loss=right),
               shown=(shown,), rule=lambda a: _loss(a, y),
               explain=lambda a: (a if y == 1 else 1 - a, loss_of_a(a, y)), digits=d)


def _better_question(cost: float, d: int) -> Question:
    yes, no = content.paragraphs(DOC, "quiz_better_options")
    shown, ln2 = decimals(cost, d), decimals(math.log(2), d)
    better = value(shown) < value(ln2)  # as the learner compares them
    verdict = content.text(DOC, "quiz_better_below" if better else "quiz_better_not_below")
    prompt = content.text(DOC, "quiz_better", cost=shown, ln2=ln2)
    return ask(prompt, yes if better else no, [no if better else yes],
               content.text(DOC, "quiz_better_why", cost=shown, ln2=ln2, verdict=verdict),
               shown=found(prompt), digits=d,
               # J against ln 2 as the prompt writes it (the coin flip's 0.5 decides nothing)
               rule=lambda *v: yes if v[0] < v[-1] else no if v[0] > v[-1] else None)


def _worst_question(a: list[float], y: list[int], listed: list[int], d: int) -> Question | None:
    shown = [decimals(v, d) for v in a]
    if not all(0 < value(s) < 1 for s in shown):
        return None

    names = {i: content.text(DOC, "quiz_worst_option", i=i + 1) for i in listed}
    option = names.__getitem__  # read once: the rule runs at every end of every interval

    def worst(*a_: float) -> str | None:
        losses = [_loss(v, t) for v, t in zip(a_, y, strict=True)]
        best = None if None in losses else unique_best(losses)
        return None if best is None else option(listed[best])

    def each_loss(*a_: float) -> tuple[float, ...]:
        return tuple(loss_of_a(v, t) for v, t in zip(a_, y, strict=True))

    losses = each_loss(*(value(s) for s in shown))
    examples = "; ".join(content.text(DOC, "quiz_worst_example", i=i + 1, y=t, a=s)
                         for i, t, s in zip(listed, y, shown, strict=True))
    each = ", ".join(content.text(DOC, "quiz_worst_loss", i=i + 1, loss=decimals(v, d))
                     for i, v in zip(listed, losses, strict=True))
    right = worst(*(value(s) for s in shown))
    return ask(content.text(DOC, "quiz_worst", examples=examples),
               right or option(listed[0]), [option(i) for i in listed],
               content.text(DOC, "quiz_worst_why", losses=each), shown=tuple(shown),
               rule=worst, explain=each_loss, digits=d)
