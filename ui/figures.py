"""Plotly renderers shared by every page. They take plain arrays and return figures.

One palette and one font for the whole app: the two classes use the Okabe–Ito blue and
orange, which stay distinct for the common forms of colour blindness.
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

CLASS_COLORS = ("#0072B2", "#E69F00")  # class 0, class 1 (Okabe–Ito)
ACCENT = "#009E73"
NEUTRAL = "#555555"
FONT = {"family": "Source Sans Pro, sans-serif", "size": 14}
# Blue ↔ white ↔ orange: probability of class 1, matching the class colours.
PROBA_SCALE = [[0.0, "#0072B2"], [0.5, "#F7F7F7"], [1.0, "#E69F00"]]
# Signed values in matrices: the same diverging pair, centred on zero.
SIGNED_SCALE = [[0.0, "#2166AC"], [0.5, "#F7F7F7"], [1.0, "#B2182B"]]
CHART_CONFIG = {"displaylogo": False, "toImageButtonOptions": {"format": "png", "scale": 2}}


def base_layout(fig: go.Figure, title: str | None = None, height: int = 320) -> go.Figure:
    fig.update_layout(
        title={"text": title, "x": 0.0, "font": {"size": 16}} if title else None,
        font=FONT, height=height, margin={"l": 10, "r": 10, "t": 40 if title else 10, "b": 10},
        paper_bgcolor="rgba(0,0,0,0)", plot_bgcolor="rgba(0,0,0,0)",
    )
    return fig


def matrix_heatmap(M: np.ndarray, name: str, shape_text: str | None = None,
                   row_prefix: str = "", col_prefix: str = "ex ", decimals: int = 3,
                   height: int | None = None) -> go.Figure:
    """An annotated heatmap of matrix `M` (r, c): every entry printed, colour by sign.

    Rows are labelled `row_prefix` + index, columns `col_prefix` + index (examples are
    columns in the course notation, hence "ex").
    """
    M = np.atleast_2d(np.asarray(M, dtype=float))
    rows, cols = M.shape
    limit = float(np.max(np.abs(M))) or 1.0
    text = np.vectorize(lambda v: f"{v:.{decimals}f}")(M)
    fig = go.Figure(go.Heatmap(
        z=M, x=[f"{col_prefix}{j + 1}" for j in range(cols)],
        y=[f"{row_prefix}{i + 1}" for i in range(rows)],
        text=text, texttemplate="%{text}", textfont={"size": 13 if cols <= 10 else 10},
        colorscale=SIGNED_SCALE, zmin=-limit, zmax=limit, showscale=False,
        hovertemplate=f"{name}[%{{y}}, %{{x}}] = %{{z:.6f}}<extra></extra>", xgap=2, ygap=2,
    ))
    fig.update_yaxes(autorange="reversed", type="category")
    fig.update_xaxes(type="category", side="top")
    title = f"{name}  {shape_text}" if shape_text else name
    return base_layout(fig, title, height or max(140, 60 + 34 * rows))


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


def network_diagram(layer_dims: list[int], names: list[str] | None = None) -> go.Figure:
    """Units as circles in columns, one arrow bundle per weight matrix labelled W[l] (shape)."""
    fig = go.Figure()
    L = len(layer_dims)
    shown = [min(n, 8) for n in layer_dims]  # wide layers show 8 units and a "⋮"
    names = names or (["x"] + [f"a[{i}]" for i in range(1, L - 1)] + ["ŷ"])
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
                                 hovertemplate=f"{names[l]}: layer {l}, {n} units<extra></extra>"))
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
