"""Charts drawn once per content, then replayed.

Building a Plotly figure and having `st.plotly_chart` validate it costs 5–20 ms a chart,
and a walk page has a dozen: with a class rerunning at once that work saturates the
server. A function cached with `st.cache_data` that draws a chart stores the finished
element and, on a hit, replays it without touching Plotly. Every student who sees the
same matrix for the same settings shares one build.
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from ui.charts.style import CHART_CONFIG, for_presenter
from ui.shell import session


def presenter() -> bool:
    """Whether this session shows presenter mode's large type."""
    return bool(session.get_state().presenter)


def show(build: Callable, *args: object, key: str, config: dict | None = None,
         **kwargs: object) -> None:
    """Draw `build(*args, **kwargs)` (a Plotly figure) in the current container, in
    presenter mode's type when that is on."""
    name = f"{build.__module__}.{build.__qualname__}"  # functions themselves don't hash
    _draw(build, name, args, tuple(sorted(kwargs.items())), key,
          tuple(sorted((config or CHART_CONFIG).items())), presenter())


@st.cache_data(max_entries=4096, ttl=3600, max_size="256MB", show_spinner=False)
def _draw(_build: Callable, name: str, args: tuple, kwargs: tuple, key: str, config: tuple,
          large: bool) -> None:
    kwargs = dict(kwargs)
    fig = _build(*args, **kwargs)
    if large and "presenter" not in kwargs:  # a build that takes `presenter` sizes itself
        fig = for_presenter(fig)
    st.plotly_chart(fig, config=dict(config), key=key)
