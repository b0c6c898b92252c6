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
from ui.compute import digest
from ui.shell import session


def presenter() -> bool:
    """Whether this session shows presenter mode's large type."""
    return bool(session.get_state().presenter)


def show(build: Callable, *args: object, key: str, config: dict | None = None,
         **kwargs: object) -> None:
    """Draw `build(*args, **kwargs)` (a Plotly figure) in the current container, in
    presenter mode's type when that is on."""
    name = f"{build.__module__}.{build.__qualname__}"  # functions themselves don't hash
    kwargs = tuple(sorted(kwargs.items()))
    config = tuple(sorted((config or CHART_CONFIG).items()))
    large = presenter()
    _draw((build, args, kwargs, key, config, large),
          digest((name, args, kwargs, key, config, large)))


def element(draw: Callable, *args: object, **kwargs: object) -> object:
    """`draw(*args, **kwargs)` (e.g. st.dataframe) drawn once per content, then replayed;
    returns what `draw` returned if that was text, else None (a Streamlit command returns an
    element handle, which must not go into the cache). `draw` must not emit CSS-only
    st.html: Streamlit sends that to its own event container, which a replay cannot reach,
    so return it instead."""
    name = f"{draw.__module__}.{draw.__qualname__}"
    kwargs = tuple(sorted(kwargs.items()))
    return _element((draw, args, kwargs), digest((name, args, kwargs)))


@st.cache_data(max_entries=1024, ttl=3600, max_size="64MB", show_spinner=False)
def _element(_job: tuple, content: str) -> object:
    draw, args, kwargs = _job
    result = draw(*args, **dict(kwargs))
    return result if isinstance(result, str) else None


# One hashed argument, the digest, which names everything in `_job` ("_": not hashed).
# Streamlit looks up each argument's name in the signature on every call, so fewer
# arguments is cheaper.
@st.cache_data(max_entries=4096, ttl=3600, max_size="256MB", show_spinner=False)
def _draw(_job: tuple, content: str) -> None:
    build, args, kwargs, key, config, large = _job
    kwargs = dict(kwargs)
    fig = build(*args, **kwargs)
    if large and "presenter" not in kwargs:  # a build that takes `presenter` sizes itself
        fig = for_presenter(fig)
    st.plotly_chart(fig, config=dict(config), key=key)
