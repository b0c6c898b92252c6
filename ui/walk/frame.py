"""The frame every chain-rule step shares: the formula with live shapes, a derivation a
teacher reveals line by line, the finite-difference caption, the quiz box under the title,
and the previous/next links.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import streamlit as st

import engine
from ui import content
from ui import quiz as quizzes
from ui.quiz import box as quiz_box
from ui.quiz.model import Question
from ui.shell import session, sidebar
from ui.state import FIELD_BY_NAME
from ui.walk import verdict

ALL_LINES = 99  # `reveal` value meaning "the whole derivation"
# The walk's default network, moderately trained (see ui/state.py): the one click away from
# the assignment's fresh network, whose outputs are all about 0.5.
TRAINED_AT = int(FIELD_BY_NAME["at"].default)
HALF = 0.01  # every ŷ within this of 0.5: the fresh network's "about 0.5"
FRAME = "walk/frame"  # this module's own sentences, in content/en/walk/frame.md
CHECKED, EXPLAINED, WARNED = ":material/check_circle:", ":material/info:", ":material/warning:"
Questions = Callable[[dict, dict], list[Question]]  # a step's questions(walk, live)


def shaped(symbol: str, shape: tuple[int, ...]) -> str:
    """LaTeX for `symbol` with its live shape written under it, e.g. W^{[2]T} over (4, 1)."""
    dims = r",\,".join(str(d) for d in shape)
    return rf"\underset{{\color{{gray}}({dims})}}{{{symbol}}}"


def formula(latex: str, help: str | None = None) -> None:
    st.latex(latex, help=help)


def derivation(ctx, lines: list[str]) -> None:
    """A derivation shown line by line. Each line is Markdown (with $…$ maths).

    Presenter mode starts a newly opened page at one line, so the class sees it build up
    (session.enter, before the address bar is written); otherwise the whole derivation
    shows and "Step through" starts over.
    """
    state = ctx.current
    total = len(lines)
    shown = min(state.reveal, total)
    # One element for all the lines: a walk page sends about ninety, and each costs the
    # server about as much as its content when a class reruns at once.
    st.markdown("\n\n".join(f"**{i}.** {line}" for i, line in enumerate(lines[:shown], start=1)))
    if shown < total:
        st.caption(f"Line {shown} of {total}")
    back, step, whole = st.columns([1, 1, 1])
    # Steps count from the state when the click arrives, not from this drawing: a clicker
    # pressed twice before the page redraws moves two lines, not one.
    back.button("◀ Back", key="reveal_back", disabled=shown <= 1, on_click=_reveal_step,
                args=(-1, total), use_container_width=True)
    step.button("Next line ▶" if shown < total else "Step through from the start",
                key="reveal_next", on_click=_reveal_step, args=(+1, total, shown >= total),
                use_container_width=True)
    whole.button("Show all", key="reveal_all", disabled=shown >= total,
                 on_click=session.change, kwargs={"reveal": ALL_LINES},
                 use_container_width=True)


def _reveal_step(delta: int, total: int, restart: bool = False) -> None:
    shown = min(session.get_state().reveal, total)
    session.change(reveal=1 if restart else max(1, min(shown + delta, total)))


def check_caption(walk: dict, activation: str, shows_gradients: bool = True) -> None:
    """State that the walk's gradients were checked against finite differences, with the live
    errors. A step that shows no gradient (`shows_gradients` False) says the network's were.

    The mark follows step 9's verdict, not the ratio alone: a correct gradient that scores at
    or above engine.AGREE because it is about 0, or because a ±ε nudge crosses relu's kink,
    gets an info mark and the reason; anything else at or above it still warns."""
    rel_errors = walk["rel_errors"]
    parts = ", ".join(f"{k}: {v:.1e}" for k, v in rel_errors.items())
    judged = verdict.of_walk(walk, activation)
    worse = [k for k in verdict.NAMES if judged[k] != "agrees"]
    if not worse:
        icon, why = CHECKED, ""
    elif all(judged[k] in verdict.FINE for k in worse):
        icon, why = EXPLAINED, " " + _why_worse(walk, activation, judged)
    else:
        icon, why = WARNED, ""
    section = "check_caption" if shows_gradients else "check_caption_network"
    st.caption(content.text(FRAME, section, icon=icon, eps=engine.CHECK_EPS,
                            parts=parts, agree=engine.AGREE) + why)


def _why_worse(walk: dict, activation: str, judged: dict[str, str]) -> str:
    """Why correct gradients score at or above engine.AGREE: about 0, or across a kink."""
    out = []
    tiny = [k for k in verdict.NAMES if judged[k] == "rounding"]
    if tiny:
        out.append(content.text(FRAME, "check_rounding", **_named(tiny)))
    kinked = [k for k in verdict.NAMES if judged[k] == "kink"]
    if kinked:
        left_out, rest = verdict.away_from_kink(walk, activation, kinked)
        out.append(content.text(FRAME, "check_kink", **_named(kinked), left_out=left_out,
                                g=activation.replace("_", " "),
                                rest=", ".join(f"{k}: {v:.1e}" for k, v in rest.items())))
    return " ".join(out)


def _named(keys: list[str]) -> dict[str, str]:
    one = len(keys) == 1
    return {"names": " and ".join("d" + k for k in keys), "params": " and ".join(keys),
            "verb": "is" if one else "are",
            "them": "it" if one else "them"}


def untrained_hint(A2: np.ndarray, message: str) -> None:
    """One click between the two networks a class compares. On the assignment's fresh network
    (iteration 0, randn × 0.01, every ŷ about 0.5) say so, with the step's `message`, and
    offer the trained one; on a trained network, offer the assignment's start."""
    state = session.get_state()
    if state.at == 0:
        if state.init == "course" and float(np.max(np.abs(A2 - 0.5))) < HALF:
            st.info(content.text(FRAME, "untrained", message=message),
                    icon=":material/lightbulb:")
            st.button(content.text(FRAME, "untrained_button", at=TRAINED_AT),
                      key="walk_trained", icon=":material/fast_forward:",
                      on_click=session.change, kwargs={"at": TRAINED_AT})
        return
    st.caption(content.text(FRAME, "course_start", at=state.at))
    # The assignment's start is its initialisation too, not only iteration 0 (a field that
    # already has its value is no change).
    st.button(content.text(FRAME, "course_start_button"), key="walk_course_start",
              icon=":material/fast_rewind:", on_click=session.change,
              kwargs={"at": 0, "init": "course"})


def finish(ctx, walk: dict, questions: Questions, data: dict | None = None,
           shows_gradients: bool = True) -> None:
    """How a step ends: the finite-difference caption for `walk` (worded for a step without
    gradients unless `shows_gradients`), the quiz (the step's `questions` on `data`, by default
    the walk itself), and the previous/next links."""
    check_caption(walk, ctx.state.activation, shows_gradients)
    quiz(ctx, questions, walk if data is None else data)
    footer(ctx)


def quiz(ctx, questions: Questions, data: dict, layer_dims: list[int] | None = None) -> None:
    """Quiz mode: the step's "predict before you see" questions, in the slot under the title
    (so a student predicts before scrolling past the values that give the answer away).
    Built only when the class is quizzing."""
    if not ctx.state.quiz:
        return
    built = quizzes.build(questions, data, ctx.state.activation,
                          layer_dims or ctx.state.layer_dims)
    with ctx.quiz_slot if ctx.quiz_slot is not None else st.container():
        quiz_box.render(ctx.page.id, built)


def footer(ctx) -> None:
    st.divider()
    sidebar.prev_next(ctx.page.id)
