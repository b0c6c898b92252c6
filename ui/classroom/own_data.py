"""Your own data, the page: points from a CSV upload or an editable table, then the preview.

Both ways in go through `points.validate_points` on the server. A rejected input leaves the
state and any earlier custom data untouched; accepted points become the session's custom
data set through `session.change`, so a lesson's pin on the data set still holds.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import numpy as np
import pandas as pd
import streamlit as st

from ui import compute, nav
from ui.charts import plots, style
from ui.classroom.points import COLUMNS, MAX_ROWS, MIN_ROWS, DataError, to_csv, validate_points
from ui.shell import session
from ui.state import to_query

ERROR_KEY = "own_data_error"
EDITOR_BASE_KEY = "own_editor_base"  # the rows the table starts from (its edits live on top)
EDITOR_KEY = "own_editor"
SAMPLE_ROWS = 20


def _accept(source: bytes | str | Iterable[Mapping[str, object]]) -> bool:
    """Validate and, only if the points pass, store them and switch the data set to them."""
    try:
        X, Y = validate_points(source)
    except DataError as error:
        st.session_state[ERROR_KEY] = str(error)
        return False
    st.session_state.pop(ERROR_KEY, None)
    store(X, Y)
    return True


def store(X: np.ndarray, Y: np.ndarray, link: str = "") -> None:
    """Make checked points the session's data set. `link` is their link text when they were
    drawn (ui.playground.drawing); an upload's or the table's points stay out of links."""
    st.session_state[session.CUSTOM_DATA_KEY] = (X, Y)
    st.session_state[EDITOR_BASE_KEY] = _rows(X, Y)
    st.session_state.pop(EDITOR_KEY, None)  # the table restarts from the accepted points
    session.change(dataset="custom", pts=link)


def _on_upload() -> None:
    upload = st.session_state.get("own_upload")
    if upload is not None:
        _accept(upload.getvalue())


def _rows(X: np.ndarray, Y: np.ndarray) -> list[dict[str, float]]:
    return [{"x1": float(a), "x2": float(b), "label": int(c)}
            for a, b, c in zip(X[0], X[1], Y[0], strict=True)]


def _sample_rows(state) -> list[dict[str, float]]:
    """A starting table: points of the current built-in data set, spread over both classes."""
    data = compute.dataset(state.replace(dataset="flower" if state.dataset == "custom"
                                         else state.dataset, test_frac=0.0))
    X, Y = data["X"], data["Y"]
    idx = np.linspace(0, X.shape[1] - 1, min(SAMPLE_ROWS, X.shape[1])).round().astype(int)
    return _rows(np.round(X[:, idx], 3), Y[:, idx])


def render(ctx) -> None:
    """Upload or edit points, see them, train and walk on them."""
    upload_tab, table_tab = st.tabs(["Upload a CSV", "Edit points in a table"])
    limits = {"min_rows": MIN_ROWS, "max_rows": MAX_ROWS}
    with upload_tab:
        st.file_uploader(ctx.text("upload_label"), type=["csv", "txt"], key="own_upload",
                         on_change=_on_upload, help=ctx.text("upload_help", **limits))
        st.caption(ctx.text("upload_example", **limits))
    with table_tab:
        _table(ctx)
    if ERROR_KEY in st.session_state:
        st.error(ctx.text("rejected", error=st.session_state[ERROR_KEY]) + "  \n"
                 + ctx.text("unchanged"), icon=":material/block:")
    _current(ctx, ctx.current)


def _table(ctx) -> None:
    state = ctx.state
    if EDITOR_BASE_KEY not in st.session_state:
        custom = compute.custom_data()
        st.session_state[EDITOR_BASE_KEY] = _rows(*custom) if custom else _sample_rows(state)
    table, notes = st.columns([3, 2], gap="large")
    with notes:
        ctx.markdown("table_howto")
        st.caption(ctx.text("table_start"))
    with table:
        edited = st.data_editor(
            pd.DataFrame(st.session_state[EDITOR_BASE_KEY], columns=list(COLUMNS)),
            key=EDITOR_KEY, num_rows="dynamic", hide_index=True, height=300,
            column_config={
                "x1": st.column_config.NumberColumn("x1", format="%.3f"),
                "x2": st.column_config.NumberColumn("x2", format="%.3f"),
                # No min/max here: the grid would silently clamp a typed 2 to 1. The
                # points' validation rejects it with the same message as a CSV's.
                "label": st.column_config.NumberColumn("label", help=ctx.text("label_help")),
            })
        use, restart = st.columns(2)
        if use.button("Use these points", key="own_use_table", type="primary", width="stretch"):
            records = edited.astype(object).where(edited.notna(), None).to_dict("records")
            if _accept(records):
                st.rerun()  # redraw the sidebar with the new data set
        if restart.button("Start over from the data set", key="own_restart_table",
                          width="stretch"):
            st.session_state[EDITOR_BASE_KEY] = _sample_rows(state)
            st.session_state.pop(EDITOR_KEY, None)
            st.rerun()


def _current(ctx, state) -> None:
    """The stored points: a summary, a scatter, and where to take them."""
    custom = compute.custom_data()
    if custom is None:
        st.info(ctx.text("no_points"), icon=":material/info:")
        return
    X, Y = custom
    labels = Y.ravel()
    counts = [int(np.sum(labels == c)) for c in (0, 1)]
    st.subheader(ctx.text("your_points"))
    summary = ctx.text("summary", m=X.shape[1], class0=counts[0], class1=counts[1])
    if state.dataset != "custom":
        st.info(f"{summary} {ctx.text('summary_other', dataset=state.dataset)}",
                icon=":material/info:")
        st.button("Use my points", key="own_use_stored", type="primary",
                  on_click=session.change, kwargs={"dataset": "custom"})
    else:
        st.success(f"{summary} {ctx.text('summary_current')}", icon=":material/check_circle:")
    fig = style.base_layout(plots.scatter_classes(X, Y), None, 380)
    fig.update_yaxes(scaleanchor="x", scaleratio=1, title="x2")
    fig.update_xaxes(title="x1")
    chart, links = st.columns([3, 2])
    chart.plotly_chart(fig, config=style.CHART_CONFIG, key="own_preview")
    with links:
        query = to_query(state)
        st.page_link(nav.page("playground").script, label="Train on them in the playground",
                     icon=":material/exercise:", query_params=query)
        st.page_link(nav.page("forward").script, label="Walk the chain rule with them",
                     icon=":material/arrow_forward:", query_params=query)
        st.download_button("Download them as CSV", to_csv(X, Y), file_name="my_points.csv",
                           mime="text/csv", key="own_download", icon=":material/download:",
                           on_click="ignore")
        st.button("Forget my points", key="own_forget", on_click=_forget)
        st.caption(ctx.text("private"))


def _forget() -> None:
    for key in (session.CUSTOM_DATA_KEY, EDITOR_BASE_KEY, EDITOR_KEY, ERROR_KEY):
        st.session_state.pop(key, None)
    if session.get_state().dataset == "custom":
        session.change(dataset="flower", pts="")
    else:
        session.change(pts="")
