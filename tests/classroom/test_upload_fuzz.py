"""Upload fuzzing: random bytes, huge files and malformed CSVs always end in points or
a clear DataError, never in another exception."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from ui.classroom.points import MAX_ROWS, DataError, validate_points

CELLS = st.one_of(st.floats(allow_nan=True, allow_infinity=True).map(repr),
                  st.sampled_from(["0", "1", "2", "-1", "", "nan", "1e400", "x", "0x1", "1,5",
                                   '"', "'", "\x00", "é", "1 000", " 1 "]),
                  st.text(max_size=8))
ROWS = st.lists(st.lists(CELLS, min_size=0, max_size=4).map(",".join), max_size=30)
HEADERS = st.sampled_from(["x1,x2,label", "x1,x2", "label,x2,x1", "a,b,c", "", "x1,x2,label,x3",
                           "X1, x2 ,LABEL", "\ufeffx1,x2,label"])


def check(source) -> None:
    try:
        X, Y = validate_points(source)
    except DataError as err:
        message = str(err)
        assert 0 < len(message) < 600 and "Traceback" not in message
        return
    assert X.shape[0] == 2 and Y.shape == (1, X.shape[1])
    assert 4 <= X.shape[1] <= MAX_ROWS and np.all(np.isfinite(X))
    assert set(np.unique(Y)) == {0.0, 1.0}


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=4096))
def test_random_bytes(data):
    check(data)


@settings(max_examples=300, deadline=None)
@given(HEADERS, ROWS, st.sampled_from(["\n", "\r\n", "\r"]))
def test_malformed_csv(header, rows, newline):
    text = newline.join([header, *rows])
    check(text)
    check(text.encode("utf-8"))


def test_huge_files_are_refused_with_the_limit():
    body = "x1,x2,label\n" + "0.5,0.5,1\n0.1,0.2,0\n" * 400_000  # ~8 MB
    try:
        validate_points(body.encode())
    except DataError as err:
        assert "MB" in str(err) or str(MAX_ROWS) in str(err) or "2,000" in str(err)
    else:
        raise AssertionError("an 8 MB upload was accepted")


def test_too_many_rows_states_the_limit():
    body = "x1,x2,label\n" + "".join(f"{i},{-i},{i % 2}\n" for i in range(MAX_ROWS + 1))
    try:
        validate_points(body)
    except DataError as err:
        assert f"{MAX_ROWS:,}" in str(err) or str(MAX_ROWS) in str(err)
    else:
        raise AssertionError("too many rows were accepted")
