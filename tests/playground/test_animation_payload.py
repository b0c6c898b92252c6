"""The animation payload: small, NaN-free, and faithful to the engine's boundary grids."""

from __future__ import annotations

import numpy as np
import pytest

import engine
from ui.playground import animation

MAX_BYTES = 2_000_000


def _data(name="flower", m=400, test_frac=0.0):
    X, Y = engine.make_dataset(name, m=m, noise=0.2, seed=1)
    n_test = int(round(test_frac * m))
    return {"X": X[:, n_test:], "Y": Y[:, n_test:], "X_test": X[:, :n_test],
            "Y_test": Y[:, :n_test]}


@pytest.fixture(scope="module")
def course_run():
    data = _data()
    result = engine.train(data["X"], data["Y"], hidden_sizes=[4], activation="tanh",
                          learning_rate=1.2, iterations=10_000, seed=2, init="course",
                          frames=100)
    key = (1, 4, "tanh", 1.2, 10_000, 2, "course")
    return data, result, animation.trajectory_payload(data, key, result)


def test_payload_is_small_for_100_frames(course_run):
    _, result, body = course_run
    assert body["n_frames"] == len(result.snapshots) == 100
    assert body["nx"] >= 60 and body["ny"] >= 60
    size = animation.payload_bytes(body)
    assert size <= MAX_BYTES
    assert size < 0.4 * 100 * body["nx"] * body["ny"] * 4 * 4 / 3  # far below float32 JSON


def test_points_travel_once_not_per_frame(course_run):
    data, _, body = course_run
    assert len(body["train"]["x"]) == data["X"].shape[1]
    assert body["test"] is None
    assert len(body["iterations"]) == len(body["cost"]) == len(body["accuracy"]) == 100


def test_the_plane_is_the_engines_plot_extent(course_run):
    data, _, body = course_run  # one extent for the player, the charts and the offline file
    xlim, ylim = engine.plot_extent(np.hstack([data["X"], data["X_test"]]))
    assert body["x_range"] == list(xlim) and body["y_range"] == list(ylim)
    assert animation.limits(data) == (xlim, ylim)


def test_frames_match_engine_boundary_grids(course_run):
    data, result, body = course_run
    xlim, ylim = body["x_range"], body["y_range"]
    codes = animation.decode_frames(body)
    for k in (0, 37, 99):
        _, _, P = engine.boundary_grid(result.snapshots[k].params, "tanh", xlim, ylim, body["nx"])
        # float32 grid + rounding to 1/255: never more than one step away
        assert np.max(np.abs(animation.dequantise(codes[k]) - P)) <= 1 / 255 + 1e-5
    # Row 0 is the lowest x2 in both; the trained boundary is not mirror-symmetric, so a
    # flipped frame would fail the check above.
    assert np.max(np.abs(animation.dequantise(codes[-1])[::-1] - P)) > 0.1


def test_quantisation_error_is_at_most_half_a_step():
    p = np.random.default_rng(0).uniform(0, 1, (5, 64, 64))
    back = animation.dequantise(animation.quantise(p))
    assert np.max(np.abs(back - p)) <= 0.5 / 255 + 1e-12


def test_non_finite_probabilities_never_reach_the_browser():
    grids = np.full((3, 8, 8), 0.25)
    grids[1, 2, 3] = np.nan
    grids[2, 0, 0] = np.inf
    traj = animation.Trajectory(grids=grids, x_range=(-1, 1), y_range=(-1, 1),
                                iterations=np.array([0, 1, 2]),
                                cost=np.array([0.69, np.nan, np.inf]),
                                accuracy=np.array([0.5, 0.6, 0.7]), total_iters=2)
    body = animation.payload(traj, np.zeros((2, 3)), np.array([[0, 1, 1]]))
    animation.pack(body)  # JSON with allow_nan=False: raises on NaN/inf
    codes = animation.decode_frames(body)
    assert codes[1, 2, 3] == 128 and codes[2, 0, 0] == 255
    assert body["cost"] == [0.69, None, None]


def test_diverging_run_payload_has_its_frames_and_no_nan():
    data = _data("moons")
    result = engine.train(data["X"], data["Y"], hidden_sizes=[20, 20, 20], activation="relu",
                          learning_rate=10.0, iterations=1000, seed=2, init="he", frames=100)
    assert result.stopped_early
    body = animation.trajectory_payload(data, (3, 20, "relu", 10.0, 1000, 2, "he"), result,
                                        "Training stopped at iteration 2.")
    animation.pack(body)  # raises on NaN/inf
    assert body["n_frames"] == len(result.snapshots) >= 1
    assert body["stopped"] == "Training stopped at iteration 2."


def test_test_points_and_test_curves_are_sent_with_a_split():
    data = _data("circles", test_frac=0.3)
    result = engine.train(data["X"], data["Y"], hidden_sizes=[6], activation="tanh",
                          learning_rate=0.5, iterations=300, seed=3, init="xavier", frames=100,
                          X_test=data["X_test"], Y_test=data["Y_test"])
    body = animation.trajectory_payload(data, (1, 6, "tanh", 0.5, 300, 3, "xavier"), result)
    assert len(body["test"]["x"]) == data["X_test"].shape[1]
    assert len(body["test_cost"]) == body["n_frames"]
    assert all(0 <= a <= 1 for a in body["accuracy"] + body["test_accuracy"])


def test_every_player_button_has_its_own_name():
    """Screen readers announce a button by its accessible name: two buttons both called
    "Step" cannot be told apart."""
    import re

    names = []
    for button in re.findall(r"<button\b[^>]*>.*?</button>", animation._HTML, re.S):
        label = re.search(r'aria-label="([^"]+)"', button)
        names.append(label.group(1) if label else re.sub(r"<[^>]+>", "", button).strip())
    named = [n for n in names if n]
    assert len(set(named)) == len(named)
    assert "Step back" in names and "Step forward" in names
