"""The live network diagram's payload: exact weights, engine pictures, a bounded size."""

from __future__ import annotations

import numpy as np
import pytest

import engine
from engine.network import grid_points
from ui.playground import animation, diagram


def run(hidden=(4,), activation="tanh", iterations=300, m=200, frames=100):
    X, Y = engine.make_dataset("flower", m, 0.2, 1)
    result = engine.train(X, Y, hidden, activation, 1.2 if activation == "tanh" else 0.5,
                          iterations, frames=frames)
    return X, Y, result


def full_payload(X, Y, result):
    """What trajectory_payload builds, without Streamlit's cache."""
    xlim, ylim = engine.plot_extent(X)
    snaps = result.snapshots
    traj = animation.Trajectory(
        grids=engine.boundary_frames(snaps, result.activation, xlim, ylim, animation.GRID),
        x_range=xlim, y_range=ylim, iterations=np.array([s.iteration for s in snaps]),
        cost=np.array([s.cost for s in snaps]), accuracy=np.array([s.accuracy for s in snaps]),
        total_iters=result.iterations)
    body = animation.payload(traj, X, Y)
    return diagram.attach(body, snaps, result.activation, xlim, ylim, X, Y,
                          budget=animation.MAX_PAYLOAD_BYTES - animation.payload_bytes(body))


@pytest.fixture(scope="module")
def default_run():
    X, Y, result = run()
    return X, Y, result, full_payload(X, Y, result)


def test_weights_travel_bit_for_bit(default_run):
    _, _, result, body = default_run
    meta = body["diagram"]
    _, weights = diagram.decode(body)
    assert meta["frame_of"] == list(range(len(result.snapshots)))  # every frame kept
    for k, snap in enumerate(result.snapshots):
        params = diagram.params_of(meta, weights[k])
        for name, value in snap.params.items():
            assert np.array_equal(params[name], value), (k, name)
        assert meta["iterations"][k] == snap.iteration


def test_pictures_are_the_engines_activations_over_the_plane(default_run):
    X, _, result, body = default_run
    meta = body["diagram"]
    pictures, _ = diagram.decode(body)
    g = meta["grid"]
    _, _, G = grid_points(*engine.plot_extent(X), g)
    for k in (0, 10, len(result.snapshots) - 1):
        cache = engine.forward(G, result.snapshots[k].params, "tanh")
        hidden = (cache["A1"] + 1) / 2 * 255  # tanh travels on [-1, 1]
        assert np.abs(pictures[k, :4].reshape(4, -1) - hidden).max() <= 0.5 + 1e-9
        output = cache["A2"] * 255
        assert np.abs(pictures[k, 4].ravel() - output.ravel()).max() <= 0.5 + 1e-9
    assert not np.array_equal(pictures[0], pictures[-1])  # the pictures move with training


def test_points_are_exact_and_boundary_grids_still_decode(default_run):
    X, Y, result, body = default_run
    meta = body["diagram"]
    assert np.array_equal(np.array(meta["x"]), X)
    assert meta["y"] == Y.ravel().astype(int).tolist()
    grids = animation.decode_frames(body)
    assert grids.shape == (len(result.snapshots), animation.GRID, animation.GRID)
    again = animation.unpack(animation.pack(body))
    assert again["diagram"] == body["diagram"] and again["frames"] == body["frames"]


@pytest.mark.parametrize("hidden", [(4,), (8, 8, 8, 8), (50, 50, 50, 50)])
def test_payload_stays_under_the_limit(hidden):
    X, Y, result = run(hidden, "relu", iterations=60, m=400)
    body = full_payload(X, Y, result)
    assert animation.payload_bytes(body) <= animation.MAX_PAYLOAD_BYTES
    meta = body["diagram"]
    assert meta["frame_of"][-1] == len(meta["iterations"]) - 1  # the trained net is kept
    assert meta["iterations"][-1] == result.snapshots[-1].iteration
    if hidden == (4,):
        assert meta["grid"] == diagram.GRIDS[0]


def test_frame_of_points_to_the_latest_kept_frame():
    dims, m = [2, 50, 50, 50, 50, 1], 400
    grid, stride = diagram.plan(200, dims, m, 900_000)
    assert stride > 1 and grid == diagram.GRIDS[-1]
    keep = diagram.kept_frames(200, stride)
    assert keep[0] == 0 and keep[-1] == 199
    assert diagram.plan(200, [2, 4, 1], m, 900_000) == (diagram.GRIDS[0], 1)


def test_relu_pictures_use_a_symmetric_range():
    X, Y, result = run((3,), "relu", iterations=40, m=80, frames=5)
    body = full_payload(X, Y, result)
    for lo, hi in (r[0] for r in body["diagram"]["ranges"]):
        assert lo == -hi and hi > 0


@pytest.mark.parametrize(("layer", "layers", "page"), [
    (1, 1, "dZ1"), (2, 1, "dZ2"), (1, 3, "deeper"), (4, 3, "deeper")])
def test_a_node_opens_the_step_that_explains_its_dz(layer, layers, page):
    assert diagram.target(layer, layers) == page
