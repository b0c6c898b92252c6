"""1 · Forward pass: X through W1, b1, g and W2, b2, σ to the predictions A2, one column per
example, and the same arithmetic for one example as a plain loop."""

from __future__ import annotations

import numpy as np
import streamlit as st

import engine
from ui import compute, content
from ui.charts import matrix
from ui.quiz.model import Question, ask, decimals, pick, settle, shape, shape_question
from ui.walk import example, frame, latex

DOC = "steps/forward"  # the quiz's wording


def render(ctx) -> None:
    state = ctx.state
    walk = compute.walk(state)
    X, p, c = walk["X"], walk["params"], walk["cache"]
    table = walk["shapes"]
    sx, sw1, sb1, sz1, sw2, sb2, sz2 = latex.shapes_of(walk, "X", "W1", "b1", "Z1", "W2", "b2",
                                                       "Z2")
    S = frame.shaped
    left, right = st.columns(2)
    with left:
        # A on its own line: side by side, the pair was cut at half a 1024 px projector.
        frame.formula(rf"\begin{{gathered}}{S('Z^{[1]}', sz1)} = {S('W^{[1]}', sw1)}\,"
                      rf"{S('X', sx)} + {S('b^{[1]}', sb1)} \\ A^{{[1]}} = g^{{[1]}}(Z^{{[1]}})"
                      r"\end{gathered}")
        st.caption(latex.product_caption(table, "W1", "X"))
    with right:
        frame.formula(rf"\begin{{gathered}}{S('Z^{[2]}', sz2)} = {S('W^{[2]}', sw2)}\,"
                      rf"{S('A^{[1]}', sz1)} + {S('b^{[2]}', sb2)} \\ A^{{[2]}} = "
                      r"\sigma(Z^{[2]})\end{gathered}")
        st.caption(latex.product_caption(table, "W2", "A1"))
    ctx.markdown("why", g=state.activation.replace("_", " "))
    # The reasoning first; the matrices that show it with numbers come after.
    st.subheader(ctx.text("derivation_heading"))
    n_x, m = X.shape
    frame.derivation(ctx, ctx.lines("derivation", n_x=n_x, m=m, n_h=p["W1"].shape[0]))

    st.subheader("Layer 1")
    unit = {"row_prefix": "unit "}
    matrix.matrix_row([(X, "X", "fw_X", {"row_prefix": "x"}),
                       (p["W1"], "W1", "fw_W1", {**unit, "col_prefix": "x"}),
                       (p["b1"], "b1", "fw_b1", {**unit, "col_prefix": matrix.BY_NAME})])
    ctx.markdown("broadcasting", n_h=sb1[0], m=sz1[1])
    if not np.any(p["b1"]):
        st.caption(ctx.text("zero_biases"))
    broadcast = np.broadcast_to(p["b1"], c["Z1"].shape)
    matrix.matrix_row([(p["W1"] @ X, "W1 X", "fw_W1X", unit),
                       (broadcast, "b1 broadcast", "fw_b1_wide", unit),
                       (c["Z1"], "Z1 = W1 X + b1", "fw_Z1", unit),
                       (c["A1"], f"A1 = {latex.g_name(state)}(Z1)", "fw_A1", unit)],
                      compact=True)

    st.subheader("Layer 2")
    matrix.matrix_row([(p["W2"], "W2", "fw_W2", {"col_prefix": "unit "}),
                       (p["b2"], "b2", "fw_b2", {"col_prefix": matrix.BY_NAME}),
                       (c["Z2"], "Z2 = W2 A1 + b2", "fw_Z2", {}),
                       (c["A2"], "A2 = σ(Z2) = ŷ", "fw_A2", {})])

    one_example(ctx, walk)
    frame.finish(ctx, walk, questions, shows_gradients=False)


def one_example(ctx, walk: dict) -> None:
    """Example i through both layers as scalar loops, beside its columns of the matrices."""
    st.subheader("One example")
    state = ctx.state
    X, p, c = walk["X"], walk["params"], walk["cache"]
    i = example.pick_example(walk["Y"])
    g = engine.ACTIVATIONS[state.activation]
    W1, b1, W2, b2 = p["W1"], p["b1"], p["W2"], p["b2"]
    n_h, n_x = W1.shape
    x = [float(v) for v in X[:, i]]
    # Plain Python loops on purpose: they are the "one example" arithmetic the matrices batch.
    z1 = [sum(W1[j, k] * x[k] for k in range(n_x)) + b1[j, 0] for j in range(n_h)]
    a1 = [float(v) for v in g.forward(np.array(z1))]
    z2 = sum(W2[0, j] * a1[j] for j in range(n_h)) + b2[0, 0]
    a2 = example.sigmoid(z2)
    num, bk = latex.num, latex.bracket
    # Written so that each line checks by hand with the numbers as shown.
    (w11, x1, w12, x2, b), z = latex.worked(lambda w, u, v, t, c: w * u + v * t + c,
                                            [W1[0, 0], x[0], W1[0, 1], x[1], b1[0, 0]], z1[0])
    (z2_text,), a2_text = latex.worked(example.sigmoid, [z2], a2, sig=4)
    scalar, vector = example.example_columns(f"Example {i + 1} on its own",
                                             "All examples at once")
    with scalar:
        lines = [rf"x^{{({i + 1})}} &= \begin{{bmatrix}}{x1} \\ {x2}\end{{bmatrix}}",
                 r"z^{[1]}_1 &= W^{[1]}_{11}x_1 + W^{[1]}_{12}x_2 + b^{[1]}_1",
                 rf"&= {bk(w11)}\cdot{bk(x1)} + {bk(w12)}\cdot{bk(x2)} + {bk(b)}",
                 rf"&= {z}"]
        if n_h > 1:
            rest = "unit 2" if n_h == 2 else f"units 2 to {n_h}"
            lines.append(rf"&\;\vdots \quad \text{{{rest} alike, each with its own row of }}"
                         r"W^{[1]}")
        lines += [rf"a^{{[1]}} &= {latex.g_latex(state)}(z^{{[1]}}) \quad\text{{unit by unit}}",
                  rf"z^{{[2]}} &= \textstyle\sum_j W^{{[2]}}_j a^{{[1]}}_j + b^{{[2]}} = {z2_text}",
                  rf"a^{{[2]}} &= \sigma({z2_text}) = {a2_text}"]
        latex.aligned(lines)
    with vector:
        latex.aligned([rf"Z^{{[1]}}_{{:,{i + 1}}} &= {latex.latex_matrix(c['Z1'][:, [i]])}",
                       rf"A^{{[1]}}_{{:,{i + 1}}} &= {latex.latex_matrix(c['A1'][:, [i]])}",
                       rf"Z^{{[2]}}_{{{i + 1}}} &= {num(c['Z2'][0, i])}",
                       rf"A^{{[2]}}_{{{i + 1}}} &= {num(c['A2'][0, i])}"])
    z1_check, a1_check, out_check = ctx.lines("checks", i=i + 1)
    example.show_checks([
        (z1_check, z1, c["Z1"][:, i]),
        (a1_check, a1, c["A1"][:, i]),
        (out_check, [z2, a2], [c["Z2"][0, i], c["A2"][0, i]]),
    ])


def questions(walk: dict, live: dict) -> list[Question]:
    """Predict Z1's shape, the prediction of one example, and which product makes Z2. No
    prompt shows a formula or a shape that answers another question on the page."""
    n_x, n_h, m = live["n_x"], live["n_h"], live["m"]
    j = pick(live["A2"] - 0.5)  # the clearest prediction
    a = float(live["A2"][j])
    options = {p: content.paragraphs(DOC, "quiz_prediction_options", predicted=p,
                                     other="0" if p == "1" else "1")[0] for p in ("1", "0")}

    def predicts(shown: float) -> str | None:  # the engine's rule: ŷ = 1 exactly when a > 0.5
        return options["1"] if shown > 0.5 else options["0"]

    def prediction(d: int) -> Question:
        predicted = "1" if a > 0.5 else "0"
        right, *wrong = content.paragraphs(DOC, "quiz_prediction_options", predicted=predicted,
                                           other="0" if a > 0.5 else "1")
        side = content.text(DOC, "quiz_prediction_above" if a > 0.5 else
                            "quiz_prediction_below")
        return ask(content.text(DOC, "quiz_prediction", j=j + 1, a=decimals(a, d)), right, wrong,
                   content.text(DOC, "quiz_prediction_why", a=decimals(a, d), side=side,
                                predicted=predicted),
                   shown=(decimals(a, d),), rule=predicts, digits=d)

    return [
        shape_question("Z1", "", (n_h, m), [(m, n_h), (n_h, n_x), (n_h, 1), (n_x, m)],
                       content.text(DOC, "quiz_z1_shape_why", W1=shape(n_h, n_x),
                                    X=shape(n_x, m), n_x=n_x, Z1=shape(n_h, m),
                                    b1=shape(n_h, 1), m=m)),
        settle(prediction),
        ask(content.text(DOC, "quiz_z2_line", W2=shape(1, n_h)),
            "Z2 = W2 A1 + b2", ["Z2 = A1 W2 + b2", "Z2 = W2ᵀ A1 + b2", "Z2 = W2 X + b2"],
            content.text(DOC, "quiz_z2_line_why", W2=shape(1, n_h), A1=shape(n_h, m), n_h=n_h,
                         Z2=shape(1, m))),
    ]
