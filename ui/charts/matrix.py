"""Matrices on screen: one annotated heatmap for every matrix the app shows, and rows of them
laid out in reading order."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import plotly.graph_objects as go
import streamlit as st

from ui import content
from ui.charts import replay
from ui.charts.style import NEUTRAL, SIGNED_SCALE, base_layout

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


BY_NAME = None  # col_prefix of a column vector (b, db): its one column is labelled by its symbol


def column_labels(name: str, cols: int, col_prefix: str | None,
                  col_labels: list[str] | None = None) -> list[str]:
    """`col_labels`, else `col_prefix` + index, else (col_prefix BY_NAME) the symbol that opens
    `name`: b2's one column reads "b2" and db2's "db2", never an index that names another b."""
    if col_labels is not None:
        return list(col_labels)
    if col_prefix is BY_NAME:
        symbol = name.split()[0]
        return [symbol] if cols == 1 else [f"{symbol} {j + 1}" for j in range(cols)]
    return [f"{col_prefix}{j + 1}" for j in range(cols)]


def matrix_look(M: np.ndarray, name: str, shape_text: str | None = None,
                row_prefix: str = "", col_prefix: str | None = "ex ",
                row_labels: list[str] | None = None, text: bool = True,
                col_labels: list[str] | None = None) -> MatrixLook:
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
                   row_prefix: str = "", col_prefix: str | None = "ex ",
                   row_labels: list[str] | None = None, text: bool = True,
                   col_labels: list[str] | None = None) -> go.Figure:
    """An annotated heatmap of matrix `M` (r, c) titled "name  (r, c)", colour by sign.

    Rows are labelled `row_prefix` + index (or `row_labels`), columns as column_labels says
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
    x = column_labels(name, cols, col_prefix, col_labels)
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

GAP_PX = 16  # st.columns(gap="medium")


def matrix_row(items: list[tuple[np.ndarray, str, str, dict]], compact: bool = False) -> None:
    """Heatmaps (M, name, key, matrix_heatmap kwargs) left to right, in reading order.

    Each column is as wide as its heatmap needs (matrix_look), so cells keep a
    similar size; what does not fit wraps onto the next row. With `compact`, if any matrix
    is too big to print, all of them go colour only, side by side (for a comparison where
    the pattern matters more than the digits).
    """
    text = not compact or all(matrix_look(M, name, **kwargs).printed
                              for M, name, _, kwargs in items)
    looks = [matrix_look(M, name, **kwargs, text=text) for M, name, _, kwargs in items]
    rows: list[list[tuple]] = [[]]
    used = 0
    for item, look in zip(items, looks, strict=True):
        if rows[-1] and used + look.width > MAIN_WIDTH:
            rows.append([])
            used = 0
        rows[-1].append((*item, look.width))
        used += look.width + GAP_PX
    for row in rows:
        widths = [w for *_, w in row]
        spare = MAIN_WIDTH - sum(widths) - GAP_PX * (len(row) - 1)
        columns = st.columns([*widths, spare] if spare > 40 else widths, gap="medium")
        for column, (M, name, key, kwargs, _) in zip(columns, row, strict=False):
            with column:
                replay.show(matrix_heatmap, M, name, key=key, text=text, **kwargs)
    if not all(look.printed for look in looks):
        st.caption(content.text("charts", "colour_only"))


def show_matrix(M: np.ndarray, name: str, key: str, **kwargs) -> None:
    matrix_row([(M, name, key, kwargs)])
