"""The course-2 optimization experiment as a preset: engine/experiments.py's three runs.

gd, momentum (β = 0.9) and Adam on the assignment's moons data, trained once per server
process (st.cache_data with no arguments and no ttl; a lock makes a class that presses the
button at once wait for one training), then drawn side by side with their training
accuracies and cost curves. The accuracies shown are the runs' own; the prose compares them
with engine.experiments.COURSE2_ACCURACY, what the assignment reports.
"""

from __future__ import annotations

import functools
import threading
import time

import numpy as np
import plotly.graph_objects as go
import streamlit as st
from plotly.subplots import make_subplots

import engine
from engine.experiments import COURSE2_ACCURACY, COURSE2_LAYERS, COURSE2_OPTIMIZERS
from ui import content
from ui.charts import style
from ui.playground.race import DOC
from ui.playground.race_figure import LOOK
from ui.playground.views import class_traces

SHOWN = "course2_shown"  # session key: this session asked for the experiment
RESOLUTION = 60
CURVE_POINTS = 1000
_LOCK = threading.Lock()


@st.cache_data(max_entries=1, show_spinner=False)
def experiment() -> dict:
    """{optimizer: {accuracy, costs, xs, ys, P, seconds}} and the data: computed once."""
    X, Y = engine.course_moons()
    xlim, ylim = engine.plot_extent(X)
    runs = {}
    for optimizer in COURSE2_OPTIMIZERS:
        started = time.perf_counter()
        result, accuracy = engine.course2_run(optimizer)
        seconds = time.perf_counter() - started
        xs, ys, P = engine.boundary_grid(result.params, "relu", xlim, ylim, RESOLUTION)
        runs[optimizer] = {"accuracy": float(accuracy), "seconds": seconds, "xs": xs, "ys": ys,
                           "P": P.astype(np.float32), "costs": np.asarray(result.costs, float)}
    return {"X": X, "Y": Y, "runs": runs}


@functools.cache  # drawing the moons takes ~70 ms, and the intro shows on every rerun
def _points() -> int:
    return engine.course_moons()[0].shape[1]


def results() -> dict:
    with _LOCK:  # one training per process, however many students press at once
        return experiment()


@st.fragment
def render(ctx) -> None:
    lang = ctx.lang
    st.divider()
    st.subheader("Course 2: optimization experiment")
    st.markdown(content.text(DOC, "course2_intro", lang, layers=list(COURSE2_LAYERS),
                             points=_points()))
    if st.button("Run the course-2 experiment", key="course2_run", icon=":material/school:"):
        st.session_state[SHOWN] = True
    if not st.session_state.get(SHOWN):
        return
    with st.spinner("Training the three runs (once per server)…"):
        data = results()
    runs = data["runs"]
    for column, (optimizer, run) in zip(st.columns(len(runs)), runs.items(), strict=True):
        column.metric(f"Training accuracy, {optimizer}", f"{run['accuracy']:.2f}%")
    st.plotly_chart(figure(data, ctx.state.presenter), config=style.MATRIX_CONFIG,
                    key="course2_chart")
    reported = {o: COURSE2_ACCURACY[o] for o in COURSE2_OPTIMIZERS}
    ours = {o: runs[o]["accuracy"] for o in COURSE2_OPTIMIZERS}
    st.markdown(content.text(DOC, "course2_reports", lang, **reported))
    same = all(np.isclose(ours[o], reported[o], rtol=0, atol=1e-9) for o in ours)
    st.markdown(content.text(DOC, "course2_match" if same else "course2_differ", lang,
                             points=data["X"].shape[1], **ours))
    st.caption(content.text(DOC, "course2_timing", lang,
                            **{o: runs[o]["seconds"] for o in COURSE2_OPTIMIZERS}))


def figure(data: dict, presenter: bool = False) -> go.Figure:
    """The three boundaries side by side over the three cost curves (one per epoch)."""
    runs, size = data["runs"], style.sizes(presenter)
    n = len(runs)
    specs = [[{}] * n, [{"colspan": n}] + [None] * (n - 1)]
    titles = [f"{o}: {r['accuracy']:.2f}%" for o, r in runs.items()] + ["Cost J per epoch"]
    fig = make_subplots(rows=2, cols=n, vertical_spacing=0.14, horizontal_spacing=0.03,
                        specs=specs, subplot_titles=titles)
    labels = data["Y"].ravel()
    for c, r in enumerate(runs.values(), start=1):
        fig.add_trace(go.Heatmap(z=r["P"], x=r["xs"], y=r["ys"], zmin=0, zmax=1,
                                 colorscale=style.PROBA_SCALE, zsmooth="best", showscale=False,
                                 opacity=0.8, hoverinfo="skip"), 1, c)
        for trace in class_traces(data["X"], labels, size=3, showlegend=False,
                                  hoverinfo="skip"):
            fig.add_trace(trace, 1, c)
    for optimizer, r in runs.items():
        color, dash = LOOK[optimizer]
        idx = np.unique(np.linspace(0, len(r["costs"]) - 1, CURVE_POINTS).astype(int))
        fig.add_trace(go.Scatter(x=idx, y=r["costs"][idx], mode="lines", name=optimizer,
                                 line={"color": color, "dash": dash, "width": 2}), 2, 1)
    for a in fig.layout.annotations:
        a.font = {"size": size.title - 2}
    fig.update_xaxes(showticklabels=False, row=1)
    fig.update_yaxes(showticklabels=False, row=1)
    fig.update_xaxes(title_text="epoch", row=2, col=1)
    style.base_layout(fig, None, 640 if presenter else 560)
    return fig.update_layout(margin={"t": 40, "b": 80, "l": 10, "r": 10},
                             legend={"orientation": "h", "y": -0.12, "yanchor": "top", "x": 0})
