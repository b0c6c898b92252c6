"""Your own data: points from a CSV upload or an editable table, checked by one validator.

`validate_points` is pure (no Streamlit) and is the only gate: the upload and the table
both go through it on the server, so the file type filter in the browser is a convenience,
never a check. A rejected input leaves the state and any earlier custom data untouched.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Iterable, Mapping, Sequence

import numpy as np
import pandas as pd
import streamlit as st

from ui import compute, figures, settings
from ui.state import to_query

COLUMNS = ("x1", "x2", "label")
MIN_ROWS = 4
MAX_ROWS = 2000
MAX_BYTES = 1_000_000
MAX_ABS = 1e6  # larger coordinates overflow the activations long before they teach anything


_NOT_TEXT = ("This is not a CSV text file (it contains binary data). Save the points as "
             "CSV text (UTF-8) with the columns x1, x2, label.")


class DataError(ValueError):
    """Why a set of points was rejected, in words a learner can act on (plain Markdown)."""


def show(value: object, limit: int = 24) -> str:
    """A user's value as inline code: printable, short, and unable to carry Markdown."""
    text = value if isinstance(value, str) else repr(value)
    text = "".join(ch if ch.isprintable() else "?" for ch in text).replace("`", "'")
    text = text if len(text) <= limit else text[: limit - 1] + "…"
    return f"`{text}`" if text.strip() else "(empty)"


def validate_points(
    source: bytes | str | Iterable[Mapping[str, object]],
) -> tuple[np.ndarray, np.ndarray]:
    """Check a set of labelled points and return X (2, m) and Y (1, m) as float64.

    `source` is the raw bytes (or text) of a CSV file whose first line names the columns
    x1, x2, label, or the table's rows as mappings from column name to value.
    Raises DataError with a message naming the problem and, where there is one, the row.
    """
    if isinstance(source, bytes | str):
        columns, records = _parse_csv(source)
    else:
        rows = [dict(r) for r in source]
        columns = list(rows[0]) if rows else list(COLUMNS)
        records = [(f"Row {j}", r) for j, r in enumerate(rows, start=1)]
    _check_columns(columns)
    return _to_arrays(records)


def _parse_csv(raw: bytes | str) -> tuple[list[str], list[tuple[str, dict[str, str]]]]:
    """Header and (place, row) pairs of a CSV text; comma, semicolon or tab separated."""
    if isinstance(raw, bytes):
        if len(raw) > MAX_BYTES:
            raise DataError(f"The file is {len(raw) / 1e6:.1f} MB; the limit is "
                            f"{MAX_BYTES / 1e6:.0f} MB ({MAX_ROWS} rows need far less).")
        try:
            raw = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise DataError(_NOT_TEXT) from None
    if any(not (ch.isprintable() or ch.isspace()) for ch in raw):
        raise DataError(_NOT_TEXT)
    if not raw.strip():
        raise DataError("The file is empty. Its first line should be `x1,x2,label`, "
                        "followed by one point per line.")
    first = next(line for line in raw.splitlines() if line.strip())
    delimiter = max((",", ";", "\t"), key=first.count)
    try:
        return _read_rows(csv.reader(io.StringIO(raw), delimiter=delimiter), first)
    except csv.Error as error:  # e.g. a stray quote that never closes
        raise DataError(f"The file is not valid CSV ({show(str(error), 60)}).") from None


def _read_rows(reader, first: str) -> tuple[list[str], list[tuple[str, dict[str, str]]]]:
    header: list[str] | None = None
    records: list[tuple[str, dict[str, str]]] = []
    for cells in reader:
        if not any(cell.strip() for cell in cells):
            continue  # blank lines carry nothing
        if header is None:
            header = [cell.strip().lower() for cell in cells]
            if all(_is_number(cell) for cell in header):
                raise DataError("The first line must name the columns `x1,x2,label`, but it "
                                f"holds numbers ({show(first, 40)}). Add the header line.")
            _check_columns(header)
            continue
        place = f"Line {reader.line_num}"
        if len(cells) != len(header):
            raise DataError(f"{place} has {len(cells)} values; expected {len(header)} "
                            "(x1, x2, label).")
        if len(records) >= MAX_ROWS:
            raise DataError(f"The file has more than {MAX_ROWS} points; the limit is {MAX_ROWS}.")
        records.append((place, dict(zip(header, cells, strict=True))))
    return header or [], records


def _check_columns(columns: Sequence[object]) -> None:
    names = [str(c).strip().lower() for c in columns]
    missing = [c for c in COLUMNS if c not in names]
    extra = [c for c in names if c not in COLUMNS]
    duplicated = sorted({c for c in names if names.count(c) > 1})
    if missing or extra or duplicated:
        found = ", ".join(show(c) for c in names) or "none"
        parts = []
        if missing:
            parts.append("missing " + ", ".join(f"`{c}`" for c in missing))
        if extra:
            parts.append("unexpected " + ", ".join(show(c) for c in extra[:5]))
        if duplicated:
            parts.append("repeated " + ", ".join(show(c) for c in duplicated))
        raise DataError(f"The columns must be exactly `x1`, `x2`, `label` ({'; '.join(parts)}). "
                        f"Found: {found}.")


Records = Sequence[tuple[str, Mapping[str, object]]]  # (where, row) pairs


def _to_arrays(records: Records) -> tuple[np.ndarray, np.ndarray]:
    if len(records) > MAX_ROWS:
        raise DataError(f"There are {len(records)} points; the limit is {MAX_ROWS}.")
    if len(records) < MIN_ROWS:
        raise DataError(f"There are only {len(records)} points; at least {MIN_ROWS} are needed, "
                        "with both labels 0 and 1 present.")
    points = np.empty((2, len(records)))
    labels = np.empty((1, len(records)))
    for j, (place, row) in enumerate(records):
        row = {str(k).strip().lower(): v for k, v in row.items()}
        for i, name in enumerate(("x1", "x2")):
            points[i, j] = _number(row[name], place, name)
            if abs(points[i, j]) > MAX_ABS:
                raise DataError(f"{place}: `{name}` = {show(row[name])} is too large; keep "
                                f"coordinates between −{MAX_ABS:g} and {MAX_ABS:g}.")
        label = _number(row["label"], place, "label")
        if label not in (0.0, 1.0):
            raise DataError(f"{place}: `label` = {show(row['label'])}; labels must be 0 or 1.")
        labels[0, j] = label
    counts = [int(np.sum(labels == c)) for c in (0, 1)]
    if min(counts) == 0:
        only = 0 if counts[0] else 1
        raise DataError(f"Every point has label {only}; at least one point of each class "
                        "(0 and 1) is needed to learn a boundary.")
    return points, labels


def _number(value: object, place: str, name: str) -> float:
    empty_float = isinstance(value, float) and math.isnan(value)  # an empty table cell
    if value is None or empty_float or (isinstance(value, str) and not value.strip()):
        raise DataError(f"{place}: `{name}` is empty; every point needs x1, x2 and a label.")
    if isinstance(value, bool):
        return float(value)
    try:
        number = float(value.strip() if isinstance(value, str) else value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise DataError(f"{place}: `{name}` = {show(value)} is not a number.") from None
    if not math.isfinite(number):
        raise DataError(f"{place}: `{name}` = {show(value)} is not a finite number "
                        "(NaN and infinity cannot be plotted or trained on).")
    return number


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def to_csv(X: np.ndarray, Y: np.ndarray) -> str:
    """The points as a CSV file `validate_points` accepts, for download and re-upload."""
    lines = ["x1,x2,label"]
    lines += [f"{x1:.6g},{x2:.6g},{int(y)}" for x1, x2, y in zip(X[0], X[1], Y[0], strict=True)]
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------- the page (Streamlit)

ERROR_KEY = "own_data_error"
EDITOR_BASE_KEY = "own_editor_base"  # the rows the table starts from (its edits live on top)
SAMPLE_ROWS = 20


def _accept(source: bytes | str | Iterable[Mapping[str, object]]) -> bool:
    """Validate and, only if the points pass, store them and switch the data set to them."""
    try:
        X, Y = validate_points(source)
    except DataError as error:
        st.session_state[ERROR_KEY] = str(error)
        return False
    st.session_state.pop(ERROR_KEY, None)
    st.session_state[settings.CUSTOM_DATA_KEY] = (X, Y)
    st.session_state[EDITOR_BASE_KEY] = _rows(X, Y)
    st.session_state.pop("own_editor", None)  # the table restarts from the accepted points
    settings.update_state(dataset="custom")
    return True


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


def render(state) -> None:
    """Page 12: upload or edit points, see them, train and walk on them."""
    upload_tab, table_tab = st.tabs(["Upload a CSV", "Edit points in a table"])
    with upload_tab:
        st.file_uploader(
            "A CSV file whose first line is `x1,x2,label`, then one point per line",
            type=["csv", "txt"], key="own_upload", on_change=_on_upload,
            help=f"{MIN_ROWS}–{MAX_ROWS} points, labels 0 or 1, both classes present.")
        st.caption(f"Example: `x1,x2,label` then `0.5,-1.2,1`. Between {MIN_ROWS} and {MAX_ROWS} "
                   "points; comma, semicolon or tab separated.")
    with table_tab:
        _table(state)
    if ERROR_KEY in st.session_state:
        st.error(f"**Those points were not used.** {st.session_state[ERROR_KEY]}  \n"
                 "Your settings and any points you used before are unchanged.",
                 icon=":material/block:")
    _current(settings.get_state())


def _table(state) -> None:
    if EDITOR_BASE_KEY not in st.session_state:
        custom = compute.custom_data()
        st.session_state[EDITOR_BASE_KEY] = _rows(*custom) if custom else _sample_rows(state)
    table, notes = st.columns([3, 2], gap="large")
    with notes:
        st.markdown("Edit a cell, add a point in the last row, or select rows and delete them. "
                    "Then **use these points**: they are checked exactly like an uploaded file.")
        st.caption("The table starts from your points, or from the current data set.")
    with table:
        edited = st.data_editor(
            pd.DataFrame(st.session_state[EDITOR_BASE_KEY], columns=list(COLUMNS)),
            key="own_editor", num_rows="dynamic", hide_index=True, height=300,
            column_config={
                "x1": st.column_config.NumberColumn("x1", format="%.3f"),
                "x2": st.column_config.NumberColumn("x2", format="%.3f"),
                "label": st.column_config.NumberColumn("label", min_value=0, max_value=1,
                                                       step=1),
            })
        use, restart = st.columns(2)
        if use.button("Use these points", key="own_use_table", type="primary", width="stretch"):
            records = edited.astype(object).where(edited.notna(), None).to_dict("records")
            if _accept(records):
                st.rerun()  # redraw the sidebar with the new data set
        if restart.button("Start over from the data set", key="own_restart_table",
                          width="stretch"):
            st.session_state[EDITOR_BASE_KEY] = _sample_rows(state)
            st.session_state.pop("own_editor", None)
            st.rerun()


def _current(state) -> None:
    custom = compute.custom_data()
    if custom is None:
        st.info("No points of yours yet: upload a file or use the table.", icon=":material/info:")
        return
    X, Y = custom
    labels = Y.ravel()
    counts = [int(np.sum(labels == c)) for c in (0, 1)]
    st.subheader("Your points")
    text = (f"{X.shape[1]} points: {counts[0]} of class 0, {counts[1]} of class 1. "
            "X is (2, m) with m = " + str(X.shape[1]) + ", Y is (1, m).")
    if state.dataset != "custom":
        st.info(text + f" The current data set is **{state.dataset}**.", icon=":material/info:")
        st.button("Use my points", key="own_use_stored", type="primary",
                  on_click=settings.update_state, kwargs={"dataset": "custom"})
    else:
        st.success(text + " They are the current data set.", icon=":material/check_circle:")
    fig = figures.base_layout(figures.scatter_classes(X, Y), None, 380)
    fig.update_yaxes(scaleanchor="x", scaleratio=1, title="x2")
    fig.update_xaxes(title="x1")
    chart, links = st.columns([3, 2])
    chart.plotly_chart(fig, config=figures.CHART_CONFIG, key="own_preview")
    with links:
        query = to_query(state)
        st.page_link("pages/11_Training_playground.py", label="Train on them in the playground",
                     icon=":material/exercise:", query_params=query)
        st.page_link("pages/01_Forward_pass.py", label="Walk the chain rule with them",
                     icon=":material/arrow_forward:", query_params=query)
        st.download_button("Download them as CSV", to_csv(X, Y), file_name="my_points.csv",
                           mime="text/csv", key="own_download", icon=":material/download:",
                           on_click="ignore")
        st.button("Forget my points", key="own_forget", on_click=_forget)
        st.caption("Your points stay in this browser session: they are not part of any link.")


def _forget() -> None:
    st.session_state.pop(settings.CUSTOM_DATA_KEY, None)
    st.session_state.pop(EDITOR_BASE_KEY, None)
    st.session_state.pop("own_editor", None)
    st.session_state.pop(ERROR_KEY, None)
    if settings.get_state().dataset == "custom":
        settings.update_state(dataset="flower")
