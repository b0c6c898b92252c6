"""One look for every chart: the palette, the font, the layout and where legends go.

The two classes use the Okabe–Ito blue and orange, which stay distinct for the common forms
of colour blindness.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import plotly.graph_objects as go

from ui.charts import cells

CLASS_COLORS = ("#0072B2", "#E69F00")  # class 0, class 1 (Okabe–Ito)

ACCENT = "#009E73"

NEUTRAL = "#555555"

# Streamlit's own font (already loaded by the page), so chart text matches the prose.
FONT = {"family": '"Source Sans", "Source Sans Pro", sans-serif', "size": 14}

# Blue ↔ white ↔ orange: probability of class 1, matching the class colours.
PROBA_SCALE = [[0.0, "#0072B2"], [0.5, "#F7F7F7"], [1.0, "#E69F00"]]

# Signed values in matrices: the same diverging pair, centred on zero.
SIGNED_SCALE = [[0.0, "#2166AC"], [0.5, "#F7F7F7"], [1.0, "#B2182B"]]

CHART_CONFIG = {"displaylogo": False, "toImageButtonOptions": {"format": "png", "scale": 2}}

# A matrix has nothing to zoom or pan, and the toolbar would cover its title on a touch screen.
MATRIX_CONFIG = {"displayModeBar": False, "displaylogo": False}


@dataclass(frozen=True)
class Sizes:
    """Type sizes in px. Plotly leaves room for labels at the sizes it is given, so presenter
    mode gives the figure its large type instead of restyling the drawn chart."""

    title: int
    tick: int  # axis tick labels: a matrix's row and column labels
    cell: int  # a matrix's printed values
    bold: bool  # the values at weight 600
    min_cell: int  # px: the narrowest cell with printed values
    row: int  # px: the height of a row of printed values


NORMAL = Sizes(title=16, tick=11, cell=13, bold=False, min_cell=36, row=34)
PRESENTER = Sizes(title=20, tick=14, cell=17, bold=True, min_cell=46, row=40)


def sizes(presenter: bool) -> Sizes:
    return PRESENTER if presenter else NORMAL


def base_layout(fig: go.Figure, title: str | None = None, height: int = 320,
                presenter: bool = False) -> go.Figure:
    fig.update_layout(
        title={"text": title, "x": 0.0, "font": {"size": sizes(presenter).title}} if title
        else None,
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


def title_block(lines: list[str] | tuple[str, ...], font: int, left: int = 0) -> tuple[dict, int]:
    """A title of one or more lines at the top of the figure, and the px it takes there.

    Plotly centres a title's extra lines on where its first would sit, so `yanchor: top`
    alone lifts a two-line title out of the figure: the pad moves it back down.
    """
    line = 1.3 * font
    pad = 11 + math.ceil(line * (len(lines) - 1) / 2)  # 11: room for a superscript's rise
    title = {"text": "<br>".join(lines), "font": {"size": font}, "y": 1, "yref": "container",
             "yanchor": "top", "pad": {"t": pad, "l": left}}
    return title, 11 + math.ceil(line * len(lines)) + 8


PRESENTER_TITLE_PX = 300  # a chart beside another in presenter mode is about this wide


def for_presenter(fig: go.Figure) -> go.Figure:
    """Presenter mode's type on any chart: larger title (wrapped to a half column) and axis
    labels, with the margins grown to hold them, so nothing is cut at the figure's edge."""
    size = PRESENTER
    fig.update_layout(font={"size": FONT["size"] + 3})
    if fig.layout.title.text:
        lines = cells.wrap(fig.layout.title.text, size.title, PRESENTER_TITLE_PX)
        title, top = title_block(lines, size.title)
        fig.update_layout(title=title, margin={"t": max(fig.layout.margin.t or 0, top)})
    fig.update_xaxes(tickfont={"size": size.tick}, automargin=True)
    fig.update_yaxes(tickfont={"size": size.tick}, automargin=True)
    return fig
