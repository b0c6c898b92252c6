"""The offline animation: the decision boundary over training as one self-contained HTML
file (plotly.js inlined) with play/pause and a slider, for slides without a server.

Built from the cached TrainResult only when someone clicks the download button.
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

import engine
from ui.charts import plots, style
from ui.state import State

GRID = 60  # boundary resolution in the HTML: 100 frames stay near 2 MB of data


def _limits(X: np.ndarray) -> tuple[tuple[float, float], tuple[float, float]]:
    """Plot limits around the points with a margin, as the playground frames them."""
    xlim, ylim = engine.plot_extent(X)
    return xlim, ylim


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
                          colorscale=style.PROBA_SCALE, colorbar={"title": "A[L]"},
                          hovertemplate="x1 %{x:.2f}, x2 %{y:.2f}: P(y=1) = %{z:.3f}"
                                        "<extra></extra>")

    fig = go.Figure(heatmap(start))
    plots.scatter_classes(data["X"], data["Y"], fig)
    if data["X_test"].size:
        plots.scatter_classes(data["X_test"], data["Y_test"], fig, name_prefix="test ",
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
                  # The slider names a frame as it starts and the title once it is drawn,
                  # so while playing a slider read-out runs a frame ahead: the title alone
                  # says which iteration is on screen.
                  "currentvalue": {"visible": False}, "pad": {"t": 10},
                  "steps": [{"label": str(s.iteration), "method": "animate",
                             "args": [[str(k)], still]} for k, s in enumerate(snaps)]}],
        legend={"orientation": "h", "y": 1.02, "yanchor": "bottom", "x": 1, "xanchor": "right"},
    )
    # Equal units on both axes; the plot area shrinks to fit rather than padding the range.
    fig.update_xaxes(title="x1", range=list(xlim), constrain="domain")
    fig.update_yaxes(title="x2", range=list(ylim), scaleanchor="x", scaleratio=1,
                     constrain="domain")
    style.base_layout(fig, _frame_title(snaps[start]), 640)
    fig.update_layout(margin={"l": 40, "r": 20, "t": 90, "b": 110})
    return fig


def animation_html(result, data: dict[str, np.ndarray], state: State) -> str:
    """One self-contained HTML file (plotly.js inlined) that plays the animation offline."""
    fig = animation_figure(result, data, state)
    return fig.to_html(include_plotlyjs=True, full_html=True, auto_play=False,
                       config=style.CHART_CONFIG, div_id="backprop-lab-animation")
