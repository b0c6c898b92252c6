"""Matrices on screen: one annotated heatmap for every matrix the app shows, and rows of them
laid out in reading order.

A matrix is drawn at the width its widest number needs (cells.py), not stretched to its
column, and a row of them wraps like words, so the cells keep their size from a phone to a
wide screen. A screen narrower than one matrix squeezes it: then its values give way to
colour, a note says so, and hovering or tapping a cell still reads it (fit_css).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from html import escape

import numpy as np
import plotly.graph_objects as go
import streamlit as st

from ui import content
from ui.charts import cells, replay
from ui.charts.style import MATRIX_CONFIG, NEUTRAL, SIGNED_SCALE, base_layout, sizes, title_block

# A heatmap prints its values only while they stay readable: at most TEXT_ROWS rows,
# TEXT_COLS columns and TEXT_ENTRIES numbers, no wider than the main column of a 1280 px
# screen with the sidebar open. Bigger ones are colour only, with a colour bar and the values
# on hover.
MAIN_WIDTH = 820
NARROW = 340  # the main column of a 390 px phone: titles wrap to fit it

TEXT_ROWS, TEXT_COLS, TEXT_ENTRIES = 16, 20, 160

LABELLED_COLUMNS = 8  # past this many columns only every few column labels are written

CELL_PAD = 12  # px around a cell's number, the 2 px gap between cells included
MARGIN = 8  # px left and right of the figure
FIT = "mxfit_"  # key prefix of the container around each matrix (fit_css finds it by key)


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


@dataclass(frozen=True)
class MatrixLook:
    """How matrix_heatmap draws a matrix, and the room that takes (for laying out a row)."""

    printed: bool  # values written in the cells, or colour only (values on hover)
    sig: int  # significant digits of each printed entry
    unit: str  # " ×1e-5" when the printed values are in a power-of-ten unit
    scale: float  # the unit's value: printed = M / scale
    font: int  # px of the printed values
    width: int  # px, labels and title included: the figure is drawn this wide
    height: int
    title: tuple[str, ...]  # the title's lines, plain text
    top: int  # px above the cells: the title, then the column labels


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


def row_labels_of(rows: int, row_prefix: str, row_labels: list[str] | None) -> list[str]:
    return list(row_labels) if row_labels is not None else [f"{row_prefix}{i + 1}"
                                                             for i in range(rows)]


def matrix_look(M: np.ndarray, name: str, shape_text: str | None = None,
                row_prefix: str = "", col_prefix: str | None = "ex ",
                row_labels: list[str] | None = None, text: bool = True,
                col_labels: list[str] | None = None, presenter: bool = False) -> MatrixLook:
    """How matrix_heatmap (same arguments) draws M: printed values while they fit (3
    significant digits, else 2), else colour only; in presenter mode in larger type."""
    M = np.atleast_2d(np.asarray(M, dtype=float))
    rows, cols = M.shape
    size = sizes(presenter)
    title = f"{name}  {shape_text or (rows, cols)}"
    x = column_labels(name, cols, col_prefix, col_labels)
    labels = row_labels_of(rows, row_prefix, row_labels)
    # The row labels sit left of the cells (Plotly's automargin makes room for the widest).
    frame_px = 2 * MARGIN + 6 + math.ceil(max(cells.text_px(s, size.tick) for s in labels))
    # Smaller type for many columns; presenter mode keeps its size for the back of the room.
    font = size.cell if cols <= LABELLED_COLUMNS or presenter else (
        size.cell - 2 if cols <= 12 else size.cell - 3)
    shown_x = x if cols <= LABELLED_COLUMNS else x[::math.ceil(cols / 6)]
    label_px = max(cells.text_px(s, size.tick) for s in shown_x) + 6
    if text and rows <= TEXT_ROWS and cols <= TEXT_COLS and rows * cols <= TEXT_ENTRIES:
        # 3 significant digits, else 2, else 2 in a unit that drops the leading zeros.
        for sig, below in ((3, 1e-3), (2, 1e-3), (2, 1e-2)):
            shown, unit = small_unit(M, below)
            widest = cells.widest_px(cells.cell_texts(shown, sig), font, size.bold)
            cell = max(math.ceil(widest) + CELL_PAD, size.min_cell,
                       math.ceil(label_px) if cols <= LABELLED_COLUMNS else 0)
            if frame_px + cols * cell <= MAIN_WIDTH:
                return _finish(True, sig, unit, 10.0 ** _unit_power(M, below), font,
                               frame_px + cols * cell, rows, size.row, title, presenter)
    body = max(12 * cols, 140) + (60 if rows >= 4 else 0)  # the colour bar
    row_px = min(max(240 // rows, 11), size.row)
    return _finish(False, 0, "", 1.0, font, frame_px + body, rows, row_px, title, presenter)


def _finish(printed: bool, sig: int, unit: str, scale: float, font: int, body_px: int,
            rows: int, row_px: int, title: str, presenter: bool) -> MatrixLook:
    """The look with its title fitted: the figure is as wide as its cells, or as its title up
    to a phone's width; a longer title wraps."""
    size = sizes(presenter)
    if unit:
        title = f"{title}  (values{unit})"
    title_px = cells.text_px(title, size.title) + 2 * MARGIN
    width = max(body_px, min(math.ceil(title_px), NARROW), 160)
    lines = tuple(cells.wrap(title, size.title, width - 2 * MARGIN))
    top = title_block(lines, size.title)[1] + math.ceil(1.6 * size.tick)
    height = top + row_px * rows + 8
    return MatrixLook(printed, sig, unit, scale, font, width,
                      height if printed else min(height, 660), lines, top)


def matrix_heatmap(M: np.ndarray, name: str, shape_text: str | None = None,
                   row_prefix: str = "", col_prefix: str | None = "ex ",
                   row_labels: list[str] | None = None, text: bool = True,
                   col_labels: list[str] | None = None, presenter: bool = False) -> go.Figure:
    """An annotated heatmap of matrix `M` (r, c) titled "name  (r, c)", colour by sign.

    Rows are labelled `row_prefix` + index (or `row_labels`), columns as column_labels says
    (examples are columns in the course notation, hence "ex"). Values are printed while they
    fit (see matrix_look), each with its own significant digits; tiny ones in a power-of-ten
    unit named in the title. `text=False` asks for colour only whatever the size.
    """
    M = np.atleast_2d(np.asarray(M, dtype=float)) + 0.0  # relu's −0.0 would print as "-0.000"
    rows, cols = M.shape
    look = matrix_look(M, name, shape_text, row_prefix, col_prefix, row_labels, text,
                       col_labels, presenter)
    size = sizes(presenter)
    y = row_labels_of(rows, row_prefix, row_labels)
    x = column_labels(name, cols, col_prefix, col_labels)
    label = name.replace("ᵀ", "<sup>T</sup>")  # Plotly's fonts lack a superscript-T glyph
    limit = finite_peak(M) or 1.0
    finite = np.isfinite(M)
    heat = go.Heatmap(
        z=M, x=x, y=y, colorscale=SIGNED_SCALE, zmin=-limit, zmax=limit,
        xgap=1 if cols > 30 else 2, ygap=2 if look.printed else 1,
        showscale=not look.printed and rows >= 4,
        colorbar={"thickness": 10, "len": 0.95, "tickfont": {"size": size.tick - 1},
                  "tickformat": "~g"},
        hovertemplate=f"{label}[%{{y}}, %{{x}}] = %{{z:.6~g}}<extra></extra>")
    if not finite.all():
        # JSON has no ∞: ±∞ takes the colour limit and NaN the white middle; the hover and
        # the cell text say what the entry really is.
        heat.update(z=np.where(finite, M, np.where(np.isnan(M), 0.0, np.sign(M) * limit)),
                    customdata=[[f"{v:.6g}" if math.isfinite(v) else cells.cell_text(v)
                                 for v in row] for row in M],
                    hovertemplate=f"{label}[%{{y}}, %{{x}}] = %{{customdata}}<extra></extra>")
    if look.printed:
        heat.update(text=cells.cell_texts(M / look.scale, look.sig), texttemplate="%{text}",
                    textfont={"size": look.font, "weight": 600 if size.bold else 400})
    fig = go.Figure(heat)
    ticks = {"size": size.tick}
    fig.update_yaxes(autorange="reversed", type="category", tickfont=ticks, automargin=True,
                     fixedrange=True)
    fig.update_xaxes(type="category", side="top", tickangle=0, tickfont=ticks, automargin=True,
                     fixedrange=True)
    if cols > LABELLED_COLUMNS:  # every few columns, so the labels never run into each other
        fig.update_xaxes(tickmode="array", tickvals=x[::math.ceil(cols / 6)])
    base_layout(fig, None, look.height, presenter)
    # The column labels sit on top, so the title gets its own band above them.
    title, _ = title_block(_title_lines(look), size.title, MARGIN)
    fig.update_layout(title={**title, "x": 0.0},
                      margin={"l": MARGIN, "r": MARGIN, "t": look.top, "b": 6}, dragmode=False)
    return fig


def _title_lines(look: MatrixLook) -> list[str]:
    lines = [line.replace("ᵀ", "<sup>T</sup>") for line in look.title]
    if look.unit:  # the unit in grey: a reading aid, not part of the matrix's name
        unit = f"(values{look.unit})"
        lines[-1] = lines[-1].replace(unit, f"<span style='color:{NEUTRAL}'>{unit}</span>")
    return lines


def fit_css(key: str, look: MatrixLook) -> str:
    """Style for the container of one printed matrix: below its own width (a screen narrower
    than the matrix) its values give way to colour and its note shows. Keys and numbers only:
    no user text ever goes through it."""
    box = f".st-key-{FIT}{key}"
    return (f"{box} {{ container-type: inline-size; }}\n"
            f"{box} .st-key-{FIT}note_{key} {{ display: none; }}\n"
            f"@container (max-width: {look.width - 1}px) {{\n"
            f"  {box} g.heatmap-label {{ display: none; }}\n"
            f"  {box} .st-key-{FIT}note_{key} {{ display: block; }}\n}}\n")


def matrix_row(items: list[tuple[np.ndarray, str, str, dict]], compact: bool = False) -> None:
    """Heatmaps (M, name, key, matrix_heatmap kwargs) left to right, in reading order.

    Each is as wide as it needs (matrix_look), so cells keep a similar size; what does not
    fit wraps onto the next row. With `compact`, if any matrix is too big to print, all of
    them go colour only (for a comparison where the pattern matters more than the digits).
    """
    # Drawn once per content and replayed: building the looks, the tables and the figures
    # was a quarter of a walk page's rerun with a class on one server.
    css = replay.element(_matrix_row, items, compact, replay.presenter())
    if css:
        st.html(f"<style>\n{css}</style>")


def _matrix_row(items: list[tuple[np.ndarray, str, str, dict]], compact: bool,
                presenter: bool) -> str:
    """Draw the row; return its CSS (see replay.element)."""
    text = not compact or all(matrix_look(M, name, **kwargs, presenter=presenter).printed
                              for M, name, _, kwargs in items)
    looks = [matrix_look(M, name, **kwargs, text=text, presenter=presenter)
             for M, name, _, kwargs in items]
    css = "".join(fit_css(key, look) for (_, _, key, _), look in zip(items, looks, strict=True)
                  if look.printed)
    # Each heatmap's numbers as a real table, with row and column headers, for screen
    # readers (a Plotly heatmap is an unlabelled picture to them); hidden from sight.
    tables = "".join(screen_reader_table(M, name, **kwargs) for M, name, _, kwargs in items)
    st.html(tables)
    with st.container(horizontal=True, gap="small"):
        for (M, name, key, kwargs), look in zip(items, looks, strict=True):
            with st.container(key=f"{FIT}{key}", width=look.width, gap=None):
                st.plotly_chart(matrix_heatmap(M, name, text=text, presenter=presenter, **kwargs),
                                config=MATRIX_CONFIG, key=key)
                if look.printed:
                    with st.container(key=f"{FIT}note_{key}"):
                        st.caption(content.text("charts", "squeezed"))
    if not all(look.printed for look in looks):
        st.caption(content.text("charts", "colour_only"))
    return css


# Inline: st.html keeps a style attribute, and the table needs no stylesheet to hide.
SR_ONLY = ("position:absolute;width:1px;height:1px;padding:0;margin:-1px;overflow:hidden;"
           "clip:rect(0 0 0 0);white-space:nowrap;border:0")


def screen_reader_table(M: np.ndarray, name: str, shape_text: str | None = None,
                        row_prefix: str = "", col_prefix: str | None = "ex ",
                        row_labels: list[str] | None = None, text: bool = True,
                        col_labels: list[str] | None = None, presenter: bool = False) -> str:
    """M (r, c) as an HTML table with a caption, column headers and row headers, visually
    hidden: the same labels and numbers as matrix_heatmap (same arguments)."""
    M = np.atleast_2d(np.asarray(M, dtype=float))
    rows, cols = M.shape
    heads = column_labels(name, cols, col_prefix, col_labels)
    labels = row_labels_of(rows, row_prefix, row_labels)
    values = cells.cell_texts(M)
    body = "".join(
        f"<tr><th scope='row'>{escape(labels[i])}</th>"
        + "".join(f"<td>{escape(v)}</td>" for v in values[i]) + "</tr>" for i in range(rows))
    head = "<tr><td></td>" + "".join(f"<th scope='col'>{escape(h)}</th>" for h in heads) + "</tr>"
    caption = escape(f"{name} {shape_text or (rows, cols)}")
    # The wrapper hides it: a table grows to its content whatever width it is given.
    return (f"<div class='bp-sr-only' style='{SR_ONLY}'><table><caption>{caption}</caption>"
            f"<thead>{head}</thead><tbody>{body}</tbody></table></div>")


def show_matrix(M: np.ndarray, name: str, key: str, **kwargs) -> None:
    matrix_row([(M, name, key, kwargs)])
