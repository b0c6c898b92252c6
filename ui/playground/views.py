"""The four charts behind the playground's frame slider, each for one frame of training.

Cost and accuracy over the run, the training points as the last hidden layer sees them, what
each first-layer unit outputs over the input plane, and how big each layer's gradient is.
Only the open tab is computed and sent, so a slider move redraws one chart.
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
import streamlit as st
from plotly.subplots import make_subplots

import engine
from ui.charts import style
from ui.playground import animation, classes, options
from ui.state import State

NEURON_GRID = 40
MAX_NEURONS = 12
TAB_KEY = "playground_tab"  # which view tab is open (only that one is drawn)


def show(ctx, state: State, data: dict[str, np.ndarray], snaps, i: int) -> None:
    """The view tabs at frame i of the snapshots; only the open tab is drawn.

    `ctx` (ui.shell.page.Context) gives the prose; `state` is the state now."""
    snap = snaps[i]
    unit = options.unit(ctx, state)  # "epoch" with mini-batches
    views = {"Cost and accuracy": lambda: st.plotly_chart(
                 _cost_figure(snaps, i, unit), config=style.CHART_CONFIG, key="cost_curve"),
             "Hidden layer's view": lambda: _hidden_view(ctx, state, data, snap.params),
             "Each hidden unit": lambda: _neuron_view(ctx, state, data, snap.params),
             "Gradient health": lambda: _gradient_view(ctx, state, data, snaps, i)}
    tabs = st.tabs(list(views), key=TAB_KEY, on_change="rerun")
    for tab, draw in zip(tabs, views.values(), strict=True):
        if tab.open:
            with tab:
                draw()


def _cost_figure(snaps, i: int, unit: str = "iteration") -> go.Figure:
    its = [s.iteration for s in snaps]
    fig = make_subplots(rows=1, cols=2, subplot_titles=("Cost J", "Accuracy (%)"),
                        horizontal_spacing=0.1)
    series = [("train", "cost", "accuracy", style.NEUTRAL, None)]
    if snaps[0].test_cost is not None and np.isfinite(snaps[0].test_cost):
        series.append(("test", "test_cost", "test_accuracy", style.ACCENT, "dash"))
    for name, cost, acc, colour, dash in series:
        for col, field in ((1, cost), (2, acc)):
            fig.add_trace(go.Scatter(
                x=its, y=_finite([getattr(s, field) for s in snaps]), name=name, mode="lines",
                line={"color": colour, "dash": dash, "width": 2.5}, legendgroup=name,
                showlegend=col == 1), row=1, col=col)
            value = getattr(snaps[i], field)
            fig.add_trace(go.Scatter(
                x=[its[i]], y=_finite([value]), mode="markers", showlegend=False,
                marker={"color": colour, "size": 11, "line": {"color": "white", "width": 1}},
                hovertemplate=f"{name} %{{y:.4f}} at {unit} %{{x}}<extra></extra>"),
                row=1, col=col)
    for col in (1, 2):
        fig.add_vline(x=its[i], line={"color": style.CLASS_COLORS[0], "width": 1.5},
                      row=1, col=col)
        fig.update_xaxes(title=unit, row=1, col=col)
    fig.update_yaxes(rangemode="tozero", row=1, col=1)
    fig.update_yaxes(range=[0, 101], row=1, col=2)
    fig.update_layout(legend={"orientation": "h", "y": -0.25})
    return style.base_layout(fig, None, 330)


def _finite(values) -> list[float | None]:
    """Plotly draws a gap for None; NaN must never reach a chart."""
    return [float(v) if v is not None and np.isfinite(v) else None for v in values]


def _hidden_view(ctx, state: State, data: dict[str, np.ndarray], params: dict) -> None:
    A = engine.hidden_activations(data["X"], params, state.activation)[-1]
    n, L = A.shape[0], len(state.layer_dims) - 1  # A is A[L-1], the last hidden layer
    K = data["Y"].shape[0]  # > 1: a softmax output with K classes
    st.markdown(ctx.text("hidden_view", layer=L - 1) if K == 1
                else ctx.text("hidden_view_classes", layer=L - 1, K=K))
    # Start with the two liveliest units: a dead or saturated unit makes a dull axis.
    liveliest = sorted(int(u) + 1 for u in np.argsort(-A.std(axis=1))[:2])
    options = list(range(1, n + 1))
    kept = [u for u in st.session_state.get("hidden_units", liveliest) if u in options]
    st.session_state["hidden_units"] = kept or liveliest
    chosen = st.multiselect("Hidden units on the axes (pick 2 or 3)", options, max_selections=3,
                            key="hidden_units", format_func=lambda u: f"unit {u}") or liveliest
    flat = A.std(axis=1) < 1e-9  # constant over the data: a dead relu unit, or unused

    def axis(unit: int) -> str:
        return f"unit {unit} of A{L - 1}" + (" (constant: dead)" if flat[unit - 1] else "")

    labels = classes.labels(data["Y"])
    if len(chosen) == 3:
        fig = go.Figure(class_traces(A[np.array(chosen) - 1], labels, go.Scatter3d, size=3))
        fig.update_layout(scene={"xaxis_title": axis(chosen[0]), "yaxis_title": axis(chosen[1]),
                                 "zaxis_title": axis(chosen[2])})
    else:
        u = chosen[0] - 1
        v = chosen[1] - 1 if len(chosen) > 1 else None
        spread = np.random.default_rng(0).uniform(-1, 1, A.shape[1])  # one unit: a strip
        # SVG, not plots.scatter_classes' WebGL: a few hundred points need no WebGL context.
        fig = go.Figure(class_traces(np.vstack([A[u], A[v] if v is not None else spread]),
                                     labels, outline=True, opacity=0.75))
        if v is not None and n == 2 and K == 1:  # two units: the output's boundary is a line
            W, b = params[f"W{L}"].ravel(), float(params[f"b{L}"][0, 0])
            _boundary_line(fig, W[u], W[v], b, A[u], A[v])
        fig.update_xaxes(title=axis(chosen[0]))
        fig.update_yaxes(title=axis(chosen[1]) if v is not None else "(spread for legibility)")
    st.plotly_chart(style.base_layout(fig, None, 440), config=style.CHART_CONFIG,
                    key="hidden_view")
    if n > 2:
        st.caption(ctx.text("hidden_shadow", units=n))


def class_traces(P: np.ndarray, labels: np.ndarray, trace=go.Scatter, size: int = 7,
                 outline: bool = False, **trace_style) -> list:
    """One marker trace per class for points P (2 or 3 rows: x, y and maybe z; m columns).

    The look of plots.scatter_classes, but the trace type is a parameter: that one is always
    WebGL, and a few hundred points need no WebGL context (SVG), or need a third axis (3D).
    `labels` (m,) are class numbers 0..K−1; classes beyond 0 and 1 take CLASS_PALETTE's colours.
    """
    traces = []
    labels = np.asarray(labels).astype(int)
    for cls in range(max(2, int(labels.max(initial=1)) + 1)):  # K classes: K traces
        marker = {"color": classes.CLASS_PALETTE[cls], "size": size}
        if outline:
            marker["line"] = {"color": "white", "width": 0.5}
        axes = dict(zip("xyz", P[:, labels == cls], strict=False))
        traces.append(trace(**axes, mode="markers", name=f"y = {cls}", marker=marker,
                            **trace_style))
    return traces


def _boundary_line(fig: go.Figure, wu: float, wv: float, b: float, au, av) -> None:
    if abs(wv) < 1e-12:
        return
    xs = np.linspace(float(au.min()), float(au.max()), 50)
    ys = -(wu * xs + b) / wv
    keep = (ys >= av.min() - 0.2) & (ys <= av.max() + 0.2)
    fig.add_trace(go.Scatter(x=xs[keep], y=ys[keep], mode="lines", name="output boundary",
                             line={"color": style.NEUTRAL, "dash": "dash", "width": 2}))


def _neuron_view(ctx, state: State, data: dict[str, np.ndarray], params: dict) -> None:
    W, b = params["W1"], params["b1"]
    n = min(W.shape[0], MAX_NEURONS)
    xlim, ylim = animation.limits(data)
    xs, ys = np.linspace(*xlim, NEURON_GRID), np.linspace(*ylim, NEURON_GRID)
    G = np.stack([a.ravel() for a in np.meshgrid(xs, ys)])  # (2, cells), rows follow x2
    g = engine.ACTIVATIONS[state.activation]
    A = g.forward(W[:n] @ G + b[:n]).reshape(n, NEURON_GRID, NEURON_GRID)
    dead = _dead_units(g.forward(W @ data["X"] + b), state.activation)
    st.markdown(ctx.text("neuron_view", activation=state.activation))
    cols = min(n, 4)
    rows = -(-n // cols)
    titles = [f"unit {k + 1}{' (dead)' if dead[k] else ''}" for k in range(n)]
    fig = make_subplots(rows=rows, cols=cols, subplot_titles=titles, horizontal_spacing=0.03,
                        vertical_spacing=0.08 if rows > 1 else 0.1)
    lo, hi, scale = _activation_range(state.activation, A)
    for k in range(n):
        fig.add_trace(go.Heatmap(
            z=A[k], x=xs, y=ys, zmin=lo, zmax=hi, colorscale=scale, showscale=k == 0,
            zsmooth="best", colorbar={"thickness": 10, "len": 0.8}, hovertemplate=(
                f"unit {k + 1}: a = %{{z:.3f}} at (%{{x:.2f}}, %{{y:.2f}})<extra></extra>")),
            row=k // cols + 1, col=k % cols + 1)
    fig.update_xaxes(showticklabels=False)
    fig.update_yaxes(showticklabels=False, scaleanchor=None)
    style.base_layout(fig, None, 200 * rows + 50).update_layout(margin={"t": 40})
    st.plotly_chart(fig, config=style.CHART_CONFIG, key="neuron_maps")
    if W.shape[0] > n:
        st.caption(ctx.text("neuron_subset", shown=n, units=W.shape[0]))


def _activation_range(activation: str, A: np.ndarray):
    if activation == "tanh":
        return -1.0, 1.0, style.SIGNED_SCALE
    if activation == "sigmoid":
        return 0.0, 1.0, style.SIGNED_SCALE
    top = float(np.max(A)) if np.isfinite(A).all() and A.size else 1.0
    return -top, max(top, 1e-6), style.SIGNED_SCALE


def _dead_units(A: np.ndarray, activation: str) -> np.ndarray:
    """A relu unit is dead when it outputs 0 for every training example: no gradient flows."""
    if activation not in {"relu", "leaky_relu"}:
        return np.zeros(A.shape[0], dtype=bool)
    return (A <= 0).all(axis=1)


def _gradient_view(ctx, state: State, data: dict[str, np.ndarray], snaps, i: int) -> None:
    its = [s.iteration for s in snaps]
    names = [f"dW{l + 1}" for l in range(len(snaps[0].grad_norms))]
    fig = go.Figure()
    palette = [style.CLASS_COLORS[0], style.ACCENT, style.CLASS_COLORS[1], "#CC79A7",
               style.NEUTRAL]
    for k, name in enumerate(names):
        values = _finite([s.grad_norms[k] if s.grad_norms[k] > 0 else None for s in snaps])
        fig.add_trace(go.Scatter(x=its, y=values, name=f"‖{name}‖", mode="lines",
                                 line={"color": palette[k % len(palette)], "width": 2.5}))
    fig.add_vline(x=its[i], line={"color": style.NEUTRAL, "width": 1, "dash": "dot"})
    fig.update_yaxes(type="log", title="norm of dW (log scale)")
    fig.update_xaxes(title=options.unit(ctx, state))
    st.markdown(ctx.text("gradient_view"))
    st.plotly_chart(style.base_layout(fig, None, 320), config=style.CHART_CONFIG,
                    key="grad_norms")
    params = snaps[i].params
    acts = engine.hidden_activations(data["X"], params, state.activation)
    total = sum(a.shape[0] for a in acts)
    if state.activation in {"relu", "leaky_relu"}:
        dead = sum(int(_dead_units(a, state.activation).sum()) for a in acts)
        what = "dead" if state.activation == "relu" else "stuck on the 0.01 slope"
        st.metric(f"ReLU units {what} at {options.unit(ctx, state)} {its[i]:,}",
                  f"{dead} of {total}",
                  help=ctx.text("dead_help"))
    else:
        g = engine.ACTIVATIONS[state.activation]
        cache = engine.forward(data["X"], params, state.activation)
        Zs = [cache[f"Z{l}"] for l in range(1, len(acts) + 1)]
        flat = np.mean([float(np.mean(g.derivative(Z) < 0.05)) for Z in Zs])
        st.metric(f"Saturated hidden outputs at {options.unit(ctx, state)} {its[i]:,}",
                  f"{flat:.0%}",
                  help=ctx.text("saturated_help"))
