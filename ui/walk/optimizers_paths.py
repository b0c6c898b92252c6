"""The optimizers page's 2-parameter view (a helper of that step only): two weights of the
walk's network, the cost J over the plane they span with every other parameter fixed, and
the paths of gd, momentum, RMSprop and Adam from the same start at the same α."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
import streamlit as st

from ui.charts import replay, style
from ui.walk import optimizers_compute as oc

PREFIX = "optimizers_"
# Okabe–Ito colours, and a dash and a marker each, so the four paths differ without colour.
LOOK = {"gd": ("#000000", "solid", "circle"), "momentum": ("#0072B2", "dash", "square"),
        "rmsprop": ("#D55E00", "dot", "diamond"), "adam": ("#009E73", "dashdot", "triangle-up")}
# Light greys under the paths: the landscape stays readable and the paths stand out on it.
SURFACE = [[0.0, "#FFFFFF"], [1.0, "#8C8C8C"]]


def entry_name(W: str, i: int, j: int) -> str:
    return f"{W}[{i + 1}, {j + 1}]"


def pick(ctx, W: str, shape: tuple[int, int]) -> tuple[str, int, int]:
    """A weight of W, page-local (default row 1, column 1), as a coordinate (W, i, j)."""
    key, kept = f"{PREFIX}plane_{W}", f"{PREFIX}plane_{W}_choice"
    options = [(i, j) for i in range(shape[0]) for j in range(shape[1])]
    st.session_state[key] = st.session_state.get(kept, (0, 0))
    if st.session_state[key] not in options:
        st.session_state[key] = (0, 0)

    def keep() -> None:
        st.session_state[kept] = st.session_state[key]

    i, j = st.selectbox(ctx.text(f"plane_{W}_label"), options, key=key, on_change=keep,
                        format_func=lambda e: entry_name(W, *e))
    return W, int(i), int(j)


def render(ctx, walk: dict, c: dict) -> None:
    params = walk["params"]
    left, right = st.columns(2)
    with left:
        a = pick(ctx, "W1", params["W1"].shape)
    with right:
        b = pick(ctx, "W2", params["W2"].shape)
    coords = (a, b)
    view = oc.view(walk, ctx.state.activation, coords, c["alpha"], c["beta1"], c["beta2"])
    names = {o: ctx.text(f"name_{o}") for o in oc.OPTIMIZERS}
    replay.show(figure, view, names, key="opt_plane")
    ctx.markdown("plane_why", steps=oc.PATH_STEPS, alpha=c["alpha"], x=entry_name(*a),
                 y=entry_name(*b), beta1=c["beta1"], beta2=c["beta2"])
    st.caption(summary(ctx, view, names))


def figure(view: dict, names: dict) -> go.Figure:
    xs, ys, J = view["xs"], view["ys"], view["J"]
    (wa, ia, ja), (wb, ib, jb) = view["coords"]
    fig = go.Figure()
    finite = J[np.isfinite(J)]
    fig.add_trace(go.Contour(x=xs, y=ys, z=J, colorscale=SURFACE, ncontours=18,
                             contours={"showlabels": True, "labelfont": {"size": 10}},
                             colorbar={"title": {"text": "J"}, "thickness": 12},
                             zmin=float(finite.min()) if finite.size else None,
                             hovertemplate="%{x:.3f}, %{y:.3f}: J = %{z:.4f}<extra></extra>",
                             name="J"))
    for name, run in view["runs"].items():
        colour, dash, marker = LOOK[name]
        path = run["path"]
        fig.add_trace(go.Scatter(x=path[:, 0], y=path[:, 1], mode="lines+markers",
                                 name=names[name], line={"color": colour, "dash": dash,
                                                         "width": 2.5},
                                 marker={"symbol": marker, "size": 7, "color": colour}))
    fig.add_trace(go.Scatter(x=[view["start"][0]], y=[view["start"][1]], mode="markers",
                             name="start", marker={"symbol": "star", "size": 14,
                                                   "color": "#CC79A7",
                                                   "line": {"color": "#000000", "width": 1}}))
    fig.update_xaxes(title_text=entry_name(wa, ia, ja), range=[xs[0], xs[-1]])
    fig.update_yaxes(title_text=entry_name(wb, ib, jb), range=[ys[0], ys[-1]])
    style.base_layout(fig, height=460)
    return style.legend_below(fig, height=500)


def summary(ctx, view: dict, names: dict) -> str:
    xs, ys = view["xs"], view["ys"]
    parts = []
    for name, run in view["runs"].items():
        path, cost = run["path"], run["cost"]
        outside = bool(np.any((path[:, 0] < xs[0]) | (path[:, 0] > xs[-1]) |
                              (path[:, 1] < ys[0]) | (path[:, 1] > ys[-1])))
        stopped = len(cost) < oc.PATH_STEPS + 1
        parts.append(ctx.text("plane_run", name=names[name], cost=float(cost[-1]),
                              steps=len(cost) - 1,
                              note=ctx.text("plane_stopped") if stopped else
                              ctx.text("plane_outside") if outside else ""))
    return ctx.text("plane_caption", start=float(view["runs"]["gd"]["cost"][0]),
                    runs="; ".join(parts))
