"""Draw your data: a click becomes a point of the session's own data set and of the link."""

from __future__ import annotations

import numpy as np
from conftest import run_page
from streamlit.testing.v1 import AppTest
from support import SLOW_PAGE

from ui.classroom import point_link
from ui.playground import drawing


def _clicks_app() -> None:
    """A page that applies the clicks a test queues, through the player's own callback."""
    import streamlit as st

    from ui.playground import drawing
    from ui.shell import session

    state = session.get_state()
    for mode, x1, x2, shift, retrain in st.session_state.pop("queued", []):
        st.session_state[drawing.MODE_KEY] = mode
        st.session_state[drawing.RETRAIN_KEY] = retrain
        st.session_state[drawing.PLAYER_KEY] = {"click": {"x1": x1, "x2": x2, "shift": shift}}
        drawing.on_click()
    state = session.get_state()
    session.sync_url(state)
    if st.session_state.get("show_run"):
        st.session_state["first_cost"] = drawing.training(state).snapshots[0].cost


def _app(query: dict[str, str] | None = None) -> AppTest:
    at = AppTest.from_function(_clicks_app, default_timeout=SLOW_PAGE)
    for key, value in (query or {}).items():
        at.query_params[key] = value
    return at.run()


def _click(at: AppTest, *clicks) -> AppTest:
    at.session_state["queued"] = [(c + (False, "scratch"))[:5] for c in clicks]
    return at.run()


def _points(at: AppTest):
    return at.session_state["custom_data"]


def test_the_first_click_keeps_the_data_set_and_adds_the_point():
    at = _click(_app({"iters": "200"}), ("1", 0.25, -0.5))
    assert not at.exception
    X, Y = _points(at)
    assert X.shape == (2, drawing.START_POINTS + 1)
    assert set(Y[0, :-1]) == {0.0, 1.0}  # the flower's both classes are kept
    np.testing.assert_allclose(X[:, -1], [0.25, -0.5], atol=5e-4)
    assert Y[0, -1] == 1
    state = at.session_state["state"]
    assert state.dataset == "custom" and state.n_h == 4
    # The link carries exactly the session's points.
    link = at.query_params["pts"]
    X2, Y2 = point_link.decode(link if isinstance(link, str) else link[-1])
    np.testing.assert_array_equal(X2, X)
    np.testing.assert_array_equal(Y2, Y)


def test_shift_adds_the_other_class_and_remove_takes_the_nearest():
    at = _click(_app(), ("0", 1.0, 1.0), ("0", 2.0, 2.0, True))
    X, Y = _points(at)
    assert Y[0, -2:].tolist() == [0.0, 1.0]
    m = X.shape[1]
    at = _click(at, ("remove", 1.01, 0.99))
    X3, Y3 = _points(at)
    assert X3.shape[1] == m - 1
    assert not np.any(np.all(np.isclose(X3, [[1.0], [1.0]]), axis=0))  # (1, 1) is gone
    assert np.any(np.all(np.isclose(X3, [[2.0], [2.0]]), axis=0))


def test_a_click_that_would_break_the_points_is_refused_and_changes_nothing():
    X = np.array([[0.0, 1.0, 2.0, 3.0], [0.0, 1.0, 2.0, 3.0]])
    link = point_link.encode(X, np.array([[0, 1, 0, 1]]))
    at = _click(_app({"pts": link, "dataset": "custom"}), ("remove", 0.0, 0.0))
    assert at.session_state["state"].pts == link  # 3 points are too few: nothing changed
    assert "at least 4" in at.toast[0].value


def test_a_full_link_refuses_one_more_point():
    rng = np.random.default_rng(0)
    X = rng.uniform(-3, 3, (2, point_link.MAX_POINTS))
    link = point_link.encode(X, (np.arange(point_link.MAX_POINTS) % 2)[None, :])
    at = _click(_app({"pts": link, "dataset": "custom"}), ("1", 0.0, 0.0))
    assert at.session_state["state"].pts == link
    assert "at most 200 points" in at.toast[0].value


def test_a_pinned_data_set_means_no_drawing():
    at = _click(_app({"hide": "dataset"}), ("1", 0.0, 0.0))
    assert "custom_data" not in at.session_state
    assert at.session_state["state"].dataset == "flower"
    page = run_page("playground", {"hide": "dataset", "iters": "100"}, timeout=SLOW_PAGE)
    assert not page.exception
    assert any("pins the data set" in c.value for c in page.caption)
    assert not page.get("segmented_control")


def test_the_playground_offers_the_toggles():
    page = run_page("playground", {"iters": "100"}, timeout=SLOW_PAGE)
    labels = [s.label for s in page.get("segmented_control")]
    assert {"Draw on the plane", "After a click, retrain"} <= set(labels)


def test_from_current_weights_continues_the_shown_network():
    query = {"iters": "300", "n_h": "3"}
    scratch = _app(query)
    scratch.session_state["show_run"] = True
    scratch = _click(scratch, ("1", 0.5, 0.5, False, "scratch"))
    warm = _app(query)
    warm.session_state["show_run"] = True
    warm = _click(warm, ("1", 0.5, 0.5, False, "current"))
    assert _points(warm)[0].shape == _points(scratch)[0].shape
    # From scratch the course's tiny weights start at J ≈ log 2; continued, the trained
    # network already separates most points.
    assert abs(scratch.session_state["first_cost"] - np.log(2)) < 0.01
    assert warm.session_state["first_cost"] < 0.6
    # Any other change (here α) starts over from scratch.
    warm.session_state["queued"] = []
    warm.session_state["state"] = warm.session_state["state"].replace(lr=0.3)
    warm = warm.run()
    assert abs(warm.session_state["first_cost"] - np.log(2)) < 0.01


def test_an_upload_leaves_links_and_forgetting_clears_the_drawn_points():
    X = np.array([[0.0, 1.0, 2.0, 3.0, 4.0], [0.0, 1.0, 2.0, 3.0, 4.0]])
    link = point_link.encode(X, np.array([[0, 1, 0, 1, 0]]))
    at = run_page("own_data", {"pts": link, "dataset": "custom"})
    assert not at.exception
    assert "5 points" in " ".join(s.value for s in at.success)
    at.button(key="own_forget").click().run()
    assert at.session_state["state"].pts == "" and "pts" not in at.query_params


def test_a_large_uploaded_set_is_thinned_once_on_the_first_click():
    rng = np.random.default_rng(1)
    m = drawing.START_POINTS + 50
    at = _app()
    at.session_state["custom_data"] = (rng.uniform(-2, 2, (2, m)),
                                       (np.arange(m) % 2)[None, :].astype(float))
    at.session_state["state"] = at.session_state["state"].replace(dataset="custom")
    at = _click(at, ("1", 0.0, 0.0))
    assert _points(at)[0].shape[1] == drawing.START_POINTS + 1
    at = _click(at, ("0", 0.5, 0.0))  # now drawn: the set grows, it is not thinned again
    assert _points(at)[0].shape[1] == drawing.START_POINTS + 2


def test_a_malformed_pts_warns_and_the_rest_of_the_link_works():
    at = run_page("playground", {"pts": "AQQA!!", "dataset": "custom", "n_h": "3",
                                 "iters": "100"}, timeout=SLOW_PAGE)
    assert not at.exception
    warnings = " ".join(w.value for w in at.warning)
    assert "`pts=AQQA!!`" in warnings and "`dataset=custom`" in warnings
    state = at.session_state["state"]
    assert (state.pts, state.dataset, state.n_h) == ("", "flower", 3)
