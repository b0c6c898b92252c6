"""The training animation: a trajectory computed once on the server, played in the browser.

Re-sending a chart per frame from the server flickers and stays under 10 fps, so the page
sends one compact payload and a small canvas component (components/boundary_player.js)
plays it. The heatmaps travel as raw uint8 (one byte per grid cell), the points once, and
one number per frame for iteration, cost and accuracy.

On the wire the payload is bytes, not JSON: a little-endian uint32 n, n bytes of UTF-8
JSON (everything but the grids), then the grids. Streamlit hashes bytes as they are;
JSON-encoding half a megabyte of base64 twice on every rerun (once to send, once to name
the element) was a seventh of a playground rerun's CPU with a class on one server.
"""

from __future__ import annotations

import functools
import hashlib
import json
import struct
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import streamlit as st

import engine
from ui.charts import style
from ui.playground import classes, diagram

LEVELS = 255  # uint8: a probability p travels as round(p * 255); K classes: see classes.py
GRID = 64  # boundary cells per side (64 × 64 × 200 frames ≈ 0.82 MB; 400 frames ≈ 1.6 MB)
MAX_PAYLOAD_BYTES = 2_000_000
EPOCHS = {True: {"unit": "epoch"}, False: {}}  # a mini-batch run's payload says "epoch"

# One module: the network diagram (network_diagram.js) defines createDiagram for the player.
_JS = "\n".join((Path(__file__).parent / "components" / name).read_text(encoding="utf-8")
                for name in ("network_diagram.js", "boundary_player.js"))

def _icon(path: str) -> str:
    return (f'<svg viewBox="0 0 16 16" width="14" height="14" aria-hidden="true">'
            f'<path d="{path}" fill="currentColor"/></svg>')


# Icons as inline SVG: symbol glyphs such as ⏮ are missing from some systems' fonts.
_FIRST = _icon("M2 2h2v12H2zM14 2v12L5 8z")
_BACK = _icon("M12 2v12L3 8z")
_ON = _icon("M4 2v12l9-6z")

_HTML = f"""
<div class="bp-player" data-testid="bp-player" tabindex="0"
     aria-label="Training animation: Space plays or pauses, arrow keys step">
  <div class="bp-readout" aria-live="off">
    <span class="bp-stat"><span data-testid="bp-unit">Iteration</span>
      <b data-testid="bp-iteration">0</b></span>
    <span class="bp-stat">cost J <b data-testid="bp-cost">–</b></span>
    <span class="bp-stat">train accuracy <b data-testid="bp-accuracy">–</b></span>
    <span class="bp-stat">α <b data-testid="bp-rate-now">–</b></span>
    <span class="bp-stat bp-muted" data-testid="bp-test-stats"></span>
    <span class="bp-frame bp-muted" data-testid="bp-frame"></span>
  </div>
  <div class="bp-controls">
    <button type="button" data-testid="bp-first" title="Back to iteration 0"
            aria-label="Back to the start">{_FIRST}</button>
    <button type="button" data-testid="bp-step-back" title="One frame back"
            aria-label="Step back">{_BACK} Step</button>
    <button type="button" data-testid="bp-play" class="bp-primary" aria-pressed="false"></button>
    <button type="button" data-testid="bp-step" title="One frame on"
            aria-label="Step forward">Step {_ON}</button>
    <input type="range" data-testid="bp-scrub" min="0" max="99" value="0" step="1"
           aria-label="Animation frame">
    <label class="bp-opt">speed <select data-testid="bp-speed"></select></label>
    <label class="bp-opt"><input type="checkbox" data-testid="bp-loop"> loop</label>
    <label class="bp-opt"><input type="checkbox" data-testid="bp-test-toggle"> test points</label>
    <label class="bp-opt"><input type="checkbox" data-testid="bp-log"> log iterations</label>
  </div>
  <div class="bp-controls bp-steer">
    <button type="button" data-testid="bp-train-more"
            title="Continue from the last weights">Train</button>
    <select data-testid="bp-more-n" aria-label="How many more iterations"></select>
    <span class="bp-opt">more</span>
    <label class="bp-opt bp-gap">a new α from the frame on screen
      <select data-testid="bp-rate" aria-label="Learning rate α from the frame on screen"></select>
    </label>
  </div>
  <div class="bp-stopped" data-testid="bp-stopped" role="status"></div>
  <div class="bp-stage">
    <canvas data-testid="bp-canvas" aria-label="Decision boundary"></canvas>
    <canvas data-testid="bp-curves" aria-label="Cost and accuracy so far"></canvas>
  </div>
  <div class="bp-hover bp-muted" data-testid="bp-hover"></div>
</div>
"""

# Scoped by the bp- prefix: the component shares the page's DOM (no shadow root), which
# lets browser tests and the fps bench query it like any other element.
_CSS = """
.bp-player:focus-visible { outline: 2px solid #0072B2; outline-offset: 2px; }
.bp-player { font-family: var(--st-font, sans-serif); color: var(--st-text-color, #1B1F24);
  border: 1px solid #dfe3ea; border-radius: 10px; padding: 10px 12px 8px; background: #fff; }
.bp-readout { display: flex; flex-wrap: wrap; gap: 6px 22px; align-items: baseline;
  font-size: 1.05rem; margin-bottom: 6px; }
.bp-readout b { font-variant-numeric: tabular-nums; font-size: 1.2rem; }
.bp-muted { color: #5b6270; font-size: 0.92rem; }
.bp-frame { margin-left: auto; }
.bp-stopped { background: #fdecea; color: #8a1c12; border-radius: 6px; padding: 4px 10px;
  margin-bottom: 6px; font-size: 0.95rem; }
.bp-stage { display: flex; gap: 16px; align-items: flex-start; }
.bp-stage canvas { display: block; }
.bp-controls { display: flex; flex-wrap: wrap; align-items: center; gap: 8px; margin: 2px 0 8px; }
.bp-controls button { font: inherit; font-size: 0.95rem; padding: 4px 12px; cursor: pointer;
  display: inline-flex; align-items: center; gap: 5px;
  border: 1px solid #c9ced8; border-radius: 8px; background: #f7f8fa; color: inherit; }
.bp-controls button:hover { border-color: #0072B2; color: #0072B2; }
.bp-controls button.bp-primary { background: #0072B2; border-color: #0072B2; color: #fff;
  min-width: 96px; font-weight: 600; }
.bp-controls button.bp-primary:hover { background: #005a8c; color: #fff; }
.bp-controls input[type=range] { flex: 1 1 180px; accent-color: #0072B2; }
.bp-opt { font-size: 0.9rem; color: #5b6270; display: inline-flex; gap: 4px;
  align-items: center; }
.bp-opt select { font: inherit; }
.bp-hover { min-height: 1.3em; margin-top: 4px; }
.bp-steer select { font: inherit; font-size: 0.95rem; }
.bp-steer .bp-gap { margin-left: 18px; }
/* Presenter mode (presenter=1): read from the back of a room on a 1024×768 projector. */
.bp-presenter .bp-readout { font-size: 1.45rem; }
.bp-presenter .bp-readout b { font-size: 1.7rem; }
.bp-presenter .bp-muted, .bp-presenter .bp-opt { font-size: 1.2rem; }
.bp-presenter .bp-controls button { font-size: 1.3rem; padding: 8px 16px; }
.bp-presenter .bp-controls button svg { width: 20px; height: 20px; }
.bp-presenter .bp-steer select, .bp-presenter .bp-opt select { font-size: 1.25rem; }
.bp-presenter .bp-opt input[type=checkbox] { width: 20px; height: 20px; }
.bp-presenter .bp-controls input[type=range] { height: 28px; }
.bp-presenter .bp-stopped { font-size: 1.25rem; }
"""

_player = st.components.v2.component(
    "backprop_lab.boundary_player", html=_HTML, css=_CSS, js=_JS, isolate_styles=False)


@dataclass(frozen=True)
class Trajectory:
    """Everything the player shows, one entry per frame.

    grids: (F, ny, nx) probabilities P(y = 1); row 0 is the lowest x2, column 0 the lowest x1.
    """

    grids: np.ndarray
    x_range: tuple[float, float]
    y_range: tuple[float, float]
    iterations: np.ndarray
    cost: np.ndarray
    accuracy: np.ndarray
    test_cost: np.ndarray | None = None
    test_accuracy: np.ndarray | None = None
    total_iters: int = 0
    stopped: str | None = None
    classes: int = 0  # K > 0 (a softmax output): grids are classes.frames' codes
    epochs: bool = False  # mini-batches: the iterations are epochs


def quantise(grids: np.ndarray) -> np.ndarray:
    """Probabilities → uint8. Non-finite values become 0.5 (undecided) so nothing breaks."""
    p = np.nan_to_num(np.asarray(grids, dtype=np.float64), nan=0.5, posinf=1.0, neginf=0.0)
    return np.rint(np.clip(p, 0.0, 1.0) * LEVELS).astype(np.uint8)


def dequantise(codes: np.ndarray) -> np.ndarray:
    return np.asarray(codes, dtype=np.float64) / LEVELS


def _numbers(values: np.ndarray | None, digits: int = 6) -> list[float | None] | None:
    """Finite floats rounded for JSON; anything non-finite becomes null (never NaN)."""
    if values is None:
        return None
    out = []
    for v in np.asarray(values, dtype=np.float64).ravel():
        out.append(float(f"{v:.{digits}g}") if np.isfinite(v) else None)
    return out


def _points(X: np.ndarray | None, Y: np.ndarray | None) -> dict[str, list] | None:
    if X is None or Y is None or np.asarray(X).size == 0:
        return None
    X = np.asarray(X, dtype=np.float64)
    keep = np.isfinite(X).all(axis=0)
    return {"x": np.round(X[0, keep], 3).tolist(), "y": np.round(X[1, keep], 3).tolist(),
            "c": classes.labels(Y)[keep].astype(int).tolist()}


def payload(traj: Trajectory, X: np.ndarray, Y: np.ndarray, X_test: np.ndarray | None = None,
            Y_test: np.ndarray | None = None, hint: str = "",
            schedule: tuple = ()) -> dict[str, object]:
    """What the player receives: JSON-ready fields, and `frames` as raw uint8 bytes.

    `hint` is the line under the plane while the pointer is off it; `schedule` the α the
    run used from each iteration on, ((0, α), (start, α′), …), for the read-out and marks."""
    codes = np.asarray(traj.grids, np.uint8) if traj.classes else quantise(traj.grids)
    n_frames, ny, nx = codes.shape
    body = {
        "n_frames": int(n_frames), "nx": int(nx), "ny": int(ny),
        "x_range": [float(v) for v in traj.x_range], "y_range": [float(v) for v in traj.y_range],
        "iterations": [int(i) for i in traj.iterations],
        "cost": _numbers(traj.cost), "accuracy": _numbers(traj.accuracy, 4),
        "test_cost": _numbers(traj.test_cost), "test_accuracy": _numbers(traj.test_accuracy, 4),
        "total_iters": int(traj.total_iters),
        "train": _points(X, Y), "test": _points(X_test, Y_test),
        "classes": list(style.CLASS_COLORS), "scale": style.PROBA_SCALE,
        "stopped": traj.stopped,
        "hover_hint": hint,
        "schedule": [[int(t), float(a)] for t, a in schedule],
    }
    # Only when set: a two-class, full-batch run's payload stays what it always was.
    body.update(classes.fields(traj.classes) if traj.classes else {}, **EPOCHS[traj.epochs])
    frames = codes.tobytes()
    digest = hashlib.sha1(json.dumps(body, sort_keys=True).encode() + frames).hexdigest()[:16]
    return {"id": digest, **body, "frames": frames}


def pack(body: dict[str, object], **view: object) -> bytes:
    """The bytes sent to the player: `body` plus per-view fields such as start_frame."""
    head = json.dumps({**{k: v for k, v in body.items() if k != "frames"}, **view},
                      allow_nan=False, separators=(",", ":")).encode()
    return struct.pack("<I", len(head)) + head + body["frames"]


def unpack(raw: bytes) -> dict[str, object]:
    """`pack` undone: the fields, with `frames` as bytes (tests and the bench use it)."""
    (n,) = struct.unpack_from("<I", raw)
    return {**json.loads(raw[4:4 + n]), "frames": bytes(raw[4 + n:])}


def payload_bytes(body: dict[str, object]) -> int:
    """What the payload costs on the wire."""
    return len(pack(body))


def decode_frames(body: dict[str, object]) -> np.ndarray:
    """The (F, ny, nx) uint8 grids of a payload."""
    count = body["n_frames"] * body["ny"] * body["nx"]  # the diagram's bytes follow
    raw = np.frombuffer(body["frames"], dtype=np.uint8, count=count)
    return raw.reshape(body["n_frames"], body["ny"], body["nx"])


def render(body: dict[str, object], key: str = "boundary_player", on_click=None,
           on_steer=None, **view: object) -> None:
    """Mount the player. The same payload keeps a playing animation running across reruns.

    `view` holds the per-visit fields: id (a new one restarts the player), start_frame,
    autoplay, presenter, the steering controls' options (rates, more_options, more_left,
    more_full; `on_steer` reads `st.session_state[key].steer`),
    draw (a drawing mode: a click on the plane then calls `on_click`, which reads
    `st.session_state[key].click`; see ui/playground/drawing.py).
    """
    _player(data=pack(body, **view), key=key, width="stretch", height="content",
            on_node_change=functools.partial(diagram.on_node, key),
            on_click_change=on_click or _no_click, on_steer_change=on_steer or _no_click)
    diagram.follow()


def _no_click() -> None:
    """Always a click callback, so the component's callbacks never change between runs."""


def limits(data: dict[str, np.ndarray]) -> tuple[tuple[float, float], tuple[float, float]]:
    """The plane the boundary is drawn over: every point, train and test (engine.plot_extent,
    which the offline animation uses too)."""
    xlim, ylim = engine.plot_extent(np.hstack([data["X"], data["X_test"]]))
    return xlim, ylim


@st.cache_data(max_entries=16, ttl=3600, max_size="32MB", show_spinner=False)
def trajectory_payload(data: dict[str, np.ndarray], key: tuple, _result,
                       stopped: str | None = None, hint: str = "",
                       schedule: tuple = ()) -> dict[str, object]:
    """The payload for one training run (an engine.TrainResult on `data`).

    `key` names the run together with `data` (the page passes `State.key("train")`);
    `_result` is not hashed. `stopped` is the sentence shown if training stopped, `hint`
    the line under the plane.
    """
    activation, iters = _result.activation, _result.iterations
    xlim, ylim = limits(data)
    snaps = _result.snapshots
    has_test = data["X_test"].size > 0
    K = data["Y"].shape[0] if data["Y"].shape[0] > 1 else 0  # softmax: no (sigmoid) diagram
    traj = Trajectory(
        grids=(classes.frames(snaps, activation, xlim, ylim, GRID) if K
               else engine.boundary_frames(snaps, activation, xlim, ylim, GRID)),
        x_range=xlim, y_range=ylim,
        iterations=np.array([s.iteration for s in snaps]),
        cost=np.array([s.cost for s in snaps]),
        accuracy=np.array([s.accuracy for s in snaps]) / 100,  # the engine counts in percent
        test_cost=np.array([s.test_cost for s in snaps]) if has_test else None,
        test_accuracy=np.array([s.test_accuracy for s in snaps]) / 100 if has_test else None,
        total_iters=iters, stopped=stopped, classes=K,
        epochs=_result.counts_epochs)
    body = payload(traj, data["X"], data["Y"], data["X_test"] if has_test else None,
                   data["Y_test"] if has_test else None, hint, schedule)
    return body if K else diagram.attach(body, snaps, activation, xlim, ylim, data["X"],
                                         data["Y"], MAX_PAYLOAD_BYTES - payload_bytes(body))
