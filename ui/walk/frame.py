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

ALL_LINES = 99  # `reveal` value meaning "the whole derivation"
TRAINED_AT = 2_000  # iterations after which the default network has clearly learnt
_REVEAL_PAGE = "reveal_page"  # the page whose derivation `reveal` counts lines of
_REVEAL_FROM_LINK = "reveal_from_link"
FRAME = "walk/frame"  # this module's own sentences, in content/en/walk/frame.md
Questions = Callable[[dict, dict], list[Question]]  # a step's questions(walk, live)


def shaped(symbol: str, shape: tuple[int, ...]) -> str:
    """LaTeX for `symbol` with its live shape written under it, e.g. W^{[2]T} over (4, 1)."""
    dims = r",\,".join(str(d) for d in shape)
    return rf"\underset{{\color{{gray}}({dims})}}{{{symbol}}}"


def formula(latex: str, help: str | None = None) -> None:
    st.latex(latex, help=help)


def derivation(ctx, lines: list[str]) -> None:
    """A derivation shown line by line. Each line is Markdown (with $…$ maths).

    Presenter mode starts a newly opened page at one line, so the class sees it build up;
    otherwise the whole derivation shows and "Step through" starts over.
    """
    state = ctx.current
    if st.session_state.get(_REVEAL_PAGE) != ctx.page.id:
        st.session_state[_REVEAL_PAGE] = ctx.page.id
        if st.session_state.get(_REVEAL_FROM_LINK) is None:
            # The first page of a session keeps the link's `reveal`; later pages start afresh.
            st.session_state[_REVEAL_FROM_LINK] = True
            if state.presenter and state.reveal == ALL_LINES:
                state = session.change(reveal=1)  # a projector link builds up too
        else:
            state = session.change(reveal=1 if state.presenter else ALL_LINES)
    shown = min(state.reveal, len(lines))
    for i, line in enumerate(lines[:shown], start=1):
        st.markdown(f"**{i}.** {line}")
    if shown < len(lines):
        st.caption(f"Line {shown} of {len(lines)}")
    back, step, whole = st.columns([1, 1, 1])
    back.button("◀ Back", key="reveal_back", disabled=shown <= 1, on_click=session.change,
                kwargs={"reveal": max(shown - 1, 1)}, use_container_width=True)
    step.button("Next line ▶" if shown < len(lines) else "Step through from the start",
                key="reveal_next", on_click=session.change,
                kwargs={"reveal": shown + 1 if shown < len(lines) else 1},
                use_container_width=True)
    whole.button("Show all", key="reveal_all", disabled=shown >= len(lines),
                 on_click=session.change, kwargs={"reveal": ALL_LINES},
                 use_container_width=True)


def check_caption(rel_errors: dict[str, float], shows_gradients: bool = True) -> None:
    """State that the numbers were checked against finite differences, with the live errors.
    A step that shows no gradient (`shows_gradients` False) says the network's were checked."""
    worst = max(rel_errors.values())
    parts = ", ".join(f"{k}: {v:.1e}" for k, v in rel_errors.items())
    icon = ":material/check_circle:" if worst < engine.AGREE else ":material/warning:"
    section = "check_caption" if shows_gradients else "check_caption_network"
    st.caption(content.text(FRAME, section, icon=icon, eps=engine.CHECK_EPS,
                            parts=parts, agree=engine.AGREE))


def untrained_hint(A2: np.ndarray, message: str) -> None:
    """When every prediction is nearly the same (a fresh network), say so and how to move on."""
    if float(np.ptp(A2)) < 0.02:
        st.info(content.text(FRAME, "untrained", message=message),
                icon=":material/lightbulb:")
        st.button(f"Walk the network after {TRAINED_AT:,} iterations", key="walk_trained",
                  icon=":material/fast_forward:", on_click=session.change,
                  kwargs={"at": TRAINED_AT})


def finish(ctx, walk: dict, questions: Questions, data: dict | None = None,
           shows_gradients: bool = True) -> None:
    """How a step ends: the finite-difference caption for `walk` (worded for a step without
    gradients unless `shows_gradients`), the quiz (the step's `questions` on `data`, by default
    the walk itself), and the previous/next links."""
    check_caption(walk["rel_errors"], shows_gradients)
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
