"""The live network diagram's share of the player payload, and where a node click leads.

Per kept frame the engine computes every unit's activation over a small grid of the input
plane (its picture, drawn inside its node) and the player gets the frame's exact weights, so
the browser can redo forward and backward propagation for one point and show z, a and dz
that equal engine.forward/backward. Pictures travel as uint8 like the boundary grids; the
weights as float64, bit for bit the snapshot's, so the browser's numbers are the engine's.

Bytes: the pictures (frame, layer, unit, row, column; row 0 is the lowest x2), padding to a
multiple of 8, then per kept frame W1, b1, W2, … row-major. They follow the boundary grids in
the payload's binary tail; `meta["offset"]` says where they start.

The budget decides the picture grid and, for big networks, how many frames carry a diagram:
frame f shows kept frame `frame_of[f]`, the latest one at or before f, and its iteration.
"""

from __future__ import annotations

import hashlib
import math

import numpy as np
import streamlit as st

import engine
from engine.network import grid_points
from ui import nav
from ui.charts import style
from ui.shell import session
from ui.state import to_query

GRIDS = (12, 10, 8, 6)  # picture cells per side, the finest that fits the budget wins
MARGIN = 16_000  # room left for the JSON head's own growth
TRIGGER = "node"  # the component's trigger name: setTriggerValue("node", {...})
PENDING_KEY = "diagram_pending_page"  # a node click's page, switched to by `follow`

# Fixed ranges for bounded activations; relu-like units get ± their layer's largest |a|.
_RANGES = {"tanh": (-1.0, 1.0), "sigmoid": (0.0, 1.0)}


def _param_order(dims: list[int]) -> list[str]:
    return [name for l in range(1, len(dims)) for name in (f"W{l}", f"b{l}")]


def plan(n_frames: int, dims: list[int], m: int, budget: int) -> tuple[int, int]:
    """(grid, stride): the picture grid and the frame stride that fit `budget` bytes."""
    units = sum(dims[1:])
    n_par = sum(dims[l] * (dims[l - 1] + 1) for l in range(1, len(dims)))
    budget = max(budget - MARGIN - 40 * 2 * m, 1)  # the points travel as JSON numbers
    for grid in GRIDS:
        if n_frames * (units * grid * grid + 8 * n_par) + 8 <= budget:
            return grid, 1
    per = units * GRIDS[-1] ** 2 + 8 * n_par
    return GRIDS[-1], max(1, math.ceil(n_frames * per / budget) + 1)


def kept_frames(n_frames: int, stride: int) -> list[int]:
    """Every stride-th frame, always with the last (the trained network)."""
    keep = list(range(0, n_frames, stride))
    return keep if keep[-1] == n_frames - 1 else keep + [n_frames - 1]


def _ranges(A: np.ndarray, activation: str, output: bool) -> tuple[np.ndarray, np.ndarray]:
    """Per kept frame (lo, hi) for one layer's stacked A (kept, n, grid²)."""
    fixed = _RANGES["sigmoid"] if output else _RANGES.get(activation)
    if fixed is not None:
        return np.full(len(A), fixed[0]), np.full(len(A), fixed[1])
    top = np.maximum(np.abs(A).reshape(len(A), -1).max(axis=1), 1e-9)
    top[~np.isfinite(top)] = 1.0
    return -top, top


def part(snaps, activation: str, xlim, ylim, X: np.ndarray, Y: np.ndarray,
         budget: int) -> tuple[dict[str, object], bytes]:
    """The diagram's JSON fields and bytes for the snapshots of one run."""
    dims = engine.layer_dims_of(snaps[0].params)
    L = len(dims) - 1
    grid, stride = plan(len(snaps), dims, X.shape[1], budget)
    keep = kept_frames(len(snaps), stride)
    _, _, G = grid_points(xlim, ylim, grid)
    per_layer = [[] for _ in range(L)]  # per layer: the kept frames' A[l] over the grid
    weights = []
    for k in keep:
        params = snaps[k].params
        cache = engine.forward(G, params, activation)
        for l in range(1, L + 1):
            per_layer[l - 1].append(cache[f"A{l}"])
        weights.append(np.concatenate([np.asarray(params[name], dtype="<f8").ravel()
                                       for name in _param_order(dims)]))
    codes, ranges = [], []
    for l, stack in enumerate(per_layer, start=1):  # one vectorised pass per layer
        A = np.nan_to_num(np.stack(stack), nan=0.0, posinf=1e300, neginf=-1e300)
        lo, hi = _ranges(A, activation, l == L)
        ranges.append(np.stack([lo, hi], axis=1))
        scaled = (A - lo[:, None, None]) / (hi - lo)[:, None, None]
        codes.append(np.rint(np.clip(scaled, 0, 1) * 255).astype(np.uint8))
    pics = np.concatenate(codes, axis=1).tobytes()  # (kept, units, grid²)
    ranges = np.stack(ranges, axis=1).tolist()  # (kept, L, 2)
    pad = b"\0" * (-len(pics) % 8)
    frame_of = [0] * len(snaps)
    for j, k in enumerate(keep):
        for f in range(k, keep[j + 1] if j + 1 < len(keep) else len(snaps)):
            frame_of[f] = j
    meta = {
        "dims": dims, "grid": grid, "activation": activation, "frame_of": frame_of,
        "iterations": [int(snaps[k].iteration) for k in keep], "ranges": ranges,
        "pictures_bytes": len(pics), "weights_at": len(pics) + len(pad),
        "n_weights": int(weights[0].size),
        # Exact coordinates (JSON keeps a float64 bit for bit): the hover point is this one.
        "x": [[float(v) for v in row] for row in np.asarray(X, dtype=np.float64)],
        "y": [int(v) for v in np.asarray(Y).ravel()],
        "positive": style.SIGNED_SCALE[-1][1], "negative": style.SIGNED_SCALE[0][1],
        "signed": style.SIGNED_SCALE, "proba": style.PROBA_SCALE,
    }
    return meta, pics + pad + np.concatenate(weights).astype("<f8").tobytes()


def attach(body: dict[str, object], snaps, activation: str, xlim, ylim, X: np.ndarray,
           Y: np.ndarray, budget: int) -> dict[str, object]:
    """`body` (animation.payload) with the diagram in its JSON head and binary tail."""
    meta, extra = part(snaps, activation, xlim, ylim, X, Y, budget)
    meta["offset"] = len(body["frames"])
    frames = body["frames"] + extra
    digest = hashlib.sha1(body["id"].encode() + extra).hexdigest()[:16]
    return {**body, "id": digest, "diagram": meta, "frames": frames}


def decode(body: dict[str, object]) -> tuple[np.ndarray, np.ndarray]:
    """(pictures (kept frames, units, grid, grid) uint8, weights (kept frames, n) float64)."""
    meta = body["diagram"]
    raw, off, g = body["frames"], meta["offset"], meta["grid"]
    kept, units = len(meta["iterations"]), sum(meta["dims"][1:])
    pics = np.frombuffer(raw, np.uint8, count=meta["pictures_bytes"], offset=off)
    weights = np.frombuffer(raw, "<f8", count=kept * meta["n_weights"],
                            offset=off + meta["weights_at"])
    return pics.reshape(kept, units, g, g), weights.reshape(kept, meta["n_weights"])


def params_of(meta: dict[str, object], flat: np.ndarray) -> dict[str, np.ndarray]:
    """One kept frame's weights back as the engine's params dict."""
    dims, params, at = meta["dims"], {}, 0
    for l in range(1, len(dims)):
        for name, shape in ((f"W{l}", (dims[l], dims[l - 1])), (f"b{l}", (dims[l], 1))):
            size = shape[0] * shape[1]
            params[name] = flat[at:at + size].reshape(shape)
            at += size
    return params


# ------------------------------------------------------------------ a node click


def target(layer: int, layers: int) -> str:
    """The walk step that explains a node's dz: dZ1 for a hidden unit, dZ2 for the output,
    the deeper-networks step for any node of a deeper network."""
    if layers > 1:
        return "deeper"
    return "dZ1" if layer == 1 else "dZ2"


def on_node(key: str) -> None:
    """The component's node trigger: move the walk to the clicked frame (pins respected)."""
    clicked = getattr(st.session_state.get(key), TRIGGER, None)
    if not isinstance(clicked, dict):
        return
    try:
        layer, iteration = int(clicked["layer"]), int(clicked["iteration"])
    except (KeyError, TypeError, ValueError):
        return
    state = session.get_state()
    if not 1 <= layer <= state.layers + 1:
        return
    walked = session.change(at=iteration)
    if walked.at == iteration:
        st.session_state[PENDING_KEY] = target(layer, state.layers)


def follow() -> None:
    """After the player is mounted: open the page a node click asked for (a callback
    cannot switch pages itself)."""
    page_id = st.session_state.pop(PENDING_KEY, None)
    if page_id:
        st.switch_page(nav.page(page_id).script, query_params=to_query(session.get_state()))
