"""The quiz box: off unless asked for, a right and a wrong answer, a score that runs across
pages, nothing happens on Check without a choice, and every step's questions are well formed.
(What each step's questions ask and answer is tested with the step, in tests/walk/.)"""

from __future__ import annotations

import pytest
from conftest import run_page
from streamlit.testing.v1 import AppTest
from support import SLOW_PAGE, walk_network

from ui import compute, nav, quiz
from ui.quiz.model import Question
from ui.state import State

STEP_PAGES = {p.id: p.script for p in nav.STEPS}




def test_unknown_step_has_no_questions():
    assert quiz.questions("nope", walk_network()) == []

def _live_questions(at: AppTest, step: str) -> list[Question]:
    state: State = at.session_state["state"]
    return quiz.questions(step, compute.walk(state), state.activation, state.layer_dims)

def _score(at: AppTest, step: str) -> str:
    heading = next(md.value for md in at.markdown if "Predict before you look" in md.value)
    return heading.split("score ")[1]

def test_quiz_is_off_unless_asked_for():
    at = run_page(STEP_PAGES["dZ2"], {}, timeout=SLOW_PAGE)
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
    # Feedback goes in a box Streamlit marks role="status" (success or info): announced
    # politely by a screen reader. An error box is role="alert".
    assert not any("Not quite" in e.value for e in at.error)
    notes = [e.value for e in at.info]
    assert any("Not quite" in e and second.options[second.answer].replace("*", r"\*") in e
               for e in notes), notes
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
    # (The page's own alerts may include an error box: `dA1 @ g′(Z1)` refused when n_h ≠ m.)
    assert not at.exception and _score(at, "dZ1") == "0 / 0"
    assert not any("Not quite" in e.value or "Right." in e.value
                   for e in (*at.error, *at.info, *at.success))


@pytest.mark.parametrize("step", [p.id for p in nav.STEPS])
def test_every_step_has_several_well_formed_questions(step):
    for n_h, m, act in [(4, 4, "tanh"), (1, 1, "relu"), (3, 7, "sigmoid"), (6, 2, "leaky_relu")]:
        qs = quiz.questions(step, walk_network(n_h, m, act), act, [2, n_h, n_h, 1])
        assert len(qs) >= 2
        for q in qs:
            assert 2 <= len(q.options) <= 4
            assert len(set(q.options)) == len(q.options)
            assert 0 <= q.answer < len(q.options) and q.why
        assert len({q.qid for q in qs}) == len(qs)
