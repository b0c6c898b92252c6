"""The optimizer race's figure: one boundary per optimizer over one cost chart, one player.

Frames update every panel's heatmap and title and every run's marker on the cost curves, so
one Plotly slider (or Play) moves them all in the browser. The course-2 chart uses LOOK too.
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from ui.charts import style
from ui.playground.views import class_traces

# One look per optimizer, shared with the course-2 chart: Okabe–Ito colours other than the
# two class colours, and a dash each, so the curves differ without colour too.
LOOK = {"gd": ("#000000", "solid"), "momentum": ("#D55E00", "dash"),
        "rmsprop": ("#CC79A7", "dot"), "adam": ("#009E73", "dashdot")}
LOG_TICKS = [k * 10.0 ** e for e in range(-4, 4) for k in (1, 2, 5)]
CURVE_POINTS = 600  # points per cost curve sent to the browser


class Sent(go.Figure):
    """A figure whose dict is made once. st.plotly_chart copies a Figure's whole tree with
    `to_dict` on every run (about 0.25 s for the race's 40 frames, more on a busy server);
    a shared race's figure never changes, so every run can send the same dict."""

    def to_dict(self) -> dict:
        return self._sent




def _title(r: dict, k: int) -> str:
    # Two lines: four panels side by side are about 140 px wide at 1024 px.
    return f"{r['optimizer']}<br>α = {r['lr']:g} · {r['accuracy'][k]:.2f}%"


def figure(runs: list[dict], data: dict, presenter: bool = False) -> go.Figure:
    """Panels (one boundary per run) over one cost chart, with frames that move them all.

    Trace order: per panel its heatmap and two class traces; then per run its cost curve;
    then per run its marker on the curve. Frames update the heatmaps and markers."""
    n, size = len(runs), style.sizes(presenter)
    specs = [[{}] * n, [{"colspan": n}] + [None] * (n - 1)]  # the cost chart spans the row
    fig = make_subplots(rows=2, cols=n, row_heights=[0.5, 0.5], vertical_spacing=0.14,
                        horizontal_spacing=0.03, specs=specs,
                        subplot_titles=[_title(r, -1) for r in runs] + [""])
    labels = data["Y"].ravel()
    last = len(runs[0]["plan"]) - 1
    heat = []
    for c, r in enumerate(runs, start=1):
        heat.append(len(fig.data))
        fig.add_trace(go.Heatmap(z=r["grids"][last], x=r["xs"], y=r["ys"], zmin=0, zmax=255,
                                 colorscale=style.PROBA_SCALE, zsmooth="best", showscale=False,
                                 opacity=0.8, hoverinfo="skip", name=r["optimizer"]), 1, c)
        for trace in class_traces(data["X"], labels, size=3, showlegend=False, hoverinfo="skip"):
            fig.add_trace(trace, 1, c)
    for r in runs:
        color, dash = LOOK[r["optimizer"]]
        idx = np.unique(np.linspace(0, len(r["costs"]) - 1, CURVE_POINTS).astype(int))
        fig.add_trace(go.Scatter(x=idx, y=r["costs"][idx], mode="lines", name=r["optimizer"],
                                 line={"color": color, "dash": dash, "width": 2.5}), 2, 1)
    marks = []
    for r in runs:
        color, _ = LOOK[r["optimizer"]]
        marks.append(len(fig.data))
        fig.add_trace(go.Scatter(x=[r["shown"][last]], y=[r["cost"][last]], mode="markers",
                                 marker={"color": color, "size": 10, "line": {"color": "white",
                                                                             "width": 1}},
                                 showlegend=False, hoverinfo="skip"), 2, 1)
    titles = [a.to_plotly_json() for a in fig.layout.annotations]
    for a in titles:
        a["font"] = {"size": size.title - 2}
    frames = []
    for k in range(len(runs[0]["plan"])):
        notes = [dict(a) for a in titles]
        for c, r in enumerate(runs):
            notes[c]["text"] = _title(r, k)
        frames.append(go.Frame(
            name=str(k), traces=heat + marks, layout={"annotations": notes},
            data=[go.Heatmap(z=r["grids"][k]) for r in runs]
            + [go.Scatter(x=[r["shown"][k]], y=[r["cost"][k]]) for r in runs]))
    fig.frames = frames
    fig.update_layout(annotations=titles)
    fig.update_xaxes(showticklabels=False, row=1)
    fig.update_yaxes(showticklabels=False, row=1)
    fig.update_xaxes(title_text="iteration", row=2, col=1)
    # Log scale: a cost that spikes early would flatten every other curve.
    fig.update_yaxes(title_text="cost J (log scale)", type="log", tickvals=LOG_TICKS,
                     tickformat="~g", row=2, col=1)  # whole numbers: 0.5, not Plotly's "5"
    fig.update_xaxes(tickfont={"size": size.tick + 1}, row=2, col=1)
    fig.update_yaxes(tickfont={"size": size.tick + 1}, row=2, col=1)
    style.base_layout(fig, None, (660 if presenter else 580))
    fig.update_layout(
        margin={"t": 60 if presenter else 50, "b": 90, "l": 10, "r": 10},
        legend={"orientation": "h", "y": 0.44, "yanchor": "bottom", "x": 1, "xanchor": "right"},
        updatemenus=[_play_buttons()], sliders=[_slider(runs[0]["plan"], last, size.tick)])
    return fig


def _animate(duration: int) -> dict:
    return {"frame": {"duration": duration, "redraw": True}, "mode": "immediate",
            "transition": {"duration": 0}}


def _play_buttons() -> dict:
    return {"type": "buttons", "direction": "left", "showactive": False, "x": 0, "y": -0.1,
            "xanchor": "left", "yanchor": "top", "pad": {"t": 0, "r": 10},
            "buttons": [{"label": "▶ Play", "method": "animate",
                         "args": [None, _animate(120)]},  # always from frame 0
                        {"label": "❚❚ Pause", "method": "animate",
                         "args": [[None], _animate(0)]}]}


def _slider(plan, active: int, tick: int) -> dict:
    steps = [{"label": f"{int(it):,}", "method": "animate",
              "args": [[str(k)], _animate(0)]} for k, it in enumerate(plan)]
    return {"active": active, "steps": steps, "x": 0.2, "len": 0.8, "y": -0.1,
            "yanchor": "top", "pad": {"t": 0}, "font": {"size": 1, "color": "rgba(0,0,0,0)"},
            "ticklen": 2, "minorticklen": 0,
            # its own colour: the step labels' transparent font would hide it too
            "currentvalue": {"prefix": "iteration ",
                             "font": {"size": tick + 3, "color": style.NEUTRAL}}}
