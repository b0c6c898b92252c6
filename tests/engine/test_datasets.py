"""Data sets: course layout, balance, determinism, and a picture to look at."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

import numpy as np
import pytest

from engine import DATASETS, make_dataset

PNG_PATH = Path("/tmp/datasets.png")


@pytest.mark.parametrize("name", DATASETS)
@pytest.mark.parametrize("m", [1, 2, 7, 400])
def test_shapes_balance_and_labels(name, m):
    X, Y = make_dataset(name, m=m, seed=3)
    assert X.shape == (2, m) and X.dtype == np.float64
    assert Y.shape == (1, m) and Y.dtype == np.float64
    assert set(np.unique(Y)) <= {0.0, 1.0}
    assert np.count_nonzero(Y == 0) == m // 2
    assert np.count_nonzero(Y == 1) == m - m // 2
    assert np.isfinite(X).all()


@pytest.mark.parametrize("name", DATASETS)
def test_deterministic_per_seed_and_seeds_differ(name):
    X1, Y1 = make_dataset(name, m=100, seed=5)
    X2, Y2 = make_dataset(name, m=100, seed=5)
    X3, _ = make_dataset(name, m=100, seed=6)
    np.testing.assert_array_equal(X1, X2)
    np.testing.assert_array_equal(Y1, Y2)
    assert not np.array_equal(X1, X3)


@pytest.mark.parametrize("name", DATASETS)
def test_extent_is_about_the_flowers(name):
    X, _ = make_dataset(name)
    assert np.abs(X).max() < 6
    assert np.abs(X).max(axis=1).min() > 2.5  # fills the plot in both directions


@pytest.mark.parametrize("name", DATASETS)
def test_global_random_state_untouched(name):
    # the legacy global generator is what the course's code used, so check it is left alone
    np.random.seed(123)  # noqa: NPY002
    expected = np.random.rand(3)  # noqa: NPY002
    np.random.seed(123)  # noqa: NPY002
    make_dataset(name)
    np.testing.assert_array_equal(np.random.rand(3), expected)  # noqa: NPY002


def test_flower_is_the_course_planar_data_set():
    # load_planar_dataset() from the assignment, written out with legacy seeding
    rs = np.random.RandomState(1)
    m, N, a = 400, 200, 4
    X = np.zeros((m, 2))
    Y = np.zeros((m, 1), dtype="uint8")
    for j in range(2):
        ix = range(N * j, N * (j + 1))
        t = np.linspace(j * 3.12, (j + 1) * 3.12, N) + rs.randn(N) * 0.2
        r = a * np.sin(4 * t) + rs.randn(N) * 0.2
        X[ix] = np.c_[r * np.sin(t), r * np.cos(t)]
        Y[ix] = j
    X_ours, Y_ours = make_dataset("flower")
    np.testing.assert_array_equal(X_ours, X.T)
    np.testing.assert_array_equal(Y_ours, Y.T)
    assert X_ours[:, 0].round(6).tolist() == [1.204442, 3.576114]  # the notebook's X[:, 0]


def test_zero_noise_gives_the_clean_shapes():
    X, _ = make_dataset("circles", m=200, noise=0.0)
    r = np.hypot(*X)
    assert np.allclose(np.sort(np.unique(r.round(9))), [1.5, 3.5])


def test_bad_arguments():
    with pytest.raises(ValueError, match="unknown data set"):
        make_dataset("swiss_roll")
    with pytest.raises(ValueError, match="m must be"):
        make_dataset("moons", m=0)


# --- a tiny PNG rasteriser, so the sets can be looked at without matplotlib ---------------

def _png_bytes(rgb: np.ndarray) -> bytes:
    """rgb: (height, width, 3) uint8 → PNG file bytes (8-bit truecolour, no filtering)."""
    h, w, _ = rgb.shape
    raw = b"".join(b"\x00" + rgb[y].tobytes() for y in range(h))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(
            ">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))


def _panel(X: np.ndarray, Y: np.ndarray, size: int = 240, lim: float = 5.0) -> np.ndarray:
    """Scatter plot of X (2, m) coloured by Y (1, m) as a (size, size, 3) uint8 image."""
    img = np.full((size, size, 3), 255, np.uint8)
    img[size // 2, :] = img[:, size // 2] = 220  # axes
    px = np.clip(((X[0] + lim) / (2 * lim) * (size - 1)).round().astype(int), 2, size - 3)
    py = np.clip(((lim - X[1]) / (2 * lim) * (size - 1)).round().astype(int), 2, size - 3)
    colours = np.array([[220, 40, 40], [40, 80, 220]], np.uint8)  # class 0 red, 1 blue
    for dy in (-1, 0, 1):
        for dx in (-1, 0, 1):
            img[py + dy, px + dx] = colours[Y[0].astype(int)]
    return img


def test_write_picture_of_all_data_sets():
    panels = [_panel(*make_dataset(name)) for name in DATASETS]
    panels.append(np.full_like(panels[0], 255))
    gap = np.zeros((panels[0].shape[0], 4, 3), np.uint8)
    rows = [np.hstack([p for panel in panels[i:i + 4] for p in (panel, gap)])
            for i in range(0, 8, 4)]
    picture = np.vstack([rows[0], np.zeros((4, rows[0].shape[1], 3), np.uint8), rows[1]])
    PNG_PATH.write_bytes(_png_bytes(picture))
    assert PNG_PATH.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
