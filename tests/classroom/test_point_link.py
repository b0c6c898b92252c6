"""Drawn points in a link: compact, exact after one rounding, and checked like an upload."""

from __future__ import annotations

import base64

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import engine
from ui.classroom import point_link
from ui.classroom.points import DataError
from ui.state import State, from_query, to_query


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


coordinate = st.floats(-1e6, 1e6, allow_nan=False)


@st.composite
def point_sets(draw, scale=coordinate):
    m = draw(st.integers(4, point_link.MAX_POINTS))
    xs = draw(st.lists(scale, min_size=2 * m, max_size=2 * m))
    labels = draw(st.lists(st.integers(0, 1), min_size=m, max_size=m))
    labels[:2] = [0, 1]  # both classes, as every accepted set has
    return np.array(xs, dtype=np.float64).reshape(2, m), np.array([labels], dtype=np.float64)


@settings(max_examples=300, deadline=None)
@given(point_sets())
def test_round_trip_rounds_once_then_is_exact(points):
    X, Y = points
    text = point_link.encode(X, Y)
    X2, Y2 = point_link.decode(text)
    step = 10.0 ** (point_link.step_exponent(X) - 3)
    assert np.all(np.abs(X2 - X) <= step / 2 * (1 + 1e-9))
    np.testing.assert_array_equal(Y2, Y)
    assert point_link.encode(X2, Y2) == text  # a link copied again is the same link
    assert point_link.canonical(text) == text
    assert len(text) <= point_link.MAX_CHARS


@settings(max_examples=100, deadline=None)
@given(point_sets(st.floats(-30, 30, allow_nan=False)))
def test_the_state_carries_points_through_a_link(points):
    text = point_link.encode(*points)
    state = State(dataset="custom", pts=text, n_h=7)
    back, warnings = from_query(to_query(state))
    assert back == state and warnings == []


def test_a_drawn_data_set_keeps_a_thousandth_and_fits_a_short_url():
    X, Y = engine.make_dataset("flower", m=200, noise=0.2, seed=1)
    text = point_link.encode(X, Y)
    X2, _ = point_link.decode(text)
    assert len(text) <= 1104  # 3 + 25 + 800 bytes in base64url
    assert np.abs(X2 - X).max() <= 0.0005 + 1e-12


GOOD = point_link.encode(np.array([[0.5, -1.0, 1.5, 0.0], [1.0, 0.2, -1.0, 0.0]]),
                         np.array([[1, 0, 1, 0]]))


@pytest.mark.parametrize(("text", "words"), [
    ("not base64!", ["letters, digits"]),
    ("<script>", ["letters, digits"]),
    ("A", ["format"]),  # one character cannot be base64
    (_b64(bytes([2, 4, 0])), ["format this version"]),
    (_b64(bytes([1])), ["incomplete"]),
    (_b64(bytes([1, 4, 0, 0])), ["incomplete"]),  # labels but no coordinates
    (GOOD[:-3], ["incomplete"]),
    (GOOD + "AAAA", ["incomplete"]),
    (_b64(bytes([1, 201, 0])), ["at most 200"]),
    (_b64(bytes([1, 4, 10]) + bytes(17)), ["incomplete"]),  # a step beyond 10**6
    ("A" * 2000, ["longer"]),
    # Well-formed, but points an upload could not bring in either:
    (_b64(bytes([1, 2, 0, 2]) + bytes(8)), ["only 2 points"]),
    (_b64(bytes([1, 4, 0, 0]) + bytes(16)), ["every point has label 0"]),
])
def test_malformed_points_are_refused_with_a_reason(text, words):
    with pytest.raises((point_link.LinkError, DataError)) as info:
        point_link.decode(text)
    for word in words:
        assert word.lower() in str(info.value).lower(), str(info.value)


def test_a_bad_pts_warns_and_the_rest_of_the_link_still_works():
    state, warnings = from_query({"pts": GOOD[:-3], "n_h": "7", "lr": "0.3"})
    assert state.pts == "" and (state.n_h, state.lr) == (7, 0.3)
    [warning] = warnings
    assert warning.startswith("`pts=") and "incomplete" in warning and "using none" in warning
    assert len(warning) < 300


def test_a_good_pts_is_kept_as_written():
    state, warnings = from_query({"pts": GOOD, "dataset": "custom"})
    assert (state.pts, state.dataset, warnings) == (GOOD, "custom", [])
    assert to_query(state)["pts"] == GOOD


def test_encoding_refuses_more_points_than_a_link_carries():
    X = np.zeros((2, point_link.MAX_POINTS + 1))
    with pytest.raises(point_link.LinkError, match="at most 200"):
        point_link.encode(X, np.zeros((1, X.shape[1])))
