"""The training playground: watch gradient descent learn 2D data, frame by frame.

Training runs once per settings (compute.training, cached and shared by a class) and
ui/animation.py plays it in the browser. The charts below the animation show one frame,
`state.frame`, chosen with a slider; they live in a fragment so moving the slider never
re-sends the animation.
"""

from __future__ import annotations

import random

import numpy as np
import plotly.graph_objects as go
import streamlit as st
from plotly.subplots import make_subplots

import engine
from ui import animation, compute, figures, settings
from ui.state import LEARNING_RATES, State, to_query

NEURON_GRID = 40
MAX_NEURONS = 12
SWEEP_SIZES = (1, 2, 3, 4, 5, 20, 50)
PROBE_ITERS = 300  # trial length when looking for a learning rate that does not blow up
SWEEP_ITERS = 5_000
COURSE_PRESET = {"dataset": "flower", "n_h": 4, "layers": 1, "activation": "tanh", "lr": 1.2,
                 "iters": 10_000, "init": "course", "seed": 2, "data_seed": 1, "noise": 0.2,
                 "train_m": 400, "test_frac": 0.0}
REPLAY_KEY = "playground_replay"  # bumps when a reset asks the player to start over
AUTOPLAY_KEY = "playground_autoplay"  # set by a reset, consumed by the next run
INSIDE_KEY = "playground_inside"  # the charts' expander stays open once opened
TAB_KEY = "playground_tab"  # which view tab is open (only that one is drawn)
SWEEP_KEY = "playground_sweep"  # the settings the sweep was last run for
CACHE = {"max_entries": 16, "ttl": 3600, "show_spinner": False}


def is_course(state: State) -> bool:
    return all(getattr(state, k) == v for k, v in COURSE_PRESET.items())


def render(state: State) -> None:
    _controls(state)
    try:
        data = compute.dataset(state)
        result = compute.training(state)
    except ValueError as err:  # e.g. a custom data set with one class
        st.error(f"These settings cannot be trained: {err}")
        return
    _stop_notice(state, result, data)
    stopped = None
    if result.stopped_early:
        stopped = (f"Training stopped at iteration {result.stop_iteration:,}: "
                   f"{_plain_reason(result)}. The frames end there.")
    body = animation.trajectory_payload(data, _key(state), result, stopped)
    # A new id makes the player start over; the same id keeps a running animation going.
    # It opens on the URL's frame (by default the trained network); Play replays from 0.
    replay = st.session_state.get(REPLAY_KEY, 0)
    body = {**body, "id": f"{body['id']}-{replay}", "start_frame": state.frame,
            "autoplay": bool(st.session_state.pop(AUTOPLAY_KEY, False))}
    animation.render(body)
    _frame_views()
    _course_experiment(state, result, data)


# --------------------------------------------------------------------- controls


def _controls(state: State) -> None:
    layers = f"{state.layers} hidden layer{'s' if state.layers > 1 else ''}"
    row = st.container(horizontal=True, vertical_alignment="center", key="playground_controls")
    row.button("Course preset", key="preset_course", icon=":material/school:",
               on_click=_course_preset, disabled=is_course(state),
               help="The assignment's run: flower, n_h = 4, tanh, α = 1.2, 10 000 iterations, "
                    "seed 2.")
    row.button("Reset: same start", key="reset_same", icon=":material/replay:",
               on_click=_replay, args=(state,),
               help="Keep the initial weights and replay from iteration 0 (training is "
                    "deterministic for a given seed).")
    row.button("Reset: new seed", key="reset_new_seed", icon=":material/casino:",
               on_click=_new_seed, args=(state,),
               help="Draw fresh initial weights and train again.")
    row.caption(
        f"**{state.dataset.replace('_', ' ')}**, {state.train_m} points · {layers} × "
        f"{state.n_h} **{state.activation}** units · α = **{state.lr:g}** · "
        f"{state.iters:,} iterations · {state.init} init, seed {state.seed}", width="stretch")


def _course_preset() -> None:
    settings.update_state(**COURSE_PRESET)


def _replay(state: State) -> None:
    st.session_state[REPLAY_KEY] = st.session_state.get(REPLAY_KEY, 0) + 1
    st.session_state[AUTOPLAY_KEY] = True
    settings.update_state(frame=0)


def _new_seed(state: State) -> None:
    seed = state.seed
    while seed == state.seed:
        seed = random.randrange(100_000)
    _replay(state)
    settings.update_state(seed=seed)


def _stop_notice(state: State, result, data: dict[str, np.ndarray]) -> None:
    if not result.stopped_early:
        return
    safer = _safer_rate(data, _key(state))
    tips = [f"a smaller learning rate, α = {safer:g}" if safer else "a smaller learning rate",
            "fewer hidden layers" if state.layers > 1 else "",
            "tanh or the course init" if state.activation == "relu" else ""]
    st.error(
        f"**Training stopped at iteration {result.stop_iteration:,}** of {state.iters:,}: "
        f"{_plain_reason(result)}. Each step of size α jumped past the valley of the cost "
        "instead of down into it, and the jumps grew. The animation and the charts show the "
        f"{len(result.snapshots)} frames before that point. Try "
        f"{', or '.join(t for t in tips if t)}.", icon=":material/error:")
    if safer:
        st.button(f"Try α = {safer:g}", key="try_lower_lr", icon=":material/south:",
                  on_click=settings.update_state, kwargs={"lr": safer},
                  help=f"The largest smaller rate that ran {PROBE_ITERS} iterations without "
                       "blowing up.")


@st.cache_data(**CACHE)
def _safer_rate(data: dict[str, np.ndarray], key: tuple) -> float | None:
    """The largest offered α below the current one that survives a short trial run."""
    layers, n_h, activation, lr, iters, seed, init = key
    for rate in sorted((r for r in LEARNING_RATES if r < lr), reverse=True):
        trial = engine.train(data["X"], data["Y"], hidden_sizes=[n_h] * layers,
                             activation=activation, learning_rate=rate,
                             iterations=min(iters, PROBE_ITERS), seed=seed, init=init, frames=2)
        if not trial.stopped_early:
            return rate
    return None


def _plain_reason(result) -> str:
    text = str(result.stop_reason or "")
    start = float(result.costs[0]) if len(result.costs) else float("nan")
    if "NaN" in text or "nan" in text:
        return "the cost stopped being a number (it overflowed to infinity or NaN)"
    if "exploded" in text:
        return f"the cost shot above 1 000 (it started at {start:.3f})"
    if "parameters" in text:
        return "the weights grew so large they overflowed"
    return text or "the cost stopped being a finite number"


# ------------------------------------------------------------------ trajectory


def _key(state: State) -> tuple:
    """The settings a training run depends on: the cache key of its animation."""
    return state.subset("layers", "n_h", "activation", "lr", "iters", "seed", "init")


# ----------------------------------------------------------------- frame views


@st.fragment
def _frame_views() -> None:
    state = settings.get_state()
    data, result = compute.dataset(state), compute.training(state)
    snaps = result.snapshots
    i = min(state.frame, len(snaps) - 1)
    snap = snaps[i]
    st.subheader("Inside the network at one moment")
    st.session_state["w_frame"] = i
    st.select_slider(
        "Look inside the network at iteration", options=list(range(len(snaps))),
        format_func=lambda k: f"{snaps[k].iteration:,}", key="w_frame", on_change=_commit_frame,
        help="The animation above plays on its own; this picks the frame that the link to "
             "the chain-rule walk and the charts below show.")
    settings.sync_url(settings.get_state())
    _walk_link(state, snap.iteration)
    # Closed until asked for, and lazy inside: Plotly's bundle is large, and loading it with
    # the page held the animation's first paint back by seconds (measured on 2 busy cores).
    st.session_state["w_inside"] = st.session_state.get(INSIDE_KEY, False)
    inside = st.expander("Charts at this frame: cost and accuracy · the hidden layer's view · "
                         "each hidden unit · gradient health", icon=":material/insights:",
                         key="w_inside", on_change=_remember_inside)
    if not inside.open:
        return
    with inside:
        # Lazy tabs: only the open one is computed and sent, so a slider move redraws one chart.
        views = {"Cost and accuracy": lambda: st.plotly_chart(
                     _cost_figure(snaps, i), config=figures.CHART_CONFIG, key="cost_curve"),
                 "Hidden layer's view": lambda: _hidden_view(state, data, snap.params),
                 "Each hidden unit": lambda: _neuron_view(state, data, snap.params),
                 "Gradient health": lambda: _gradient_view(state, data, snaps, i)}
        tabs = st.tabs(list(views), key=TAB_KEY, on_change="rerun")
        for tab, draw in zip(tabs, views.values(), strict=True):
            if tab.open:
                with tab:
                    draw()


def _remember_inside() -> None:
    st.session_state[INSIDE_KEY] = st.session_state["w_inside"]


def _commit_frame() -> None:
    settings.update_state(frame=st.session_state["w_frame"])


def _walk_link(state: State, iteration: int) -> None:
    query = to_query(state.replace(at=iteration))
    if state.layers == 1:
        st.page_link("pages/01_Forward_pass.py", icon=":material/link:", query_params=query,
                     label=f"Walk the chain rule through this network at iteration {iteration:,}")
    else:
        st.page_link("pages/10_Deeper_networks.py", icon=":material/link:", query_params=query,
                     label=f"See backprop through all {state.layers} hidden layers")
        st.caption("The step-by-step walk follows the course's one-hidden-layer network, so a "
                   "deeper net links to the page that repeats the same steps layer by layer.")


def _cost_figure(snaps, i: int) -> go.Figure:
    its = [s.iteration for s in snaps]
    fig = make_subplots(rows=1, cols=2, subplot_titles=("Cost J", "Accuracy (%)"),
                        horizontal_spacing=0.1)
    series = [("train", "cost", "accuracy", figures.NEUTRAL, None)]
    if snaps[0].test_cost is not None and np.isfinite(snaps[0].test_cost):
        series.append(("test", "test_cost", "test_accuracy", figures.ACCENT, "dash"))
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
                hovertemplate=f"{name} %{{y:.4f}} at iteration %{{x}}<extra></extra>"),
                row=1, col=col)
    for col in (1, 2):
        fig.add_vline(x=its[i], line={"color": figures.CLASS_COLORS[0], "width": 1.5},
                      row=1, col=col)
        fig.update_xaxes(title="iteration", row=1, col=col)
    fig.update_yaxes(rangemode="tozero", row=1, col=1)
    fig.update_yaxes(range=[0, 101], row=1, col=2)
    fig.update_layout(legend={"orientation": "h", "y": -0.25})
    return figures.base_layout(fig, None, 330)


def _finite(values) -> list[float | None]:
    """Plotly draws a gap for None; NaN must never reach a chart."""
    return [float(v) if v is not None and np.isfinite(v) else None for v in values]


def _hidden_view(state: State, data: dict[str, np.ndarray], params: dict) -> None:
    A = engine.hidden_activations(data["X"], params, state.activation)[-1]
    n, L = A.shape[0], len(state.layer_dims) - 1  # A is A[L-1], the last hidden layer
    st.markdown(
        f"Each training point placed by what the **last hidden layer** (A{L - 1}) outputs for "
        "it. The output unit can only draw a straight line (a plane) in this space: training "
        "bends the input plane until such a line separates the classes.")
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

    labels = data["Y"].ravel()
    if len(chosen) == 3:
        fig = go.Figure()
        for cls in (0, 1):
            a = A[np.array(chosen) - 1][:, labels == cls]
            fig.add_trace(go.Scatter3d(x=a[0], y=a[1], z=a[2], mode="markers", name=f"y = {cls}",
                                       marker={"size": 3, "color": figures.CLASS_COLORS[cls]}))
        fig.update_layout(scene={"xaxis_title": axis(chosen[0]), "yaxis_title": axis(chosen[1]),
                                 "zaxis_title": axis(chosen[2])})
    else:
        u = chosen[0] - 1
        v = chosen[1] - 1 if len(chosen) > 1 else None
        spread = np.random.default_rng(0).uniform(-1, 1, A.shape[1])  # one unit: a strip
        fig = _scatter(np.vstack([A[u], A[v] if v is not None else spread]), labels)
        if v is not None and n == 2:  # with two units the output's boundary is exactly a line
            W, b = params[f"W{L}"].ravel(), float(params[f"b{L}"][0, 0])
            _boundary_line(fig, W[u], W[v], b, A[u], A[v])
        fig.update_xaxes(title=axis(chosen[0]))
        fig.update_yaxes(title=axis(chosen[1]) if v is not None else "(spread for legibility)")
    st.plotly_chart(figures.base_layout(fig, None, 440), config=figures.CHART_CONFIG,
                    key="hidden_view")
    if n > 2:
        st.caption(f"This layer has {n} units, so this is a shadow of a {n}-dimensional space: "
                   "classes that overlap here may be apart along the other units. With "
                   "n_h = 2 the dashed line is exactly where the output flips.")


def _scatter(P: np.ndarray, labels: np.ndarray) -> go.Figure:
    """Points P (2, m) by class, as SVG: a few hundred points need no WebGL context."""
    fig = go.Figure()
    for cls in (0, 1):
        pts = P[:, labels == cls]
        fig.add_trace(go.Scatter(
            x=pts[0], y=pts[1], mode="markers", name=f"y = {cls}", opacity=0.75,
            marker={"color": figures.CLASS_COLORS[cls], "size": 7,
                    "line": {"color": "white", "width": 0.5}}))
    return fig


def _boundary_line(fig: go.Figure, wu: float, wv: float, b: float, au, av) -> None:
    if abs(wv) < 1e-12:
        return
    xs = np.linspace(float(au.min()), float(au.max()), 50)
    ys = -(wu * xs + b) / wv
    keep = (ys >= av.min() - 0.2) & (ys <= av.max() + 0.2)
    fig.add_trace(go.Scatter(x=xs[keep], y=ys[keep], mode="lines", name="output boundary",
                             line={"color": figures.NEUTRAL, "dash": "dash", "width": 2}))


def _neuron_view(state: State, data: dict[str, np.ndarray], params: dict) -> None:
    W, b = params["W1"], params["b1"]
    n = min(W.shape[0], MAX_NEURONS)
    xlim, ylim = animation.limits(data)
    xs, ys = np.linspace(*xlim, NEURON_GRID), np.linspace(*ylim, NEURON_GRID)
    G = np.stack([a.ravel() for a in np.meshgrid(xs, ys)])  # (2, cells), rows follow x2
    g = engine.ACTIVATIONS[state.activation]
    A = g.forward(W[:n] @ G + b[:n]).reshape(n, NEURON_GRID, NEURON_GRID)
    dead = _dead_units(g.forward(W @ data["X"] + b), state.activation)
    st.markdown(
        f"What each unit of the **first hidden layer** outputs, a = {state.activation}(w·x + b), "
        "over the input plane. Each unit draws one line (where w·x + b = 0) and the layers "
        "after it combine the lines into the curved boundary above.")
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
    figures.base_layout(fig, None, 200 * rows + 50).update_layout(margin={"t": 40})
    st.plotly_chart(fig, config=figures.CHART_CONFIG, key="neuron_maps")
    if W.shape[0] > n:
        st.caption(f"Showing the first {n} of {W.shape[0]} units.")


def _activation_range(activation: str, A: np.ndarray):
    if activation == "tanh":
        return -1.0, 1.0, figures.SIGNED_SCALE
    if activation == "sigmoid":
        return 0.0, 1.0, figures.SIGNED_SCALE
    top = float(np.max(A)) if np.isfinite(A).all() and A.size else 1.0
    return -top, max(top, 1e-6), figures.SIGNED_SCALE


def _dead_units(A: np.ndarray, activation: str) -> np.ndarray:
    """A relu unit is dead when it outputs 0 for every training example: no gradient flows."""
    if activation not in {"relu", "leaky_relu"}:
        return np.zeros(A.shape[0], dtype=bool)
    return (A <= 0).all(axis=1)


def _gradient_view(state: State, data: dict[str, np.ndarray], snaps, i: int) -> None:
    its = [s.iteration for s in snaps]
    names = [f"dW{l + 1}" for l in range(len(snaps[0].grad_norms))]
    fig = go.Figure()
    palette = [figures.CLASS_COLORS[0], figures.ACCENT, figures.CLASS_COLORS[1], "#CC79A7",
               figures.NEUTRAL]
    for k, name in enumerate(names):
        values = _finite([s.grad_norms[k] if s.grad_norms[k] > 0 else None for s in snaps])
        fig.add_trace(go.Scatter(x=its, y=values, name=f"‖{name}‖", mode="lines",
                                 line={"color": palette[k % len(palette)], "width": 2.5}))
    fig.add_vline(x=its[i], line={"color": figures.NEUTRAL, "width": 1, "dash": "dot"})
    fig.update_yaxes(type="log", title="norm of dW (log scale)")
    fig.update_xaxes(title="iteration")
    st.markdown(
        "How big each layer's weight gradient is. Layers whose gradient is orders of magnitude "
        "smaller than the others' barely learn: with sigmoid in a deep net, each layer "
        "multiplies by σ′ ≤ 0.25 on the way back, so the first layers' gradients **vanish**.")
    st.plotly_chart(figures.base_layout(fig, None, 320), config=figures.CHART_CONFIG,
                    key="grad_norms")
    params = snaps[i].params
    acts = engine.hidden_activations(data["X"], params, state.activation)
    total = sum(a.shape[0] for a in acts)
    if state.activation in {"relu", "leaky_relu"}:
        dead = sum(int(_dead_units(a, state.activation).sum()) for a in acts)
        what = "dead" if state.activation == "relu" else "stuck on the 0.01 slope"
        st.metric(f"ReLU units {what} at iteration {its[i]:,}", f"{dead} of {total}",
                  help="A unit whose z is negative for every training example outputs 0 "
                       "everywhere, so its g′ is 0 and its weights never change again.")
    else:
        g = engine.ACTIVATIONS[state.activation]
        Zs = [engine.forward(data["X"], params, state.activation)[f"Z{l}"]
              for l in range(1, len(acts) + 1)]
        flat = np.mean([float(np.mean(g.derivative(Z) < 0.05)) for Z in Zs])
        st.metric(f"Saturated hidden outputs at iteration {its[i]:,}", f"{flat:.0%}",
                  help="Share of (unit, example) pairs where g′(z) < 0.05: the unit sits on a "
                       "flat part of its curve and passes almost no gradient back.")


# ------------------------------------------------------------ course experiment


def _course_experiment(state: State, result, data: dict[str, np.ndarray]) -> None:
    st.divider()
    st.subheader("The course's experiment")
    if is_course(state):
        costs = np.asarray(result.costs, dtype=float)
        rows = [(i, costs[i]) for i in range(0, min(len(costs), state.iters), 1000)]
        final = engine.accuracy(data["X"], data["Y"], result.params, state.activation)
        left, right = st.columns([1, 1.4])
        left.table({"Cost after iteration": [f"{r[0]:,}" for r in rows],
                    "J": [f"{r[1]:.6f}" for r in rows]}, hide_index=True, border="horizontal")
        # The notebook prints the accuracy as a whole number (%d), so 90.75 reads "90%".
        right.metric("Accuracy on the training points", f"{int(final)}%",
                     help=f"{final:.2f}% of the {data['X'].shape[1]} points, exactly.")
        right.markdown(
            "These are the numbers the assignment prints: the cost every 1 000 iterations, "
            "then the accuracy of the trained network on its own training set.")
    else:
        st.markdown(
            "The assignment trains a 4-unit tanh network on the flower data for 10 000 "
            "iterations with α = 1.2. Press **Course preset** at the top to load it and "
            "see the cost it prints every 1 000 iterations.")
    _sweep(state, data)


def _sweep(state: State, data: dict[str, np.ndarray]) -> None:
    key = (state.subset("activation", "lr", "seed", "init"), _data_id(data))
    with st.expander(f"Hidden-size sweep: n_h = {', '.join(map(str, SWEEP_SIZES))}",
                     expanded=st.session_state.get(SWEEP_KEY) == key):
        st.markdown(
            f"One hidden layer of each size, trained for {SWEEP_ITERS:,} iterations on these "
            f"data with {state.activation}, α = {state.lr:g} and seed {state.seed}, as the "
            "assignment's last experiment does. Small layers underfit; past a few units the "
            "accuracy stops improving.")
        if st.button("Run the sweep", key="sweep_run"):
            st.session_state[SWEEP_KEY] = key
        if st.session_state.get(SWEEP_KEY) != key:
            return
        bar = st.progress(0.0, text="Training…")
        runs = []
        for k, n_h in enumerate(SWEEP_SIZES):
            bar.progress(k / len(SWEEP_SIZES), text=f"Training n_h = {n_h}…")
            runs.append(_sweep_run(data, n_h, *key[0]))
        bar.empty()
        st.plotly_chart(_sweep_figure(runs, data), config=figures.CHART_CONFIG,
                        key="sweep_grid")


def _data_id(data: dict[str, np.ndarray]) -> str:
    return str(hash(data["X"].tobytes() + data["Y"].tobytes()))


@st.cache_data(max_entries=64, ttl=3600, show_spinner=False)
def _sweep_run(data: dict[str, np.ndarray], n_h: int, activation: str, lr: float, seed: int,
               init: str) -> dict[str, object]:
    result = engine.train(data["X"], data["Y"], hidden_sizes=[n_h], activation=activation,
                          learning_rate=lr, iterations=SWEEP_ITERS, seed=seed, init=init,
                          frames=2)
    xlim, ylim = animation.limits(data)
    xs, ys, P = engine.boundary_grid(result.params, activation, xlim, ylim, 50)
    return {"n_h": n_h, "xs": xs, "ys": ys, "P": P, "stopped": result.stopped_early,
            "accuracy": engine.accuracy(data["X"], data["Y"], result.params, activation)}


def _sweep_figure(runs: list[dict], data: dict[str, np.ndarray]) -> go.Figure:
    cols = 4
    rows = -(-len(runs) // cols)
    titles = [f"n_h = {r['n_h']}: {r['accuracy']:.1f}%" + (" (stopped)" if r["stopped"] else "")
              for r in runs]
    fig = make_subplots(rows=rows, cols=cols, subplot_titles=titles, horizontal_spacing=0.03,
                        vertical_spacing=0.1)
    labels = data["Y"].ravel()
    for k, r in enumerate(runs):
        row, col = k // cols + 1, k % cols + 1
        fig.add_trace(go.Heatmap(z=np.nan_to_num(r["P"], nan=0.5), x=r["xs"], y=r["ys"],
                                 zmin=0, zmax=1, colorscale=figures.PROBA_SCALE, zsmooth="best",
                                 showscale=False, opacity=0.8, hoverinfo="skip"), row, col)
        for cls in (0, 1):
            pts = data["X"][:, labels == cls]
            fig.add_trace(go.Scatter(x=pts[0], y=pts[1], mode="markers", showlegend=False,
                                       marker={"size": 3, "color": figures.CLASS_COLORS[cls]},
                                       hoverinfo="skip"), row, col)
    fig.update_xaxes(showticklabels=False)
    fig.update_yaxes(showticklabels=False)
    return figures.base_layout(fig, None, 250 * rows + 50).update_layout(margin={"t": 40})
