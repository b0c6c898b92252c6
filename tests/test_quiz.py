"""Quiz mode: questions built from the live network, checked at once, scored per session."""

from __future__ import annotations

import numpy as np
import pytest
from conftest import run_page
from streamlit.testing.v1 import AppTest
from support import SLOW_PAGE

import engine
from ui import quiz
from ui.state import State

STEP_PAGES = {"forward": "pages/01_Forward_pass.py", "cost": "pages/02_Loss_and_cost.py",
              "sigmoid": "pages/03_Sigmoid_derivative.py", "dZ2": "pages/04_dZ2.py",
              "dW2": "pages/05_dW2_db2.py", "dA1": "pages/06_dA1_transpose.py",
              "dZ1": "pages/07_dZ1.py", "dW1": "pages/08_dW1_db1.py",
              "check": "pages/09_Gradient_check.py", "deep": "pages/10_Deeper_networks.py"}


def walk_data(n_h: int = 4, m: int = 4, activation: str = "tanh", seed: int = 2,
              init: str = "xavier") -> dict:
    """The dict compute.walk returns, built straight from the engine."""
    X, Y = engine.make_dataset("flower", m=400, noise=0.2, seed=1)
    idx = np.linspace(0, 399, m).round().astype(int)
    X, Y = X[:, idx], Y[:, idx]
    params = engine.init_params([2, n_h, 1], seed=seed, init=init)
    cache = engine.forward(X, params, activation=activation)
    grads = engine.backward(X, Y, params, cache, activation=activation)
    return {"X": X, "Y": Y, "params": params, "cache": cache, "grads": grads,
            "rel_errors": engine.gradient_check(X, Y, params, activation=activation,
                                                grads=grads),
            "cost": engine.compute_cost(cache["A2"], Y, cache["Z2"])}


def _find(qs: list[quiz.Question], words: str) -> quiz.Question:
    return next(q for q in qs if words in q.prompt)


@pytest.mark.parametrize("step", quiz.STEPS)
def test_every_step_has_several_well_formed_questions(step):
    for n_h, m, act in [(4, 4, "tanh"), (1, 1, "relu"), (3, 7, "sigmoid"), (6, 2, "leaky_relu")]:
        qs = quiz.questions(step, walk_data(n_h, m, act), act, [2, n_h, n_h, 1])
        assert len(qs) >= 2
        for q in qs:
            assert 2 <= len(q.options) <= 4
            assert len(set(q.options)) == len(q.options)
            assert 0 <= q.answer < len(q.options) and q.why
        assert len({q.qid for q in qs}) == len(qs)


def test_questions_are_stable_across_reruns_and_change_with_the_network():
    a = quiz.questions("dW1", walk_data(4, 4))
    assert a == quiz.questions("dW1", walk_data(4, 4))  # same order on every rerun
    b = quiz.questions("dW1", walk_data(7, 5))
    assert [q.qid for q in a] != [q.qid for q in b]


def test_shape_answers_are_the_real_shapes():
    for n_h, m in [(4, 4), (3, 7), (1, 2)]:
        data = walk_data(n_h, m)
        right = {name: q.options[q.answer] for name, q in [
            ("dW1", _find(quiz.questions("dW1", data), "shape of dW1")),
            ("db1", _find(quiz.questions("dW1", data), "shape of db1")),
            ("dW2", _find(quiz.questions("dW2", data), "shape of dW2")),
            ("db2", _find(quiz.questions("dW2", data), "shape of db2")),
            ("dZ1", _find(quiz.questions("dZ1", data), "shape of dZ1")),
            ("dZ2", _find(quiz.questions("dZ2", data), "shape of dZ2")),
            ("dA1", _find(quiz.questions("dA1", data), "shape of W2ᵀ dZ2")),
        ]}
        for name, text in right.items():
            assert text == str(data["grads"][name].shape), (name, n_h, m)


def test_value_and_sign_answers_come_from_the_engine():
    data = walk_data(5, 6, seed=4)
    A2, Y = data["cache"]["A2"][0], data["Y"][0]
    q = _find(quiz.questions("dZ2", data), "dZ2 entry")
    j = int(q.prompt.split("Example ")[1].split(":")[0]) - 1
    assert float(q.options[q.answer]) == pytest.approx(A2[j] - Y[j], abs=5e-4)
    q = _find(quiz.questions("dW2", data), "sign of dW2")
    k = int(q.prompt.split("hidden unit ")[1].rstrip("?")) - 1
    assert q.options[q.answer] == ("positive" if data["grads"]["dW2"][0, k] > 0 else "negative")
    q = _find(quiz.questions("check", data), "cost evaluations")
    assert q.options[q.answer] == str(2 * (5 * 2 + 5 + 5 + 1))


def test_no_transpose_question_only_when_it_would_fail():
    assert any("transpose" in q.prompt for q in quiz.questions("dA1", walk_data(4, 4)))
    # With one hidden unit W2 dZ2 happens to fit, so that question would mislead.
    assert not any("without the transpose" in q.prompt
                   for q in quiz.questions("dA1", walk_data(1, 4)))


def test_unknown_step_has_no_questions():
    assert quiz.questions("nope", walk_data()) == []


# ---------------------------------------------------------------- answering, through AppTest

def _live_questions(at: AppTest, step: str) -> list[quiz.Question]:
    from ui import compute  # the same cached numbers the page used

    state: State = at.session_state["state"]
    return quiz.questions(step, compute.walk(state), state.activation, state.layer_dims)


def _score(at: AppTest, step: str) -> str:
    heading = next(md.value for md in at.markdown if "Predict before you look" in md.value)
    return heading.split("score ")[1]


def test_quiz_is_off_unless_asked_for():
    at = run_page("pages/04_dZ2.py", {}, timeout=SLOW_PAGE)
    assert not any(r.key and r.key.startswith("quiz_") for r in at.radio)


@pytest.mark.parametrize("step", ["dZ2", "dW2"])
def test_a_right_and_a_wrong_answer(step):
    at = run_page(STEP_PAGES[step], {"quiz": "1", "n_h": "5"}, timeout=SLOW_PAGE)
    assert not at.exception
    qs = _live_questions(at, step)
    assert _score(at, step) == "0 / 0"
    first, second = qs[0], qs[1]
    key = f"quiz_{step}_0_{first.qid}"
    at.radio(key=key).set_value(first.options[first.answer]).run()
    at.button(key=f"{key}_check").click().run()
    assert not at.exception
    assert any(s.value.startswith("Right.") for s in at.success)
    assert _score(at, step) == "1 / 1"

    key = f"quiz_{step}_1_{second.qid}"
    wrong = next(o for i, o in enumerate(second.options) if i != second.answer)
    at.radio(key=key).set_value(wrong).run()
    at.button(key=f"{key}_check").click().run()
    errors = [e.value for e in at.error]
    assert any("Not quite" in e and second.options[second.answer].replace("*", r"\*") in e
               for e in errors), errors
    assert _score(at, step) == "1 / 2"

    # A second try is shown as right but the score keeps the first attempt.
    at.radio(key=key).set_value(second.options[second.answer]).run()
    at.button(key=f"{key}_check").click().run()
    assert _score(at, step) == "1 / 2"


def test_the_score_runs_across_pages():
    at = run_page(STEP_PAGES["dZ2"], {"quiz": "1"}, timeout=SLOW_PAGE)
    q = _live_questions(at, "dZ2")[0]
    key = f"quiz_dZ2_0_{q.qid}"
    at.radio(key=key).set_value(q.options[q.answer]).run()
    at.button(key=f"{key}_check").click().run()
    at.switch_page(STEP_PAGES["dW2"]).run()
    assert not at.exception
    assert _score(at, "dW2") == "1 / 1"


def test_checking_without_a_choice_does_nothing():
    at = run_page(STEP_PAGES["dZ1"], {"quiz": "1"}, timeout=SLOW_PAGE)
    q = _live_questions(at, "dZ1")[0]
    at.button(key=f"quiz_dZ1_0_{q.qid}_check").click().run()
    assert not at.exception and not at.error and _score(at, "dZ1") == "0 / 0"


def _in_page_order(node) -> list:
    """Every element under `node`, depth first, in the order the page shows them."""
    out = []
    for child in getattr(node, "children", {}).values():
        out.append(child)
        out.extend(_in_page_order(child))
    return out


@pytest.mark.parametrize("step", ["forward", "dZ2", "dZ1", "deep"])
def test_questions_come_before_the_values_that_answer_them(step):
    at = run_page(STEP_PAGES[step], {"quiz": "1"}, timeout=SLOW_PAGE)
    assert not at.exception
    order = _in_page_order(at.main)
    kinds = [getattr(e, "type", "") for e in order]
    first_question = next(i for i, e in enumerate(order)
                          if kinds[i] == "radio" and (e.key or "").startswith("quiz_"))
    first_answer = next(i for i, k in enumerate(kinds) if k in {"latex", "plotly_chart"})
    assert first_question < first_answer
    assert kinds.index("title") < first_question  # under the title, not above it
