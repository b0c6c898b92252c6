"""One look for every chart: the palette, the font, the layout and where legends go.

The two classes use the Okabe–Ito blue and orange, which stay distinct for the common forms
of colour blindness.
"""

from __future__ import annotations

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


def legend_below(fig: go.Figure, height: int = 360) -> go.Figure:
    """Legend under the x-axis title, with room for it, so the two never overlap."""
    fig.update_layout(legend={"orientation": "h", "y": -0.24, "yanchor": "top", "x": 0,
                              "font": {"size": 12}},
                      margin={"b": 84, "t": 40}, height=height)
    return fig
