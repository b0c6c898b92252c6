"""What a heatmap cell says and how much room a matrix asks for: each entry with its own
significant digits (a trickle a hundred times smaller than its neighbours is not 0.0000), exact
zeros as "0", cells as wide as their widest number, titles wrapped before they are cut, and
presenter mode's larger type given to the figure, so Plotly leaves room for it."""

from __future__ import annotations

import json

import numpy as np
import pytest

from ui.charts import cells, matrix, style


@pytest.mark.parametrize(("v", "sig", "text"), [
    (0.25, 3, "0.250"), (0.0031, 3, "0.00310"), (0.0031, 2, "0.0031"),
    (-4.7e-4, 2, "-4.7e-4"), (3e-10, 2, "3.0e-10"), (12345.6, 2, "1.2e4"),
    (9.996, 3, "10.0"), (0.09996, 2, "0.10"), (123.456, 3, "123"),
    (0.0, 3, "0"), (-0.0, 2, "0"), (1.0, 3, "1"), (-2.0, 3, "-2"),
    (np.inf, 3, "∞"), (-np.inf, 2, "-∞"), (np.nan, 3, "NaN"),
])
def test_each_entry_has_its_own_significant_digits(v, sig, text):
    assert cells.cell_text(v, sig) == text


def test_leaky_relus_trickle_reads_as_a_number():
    """Issue 11.11: decimals set by the largest entry printed the trickle as 0.0000."""
    dZ1 = np.array([[0.25, -0.0031], [0.0, 1.2e-5]])
    fig = matrix.matrix_heatmap(dZ1, "dZ1", col_prefix="ex ")
    text = json.loads(fig.to_json())["data"][0]["text"]
    assert text == [["0.250", "-0.00310"], ["0", "1.20e-5"]]
    for row, values in zip(text, dZ1, strict=True):  # every non-zero entry shows its size
        for shown, v in zip(row, values, strict=True):
            assert float(shown) == pytest.approx(v, rel=0.01)


def test_cells_are_as_wide_as_their_widest_number():
    M = np.array([[-0.123456, 0.5], [0.25, -0.0012345]])
    for presenter in (False, True):
        look = matrix.matrix_look(M, "dZ1", presenter=presenter)
        size = style.sizes(presenter)
        widest = cells.widest_px(cells.cell_texts(M, look.sig), look.font, size.bold)
        labels = max(cells.text_px(s, size.tick) for s in ("1", "2"))
        cell = (look.width - 2 * matrix.MARGIN - 6 - labels) / 2
        assert look.printed and cell >= widest + 8, (presenter, cell, widest)


def test_text_estimates_err_wide():
    """At least Arial's widths (the fallback font): an estimate below the truth would let the
    text out of its cell."""
    assert cells.text_px("0.500", 13) >= 4 * 0.556 * 13 + 0.278 * 13
    assert cells.text_px("-0.00531", 17, bold=True) > cells.text_px("-0.00531", 17)


def test_a_matrix_too_wide_to_print_is_colour_only():
    wide = np.full((4, 20), -0.123456)
    assert matrix.matrix_look(wide, "W").printed  # 2 digits at a smaller size still fit
    assert not matrix.matrix_look(np.full((20, 20), -0.123456), "dZ1").printed


def test_long_titles_wrap_between_their_parts():
    look = matrix.matrix_look(np.ones((4, 4)) * 0.01, "dz2 a1ᵀ, one row per example, each")
    assert look.width == matrix.NARROW and len(look.title) == 2
    for line in look.title:
        assert cells.text_px(line, style.NORMAL.title) <= look.width - 2 * matrix.MARGIN
    assert "(4, 4)" in look.title  # the shape stays whole, on a line of its own here
    assert cells.wrap("db2  (1, 1)  (values ×1e-5)", 16, 1000) == ["db2  (1, 1)  (values ×1e-5)"]


def test_presenter_type_is_in_the_figure():
    """Plotly leaves room (automargin) for labels at the sizes the figure gives them; a style
    sheet that enlarges them afterwards cut "unit 1" to "nit 1" (issue 12, bug 7)."""
    M = np.array([[0.1, -0.2], [0.3, 0.4]])
    spec = json.loads(matrix.matrix_heatmap(M, "W1", presenter=True,
                                            row_labels=["finite difference of L(z)", "b"])
                      .to_json())
    layout = spec["layout"]
    assert layout["yaxis"]["tickfont"]["size"] == style.PRESENTER.tick
    assert layout["yaxis"]["automargin"] and layout["xaxis"]["automargin"]
    assert layout["title"]["font"]["size"] == style.PRESENTER.title
    assert spec["data"][0]["textfont"]["size"] == style.PRESENTER.cell
    normal = matrix.matrix_look(M, "W1", row_labels=["finite difference of L(z)", "b"])
    large = matrix.matrix_look(M, "W1", row_labels=["finite difference of L(z)", "b"],
                               presenter=True)
    assert large.width > normal.width and large.top > normal.top


def test_matrices_have_no_toolbar():
    assert style.MATRIX_CONFIG["displayModeBar"] is False


def test_fit_css_hides_values_only_below_the_matrix_width():
    look = matrix.matrix_look(np.eye(2), "W1")
    css = matrix.fit_css("fw_W1", look)
    assert f"@container (max-width: {look.width - 1}px)" in css
    assert ".st-key-mxfit_fw_W1 g.heatmap-label { display: none; }" in css
