"""Exports of the current configuration: an offline animation, the weights, a NumPy script.

The builders are pure (a TrainResult, the data and the State in, text out), so tests call
them directly and the page hands them to `st.download_button` as deferred callables: the
work happens only when someone clicks, on Streamlit's download thread.
"""

from __future__ import annotations

import dataclasses
import inspect
import json
from datetime import UTC, datetime
from string import Template

import numpy as np
import plotly.graph_objects as go
import streamlit as st

import engine
from engine import datasets as engine_datasets
from ui import compute, figures
from ui.state import FIELDS, State, to_query

GRID = 60  # boundary resolution in the HTML: 100 frames stay near 2 MB of data
PRINTS = 10  # the script prints the cost this many times (every 1000 of 10 000 iterations)


def print_every(iters: int) -> int:
    return max(1, iters // PRINTS)


def _limits(X: np.ndarray) -> tuple[tuple[float, float], tuple[float, float]]:
    """Plot limits around the points with a margin, as the playground frames them."""
    lo, hi = X.min(axis=1), X.max(axis=1)
    pad = 0.1 * np.maximum(hi - lo, 1e-9) + 0.5
    return (float(lo[0] - pad[0]), float(hi[0] + pad[0])), (float(lo[1] - pad[1]),
                                                            float(hi[1] + pad[1]))


def _frame_title(snapshot) -> str:
    return (f"Iteration {snapshot.iteration} · cost J = {snapshot.cost:.4f} · "
            f"train accuracy {snapshot.accuracy:.1f} %")


def animation_figure(result, data: dict[str, np.ndarray], state: State) -> go.Figure:
    """The decision boundary over training as a Plotly figure with frames, a play/pause
    button and a slider: it plays in any browser without a server."""
    snaps = result.snapshots
    everything = np.hstack([data["X"], data["X_test"]]) if data["X_test"].size else data["X"]
    xlim, ylim = _limits(everything)
    grids = engine.boundary_frames(snaps, state.activation, xlim, ylim, resolution=GRID)
    xs, ys = np.linspace(*xlim, GRID), np.linspace(*ylim, GRID)
    start = min(state.frame, len(snaps) - 1)

    def heatmap(k: int) -> go.Heatmap:
        return go.Heatmap(x=xs, y=ys, z=grids[k], zmin=0, zmax=1, zsmooth="best",
                          colorscale=figures.PROBA_SCALE, colorbar={"title": "A[L]"},
                          hovertemplate="x1 %{x:.2f}, x2 %{y:.2f}: P(y=1) = %{z:.3f}"
                                        "<extra></extra>")

    fig = go.Figure(heatmap(start))
    figures.scatter_classes(data["X"], data["Y"], fig)
    if data["X_test"].size:
        figures.scatter_classes(data["X_test"], data["Y_test"], fig, name_prefix="test ",
                                symbol="circle-open")
    fig.frames = [go.Frame(data=[heatmap(k)], traces=[0], name=str(k),
                           layout={"title": {"text": _frame_title(s)}})
                  for k, s in enumerate(snaps)]
    play = {"frame": {"duration": 80, "redraw": True}, "fromcurrent": True,
            "transition": {"duration": 0}}
    still = {"frame": {"duration": 0, "redraw": True}, "mode": "immediate",
             "transition": {"duration": 0}}
    fig.update_layout(
        updatemenus=[{"type": "buttons", "direction": "left", "x": 0.0, "y": -0.08,
                      "xanchor": "left", "yanchor": "top", "pad": {"t": 10},
                      "buttons": [{"label": "▶ Play", "method": "animate", "args": [None, play]},
                                  {"label": "❚❚ Pause", "method": "animate",
                                   "args": [[None], {**still, "frame": {"duration": 0,
                                                                        "redraw": False}}]}]}],
        sliders=[{"active": start, "x": 0.18, "len": 0.82, "y": -0.08, "yanchor": "top",
                  "currentvalue": {"prefix": "iteration "}, "pad": {"t": 10},
                  "steps": [{"label": str(s.iteration), "method": "animate",
                             "args": [[str(k)], still]} for k, s in enumerate(snaps)]}],
        legend={"orientation": "h", "y": 1.02, "yanchor": "bottom", "x": 1, "xanchor": "right"},
    )
    # Equal units on both axes; the plot area shrinks to fit rather than padding the range.
    fig.update_xaxes(title="x1", range=list(xlim), constrain="domain")
    fig.update_yaxes(title="x2", range=list(ylim), scaleanchor="x", scaleratio=1,
                     constrain="domain")
    figures.base_layout(fig, _frame_title(snaps[start]), 640)
    fig.update_layout(margin={"l": 40, "r": 20, "t": 90, "b": 110})
    return fig


def animation_html(result, data: dict[str, np.ndarray], state: State) -> str:
    """One self-contained HTML file (plotly.js inlined) that plays the animation offline."""
    fig = animation_figure(result, data, state)
    return fig.to_html(include_plotlyjs=True, full_html=True, auto_play=False,
                       config=figures.CHART_CONFIG, div_id="backprop-lab-animation")


def _settings(state: State) -> dict[str, object]:
    values = dataclasses.asdict(state)
    values["hide"] = list(state.hide)
    return values


def weights_json(result, state: State) -> str:
    """The trained parameters (the final snapshot) as lists, with the settings behind them."""
    final = result.snapshots[-1]
    body = {
        "app": "Backprop Lab",
        "exported": datetime.now(UTC).isoformat(timespec="seconds"),
        "settings": _settings(state),
        "link_query": to_query(state),
        "layer_dims": [int(n) for n in result.layer_dims],
        "hidden_activation": result.activation,
        "output_activation": "sigmoid",
        "iterations_done": int(final.iteration),
        "stopped_early": bool(result.stopped_early),
        "final_cost": float(final.cost),
        "final_train_accuracy_percent": float(final.accuracy),
        "shapes": {k: list(v.shape) for k, v in final.params.items()},
        "params": {k: np.asarray(v).tolist() for k, v in final.params.items()},
    }
    return json.dumps(body, indent=1)


# ---------------------------------------------------------------- the NumPy script

_SCRIPT_HEAD = Template('''"""Backprop Lab, exported: $title.

Reproduces the app's training for these settings with NumPy only:
$settings
Run it with `python $file_name`. The printed costs match the app's.
Notation: X (n_x, m) with one example per column, W[l] (n[l], n[l-1]), b[l] (n[l], 1),
dZ per example (no 1/m), dW = (1/m) dZ A_prevᵀ, db = (1/m) Σ dZ.
"""

import sys

import numpy as np
''')

_SCRIPT_MODEL = Template('''

def split(X, Y, test_frac, seed):
    """Hold out round(test_frac · m) random examples, as the app does; keep the order."""
    order = np.random.default_rng(seed).permutation(X.shape[1])
    n_test = int(round(test_frac * X.shape[1]))
    train = np.sort(order[n_test:])
    return X[:, train], Y[:, train]


def init_params(layer_dims, seed, init):
    """Random weights, zero biases; the same draws as np.random.seed(seed) + randn."""
    rng = np.random.RandomState(seed)
    params = {}
    for l in range(1, len(layer_dims)):
        n, n_prev = layer_dims[l], layer_dims[l - 1]
        scale = {"course": 0.01, "xavier": np.sqrt(1 / n_prev), "he": np.sqrt(2 / n_prev)}[init]
        params[f"W{l}"] = rng.randn(n, n_prev) * scale
        params[f"b{l}"] = np.zeros((n, 1))
    return params


def sigmoid(Z):
    """σ(z) = 1 / (1 + e^(-z)). For z < -709, e^(-z) overflows to inf and σ is 0, as it should."""
    return 1 / (1 + np.exp(-Z))


def g(Z):
    """The hidden activation ($activation)."""
    return $g_forward


def g_prime_from_A(A):
    """g'(Z) written with A = g(Z), as the course does."""
    return $g_prime


def forward(X, params, L):
    cache = {"A0": X}
    for l in range(1, L + 1):
        Z = params[f"W{l}"] @ cache[f"A{l - 1}"] + params[f"b{l}"]
        cache[f"Z{l}"] = Z
        cache[f"A{l}"] = sigmoid(Z) if l == L else g(Z)
    return cache


def compute_cost(ZL, Y):
    """Cross-entropy J = mean of −[y log a + (1−y) log(1−a)], computed from the logit z:
    the loss is log(1 + e^(−z)) when y = 1 and log(1 + e^z) when y = 0, exact for any z."""
    return float(np.sum(np.logaddexp(0, (1 - 2 * Y) * ZL))) / Y.shape[1]


def backward(Y, params, cache, L):
    m = Y.shape[1]
    grads = {}
    dZ = cache[f"A{L}"] - Y  # dZ[L] = A[L] − Y, per example
    for l in range(L, 0, -1):
        A_prev = cache[f"A{l - 1}"]
        grads[f"dW{l}"] = (dZ @ A_prev.T) * (1 / m)
        grads[f"db{l}"] = np.sum(dZ, axis=1, keepdims=True) * (1 / m)
        if l > 1:
            dA_prev = params[f"W{l}"].T @ dZ  # dA[l-1] = W[l]ᵀ dZ[l]
            dZ = dA_prev * g_prime_from_A(A_prev)  # dZ[l-1] = dA[l-1] * g'(Z[l-1])
    return grads


def train(X, Y, layer_dims, learning_rate, iterations, seed, init, print_every):
    params = init_params(layer_dims, seed, init)
    L = len(layer_dims) - 1
    limit = np.inf
    np.seterr(over="ignore")  # e^z overflowing to inf still gives the right σ and tanh
    for i in range(iterations + 1):
        cache = forward(X, params, L)
        cost = compute_cost(cache[f"Z{L}"], Y)
        if not cost <= limit:  # NaN or exploding: the app stops here too
            print(f"Stopped: the cost became {cost} at iteration {i}.")
            break
        if i == 0:
            limit = min(max(1e3, 100 * cost), sys.float_info.max)
        if i % print_every == 0 or i == iterations:
            print(f"Cost after iteration {i}: {cost:.6f}")
        if i == iterations:
            break
        grads = backward(Y, params, cache, L)
        params = {k: params[k] - learning_rate * grads["d" + k] for k in params}
    return params, cache


if __name__ == "__main__":
    X, Y = $load_data
    X, Y = split(X, Y, test_frac=$test_frac, seed=$data_seed)
    params, cache = train(X, Y, layer_dims=$layer_dims, learning_rate=$lr,
                          iterations=$iters, seed=$seed, init=$init,
                          print_every=$print_every)
    accuracy = float(np.mean((cache["A$L"] > 0.5) == Y) * 100)
    print(f"Training accuracy: {accuracy:.2f} %")
''')

_G = {
    # tanh z written as 1 − 2 / (1 + e^{2z}), the form the app's training loop uses
    "tanh": ("1 - 2 / (1 + np.exp(2 * Z))", "1 - A * A"),
    "sigmoid": ("sigmoid(Z)", "(1 - A) * A"),
    "relu": ("np.maximum(Z, 0)", "(A > 0).astype(float)"),
    "leaky_relu": ("np.maximum(Z, 0.01 * Z)", "np.maximum((A > 0).astype(float), 0.01)"),
}


def _data_source(state: State, custom: tuple[np.ndarray, np.ndarray] | None) -> tuple[str, str]:
    """(definitions, expression) that rebuild the data set the app trains on."""
    if state.dataset == "custom" and custom is not None:
        X, Y = custom
        rows = ",\n    ".join(f"[{', '.join(repr(float(v)) for v in row)}]" for row in X)
        labels = ", ".join(str(int(v)) for v in Y[0])
        text = f"\n\nX_DATA = np.array([\n    {rows},\n])\nY_DATA = np.array([[{labels}]], float)\n"
        return text, "X_DATA, Y_DATA"
    name = "flower" if state.dataset == "custom" else state.dataset
    maker = getattr(engine_datasets, f"_{name}")
    # The engine's own generator, verbatim, so the points are the app's points.
    sources = [inspect.getsource(f) for f in (engine_datasets._sizes, engine_datasets._stack,
                                              maker)]
    argument = repr(state.data_seed) if name == "flower" else (
        f"np.random.default_rng({state.data_seed!r})")
    call = f"_{name}({state.train_m!r}, {state.noise!r}, {argument})"
    return "\n\n" + "\n\n".join(s.rstrip() for s in sources) + "\n", call


def python_script(state: State, custom: tuple[np.ndarray, np.ndarray] | None = None) -> str:
    """A NumPy-only script that trains this configuration and prints the app's costs."""
    data_defs, load = _data_source(state, custom)
    g_forward, g_prime = _G[state.activation]
    model = {f.name for f in FIELDS if f.group != "view"}
    settings = "\n".join(f"  {k} = {v}" for k, v in to_query(state).items() if k in model)
    settings = settings or "  (the app's defaults)"
    head = _SCRIPT_HEAD.substitute(title=_title(state), settings=settings,
                                   file_name="backprop_lab_network.py")
    values = {"test_frac": state.test_frac, "data_seed": state.data_seed,
              "layer_dims": state.layer_dims, "lr": state.lr, "iters": state.iters,
              "seed": state.seed, "init": state.init, "print_every": print_every(state.iters)}
    body = _SCRIPT_MODEL.substitute(
        {k: repr(v) for k, v in values.items()}, activation=state.activation,
        g_forward=g_forward, g_prime=g_prime, load_data=load, L=len(state.layer_dims) - 1)
    return head + data_defs + body


def _title(state: State) -> str:
    dims = " → ".join(str(n) for n in state.layer_dims)
    return (f"{dims} network, {state.activation} hidden units, {state.dataset} data, "
            f"α = {state.lr:g}, {state.iters} iterations")


# ---------------------------------------------------------------- the page section

def render(state: State) -> None:
    """Page 13's export section: three downloads, built only when clicked."""
    result = compute.training(state)
    data = compute.dataset(state)
    custom = compute.custom_data() if state.dataset == "custom" else None
    final = result.snapshots[-1]
    st.markdown(f"For the current settings: {_title(state)}. After {final.iteration} "
                f"iterations the cost is **{final.cost:.4f}** and the training accuracy "
                f"**{final.accuracy:.1f} %**.")
    if result.stopped_early:
        st.warning(f"Training stopped early: {result.stop_reason}.", icon=":material/warning:")
    anim, weights, script = st.columns(3)
    with anim:
        st.markdown("**The animation, for slides**")
        st.caption(f"One HTML file (about 7 MB, Plotly included) that plays the boundary over "
                   f"{len(result.snapshots)} frames offline, with play/pause and a slider.")
        st.download_button("Download the animation (HTML)",
                           lambda: animation_html(result, data, state),
                           file_name="backprop_lab_animation.html", mime="text/html",
                           key="export_animation", icon=":material/movie:", on_click="ignore",
                           width="stretch")
    with weights:
        st.markdown("**The trained weights**")
        st.caption("JSON: W1, b1, … of the final network as nested lists, with their shapes "
                   "and every setting.")
        st.download_button("Download the weights (JSON)", lambda: weights_json(result, state),
                           file_name="backprop_lab_weights.json", mime="application/json",
                           key="export_weights", icon=":material/data_object:",
                           on_click="ignore", width="stretch")
    with script:
        st.markdown("**This network as a Python script**")
        st.caption(f"NumPy only: the data, the initialisation and the loop. It prints the cost "
                   f"every {print_every(state.iters)} iterations, the same numbers as here.")
        st.download_button("Download the script (.py)", lambda: python_script(state, custom),
                           file_name="backprop_lab_network.py", mime="text/x-python",
                           key="export_script", icon=":material/code:", on_click="ignore",
                           width="stretch")
    with st.expander("Read the script"):
        st.code(python_script(state, custom), language="python", line_numbers=True)
