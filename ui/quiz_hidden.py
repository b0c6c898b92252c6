"""Quiz questions for walk steps 6–10 (dA1 to deeper networks), from the live network.

Each builder takes compute.walk's dict and the live sizes `v` (see quiz.questions).
"""

from __future__ import annotations

import numpy as np

from ui.quiz_questions import SIGNS, Question, ask, num3, shape, shape_question, sign

# A correct backprop checks at 1e-7 to 2e-7 here (float64 rounding), so judge at 1e-6.
AGREES = 1e-6


def dA1_questions(data: dict, v: dict) -> list[Question]:
    n_h, m = v["n_h"], v["m"]
    W2, dZ2, dA1 = data["params"]["W2"], data["grads"]["dZ2"], data["grads"]["dA1"]
    k, j = np.unravel_index(int(np.argmax(np.abs(dA1))), dA1.shape)
    qs = [
        shape_question("W2ᵀ dZ2", "", (n_h, m), [(1, m), (m, n_h), (n_h, 1)],
                       f"W2ᵀ is {shape(n_h, 1)} and dZ2 {shape(1, m)}: the 1s meet, giving "
                       f"{shape(n_h, m)}, the shape of A1 as a gradient w.r.t. A1 must be."),
        shape_question("W2ᵀ", "", (n_h, 1), [(1, n_h), (n_h, m), (1, 1)],
                       f"W2 is {shape(1, n_h)}; transposing swaps its axes."),
        ask(f"W2's weight from unit {k + 1} is {num3(W2[0, k])} and dZ2 for example {j + 1} "
            f"is {num3(dZ2[0, j])}. What is the sign of dA1 at unit {k + 1}, example {j + 1}?",
            sign(dA1[k, j]), list(SIGNS),
            f"With one output unit that entry is {num3(W2[0, k])} × {num3(dZ2[0, j])} = "
            f"{num3(dA1[k, j])}: "
            "the error at the output, sent back along the weight that carried the signal."),
    ]
    if n_h > 1:
        qs.append(ask("Why can't we write W2 dZ2 without the transpose?",
                      f"{shape(1, n_h)} times {shape(1, m)} does not fit",
                      ["it fits but gives the wrong numbers", "it would need a 1/m",
                       "dZ2 must be transposed instead"],
                      f"A matrix product needs the inner sizes to agree: {n_h} ≠ 1. W2ᵀ "
                      "sends each output error back to every hidden unit that fed it."))
    return qs


GPRIME = {"tanh": "1 − A1²", "sigmoid": "A1 (1 − A1)", "relu": "1 where Z1 > 0, else 0",
          "leaky_relu": "1 where Z1 > 0, else 0.01"}


def dZ1_questions(data: dict, v: dict) -> list[Question]:
    n_h, m, act = v["n_h"], v["m"], v["activation"]
    dA1, dZ1 = data["grads"]["dA1"], data["grads"]["dZ1"]
    k, j = np.unravel_index(int(np.argmax(np.abs(dA1))), dA1.shape)
    qs = [
        shape_question("dZ1", "", (n_h, m), [(1, m), (n_h, 1), (m, n_h)],
                       f"dZ1 = dA1 * g′(Z1): both factors are {shape(n_h, m)} and * multiplies "
                       "entry by entry, so the shape stays."),
        ask("A learner writes dZ1 = W2ᵀ dZ2. What is missing?", "* g′(Z1), entry by entry",
            ["the factor 1/m", "a transpose on dZ2", "@ g′(Z1), a matrix product"],
            "W2ᵀ dZ2 is dA1, the gradient w.r.t. the activations. To reach Z1 the chain rule "
            "goes through A1 = g(Z1), one unit at a time, hence * g′(Z1)."),
        ask(f"At unit {k + 1}, example {j + 1}, dA1 = {num3(dA1[k, j])}. What is the sign of "
            "dZ1 there?", sign(dZ1[k, j]), list(SIGNS),
            f"g′ is never negative for {act.replace('_', ' ')}, so dZ1 keeps dA1's sign unless g′ "
            f"is 0. Here g′ = {num3(dZ1[k, j] / dA1[k, j]) if dA1[k, j] else '–'}, so "
            f"dZ1 = {num3(dZ1[k, j])}."),
    ]
    if act in GPRIME:
        qs.append(ask(f"The hidden activation is {act.replace('_', ' ')}. Which is g′(Z1)?",
                      GPRIME[act], [g for a, g in GPRIME.items() if a != act],
                      f"For {act.replace('_', ' ')}, g′ = {GPRIME[act]}: computed from what "
                      "the forward pass already stored."))
    return qs


def dW1_questions(data: dict, v: dict) -> list[Question]:
    n_x, n_h, m = v["n_x"], v["n_h"], v["m"]
    return [
        shape_question("dW1", " = (1/m) dZ1 Xᵀ", (n_h, n_x), [(n_x, n_h), (n_h, m), (m, n_x)],
                       f"W1 is {shape(n_h, n_x)}, so dW1 is too: dZ1 {shape(n_h, m)} times Xᵀ "
                       f"{shape(m, n_x)}, the {m} examples summed."),
        shape_question("db1", "", (n_h, 1), [(1, n_h), (n_h, m), (1, 1)],
                       f"One bias per hidden unit: {shape(n_h, 1)}, the row means of dZ1."),
        ask("A learner writes dW1 = (1/m) dZ1 X. What is wrong?", "X needs a transpose",
            ["the 1/m should go", "dZ1 needs a transpose", "nothing, it is right"],
            f"dZ1 is {shape(n_h, m)} and X is {shape(n_x, m)}: only Xᵀ {shape(m, n_x)} "
            f"lets the {m} examples meet and leaves W1's shape."),
        ask("Why does dW1 have a 1/m but dZ1 does not?",
            "W1 is shared by all examples; Z1 has a column per example",
            ["dZ1 already contains a 1/m", "it is a convention with no reason",
             "because of the transpose"],
            f"dZ1 holds ∂L/∂Z1 separately for each of the {m} examples. Every example uses the "
            "same W1, so the cost's gradient w.r.t. W1 sums their contributions and J's 1/m "
            "comes along."),
    ]


def check_questions(data: dict, v: dict) -> list[Question]:
    n_x, n_h = v["n_x"], v["n_h"]
    n_params = n_h * n_x + n_h + n_h + 1
    name, err = max(data["rel_errors"].items(), key=lambda kv: kv[1])
    ok = err < AGREES
    return [
        ask(f"This network has {n_params} parameters. How many cost evaluations does a "
            "two-sided check of every one of them take?",
            str(2 * n_params), [str(n_params), str(4 * n_params), str(n_params + 1)],
            f"J(θ + ε) and J(θ − ε) for each of the {n_params} parameters: {2 * n_params}. "
            "That is why the check is for debugging, not for training."),
        ask(f"The largest relative error is {err:.1e} (for {name}). Is backprop right?",
            "yes" if ok else "probably not", ["probably not" if ok else "yes",
                                              "can't tell: it should be exactly 0"],
            f"In float64 with ε = 1e-7 a correct gradient lands around 1e-7 or below; {err:.1e} "
            f"{'is' if ok else 'is not'}. Exactly 0 never happens: the numerical slope has "
            "its own rounding and O(ε²) error."),
        ask("Why compare with (J(θ + ε) − J(θ − ε)) / 2ε rather than (J(θ + ε) − J(θ)) / ε?",
            "its error shrinks like ε², not ε", ["it is cheaper", "it avoids dividing by ε",
                                                 "they are the same"],
            "The centred difference cancels the second-order term of the Taylor series, so its "
            "error is O(ε²) ≈ 1e-14 instead of O(ε) ≈ 1e-7."),
    ]


def deep_questions(data: dict, v: dict) -> list[Question]:
    dims, m = v["layer_dims"], v["m"]
    L = len(dims) - 1
    l = max(1, L - 1)
    n_params = sum(dims[i] * dims[i - 1] + dims[i] for i in range(1, L + 1))
    return [
        shape_question(f"W[{l}]", f" in a network with layer sizes {dims}",
                       (dims[l], dims[l - 1]), [(dims[l - 1], dims[l]), (dims[l], m),
                                                (dims[l], 1)],
                       f"W[l] is (n[l], n[l−1]): it takes the {dims[l - 1]} outputs of layer "
                       f"{l - 1} to the {dims[l]} units of layer {l}."),
        shape_question(f"dA[{L - 1}] = W[{L}]ᵀ dZ[{L}]", f" with m = {m}",
                       (dims[L - 1], m), [(dims[L], m), (m, dims[L - 1]), (dims[L - 1], 1)],
                       f"W[{L}]ᵀ is {shape(dims[L - 1], dims[L])} and dZ[{L}] "
                       f"{shape(dims[L], m)}: the result has A[{L - 1}]'s shape."),
        ask(f"How many parameters (weights and biases) does the network {dims} have?",
            str(n_params), [str(n_params - dims[-1]), str(sum(dims)), str(2 * n_params)],
            "Each layer has n[l]·n[l−1] weights and n[l] biases: "
            + " + ".join(f"{dims[i]}·{dims[i - 1]} + {dims[i]}" for i in range(1, L + 1))
            + f" = {n_params}."),
    ]
