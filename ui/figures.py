"""Plotly renderers shared by every page. They take plain arrays and return figures.

One palette and one font for the whole app: the two classes use the Okabe–Ito blue and
orange, which stay distinct for the common forms of colour blindness.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

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


# A heatmap prints its values only while they stay readable: at most TEXT_ROWS rows,
# TEXT_COLS columns and TEXT_ENTRIES numbers, no wider than the main column (1280 px screen,
# sidebar open). Bigger ones are colour only, with a colour bar and the values on hover.
MAIN_WIDTH = 820
TEXT_ROWS, TEXT_COLS, TEXT_ENTRIES = 16, 20, 160
LABELLED_COLUMNS = 8  # past this many columns only every few column labels are written


def finite_peak(M: np.ndarray) -> float:
    """The largest |entry| of M among its finite entries (0 when there are none)."""
    M = np.abs(np.asarray(M, dtype=float))
    finite = M[np.isfinite(M)]
    return float(finite.max()) if finite.size else 0.0


def readable_decimals(M: np.ndarray, sig: int = 3) -> int:
    """Decimals that give the largest finite entry of M `sig` significant digits (2 to 7)."""
    peak = finite_peak(M)
    if peak == 0:
        return 2
    return int(min(max(sig - 1 - math.floor(math.log10(peak)), 2), 7))


def small_unit(M: np.ndarray, below: float = 1e-3) -> tuple[np.ndarray, str]:
    """M in units of a power of ten when its entries would print as 0.000… (all of them
    below `below`), plus the unit."""
    power = _unit_power(M, below)
    return (M, "") if power == 0 else (M / 10.0**power, f" ×1e{power}")


def _unit_power(M: np.ndarray, below: float) -> int:
    peak = finite_peak(M)
    return 0 if peak == 0 or peak >= below else math.floor(math.log10(peak))


def _cell(v: float, decimals: int) -> str:
    if not math.isfinite(v):  # a saturated sigmoid divides by zero: ±∞, or 0/0 and ∞·0
        return "NaN" if math.isnan(v) else ("∞" if v > 0 else "-∞")  # "-" as in "-2.00"
    text = f"{v:.{decimals}f}"
    return text[1:] if text.startswith("-") and not float(text) else text  # never "-0.00"


@dataclass(frozen=True)
class MatrixLook:
    """How matrix_heatmap draws a matrix, and the room that takes (for laying out a row)."""

    printed: bool  # values written in the cells, or colour only (values on hover)
    decimals: int
    unit: str  # " ×1e-5" when the printed values are in a power-of-ten unit
    scale: float  # the unit's value: printed = M / scale
    font: int
    width: int  # px, labels and title included
    height: int


def matrix_look(M: np.ndarray, name: str, shape_text: str | None = None,
                row_prefix: str = "", col_prefix: str = "ex ",
                row_labels: list[str] | None = None, text: bool = True) -> MatrixLook:
    """How matrix_heatmap (same arguments) draws M: printed values while they fit (3
    significant digits, else 2), else colour only."""
    M = np.atleast_2d(M)
    rows, cols = M.shape
    title = f"{name}  {shape_text or (rows, cols)}"
    labels = row_labels if row_labels is not None else [f"{row_prefix}{rows}"]
    frame_px = 40 + 6 * max(len(label) for label in labels)  # margins and row labels
    font = 13 if cols <= LABELLED_COLUMNS else (11 if cols <= 12 else 10)
    if text and rows <= TEXT_ROWS and cols <= TEXT_COLS and rows * cols <= TEXT_ENTRIES:
        # 3 significant digits, else 2, else 2 in a unit that drops the leading zeros.
        for sig, below in ((3, 1e-3), (2, 1e-3), (2, 1e-2)):
            shown, unit = small_unit(M, below)
            decimals = readable_decimals(shown, sig)
            chars = max(len(_cell(v, decimals)) for v in shown.ravel())
            cell = max(math.ceil(0.52 * font * chars) + (12 if font == 13 else 8),
                       40 if font == 13 else 30)
            width = frame_px + cols * cell
            if width <= MAIN_WIDTH:
                title_px = _title_px(f"{title}  (values{unit})" if unit else title)
                return MatrixLook(True, decimals, unit, 10.0 ** _unit_power(M, below), font,
                                  max(width, title_px, 180), 70 + (34 if rows <= 10 else 24) * rows)
    body = max(12 * cols, 140) + (60 if rows >= 4 else 0)  # the colour bar
    row_px = min(max(240 // rows, 11), 34)
    return MatrixLook(False, 0, "", 1.0, font, max(frame_px + body, _title_px(title), 180),
                      min(70 + row_px * rows, 660))


def _title_px(title: str) -> int:
    return int(8.5 * len(title)) + 24


def matrix_heatmap(M: np.ndarray, name: str, shape_text: str | None = None,
                   row_prefix: str = "", col_prefix: str = "ex ",
                   row_labels: list[str] | None = None, text: bool = True) -> go.Figure:
    """An annotated heatmap of matrix `M` (r, c) titled "name  (r, c)", colour by sign.

    Rows are labelled `row_prefix` + index (or `row_labels`), columns `col_prefix` + index
    (examples are columns in the course notation, hence "ex"). Values are printed while they
    fit (see matrix_look); tiny ones in a power-of-ten unit named in the title. `text=False`
    asks for colour only whatever the size.
    """
    M = np.atleast_2d(np.asarray(M, dtype=float)) + 0.0  # relu's −0.0 would print as "-0.000"
    rows, cols = M.shape
    look = matrix_look(M, name, shape_text, row_prefix, col_prefix, row_labels, text)
    name = name.replace("ᵀ", "<sup>T</sup>")  # Plotly's fonts lack a superscript-T glyph
    shape_text = shape_text or f"({rows}, {cols})"
    y = list(row_labels) if row_labels is not None else [f"{row_prefix}{i + 1}"
                                                          for i in range(rows)]
    x = [f"{col_prefix}{j + 1}" for j in range(cols)]
    limit = finite_peak(M) or 1.0
    finite = np.isfinite(M)
    heat = go.Heatmap(
        z=M, x=x, y=y, colorscale=SIGNED_SCALE, zmin=-limit, zmax=limit,
        xgap=1 if cols > 30 else 2, ygap=2 if look.printed else 1,
        showscale=not look.printed and rows >= 4,
        colorbar={"thickness": 10, "len": 0.95, "tickfont": {"size": 10}, "tickformat": "~g"},
        hovertemplate=f"{name}[%{{y}}, %{{x}}] = %{{z:.6~g}}<extra></extra>")
    if not finite.all():
        # JSON has no ∞: ±∞ takes the colour limit and NaN the white middle; the hover and
        # the cell text say what the entry really is.
        heat.update(z=np.where(finite, M, np.where(np.isnan(M), 0.0, np.sign(M) * limit)),
                    customdata=[[f"{v:.6g}" if math.isfinite(v) else _cell(v, 0) for v in row]
                                for row in M],
                    hovertemplate=f"{name}[%{{y}}, %{{x}}] = %{{customdata}}<extra></extra>")
    if look.printed:
        heat.update(text=[[_cell(v, look.decimals) for v in row] for row in M / look.scale],
                    texttemplate="%{text}", textfont={"size": look.font})
    fig = go.Figure(heat)
    small = {"size": 11}
    fig.update_yaxes(autorange="reversed", type="category", tickfont=small, automargin=True)
    fig.update_xaxes(type="category", side="top", tickangle=0, tickfont=small, automargin=True)
    if cols > LABELLED_COLUMNS:  # every few columns, so the labels never run into each other
        fig.update_xaxes(tickmode="array", tickvals=x[::math.ceil(cols / 6)])
    unit = f"  <span style='color:{NEUTRAL}'>(values{look.unit})</span>" if look.unit else ""
    base_layout(fig, f"{name}  {shape_text}{unit}", look.height)
    # The column labels sit on top, so the title gets its own band above them.
    fig.update_layout(margin={"l": 8, "r": 8, "t": 62, "b": 6},
                      title={"y": 1, "yref": "container", "yanchor": "top", "pad": {"t": 8}})
    return fig


def legend_below(fig: go.Figure, height: int = 360) -> go.Figure:
    """Legend under the x-axis title, with room for it, so the two never overlap."""
    fig.update_layout(legend={"orientation": "h", "y": -0.24, "yanchor": "top", "x": 0,
                              "font": {"size": 12}},
                      margin={"b": 84, "t": 40}, height=height)
    return fig


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
