"""A quiz question is asked only when the numbers it shows decide its answer (issue 11, item 2).

Over many networks (every activation; n_h 1, 2, 4, 7; m 1, 2, 3, 5; several seeds; untrained,
trained and diverged; depths 1 to 3 on the deeper step) every question of every step is
generated, and this file checks it from its text: the numbers are read off the prompt, each
stands for every value its rounding allows, and the question's rule, run at the ends and the
middle of those intervals, must give one answer, the marked one. The reasoning may show only
the prompt's numbers, the marked answer and what it works out from the prompt's numbers, in
the same rounding. Independent of ui/quiz/numbers.py except for the rule each question
carries.
"""

from __future__ import annotations

import functools
import importlib
import itertools
import math
import re

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from support import LEAKY, RELU, TANH, walk_of

import engine
from ui import nav, quiz
from ui.quiz.model import SIGNS, Question
from ui.quiz.numbers import num

ACTIVATIONS = ("tanh", "relu", "leaky_relu", "sigmoid")
N_H = (1, 2, 4, 7)
M = (1, 2, 3, 5)
SEEDS = (0, 3)
# A number with a decimal point as the quiz writes it; integers are labels, sizes and counts.
SHOWN = re.compile(r"(?<![\w.^])[−-]?\d+\.\d+(?:e[+−-]?\d+)?")
CONSTANTS = {"0.5", "0.25"}  # the reasoning may name these: σ′'s peak, the coin flip


# ---------------------------------------------------------------- networks

@functools.cache
def _pool() -> tuple[np.ndarray, np.ndarray]:
    return engine.make_dataset("flower", m=400, noise=0.2, seed=1)


def _examples(m: int) -> tuple[np.ndarray, np.ndarray]:
    """m examples spread over the data set, as the walk picks them."""
    X, Y = _pool()
    idx = np.linspace(0, X.shape[1] - 1, m).round().astype(int)
    return X[:, idx], Y[:, idx]


def _walk(params: dict, m: int, activation: str) -> dict:
    """The dict compute.walk returns, for `params` on the walk's m examples."""
    X, Y = _examples(m)
    L = len(params) // 2
    cache = engine.forward(X, params, activation=activation)
    grads = engine.backward(X, Y, params, cache, activation=activation)
    errors = engine.gradient_check(X, Y, params, activation=activation, grads=grads,
                                   eps=engine.CHECK_EPS) if L == 2 else {}
    return {"X": X, "Y": Y, "params": params, "cache": cache, "grads": grads,
            "rel_errors": errors, "cost": engine.compute_cost(cache[f"A{L}"], Y,
                                                              cache[f"Z{L}"])}


@functools.cache
def _trained(activation: str, hidden: tuple[int, ...], seed: int, lr: float,
             iterations: int) -> dict:
    """Parameters after training on the playground's 400 points (stopped early, with the last
    finite weights, when the run diverges)."""
    X, Y = _pool()
    init = "he" if lr > 5 else "xavier"
    return engine.train(X, Y, hidden_sizes=list(hidden), activation=activation,
                        learning_rate=lr, iterations=iterations, seed=seed, init=init,
                        frames=2).params


def networks(kind: str, activation: str):
    """(label, walk dict) of the one-hidden-layer networks of `kind`."""
    for n_h in N_H:
        if kind == "untrained":
            for seed, m in itertools.product(SEEDS, M):
                init = ("xavier", "course", "he")[seed % 3]
                params = engine.init_params([2, n_h, 1], seed=seed, init=init)
                yield f"untrained n_h={n_h} m={m} seed={seed}", _walk(params, m, activation)
        elif kind == "trained":
            for iterations in (300, 2000):
                params = _trained(activation, (n_h,), 2, 1.2, iterations)
                for m in M:
                    yield f"trained {iterations} n_h={n_h} m={m}", _walk(params, m, activation)
        else:  # lr = 10 blows up; the walk shows the last finite weights
            params = _trained(activation, (n_h,), 2, 10.0, 60)
            for m in M:
                yield f"diverged n_h={n_h} m={m}", _walk(params, m, activation)
    if kind == "diverged":
        for preset in (RELU, LEAKY, TANH):
            if preset["activation"] == activation:
                yield f"link {preset}", walk_of(preset)


def deep_networks(activation: str):
    """(label, data, layer dims) for the deeper step: 1 to 3 hidden layers."""
    for layers, n_h, m in itertools.product((1, 2, 3), N_H, M):
        dims = [2] + [n_h] * layers + [1]
        for label, params in (("untrained", engine.init_params(dims, seed=1, init="xavier")),
                              ("trained", _trained(activation, (n_h,) * layers, 1, 0.5, 300))):
            yield f"{label} {dims} m={m}", _walk(params, m, activation), dims


# ---------------------------------------------------------------- reading a question

def value(text: str) -> float:
    return float(text.replace("−", "-"))


def interval(text: str) -> tuple[float, float]:
    """The values `text` is the rounding of, ends just inside. The quiz writes a non-zero
    value that would round to 0 in e-notation (test_a_zero_is_written_only_for_zero), so a
    zero it shows is exactly 0."""
    v = value(text)
    if v == 0:
        return 0.0, 0.0
    mantissa, _, exponent = text.replace("−", "-").partition("e")
    half = 0.5 * 10.0 ** (int(exponent or 0) - len(mantissa.partition(".")[2]))
    return v - half * (1 - 1e-9), v + half * (1 - 1e-9)


def outcome_index(q: Question, outcome: object) -> int | None:
    """The option a rule's outcome picks: its text, or the numeric option nearest to it."""
    if isinstance(outcome, str):
        return q.options.index(outcome) if outcome in q.options else None
    if outcome is None or not math.isfinite(outcome):
        return None
    numeric = [(abs(value(o) - outcome), i) for i, o in enumerate(q.options)
               if SHOWN.fullmatch(o)]
    numeric.sort()
    if len(numeric) > 1 and numeric[0][0] == numeric[1][0]:
        return None
    return numeric[0][1] if numeric else None


def assert_decided(q: Question, where: str) -> bool:
    """The checks of this file on one question; True if its prompt shows numbers."""
    shown = tuple(SHOWN.findall(q.prompt))
    assert shown == q.shown, (where, q.prompt, q.shown)
    marked = q.options[q.answer]
    # Numeric options differ as numbers, so "0.000" and "-0.000" never both appear.
    numeric = [value(o) for o in q.options if SHOWN.fullmatch(o)]
    assert len(set(numeric)) == len(numeric), (where, q.options)
    worked = q.worked()
    allowed = set(shown) | set(worked) | set(SHOWN.findall(marked)) | CONSTANTS
    assert set(SHOWN.findall(q.why)) <= allowed, (where, q.prompt, marked, q.why, worked)
    assert all(w in q.why for w in worked), (where, q.why, worked)
    if not shown:
        assert not SHOWN.fullmatch(marked), (where, q.prompt, marked)  # a number from nowhere
        return False
    assert q.rule is not None, (where, q.prompt)
    values = [value(s) for s in shown]
    at_shown = q.rule(*values)
    assert outcome_index(q, at_shown) == q.answer, (where, q.prompt, q.options, marked)
    if SHOWN.fullmatch(marked):  # worked from the shown numbers, to the digits it shows
        lo, hi = interval(marked)
        assert lo <= at_shown <= hi or marked == num(at_shown, q.digits), (where, marked)
    spans = [interval(s) for s in shown]
    ends = [(lo, (lo + hi) / 2, hi) if len(spans) <= 6 else (lo, hi) for lo, hi in spans]
    for point in itertools.product(*ends):
        assert outcome_index(q, q.rule(*point)) == q.answer, \
            (where, q.prompt, q.options, marked, point)
    if set(q.options) <= set(SIGNS) and worked:  # the worked result has the marked sign
        result = value(worked[-1])
        assert marked == ("zero" if result == 0 else "positive" if result > 0 else "negative")
    return True


def assert_asked_well(step: str, qs: list[Question], m: int, where: str) -> int:
    """Every question of `step` is decided; returns how many showed numbers."""
    covered = 0
    for q in qs:
        covered += assert_decided(q, f"{step} {where}")
        for a, b in re.findall(r"(\S+) instead of (\S+)", q.why):
            assert a != b, (where, q.why)  # "−0.026 instead of −0.026"
        if m == 1:  # 1/m = 1 changes no number: no question may hinge on it
            assert "1/m" not in q.options[q.answer], (where, q.prompt)
    return covered


def raw_questions(step: str, data: dict, activation: str, dims: list[int]) -> list[Question]:
    """A step's questions as its module makes them, before quiz.build filters anything: a
    step must not rely on the filter to hide a question its numbers do not decide."""
    make = importlib.import_module(nav.page(step).module).questions
    return [q for q in make(data, quiz.live(data, activation, dims)) if q is not None
            and not quiz.NOT_FINITE.search(" ".join((q.prompt, *q.options, q.why)))]


# ---------------------------------------------------------------- the property

WALK_STEPS = [p.id for p in nav.STEPS if p.id != "deeper"]


@pytest.mark.parametrize("kind", ["untrained", "trained", "diverged"])
@pytest.mark.parametrize("activation", ACTIVATIONS)
def test_shown_numbers_decide_every_answer(kind, activation):
    covered = total = 0
    steps_covered = set()
    for label, data in networks(kind, activation):
        m = data["X"].shape[1]
        n_h = data["params"]["W1"].shape[0]
        for step in WALK_STEPS:
            raw = raw_questions(step, data, activation, [2, n_h, 1])
            built = quiz.questions(step, data, activation, [2, n_h, 1])
            assert built == raw, (step, label)  # nothing left for the filter to drop
            n = assert_asked_well(step, raw, m, label)
            covered, total = covered + n, total + len(raw)
            steps_covered |= {step} if n else set()
    # The grid reaches the questions that show numbers on every step that has them.
    assert {"forward", "cost", "sigmoid", "dZ2", "dW2", "transpose", "dZ1",
            "check"} <= steps_covered, steps_covered
    assert covered and total


@pytest.mark.parametrize("activation", ACTIVATIONS)
def test_deeper_questions_at_every_depth(activation):
    for label, data, dims in deep_networks(activation):
        qs = quiz.questions("deeper", data, activation, dims)
        assert len(qs) >= 2
        assert_asked_well("deeper", qs, data["X"].shape[1], label)
        assert any(str(dims) in q.prompt for q in qs)


@given(st.floats(-1e4, 1e4, allow_nan=False), st.integers(3, 6))
def test_a_zero_is_written_only_for_zero(x, digits):
    """The convention the checks above rely on: the quiz writes a number so that its rounding
    interval holds it, and writes 0 only for an exact 0 (never "-0.000")."""
    text = num(x, digits)
    assert SHOWN.fullmatch(text), text
    if value(text) == 0:
        assert x == 0 and not text.startswith("-")
    else:
        lo, hi = interval(text)
        half = (hi - lo) / 2 / (1 - 1e-9)
        assert abs(x - value(text)) <= half * (1 + 1e-9), (x, text)


# ---------------------------------------------------------------- the reported cases

def _one(step: str, data: dict, activation: str, words: str) -> Question | None:
    return next((q for q in quiz.questions(step, data, activation) if words in q.prompt), None)


def _network(a2: list[float], y: list[int], activation: str = "tanh") -> dict:
    """A walk dict whose outputs are `a2` for labels `y` (what the output steps' questions
    read: A2, Z2, Y, the cost and dZ2)."""
    m = len(a2)
    params = engine.init_params([2, 3, 1], seed=0, init="xavier")
    data = _walk(params, m, activation)
    z2 = np.log(np.asarray(a2) / (1 - np.asarray(a2)))[None, :]
    A2 = engine.sigmoid(z2)
    Y = np.asarray(y, dtype=float)[None, :]
    data["cache"] = {**data["cache"], "Z2": z2, "A2": A2}
    data["Y"] = Y
    data["cost"] = float(engine.compute_cost(A2, Y, z2))
    data["grads"] = {**data["grads"], "dZ2": A2 - Y}
    return data


def test_a_prediction_near_one_half_shows_the_digits_that_decide_it():
    q = _one("forward", _network([0.50045], [0]), "tanh", "predict")
    assert "0.5004" in q.prompt or "0.5005" in q.prompt  # not "0.500 … below 0.5"
    assert q.options[q.answer] == "ŷ = 1" and "above" in q.why


def test_the_loss_is_worked_from_the_shown_output():
    q = _one("cost", _network([0.50045], [1]), "tanh", "What is its loss")
    assert "0.500" in q.prompt and "−log(0.500) = 0.693" in q.why  # not 0.692
    assert q.options[q.answer] == "0.693"


def test_no_coin_flip_verdict_that_the_digits_cannot_make():
    # J = ln 2 exactly: no digits decide "better than the coin flip?"
    assert _one("cost", _network([0.5, 0.5], [1, 0]), "tanh", "ln 2") is None
    # J = 0.693187 > ln 2 = 0.693147: "J = 0.693 … ln 2 ≈ 0.693" would not decide "No"
    q = _one("cost", _network([0.49998, 0.49998], [1, 1]), "tanh", "ln 2")
    assert q.shown == ("0.6932", "0.5", "0.6931") and q.options[q.answer] == "No"
    assert "0.6932 is above ln 2 ≈ 0.6931" in q.why


def test_no_largest_among_equal_shown_values():
    data = _network([0.5001, 0.5002, 0.4999, 0.5], [1, 1, 1, 1])
    for step, words in (("cost", "largest loss"), ("sigmoid", "largest"),
                        ("dZ2", "largest in size")):
        q = _one(step, data, "tanh", words)
        if q is not None:  # then with the digits that separate them
            assert len(set(q.shown)) == len(q.shown), (step, q.prompt)


def test_one_example_asks_nothing_about_1_over_m():
    qs = quiz.questions("dW2", _walk(engine.init_params([2, 3, 1], seed=0), 1, "tanh"), "tanh")
    assert not any("What is missing" in q.prompt for q in qs)
    assert len(qs) >= 2


# What a page's title, or another question on it, must not give away: (step, a question's
# words, what no other prompt and not the title may contain).
GIVEAWAYS = [
    ("forward", "Which line computes Z2", "W1 X + b1"),  # the pattern of the answer
    ("forward", "shape of Z1", "A1 is"),  # A1 has Z1's shape
    ("dW2", "What is missing", "1/m"),
    ("dW1", "What is wrong", "Xᵀ"),
    ("transpose", "shape of W2ᵀ dZ2", "("),  # no option of another question writes a shape
]


@pytest.mark.parametrize("step, asked, hint", GIVEAWAYS)
def test_no_question_is_answered_by_another_or_the_title(step, asked, hint):
    for n_h, m in ((4, 3), (1, 1), (7, 5)):
        data = _walk(engine.init_params([2, n_h, 1], seed=0, init="xavier"), m, "tanh")
        qs = quiz.questions(step, data, "tanh")
        target = [q for q in qs if asked in q.prompt]
        others = [q for q in qs if asked not in q.prompt]
        assert target or (step == "dW2" and m == 1), (step, asked)
        for q in others:  # a shape in an option, or the hint in a prompt
            texts = q.options if hint == "(" else (q.prompt,)
            assert not any(hint in t for t in texts), (step, q.prompt, hint)
        assert hint == "(" or hint not in nav.page(step).label


def test_titles_give_no_answer_away():
    """dZ2 = A2 − Y and dZ1 = dA1 * g′(Z1) are in the titles: no question asks for them."""
    data = _walk(engine.init_params([2, 4, 1], seed=0, init="xavier"), 3, "tanh")
    assert not any(SHOWN.fullmatch(o) for q in quiz.questions("dZ2", data) for o in q.options)
    assert not any("′(Z1)" in q.options[q.answer] for q in quiz.questions("dZ1", data))
