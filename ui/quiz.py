"""Quiz mode: "predict before you see" questions built from the live network.

`questions(step, data, activation, layer_dims)` is pure: it reads shapes and values from
`compute.walk`'s dict, so a different n_h, m or seed gives different questions and answers.
`render` draws them with a radio and a Check button each, shows the reasoning at once, and
keeps a running score for the session (first attempt at each question counts).
"""

from __future__ import annotations

import re

import streamlit as st

from ui import quiz_hidden, quiz_output
from ui.quiz_questions import Question
from ui.state import State

SCORE_KEY = "quiz_score"  # {question id: right on the first attempt}
CHECKED_KEY = "quiz_checked"  # {question id: the option last checked}
BUILDERS = {
    "forward": quiz_output.forward_questions, "cost": quiz_output.cost_questions,
    "sigmoid": quiz_output.sigmoid_questions, "dZ2": quiz_output.dZ2_questions,
    "dW2": quiz_output.dW2_questions, "dA1": quiz_hidden.dA1_questions,
    "dZ1": quiz_hidden.dZ1_questions, "dW1": quiz_hidden.dW1_questions,
    "check": quiz_hidden.check_questions, "deep": quiz_hidden.deep_questions,
}
STEPS = tuple(BUILDERS)  # in the order of the walk
NOT_FINITE = re.compile(r"\b(?:inf|nan)\b")


def questions(step: str, data: dict, activation: str = "tanh",
              layer_dims: list[int] | None = None) -> list[Question]:
    """The questions for one step of the walk, from the live network in `data`."""
    if step not in BUILDERS:
        return []
    X, Y = data["X"], data["Y"]
    live = {"n_x": X.shape[0], "m": X.shape[1], "n_h": data["params"]["W1"].shape[0],
            "Y": Y[0], "A1": data["cache"]["A1"], "A2": data["cache"]["A2"][0],
            "Z1": data["cache"]["Z1"], "activation": activation,
            "layer_dims": layer_dims or [X.shape[0], data["params"]["W1"].shape[0], 1]}
    # A number that is not finite (a saturated output divides by zero) makes no question;
    # num3 writes such a number "inf" or "nan", which no question's text contains otherwise.
    return [q for q in BUILDERS[step](data, live)
            if not NOT_FINITE.search(" ".join((q.prompt, *q.options, q.why)))]


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
        st.caption("Answer from what you know so far, then check: the live values further "
                   "down this page settle every question.")
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
