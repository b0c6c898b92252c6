"""Quiz mode: "predict before you see" questions built from the live network.

`questions(step, data, activation, layer_dims)` is pure: it reads shapes and values from
`compute.walk`'s dict, so a different n_h, m or seed gives different questions and answers.
`render` draws them with a radio and a Check button each, shows the reasoning at once, and
keeps a running score for the session (first attempt at each question counts).
"""

from __future__ import annotations

import math
import random
import zlib
from dataclasses import dataclass

import numpy as np
import streamlit as st

from ui.state import State

SCORE_KEY = "quiz_score"  # {question id: right on the first attempt}
CHECKED_KEY = "quiz_checked"  # {question id: the option last checked}
STEPS = ("forward", "cost", "sigmoid", "dZ2", "dW2", "dA1", "dZ1", "dW1", "check", "deep")
SIGNS = ("positive", "negative", "zero")


@dataclass(frozen=True)
class Question:
    prompt: str  # Markdown with $…$ maths
    options: tuple[str, ...]
    answer: int  # index into options
    why: str  # the reasoning, shown once the learner has committed to an answer

    @property
    def qid(self) -> str:
        return f"{zlib.crc32((self.prompt + '|'.join(self.options)).encode()):08x}"


def _ask(prompt: str, right: str, wrong: list[str], why: str) -> Question:
    """A question with `right` among distinct distractors, in an order that is stable
    across reruns (seeded by the prompt) but not always first."""
    options = [right] + [w for i, w in enumerate(wrong) if w != right and w not in wrong[:i]]
    options = options[:4]  # the right answer and up to three distractors
    order = list(range(len(options)))
    random.Random(zlib.crc32(prompt.encode())).shuffle(order)
    shuffled = tuple(options[i] for i in order)
    return Question(prompt, shuffled, shuffled.index(right), why)


def _shape(*dims: int) -> str:
    return f"({dims[0]},)" if len(dims) == 1 else "(" + ", ".join(str(d) for d in dims) + ")"


def _sign(value: float) -> str:
    return "zero" if value == 0 else ("positive" if value > 0 else "negative")


def _num(value: float) -> str:
    return f"{value:.3f}"


def _shape_question(name: str, expr: str, right: tuple[int, ...], wrong: list[tuple[int, ...]],
                    why: str) -> Question:
    rows, cols = right
    # When sizes coincide the usual slips give the same shape; these stay distinct.
    fallback = [(cols, rows), (rows * cols,), (rows, 1), (1, cols), (1, 1), (rows + cols,)]
    return _ask(f"What is the shape of {name}{expr}?", _shape(*right),
                [_shape(*w) for w in [*wrong, *fallback]], why)


def questions(step: str, data: dict, activation: str = "tanh",
              layer_dims: list[int] | None = None) -> list[Question]:
    """The questions for one step of the walk, from the live network in `data`."""
    builders = {"forward": _forward, "cost": _cost, "sigmoid": _sigmoid, "dZ2": _dZ2,
                "dW2": _dW2, "dA1": _dA1, "dZ1": _dZ1, "dW1": _dW1, "check": _check,
                "deep": _deep}
    if step not in builders:
        return []
    X, Y = data["X"], data["Y"]
    live = {"n_x": X.shape[0], "m": X.shape[1], "n_h": data["params"]["W1"].shape[0],
            "Y": Y[0], "A1": data["cache"]["A1"], "A2": data["cache"]["A2"][0],
            "Z1": data["cache"]["Z1"], "activation": activation,
            "layer_dims": layer_dims or [X.shape[0], data["params"]["W1"].shape[0], 1]}
    return builders[step](data, live)


def _pick(values: np.ndarray) -> int:
    """The example (or unit) with the largest magnitude: the clearest case to reason about."""
    return int(np.argmax(np.abs(values)))


def _forward(data: dict, v: dict) -> list[Question]:
    n_x, n_h, m = v["n_x"], v["n_h"], v["m"]
    j = _pick(v["A2"] - 0.5)
    a = v["A2"][j]
    return [
        _shape_question("Z1", " = W1 X + b1", (n_h, m), [(m, n_h), (n_h, n_x), (n_h, 1), (n_x, m)],
                        f"W1 is {_shape(n_h, n_x)} and X is {_shape(n_x, m)}: the inner {n_x}s "
                        f"meet, leaving {_shape(n_h, m)}, one column per example. b1 "
                        f"{_shape(n_h, 1)} is copied across the {m} columns (broadcasting)."),
        _ask(f"For example {j + 1}, $a^{{[2]}}$ = {_num(a)}. What does the network predict?",
             "ŷ = 1" if a > 0.5 else "ŷ = 0", ["ŷ = 0" if a > 0.5 else "ŷ = 1",
                                               "It can't say without the label y"],
             f"A2 is σ(Z2), read as P(y = 1 | x). {_num(a)} is "
             f"{'above' if a > 0.5 else 'below'} 0.5, so the prediction is "
             f"{'1' if a > 0.5 else '0'}; the label only matters for the loss."),
        _ask(f"A1 is {_shape(n_h, m)} and W2 is {_shape(1, n_h)}. Which line computes Z2?",
             "Z2 = W2 A1 + b2", ["Z2 = A1 W2 + b2", "Z2 = W2ᵀ A1 + b2", "Z2 = W2 X + b2"],
             f"W2 {_shape(1, n_h)} times A1 {_shape(n_h, m)}: the {n_h}s meet and Z2 is "
             f"{_shape(1, m)}, one score per example. The layer's input is A1, not X."),
    ]


def _loss(a: float, y: float) -> float:
    return -(y * math.log(a) + (1 - y) * math.log(1 - a))


def _cost(data: dict, v: dict) -> list[Question]:
    A2, Y, m = v["A2"], v["Y"], v["m"]
    losses = np.array([_loss(a, y) for a, y in zip(A2, Y, strict=True)])
    worst = int(np.argmax(losses))
    shown = sorted([worst] + [i for i in range(m) if i != worst][:3])
    j = int(np.argmin(losses))
    a, y = A2[j], Y[j]
    wrong_branch = -math.log(1 - a) if y == 1 else -math.log(a)
    cost = float(data["cost"])
    qs = [
        _ask(f"For example {j + 1}, y = {int(y)} and $a^{{[2]}}$ = {_num(a)}. "
             r"What is its loss $-[y\log a + (1-y)\log(1-a)]$?",
             _num(_loss(a, y)), [_num(wrong_branch), _num(a - y), _num((a - y) ** 2)],
             f"With y = {int(y)} only the {'first' if y == 1 else 'second'} term survives: "
             f"−log({_num(a if y == 1 else 1 - a)}) = {_num(_loss(a, y))}."),
        _ask(f"J = {_num(cost)} now. A network that always outputs 0.5 has J = ln 2 ≈ 0.693. "
             "Is this network already better than that guess?",
             "Yes" if cost < math.log(2) else "No", ["No" if cost < math.log(2) else "Yes"],
             f"J is the mean loss; {_num(cost)} is {'below' if cost < math.log(2) else 'not below'}"
             " ln 2, the mean loss of a coin-flip output."),
    ]
    if m > 1:
        qs.append(_ask("Which of these examples has the largest loss?",
                       f"example {worst + 1}", [f"example {i + 1}" for i in shown],
                       "The loss grows as $a^{[2]}$ moves away from the label: "
                       + ", ".join(f"example {i + 1}: {_num(losses[i])}" for i in sorted(shown))
                       + "."))
    return qs


def _sigmoid(data: dict, v: dict) -> list[Question]:
    A2, Y, m = v["A2"], v["Y"], v["m"]
    j = _pick(A2 - 0.5)
    a, y = A2[j], Y[j]
    d_a = -(y / a) + (1 - y) / (1 - a)
    k = int(np.argmin(np.abs(A2 - 0.5)))
    qs = [
        _ask(f"For example {j + 1}, $a^{{[2]}}$ = {_num(a)}. What is σ′(z) = σ(z)(1 − σ(z)) "
             "there?", _num(a * (1 - a)), [_num(a), _num(1 - a), _num(a * a)],
             f"σ(z) is $a^{{[2]}}$ itself, so σ′ = {_num(a)} × {_num(1 - a)} = "
             f"{_num(a * (1 - a))}: no exponentials needed."),
        _ask(f"Example {j + 1} has y = {int(y)}. What is the sign of "
             r"$\partial L/\partial a^{[2]} = -\frac{y}{a} + \frac{1-y}{1-a}$ there?",
             _sign(d_a), list(SIGNS),
             f"With y = {int(y)} it is {'−1/a' if y == 1 else '1/(1 − a)'} = {_num(d_a)}: "
             f"raising a would {'lower' if d_a < 0 else 'raise'} the loss."),
    ]
    if m > 1:
        qs.append(_ask("At which example is σ′(Z2) largest, so the gradient passes best?",
                       f"example {k + 1}", [f"example {i + 1}" for i in range(min(m, 4))],
                       f"σ′ = a(1 − a) peaks at a = 0.5 (σ′ = 0.25); example {k + 1} has "
                       f"$a^{{[2]}}$ = {_num(A2[k])}, the closest to 0.5."))
    return qs


def _dZ2(data: dict, v: dict) -> list[Question]:
    A2, Y, m = v["A2"], v["Y"], v["m"]
    j = _pick(A2 - Y)
    a, y = A2[j], Y[j]
    return [
        _shape_question("dZ2", "", (1, m), [(m, 1), (1, 1), (v["n_h"], m)],
                        f"dZ2 has Z2's shape {_shape(1, m)}: one number per example, and no sum "
                        "over examples yet."),
        _ask(f"Example {j + 1}: y = {int(y)}, $a^{{[2]}}$ = {_num(a)}. What is its dZ2 entry?",
             _num(a - y), [_num(y - a), _num((a - y) / m), _num(a * (1 - a) * (a - y))],
             f"dZ2 = A2 − Y = {_num(a)} − {int(y)} = {_num(a - y)}. The σ′ factor cancels "
             "against the loss's 1/(a(1 − a)), and dZ is per example, so there is no 1/m."),
        _ask(f"What is the sign of dZ2 for example {j + 1} (y = {int(y)})?", _sign(a - y),
             list(SIGNS), "$a^{[2]} - y$ with $a^{[2]}$ in (0, 1): negative when y = 1, positive "
                          f"when y = 0. Here {_num(a - y)}."),
    ]


def _dW2(data: dict, v: dict) -> list[Question]:
    n_h, m = v["n_h"], v["m"]
    dW2, dZ2, A1 = data["grads"]["dW2"], data["grads"]["dZ2"], v["A1"]
    k = _pick(dW2[0])
    terms = " + ".join(f"({_num(dZ2[0, j])})({_num(A1[k, j])})" for j in range(min(m, 4)))
    more = " + …" if m > 4 else ""
    return [
        _shape_question("dW2", " = (1/m) dZ2 A1ᵀ", (1, n_h), [(n_h, 1), (1, m), (n_h, m)],
                        f"A gradient has the shape of what it differentiates: W2 is "
                        f"{_shape(1, n_h)}. dZ2 {_shape(1, m)} times A1ᵀ {_shape(m, n_h)}: the {m} "
                        "examples meet and are summed."),
        _shape_question("db2", "", (1, 1), [(1, m), (m, 1), (n_h, 1)],
                        "b2 is a single number (1, 1), so db2 is too: the mean of dZ2 over the "
                        f"{m} examples."),
        _ask("A learner writes dW2 = dZ2 A1ᵀ. What is missing?", "the factor 1/m",
             ["a transpose on dZ2", "a factor g′(Z2)", "nothing, it is right"],
             f"J averages the {m} losses, so every weight gradient averages too. Without 1/m, "
             f"dW2's entry for unit {k + 1} would be {_num(m * dW2[0, k])} instead of "
             f"{_num(dW2[0, k])}."),
        _ask(f"What is the sign of dW2's entry for hidden unit {k + 1}?", _sign(dW2[0, k]),
             list(SIGNS),
             f"It is (1/{m}) [{terms}{more}] = {_num(dW2[0, k])}: the mean over examples "
             f"of dZ2 times unit {k + 1}'s activation."),
    ]


def _dA1(data: dict, v: dict) -> list[Question]:
    n_h, m = v["n_h"], v["m"]
    W2, dZ2, dA1 = data["params"]["W2"], data["grads"]["dZ2"], data["grads"]["dA1"]
    k, j = np.unravel_index(int(np.argmax(np.abs(dA1))), dA1.shape)
    qs = [
        _shape_question("W2ᵀ dZ2", "", (n_h, m), [(1, m), (m, n_h), (n_h, 1)],
                        f"W2ᵀ is {_shape(n_h, 1)} and dZ2 {_shape(1, m)}: the 1s meet, giving "
                        f"{_shape(n_h, m)}, the shape of A1 as a gradient w.r.t. A1 must be."),
        _shape_question("W2ᵀ", "", (n_h, 1), [(1, n_h), (n_h, m), (1, 1)],
                        f"W2 is {_shape(1, n_h)}; transposing swaps its axes."),
        _ask(f"W2's weight from unit {k + 1} is {_num(W2[0, k])} and dZ2 for example {j + 1} "
             f"is {_num(dZ2[0, j])}. What is the sign of dA1 at unit {k + 1}, example {j + 1}?",
             _sign(dA1[k, j]), list(SIGNS),
             f"With one output unit that entry is {_num(W2[0, k])} × {_num(dZ2[0, j])} = "
             f"{_num(dA1[k, j])}: "
             "the error at the output, sent back along the weight that carried the signal."),
    ]
    if n_h > 1:
        qs.append(_ask("Why can't we write W2 dZ2 without the transpose?",
                       f"{_shape(1, n_h)} times {_shape(1, m)} does not fit",
                       ["it fits but gives the wrong numbers", "it would need a 1/m",
                        "dZ2 must be transposed instead"],
                       f"A matrix product needs the inner sizes to agree: {n_h} ≠ 1. W2ᵀ "
                       "sends each output error back to every hidden unit that fed it."))
    return qs


_GPRIME = {"tanh": "1 − A1²", "sigmoid": "A1 (1 − A1)", "relu": "1 where Z1 > 0, else 0",
           "leaky_relu": "1 where Z1 > 0, else 0.01"}


def _dZ1(data: dict, v: dict) -> list[Question]:
    n_h, m, act = v["n_h"], v["m"], v["activation"]
    dA1, dZ1 = data["grads"]["dA1"], data["grads"]["dZ1"]
    k, j = np.unravel_index(int(np.argmax(np.abs(dA1))), dA1.shape)
    qs = [
        _shape_question("dZ1", "", (n_h, m), [(1, m), (n_h, 1), (m, n_h)],
                        f"dZ1 = dA1 * g′(Z1): both factors are {_shape(n_h, m)} and * multiplies "
                        "entry by entry, so the shape stays."),
        _ask("A learner writes dZ1 = W2ᵀ dZ2. What is missing?", "* g′(Z1), entry by entry",
             ["the factor 1/m", "a transpose on dZ2", "@ g′(Z1), a matrix product"],
             "W2ᵀ dZ2 is dA1, the gradient w.r.t. the activations. To reach Z1 the chain rule "
             "goes through A1 = g(Z1), one unit at a time, hence * g′(Z1)."),
        _ask(f"At unit {k + 1}, example {j + 1}, dA1 = {_num(dA1[k, j])}. What is the sign of "
             "dZ1 there?", _sign(dZ1[k, j]), list(SIGNS),
             f"g′ is never negative for {act.replace('_', ' ')}, so dZ1 keeps dA1's sign unless g′ "
             f"is 0. Here g′ = {_num(dZ1[k, j] / dA1[k, j]) if dA1[k, j] else '–'}, so "
             f"dZ1 = {_num(dZ1[k, j])}."),
    ]
    if act in _GPRIME:
        qs.append(_ask(f"The hidden activation is {act.replace('_', ' ')}. Which is g′(Z1)?",
                       _GPRIME[act], [g for a, g in _GPRIME.items() if a != act],
                       f"For {act.replace('_', ' ')}, g′ = {_GPRIME[act]}: computed from what "
                       "the forward pass already stored."))
    return qs


def _dW1(data: dict, v: dict) -> list[Question]:
    n_x, n_h, m = v["n_x"], v["n_h"], v["m"]
    return [
        _shape_question("dW1", " = (1/m) dZ1 Xᵀ", (n_h, n_x), [(n_x, n_h), (n_h, m), (m, n_x)],
                        f"W1 is {_shape(n_h, n_x)}, so dW1 is too: dZ1 {_shape(n_h, m)} times Xᵀ "
                        f"{_shape(m, n_x)}, the {m} examples summed."),
        _shape_question("db1", "", (n_h, 1), [(1, n_h), (n_h, m), (1, 1)],
                        f"One bias per hidden unit: {_shape(n_h, 1)}, the row means of dZ1."),
        _ask("A learner writes dW1 = (1/m) dZ1 X. What is wrong?", "X needs a transpose",
             ["the 1/m should go", "dZ1 needs a transpose", "nothing, it is right"],
             f"dZ1 is {_shape(n_h, m)} and X is {_shape(n_x, m)}: only Xᵀ {_shape(m, n_x)} "
             f"lets the {m} examples meet and leaves W1's shape."),
        _ask("Why does dW1 have a 1/m but dZ1 does not?",
             "W1 is shared by all examples; Z1 has a column per example",
             ["dZ1 already contains a 1/m", "it is a convention with no reason",
              "because of the transpose"],
             f"dZ1 holds ∂L/∂Z1 separately for each of the {m} examples. Every example uses the "
             "same W1, so the cost's gradient w.r.t. W1 sums their contributions and J's 1/m "
             "comes along."),
    ]


def _check(data: dict, v: dict) -> list[Question]:
    n_x, n_h = v["n_x"], v["n_h"]
    n_params = n_h * n_x + n_h + n_h + 1
    name, err = max(data["rel_errors"].items(), key=lambda kv: kv[1])
    ok = err < 1e-7
    return [
        _ask(f"This network has {n_params} parameters. How many cost evaluations does a "
             "two-sided check of every one of them take?",
             str(2 * n_params), [str(n_params), str(4 * n_params), str(n_params + 1)],
             f"J(θ + ε) and J(θ − ε) for each of the {n_params} parameters: {2 * n_params}. "
             "That is why the check is for debugging, not for training."),
        _ask(f"The largest relative error is {err:.1e} (for {name}). Is backprop right?",
             "yes" if ok else "probably not", ["probably not" if ok else "yes",
                                               "can't tell: it should be exactly 0"],
             f"In float64 with ε = 1e-7 a correct gradient lands around 1e-7 or below; {err:.1e} "
             f"{'is' if ok else 'is not'}. Exactly 0 never happens: the numerical slope has "
             "its own rounding and O(ε²) error."),
        _ask("Why compare with (J(θ + ε) − J(θ − ε)) / 2ε rather than (J(θ + ε) − J(θ)) / ε?",
             "its error shrinks like ε², not ε", ["it is cheaper", "it avoids dividing by ε",
                                                   "they are the same"],
             "The centred difference cancels the second-order term of the Taylor series, so its "
             "error is O(ε²) ≈ 1e-14 instead of O(ε) ≈ 1e-7."),
    ]


def _deep(data: dict, v: dict) -> list[Question]:
    dims, m = v["layer_dims"], v["m"]
    L = len(dims) - 1
    l = max(1, L - 1)
    n_params = sum(dims[i] * dims[i - 1] + dims[i] for i in range(1, L + 1))
    return [
        _shape_question(f"W[{l}]", f" in a network with layer sizes {dims}",
                        (dims[l], dims[l - 1]), [(dims[l - 1], dims[l]), (dims[l], m),
                                                 (dims[l], 1)],
                        f"W[l] is (n[l], n[l−1]): it takes the {dims[l - 1]} outputs of layer "
                        f"{l - 1} to the {dims[l]} units of layer {l}."),
        _shape_question(f"dA[{L - 1}] = W[{L}]ᵀ dZ[{L}]", f" with m = {m}",
                        (dims[L - 1], m), [(dims[L], m), (m, dims[L - 1]), (dims[L - 1], 1)],
                        f"W[{L}]ᵀ is {_shape(dims[L - 1], dims[L])} and dZ[{L}] "
                        f"{_shape(dims[L], m)}: the result has A[{L - 1}]'s shape."),
        _ask(f"How many parameters (weights and biases) does the network {dims} have?",
             str(n_params), [str(n_params - dims[-1]), str(sum(dims)), str(2 * n_params)],
             "Each layer has n[l]·n[l−1] weights and n[l] biases: "
             + " + ".join(f"{dims[i]}·{dims[i - 1]} + {dims[i]}" for i in range(1, L + 1))
             + f" = {n_params}."),
    ]


def _score() -> dict[str, bool]:
    return st.session_state.setdefault(SCORE_KEY, {})


def _check_answer(key: str, q: Question) -> None:
    choice = st.session_state.get(key)
    if choice is None:
        return
    st.session_state.setdefault(CHECKED_KEY, {})[q.qid] = choice
    _score().setdefault(q.qid, choice == q.options[q.answer])


def render(state: State, step: str, data: dict[str, object]) -> None:
    """The questions for `step`, each with a radio, a Check button and the reasoning."""
    qs = questions(step, data, state.activation, state.layer_dims)
    if not qs:
        return
    score = _score()
    with st.container(border=True, key=f"quiz_{step}"):
        st.markdown(f"##### :material/psychology: Predict before you look · score "
                    f"{sum(score.values())} / {len(score)}")
        columns = st.columns(2)
        for i, q in enumerate(qs):
            with columns[i % 2]:
                _question(step, i, q)


def _question(step: str, index: int, q: Question) -> None:
    key = f"quiz_{step}_{index}_{q.qid}"
    st.markdown(f"**Q{index + 1}.** {_md(q.prompt)}")
    st.radio("Your prediction", q.options, index=None, key=key, format_func=_md,
             label_visibility="collapsed")
    st.button("Check", key=f"{key}_check", on_click=_check_answer, args=(key, q))
    checked = st.session_state.get(CHECKED_KEY, {}).get(q.qid)
    if checked is None:
        return
    if checked == q.options[q.answer]:
        st.success(f"Right. {_md(q.why)}", icon=":material/check_circle:")
    else:
        st.error(f"Not quite: the answer is **{_md(q.options[q.answer])}**. {_md(q.why)}",
                 icon=":material/cancel:")


def _md(text: str) -> str:
    """An option as Markdown: a bare * (element-wise product) must not start italics."""
    return text.replace("*", r"\*")
