"""Quiz questions for walk steps 1–5 (forward pass to dW2), from the live network.

Each builder takes compute.walk's dict and the live sizes `v` (see quiz.questions).
"""

from __future__ import annotations

import math

import numpy as np

import engine
from ui.quiz_questions import SIGNS, Question, ask, num3, pick, shape, shape_question, sign


def forward_questions(data: dict, v: dict) -> list[Question]:
    n_x, n_h, m = v["n_x"], v["n_h"], v["m"]
    j = pick(v["A2"] - 0.5)
    a = v["A2"][j]
    return [
        shape_question("Z1", " = W1 X + b1", (n_h, m), [(m, n_h), (n_h, n_x), (n_h, 1), (n_x, m)],
                       f"W1 is {shape(n_h, n_x)} and X is {shape(n_x, m)}: the inner {n_x}s "
                       f"meet, leaving {shape(n_h, m)}, one column per example. b1 "
                       f"{shape(n_h, 1)} is copied across the {m} columns (broadcasting)."),
        ask(f"For example {j + 1}, $a^{{[2]}}$ = {num3(a)}. What does the network predict?",
            "ŷ = 1" if a > 0.5 else "ŷ = 0", ["ŷ = 0" if a > 0.5 else "ŷ = 1",
                                              "It can't say without the label y"],
            f"A2 is σ(Z2), read as P(y = 1 | x). {num3(a)} is "
            f"{'above' if a > 0.5 else 'below'} 0.5, so the prediction is "
            f"{'1' if a > 0.5 else '0'}; the label only matters for the loss."),
        ask(f"A1 is {shape(n_h, m)} and W2 is {shape(1, n_h)}. Which line computes Z2?",
            "Z2 = W2 A1 + b2", ["Z2 = A1 W2 + b2", "Z2 = W2ᵀ A1 + b2", "Z2 = W2 X + b2"],
            f"W2 {shape(1, n_h)} times A1 {shape(n_h, m)}: the {n_h}s meet and Z2 is "
            f"{shape(1, m)}, one score per example. The layer's input is A1, not X."),
    ]


def loss(a: float, y: float) -> float:
    return -(y * math.log(a) + (1 - y) * math.log(1 - a)) + 0.0  # + 0.0: never "-0.000"


def unsaturated(A2: np.ndarray) -> np.ndarray:
    """The examples whose output is strictly between 0 and 1, where log a, log(1 − a) and
    1/a, 1/(1 − a) are finite: only those make a question about the formulas in a."""
    return np.flatnonzero(~engine.saturated_outputs(A2[None, :])[0])


def cost_questions(data: dict, v: dict) -> list[Question]:
    A2, Y, m = v["A2"], v["Y"], v["m"]
    # From z, as the page and J: finite even where a is exactly 0 or 1.
    losses = engine.cross_entropy_loss(Y[None, :], data["cache"]["Z2"])[0]
    worst = int(np.argmax(losses))
    shown = sorted([worst] + [i for i in range(m) if i != worst][:3])
    cost = float(data["cost"])
    qs = []
    ok = unsaturated(A2)
    if ok.size:  # the smallest loss among examples where the formula in a is finite
        j = int(ok[np.argmin(losses[ok])])
        a, y = A2[j], Y[j]
        wrong_branch = -math.log(1 - a) if y == 1 else -math.log(a)
        qs.append(ask(
            f"For example {j + 1}, y = {int(y)} and $a^{{[2]}}$ = {num3(a)}. "
            r"What is its loss $-[y\log a + (1-y)\log(1-a)]$?",
            num3(loss(a, y)), [num3(wrong_branch), num3(a - y), num3((a - y) ** 2)],
            f"With y = {int(y)} only the {'first' if y == 1 else 'second'} term survives: "
            f"−log({num3(a if y == 1 else 1 - a)}) = {num3(loss(a, y))}."))
    qs += [
        ask(f"J = {num3(cost)} now. A network that always outputs 0.5 has J = ln 2 ≈ 0.693. "
            "Is this network already better than that guess?",
            "Yes" if cost < math.log(2) else "No", ["No" if cost < math.log(2) else "Yes"],
            f"J is the mean loss; {num3(cost)} is {'below' if cost < math.log(2) else 'not below'}"
            " ln 2, the mean loss of a coin-flip output."),
    ]
    if m > 1:
        qs.append(ask("Which of these examples has the largest loss?",
                      f"example {worst + 1}", [f"example {i + 1}" for i in shown],
                      "The loss grows as $a^{[2]}$ moves away from the label: "
                      + ", ".join(f"example {i + 1}: {num3(losses[i])}" for i in sorted(shown))
                      + "."))
    return qs


def sigmoid_questions(data: dict, v: dict) -> list[Question]:
    A2, Y, m = v["A2"], v["Y"], v["m"]
    k = int(np.argmin(np.abs(A2 - 0.5)))
    ok = unsaturated(A2)
    qs = []
    if ok.size:  # at a saturated output ∂L/∂a divides by zero: ask about the others
        j = int(ok[pick(A2[ok] - 0.5)])
        a, y = A2[j], Y[j]
        d_a = -(y / a) + (1 - y) / (1 - a)
        qs += [
            ask(f"For example {j + 1}, $a^{{[2]}}$ = {num3(a)}. What is σ′(z) = σ(z)(1 − σ(z)) "
                "there?", num3(a * (1 - a)), [num3(a), num3(1 - a), num3(a * a)],
                f"σ(z) is $a^{{[2]}}$ itself, so σ′ = {num3(a)} × {num3(1 - a)} = "
                f"{num3(a * (1 - a))}: no exponentials needed."),
            ask(f"Example {j + 1} has y = {int(y)}. What is the sign of "
                r"$\partial L/\partial a^{[2]} = -\frac{y}{a} + \frac{1-y}{1-a}$ there?",
                sign(d_a), list(SIGNS),
                f"With y = {int(y)} it is {'−1/a' if y == 1 else '1/(1 − a)'} = {num3(d_a)}: "
                f"raising a would {'lower' if d_a < 0 else 'raise'} the loss."),
        ]
    if m > 1:
        qs.append(ask("At which example is σ′(Z2) largest, so the gradient passes best?",
                      f"example {k + 1}", [f"example {i + 1}" for i in range(min(m, 4))],
                      f"σ′ = a(1 − a) peaks at a = 0.5 (σ′ = 0.25); example {k + 1} has "
                      f"$a^{{[2]}}$ = {num3(A2[k])}, the closest to 0.5."))
    return qs


def dZ2_questions(data: dict, v: dict) -> list[Question]:
    A2, Y, m = v["A2"], v["Y"], v["m"]
    j = pick(A2 - Y)
    a, y = A2[j], Y[j]
    qs = [shape_question("dZ2", "", (1, m), [(m, 1), (1, 1), (v["n_h"], m)],
                         f"dZ2 has Z2's shape {shape(1, m)}: one number per example, and no "
                         "sum over examples yet.")]
    if a == y:  # every output has rounded to exactly its label: no error left to ask about
        return qs
    return qs + [
        ask(f"Example {j + 1}: y = {int(y)}, $a^{{[2]}}$ = {num3(a)}. What is its dZ2 entry?",
            num3(a - y), [num3(y - a), num3((a - y) / m), num3(a * (1 - a) * (a - y) + 0.0)],
            f"dZ2 = A2 − Y = {num3(a)} − {int(y)} = {num3(a - y)}. The σ′ factor cancels "
            "against the loss's 1/(a(1 − a)), and dZ is per example, so there is no 1/m."),
        ask(f"What is the sign of dZ2 for example {j + 1} (y = {int(y)})?", sign(a - y),
            list(SIGNS), "$a^{[2]} - y$ with $a^{[2]}$ in (0, 1): negative when y = 1, positive "
                         f"when y = 0. Here {num3(a - y)}."),
    ]


def dW2_questions(data: dict, v: dict) -> list[Question]:
    n_h, m = v["n_h"], v["m"]
    dW2, dZ2, A1 = data["grads"]["dW2"], data["grads"]["dZ2"], v["A1"]
    k = pick(dW2[0])
    terms = " + ".join(f"({num3(dZ2[0, j])})({num3(A1[k, j])})" for j in range(min(m, 4)))
    more = " + …" if m > 4 else ""
    return [
        shape_question("dW2", " = (1/m) dZ2 A1ᵀ", (1, n_h), [(n_h, 1), (1, m), (n_h, m)],
                       f"A gradient has the shape of what it differentiates: W2 is "
                       f"{shape(1, n_h)}. dZ2 {shape(1, m)} times A1ᵀ {shape(m, n_h)}: the {m} "
                       "examples meet and are summed."),
        shape_question("db2", "", (1, 1), [(1, m), (m, 1), (n_h, 1)],
                       "b2 is a single number (1, 1), so db2 is too: the mean of dZ2 over the "
                       f"{m} examples."),
        ask("A learner writes dW2 = dZ2 A1ᵀ. What is missing?", "the factor 1/m",
            ["a transpose on dZ2", "a factor g′(Z2)", "nothing, it is right"],
            f"J averages the {m} losses, so every weight gradient averages too. Without 1/m, "
            f"dW2's entry for unit {k + 1} would be {num3(m * dW2[0, k])} instead of "
            f"{num3(dW2[0, k])}."),
        ask(f"What is the sign of dW2's entry for hidden unit {k + 1}?", sign(dW2[0, k]),
            list(SIGNS),
            f"It is (1/{m}) [{terms}{more}] = {num3(dW2[0, k])}: the mean over examples "
            f"of dZ2 times unit {k + 1}'s activation."),
    ]
