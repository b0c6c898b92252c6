"""Line plots of functions with the live examples on them, the network diagram, and points
coloured by class."""

from __future__ import annotations

import math

import numpy as np
import plotly.graph_objects as go

from ui.charts.style import ACCENT, CLASS_COLORS, NEUTRAL, base_layout
from ui.content import counted


def function_plot(z: np.ndarray, curves: dict[str, np.ndarray], title: str,
                  points: dict[str, tuple[np.ndarray, np.ndarray]] | None = None,
                  height: int = 300) -> go.Figure:
    """Line plot of named curves over z, with optional named marker sets (x, y)."""
    fig = go.Figure()
    palette = [CLASS_COLORS[0], CLASS_COLORS[1], ACCENT, NEUTRAL]
    for i, (label, values) in enumerate(curves.items()):
        fig.add_trace(go.Scatter(x=z, y=values, name=label, mode="lines",
                                 line={"color": palette[i % 4], "width": 3}))
    for label, (x, y) in (points or {}).items():
        fig.add_trace(go.Scatter(x=x, y=y, name=label, mode="markers",
                                 marker={"size": 10, "color": NEUTRAL, "symbol": "diamond"}))
    fig.update_layout(legend={"orientation": "h", "y": -0.2})
    fig.update_xaxes(title="z", zeroline=True)
    return base_layout(fig, title, height)


def mark_examples(fig: go.Figure, x: np.ndarray, y: np.ndarray, Y: np.ndarray,
                   symbol: str = "circle", legend: bool = True, clamp: float = math.inf) -> None:
    """This network's examples as markers in their class colours (one legend entry each).

    Values beyond ±`clamp`, ∞ included, sit on that edge as triangles (the hover gives the
    true value); NaN ones have no place on the chart and are left out.
    """
    shown = np.clip(y, -clamp, clamp)
    for cls in (0, 1):
        idx = np.flatnonzero((Y[0] == cls) & ~np.isnan(y))
        off = np.abs(y[idx]) > clamp
        marks = np.where(off, np.where(y[idx] > 0, "triangle-up", "triangle-down"), symbol)
        fig.add_trace(go.Scatter(
            x=x[idx], y=shown[idx], mode="markers", name=f"examples, y = {cls}",
            legendgroup=f"y{cls}", showlegend=legend,
            marker={"size": 11, "color": CLASS_COLORS[cls], "symbol": list(marks),
                    "line": {"width": 1.5, "color": "white"}},
            customdata=idx + 1, text=[hover_text(v) for v in y[idx]],
            hovertemplate="ex %{customdata}: (%{x:.4f}, %{text})<extra></extra>"))


def hover_text(v: float) -> str:
    """A marker's value for its hover label: 4 decimals, or ±∞."""
    return f"{v:.4f}" if math.isfinite(v) else ("∞" if v > 0 else "-∞")


def network_diagram(layer_dims: list[int], names: list[str] | None = None) -> go.Figure:
    """Units as circles in columns, one arrow bundle per weight matrix labelled W[l] (shape)."""
    fig = go.Figure()
    L = len(layer_dims)
    shown = [min(n, 8) for n in layer_dims]  # wide layers show 8 units and a "⋮"
    names = names or (["x"] + [f"a{i}" for i in range(1, L - 1)] + ["ŷ"])
    ys = [np.linspace(-1, 1, n) * (0.9 if n > 1 else 0) for n in shown]
    for l in range(1, L):
        for y0 in ys[l - 1]:
            for y1 in ys[l]:
                fig.add_trace(go.Scatter(x=[l - 1, l], y=[y0, y1], mode="lines", hoverinfo="skip",
                                         line={"color": "#BBBBBB", "width": 1}, showlegend=False))
        label = f"W{l} ({layer_dims[l]}, {layer_dims[l - 1]})<br>b{l} ({layer_dims[l]}, 1)"
        fig.add_annotation(x=l - 0.5, y=1.22, text=label, showarrow=False, font={"size": 13})
        fig.add_annotation(x=l - 0.05, y=-1.25, ax=l - 0.95, ay=-1.25, xref="x", yref="y",
                           axref="x", ayref="y", showarrow=True, arrowhead=3, arrowwidth=2,
                           arrowcolor=NEUTRAL, text="")
    for l, n in enumerate(layer_dims):
        color = CLASS_COLORS[1] if l == L - 1 else (CLASS_COLORS[0] if l == 0 else ACCENT)
        fig.add_trace(go.Scatter(x=[l] * shown[l], y=ys[l], mode="markers", showlegend=False,
                                 marker={"size": 26, "color": color, "line": {"width": 1}},
                                 hovertemplate=f"{names[l]}: layer {l}, {counted(n, 'unit')}"
                                               "<extra></extra>"))
        if n > shown[l]:
            fig.add_annotation(x=l, y=-1.05, text="⋮", showarrow=False, font={"size": 18})
        fig.add_annotation(x=l, y=-1.45, showarrow=False, font={"size": 13},
                           text=f"{names[l]}<br>n[{l}] = {n}")
    fig.update_xaxes(visible=False, range=[-0.5, L - 0.5])
    fig.update_yaxes(visible=False, range=[-1.75, 1.4])
    return base_layout(fig, None, 340)


def scatter_classes(X: np.ndarray, Y: np.ndarray, fig: go.Figure | None = None,
                    name_prefix: str = "", opacity: float = 1.0,
                    symbol: str = "circle") -> go.Figure:
    """Points X (2, m) coloured by label Y (1, m), one WebGL trace per class."""
    fig = fig or go.Figure()
    labels = np.asarray(Y).ravel()
    for cls in (0, 1):
        pts = X[:, labels == cls]
        fig.add_trace(go.Scattergl(
            x=pts[0], y=pts[1], mode="markers", name=f"{name_prefix}y = {cls}", opacity=opacity,
            marker={"color": CLASS_COLORS[cls], "size": 7, "symbol": symbol,
                    "line": {"color": "white", "width": 0.5}},
        ))
    return fig
