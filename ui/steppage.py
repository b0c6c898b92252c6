"""The frame every chain-rule step page shares: formula with live shapes, a derivation a
teacher reveals line by line, the finite-difference caption, and previous/next links.
"""

from __future__ import annotations

import streamlit as st

import engine
from ui import settings
from ui.state import State

ALL_LINES = 99  # `reveal` value meaning "the whole derivation"


def shaped(symbol: str, shape: tuple[int, ...]) -> str:
    """LaTeX for `symbol` with its live shape written under it, e.g. W^{[2]T} over (4, 1)."""
    dims = r",\,".join(str(d) for d in shape)
    return rf"\underset{{\color{{gray}}({dims})}}{{{symbol}}}"


def formula(latex: str, help: str | None = None) -> None:
    st.latex(latex, help=help)


def derivation(lines: list[str], state: State, script: str) -> None:
    """A derivation shown line by line. Each line is Markdown (with $…$ maths).

    Presenter mode starts a newly opened page at one line, so the class sees it build up;
    otherwise the whole derivation shows and "Step through" starts over.
    """
    if st.session_state.get("reveal_page") != script:
        st.session_state["reveal_page"] = script
        if st.session_state.get("reveal_from_link") is None:
            # The first page of a session keeps the link's `reveal`; later pages start afresh.
            st.session_state["reveal_from_link"] = True
            if state.presenter and state.reveal == ALL_LINES:
                state = settings.update_state(reveal=1)  # a projector link builds up too
        else:
            state = settings.update_state(reveal=1 if state.presenter else ALL_LINES)
    shown = min(state.reveal, len(lines))
    for i, line in enumerate(lines[:shown], start=1):
        st.markdown(f"**{i}.** {line}")
    if shown < len(lines):
        st.caption(f"Line {shown} of {len(lines)}")
    back, step, whole = st.columns([1, 1, 1])
    back.button("◀ Back", key="reveal_back", disabled=shown <= 1, on_click=_reveal,
                args=(max(shown - 1, 1),), use_container_width=True)
    step.button("Next line ▶" if shown < len(lines) else "Step through from the start",
                key="reveal_next", on_click=_reveal,
                args=(shown + 1 if shown < len(lines) else 1,), use_container_width=True)
    whole.button("Show all", key="reveal_all", disabled=shown >= len(lines), on_click=_reveal,
                 args=(ALL_LINES,), use_container_width=True)


def _reveal(n: int) -> None:
    settings.update_state(reveal=n)


def check_caption(rel_errors: dict[str, float]) -> None:
    """State that the numbers were checked against finite differences, with the live errors."""
    worst = max(rel_errors.values())
    parts = ", ".join(f"{k}: {v:.1e}" for k, v in rel_errors.items())
    icon = ":material/check_circle:" if worst < engine.AGREE else ":material/warning:"
    st.caption(
        f"{icon} Every gradient on this page is checked against centred finite differences of "
        f"J (ε = {engine.CHECK_EPS:g}, float64) for the current network. Relative errors: {parts} "
        f"(below {engine.AGREE:g} means they agree up to rounding)."
    )


def finish(state: State, step: str, walk: dict, script: str,
           quiz_data: dict[str, object] | None = None) -> None:
    """How a step page ends: the finite-difference caption for `walk`, the quiz for `step`
    (on `quiz_data`, by default the walk itself), and the previous/next links."""
    check_caption(walk["rel_errors"])
    quiz(state, step, walk if quiz_data is None else quiz_data)
    footer(script)


def footer(script: str) -> None:
    st.divider()
    settings.prev_next(script)


def quiz(state: State, step: str, data: dict[str, object]) -> None:
    """Quiz mode: "predict before you see" questions for `step`, drawn from the live network."""
    if state.quiz:
        from ui import quiz as quiz_ui  # imported only when the class is quizzing

        slot = settings.quiz_slot()  # under the title: predict first, then read on
        with slot if slot is not None else st.container():
            quiz_ui.render(state, step, data)
