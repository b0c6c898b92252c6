"""The quiz box: each question with a radio and a Check button, the reasoning once answered,
and a running score for the session (the first attempt at each question counts)."""

from __future__ import annotations

import streamlit as st

from ui import content
from ui.quiz.model import Question

DOC = "quiz"

SCORE_KEY = "quiz_score"  # {question id: right on the first attempt}

CHECKED_KEY = "quiz_checked"  # {question id: the option last checked}


def _score() -> dict[str, bool]:
    return st.session_state.setdefault(SCORE_KEY, {})


def _check_answer(key: str, q: Question) -> None:
    choice = st.session_state.get(key)
    if choice is None:
        return
    st.session_state.setdefault(CHECKED_KEY, {})[q.qid] = choice
    _score().setdefault(q.qid, choice == q.options[q.answer])


def render(step: str, qs: list[Question]) -> None:
    """The questions of page `step`, each with a radio, a Check button and the reasoning."""
    if not qs:
        return
    score = _score()
    with st.container(border=True, key=f"quiz_{step}"):
        st.markdown(content.text(DOC, "heading", right=sum(score.values()), asked=len(score)))
        st.caption(content.text(DOC, "lead"))
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
    # Success and info boxes carry role="status" in Streamlit's frontend, so a screen
    # reader announces the verdict politely; an error box would be role="alert", which
    # interrupts, and a wrong prediction is part of learning, not an error of the app.
    if checked == q.options[q.answer]:
        st.success(content.text(DOC, "right", why=_md(q.why)), icon=":material/check_circle:")
    else:
        st.info(content.text(DOC, "wrong", answer=_md(q.options[q.answer]), why=_md(q.why)),
                icon=":material/cancel:")


def _md(text: str) -> str:
    """An option as Markdown: a bare * (element-wise product) must not start italics."""
    return text.replace("*", r"\*")
