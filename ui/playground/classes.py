"""The K-class boundary of a softmax output, for the player: one byte per grid cell.

A cell travels as class × SHADES + shade, the shade the predicted class's probability mapped
from 1/K (0) to 1 (SHADES − 1); 5 classes × 50 shades fit a byte. The player
(components/boundary_player.js) colours a cell by its class, paler where the network is less
sure. A two-class sigmoid run keeps animation.py's probability bytes and payload.
"""

from __future__ import annotations

import numpy as np

import engine
from ui.charts import style

SHADES = 50
# Okabe–Ito, safe for colour-blind viewers; classes 0 and 1 keep the two-class colours.
CLASS_PALETTE = (*style.CLASS_COLORS, "#009E73", "#CC79A7", "#D55E00")


def class_codes(P: np.ndarray) -> np.ndarray:
    """Softmax outputs P (F, K, ny, nx) → (F, ny, nx) uint8 codes: the argmax class c times
    SHADES plus how sure the network is, its probability mapped from 1/K..1 to 0..SHADES − 1.
    Non-finite outputs count as undecided: class 0, shade 0."""
    P = np.nan_to_num(np.asarray(P, dtype=np.float64), nan=0.0, posinf=1.0, neginf=0.0)
    K = P.shape[1]
    c = np.argmax(P, axis=1)
    top = np.take_along_axis(P, c[:, None], axis=1)[:, 0]
    shade = np.rint(np.clip((top - 1 / K) / (1 - 1 / K), 0, 1) * (SHADES - 1))
    return (c * SHADES + shade).astype(np.uint8)


def frames(snaps, activation: str, xlim, ylim, resolution: int) -> np.ndarray:
    """The (F, res, res) codes of every snapshot's softmax output on the plane's grid (rows
    follow x2, as engine.boundary_frames)."""
    return class_codes(np.stack([engine.network_general.class_grid(
        s.params, activation, xlim, ylim, resolution, output="softmax")[3] for s in snaps]))


def fields(K: int) -> dict[str, object]:
    """The payload's fields for K classes: their colours, K and the shades per class."""
    return {"classes": list(CLASS_PALETTE[:K]), "k_classes": K, "shades": SHADES}


def labels(Y: np.ndarray) -> np.ndarray:
    """Class numbers (m,) of labels Y (1, m) in {0, 1} or one-hot (K, m)."""
    Y = np.asarray(Y)
    return np.argmax(Y, axis=0) if Y.shape[0] > 1 else Y.ravel().astype(int).clip(0, 1)
