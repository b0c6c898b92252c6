"""Checking a learner's own points: one validator for a CSV upload and for the table's rows.

`validate_points` is the only gate: the upload and the table both go through it on the
server, so the file type filter in the browser is a convenience, never a check. It is pure
(no Streamlit); its messages come from content/<lang>/own_data.md, sections `error_*`.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Iterable, Mapping, Sequence

import numpy as np

from ui import content

COLUMNS = ("x1", "x2", "label")
MIN_ROWS = 4
MAX_ROWS = 2000
MAX_BYTES = 1_000_000
MAX_ABS = 1e6  # larger coordinates overflow the activations long before they teach anything
DOC = "own_data"


class DataError(ValueError):
    """Why a set of points was rejected, in words a learner can act on (plain Markdown)."""


def _error(section: str, **values: object) -> DataError:
    return DataError(content.text(DOC, f"error_{section}", **values))


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
        records = [(content.text(DOC, "place_row", j=j), r) for j, r in enumerate(rows, start=1)]
    _check_columns(columns)
    return _to_arrays(records)


def _parse_csv(raw: bytes | str) -> tuple[list[str], list[tuple[str, dict[str, str]]]]:
    """Header and (place, row) pairs of a CSV text; comma, semicolon or tab separated."""
    if isinstance(raw, bytes):
        if len(raw) > MAX_BYTES:
            raise _error("too_big", size_mb=len(raw) / 1e6, limit_mb=MAX_BYTES / 1e6,
                         max_rows=MAX_ROWS)
        try:
            raw = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise _error("not_text") from None
    if any(not (ch.isprintable() or ch.isspace()) for ch in raw):
        raise _error("not_text")
    if not raw.strip():
        raise _error("empty")
    first = next(line for line in raw.splitlines() if line.strip())
    delimiter = max((",", ";", "\t"), key=first.count)
    try:
        return _read_rows(csv.reader(io.StringIO(raw), delimiter=delimiter), first)
    except csv.Error as error:  # e.g. a stray quote that never closes
        raise _error("not_csv", problem=show(str(error), 60)) from None


def _read_rows(reader, first: str) -> tuple[list[str], list[tuple[str, dict[str, str]]]]:
    header: list[str] | None = None
    records: list[tuple[str, dict[str, str]]] = []
    for cells in reader:
        if not any(cell.strip() for cell in cells):
            continue  # blank lines carry nothing
        if header is None:
            header = [cell.strip().lower() for cell in cells]
            if all(_is_number(cell) for cell in header):
                raise _error("no_header", first=show(first, 40))
            _check_columns(header)
            continue
        place = content.text(DOC, "place_line", n=reader.line_num)
        if len(cells) != len(header):
            raise _error("cell_count", place=place, found=len(cells), expected=len(header))
        if len(records) >= MAX_ROWS:
            raise _error("too_many_lines", max_rows=MAX_ROWS)
        records.append((place, dict(zip(header, cells, strict=True))))
    return header or [], records


def _check_columns(columns: Sequence[object]) -> None:
    names = [str(c).strip().lower() for c in columns]
    missing = [c for c in COLUMNS if c not in names]
    extra = [c for c in names if c not in COLUMNS]
    duplicated = sorted({c for c in names if names.count(c) > 1})
    if missing or extra or duplicated:
        found = ", ".join(show(c) for c in names) or content.text(DOC, "columns_none")
        parts = []
        if missing:
            parts.append(content.text(DOC, "columns_missing",
                                      names=", ".join(f"`{c}`" for c in missing)))
        if extra:
            parts.append(content.text(DOC, "columns_unexpected",
                                      names=", ".join(show(c) for c in extra[:5])))
        if duplicated:
            parts.append(content.text(DOC, "columns_repeated",
                                      names=", ".join(show(c) for c in duplicated)))
        raise _error("columns", problems="; ".join(parts), found=found)


Records = Sequence[tuple[str, Mapping[str, object]]]  # (where, row) pairs


def _to_arrays(records: Records) -> tuple[np.ndarray, np.ndarray]:
    if len(records) > MAX_ROWS:
        raise _error("too_many_rows", count=len(records), max_rows=MAX_ROWS)
    if len(records) < MIN_ROWS:
        raise _error("too_few", count=len(records), min_rows=MIN_ROWS)
    points = np.empty((2, len(records)))
    labels = np.empty((1, len(records)))
    for j, (place, row) in enumerate(records):
        row = {str(k).strip().lower(): v for k, v in row.items()}
        for i, name in enumerate(("x1", "x2")):
            points[i, j] = _number(row[name], place, name)
            if abs(points[i, j]) > MAX_ABS:
                raise _error("too_large", place=place, name=name, value=show(row[name]),
                             max_abs=MAX_ABS)
        label = _number(row["label"], place, "label")
        if label not in (0.0, 1.0):
            raise _error("label", place=place, value=show(row["label"]))
        labels[0, j] = label
    counts = [int(np.sum(labels == c)) for c in (0, 1)]
    if min(counts) == 0:
        raise _error("one_class", only=0 if counts[0] else 1)
    return points, labels


def _number(value: object, place: str, name: str) -> float:
    empty_float = isinstance(value, float) and math.isnan(value)  # an empty table cell
    if value is None or empty_float or (isinstance(value, str) and not value.strip()):
        raise _error("empty_cell", place=place, name=name)
    if isinstance(value, bool):
        return float(value)
    try:
        number = float(value.strip() if isinstance(value, str) else value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise _error("not_number", place=place, name=name, value=show(value)) from None
    if not math.isfinite(number):
        raise _error("not_finite", place=place, name=name, value=show(value))
    return number


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def to_csv(X: np.ndarray, Y: np.ndarray) -> str:
    """The points as a CSV file `validate_points` accepts, for download and re-upload."""
    lines = [",".join(COLUMNS)]
    lines += [f"{x1:.6g},{x2:.6g},{int(y)}" for x1, x2, y in zip(X[0], X[1], Y[0], strict=True)]
    return "\n".join(lines) + "\n"
