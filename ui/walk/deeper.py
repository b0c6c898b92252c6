"""10 · Deeper networks: the same two moves, repeated for every hidden layer of a deeper
network, and why sigmoid makes the early layers' gradients fade."""

from __future__ import annotations

import math

import numpy as np
import plotly.graph_objects as go
import streamlit as st

import engine
from ui import compute, content, nav
from ui.charts import matrix, plots, replay, style
from ui.quiz.model import Question, ask, shape, shape_question
from ui.shell import session
from ui.state import FEEDS, FIELD_BY_NAME, State
from ui.walk import example, frame

DOC = nav.page("deeper").doc  # this step's prose, also read by `questions` (which has no ctx)
DEPTHS = (2, 3, 4)
DEFAULT_DEPTH = 3  # what the page shows while the rest of the walk uses one hidden layer
DEPTH_KEY = "deep_layers"
# Each activation with the initialisation designed for it, so the comparison is fair.
PAIRINGS = (("sigmoid", "xavier"), ("relu", "he"))
PAIR_COLORS = {"sigmoid": "#D55E00", "relu": style.ACCENT, "yours": style.NEUTRAL}
FORMULA = (r"dZ^{[l]} = W^{[l+1]T}dZ^{[l+1]} * g^{[l]\prime}(Z^{[l]}),\qquad "
           r"dW^{[l]} = \tfrac{1}{m}\,dZ^{[l]}A^{[l-1]T},\qquad "
           r"db^{[l]} = \tfrac{1}{m}\textstyle\sum_i dZ^{[l](i)}")


def depth_of(state: State) -> int:
    return state.layers if state.layers > 1 else DEFAULT_DEPTH


# ---------------------------------------------------------------- the numbers

def _uploaded(state: State) -> bool:
    return state.dataset == "custom" and session.custom_data() is not None


def _state_of(settings: tuple) -> State:
    return State(**dict(zip(FEEDS["deep"], settings, strict=True)))


def deep_network(state: State) -> dict:
    """The network of `state`'s depth after `state.at` iterations of training (as the walk's,
    compute.trained_params) on the walk's m examples, with its forward and backward pass and
    the sparse gradient check.

    Keys: X (2, m), Y (1, m), params, cache, grads (engine dicts for layer_dims
    [2, n_h, …, n_h, 1]), check (error, diff, floor, size, checked, skipped, count).
    """
    if _uploaded(state):  # uploaded points live in this session, not in the settings
        return _build_network(state)
    return _network_for(state.key("deep"))


@st.cache_data(**compute.CACHE)
def _network_for(settings: tuple) -> dict:
    return _build_network(_state_of(settings))


def _build_network(state: State) -> dict:
    X, Y = compute.walk_examples(state)
    dims, activation = state.layer_dims, state.activation
    params = compute.trained_params(state, tuple(dims[1:-1]))
    cache = engine.forward(X, params, activation)
    grads = engine.backward(X, Y, params, cache, activation)
    analytic, approx, skipped = engine.sparse_gradient_check(X, Y, params, grads, activation,
                                                             seed=state.seed)
    cost = engine.compute_cost(cache["AL"], Y, cache[f"Z{len(dims) - 1}"])
    check = {"error": engine.relative_error(analytic, approx),
             "diff": float(np.linalg.norm(analytic - approx)),
             "floor": rounding_floor(cost, analytic.size),
             "size": float(np.linalg.norm(analytic)), "checked": analytic.size,
             "skipped": skipped, "count": sum(p.size for p in params.values())}
    return {"X": X, "Y": Y, "params": params, "cache": cache, "grads": grads, "check": check}


def rounding_floor(cost: float, size: int, eps: float = engine.CHECK_EPS) -> float:
    """How far a correct finite difference can sit from the truth, from rounding alone.

    J carries about 16 significant digits, so J(θ ± ε) are each off by ~|J|·1e-16 and their
    difference, divided by 2ε, by ~|J|·1e-16/ε per entry (ten times that, to be safe).
    """
    return 10 * np.finfo(float).eps * max(abs(cost), 1e-3) / eps * math.sqrt(size)


def gradient_norms(X: np.ndarray, Y: np.ndarray, layer_dims: tuple[int, ...], activation: str,
                   init: str, seed: int) -> list[float]:
    """‖dW[l]‖ for l = 1…L of a freshly initialised network on X (2, m), Y (1, m)."""
    params = engine.init_params(list(layer_dims), seed=seed, init=init)
    grads = engine.backward(X, Y, params, engine.forward(X, params, activation), activation)
    return [float(np.linalg.norm(grads[f"dW{l}"])) for l in range(1, len(layer_dims))]


def layer_norms(state: State) -> list[float]:
    """gradient_norms for `state`'s depth, activation and init on its whole data set."""
    if _uploaded(state):
        return _build_norms(state)
    # Freshly initialised networks: α and `at` do not change them, so they share one entry.
    return _norms_for(state.replace(at=0, lr=FIELD_BY_NAME["lr"].default).key("deep"))


@st.cache_data(**compute.CACHE)
def _norms_for(settings: tuple) -> list[float]:
    return _build_norms(_state_of(settings))


def _build_norms(state: State) -> list[float]:
    data = compute.dataset(state.replace(test_frac=0.0))
    return gradient_norms(data["X"], data["Y"], tuple(state.layer_dims), state.activation,
                          state.init, state.seed)


# ---------------------------------------------------------------- the page

def depth_selector(ctx) -> int:
    depth = depth_of(ctx.state)
    st.session_state[DEPTH_KEY] = depth
    pinned = "layers" in ctx.state.hide
    st.segmented_control(
        "Hidden layers", DEPTHS, key=DEPTH_KEY, disabled=pinned,
        on_change=lambda: session.change(layers=st.session_state[DEPTH_KEY]),
        format_func=lambda d: f"{d} hidden layers",
        help=ctx.text("depth_pinned") if pinned else
        ctx.text("depth_help"))
    return depth


def render(ctx) -> None:
    depth = depth_selector(ctx)
    state = ctx.state.replace(layers=depth)  # the network this page shows
    dims = tuple(state.layer_dims)
    L = len(dims) - 1
    deep = deep_network(state)
    m = deep["X"].shape[1]
    replay.show(plots.network_diagram, list(dims), key="deep_network")
    ctx.markdown("network_trained" if state.at else "network_fresh", at=state.at, lr=state.lr)
    frame.formula(FORMULA)
    ctx.markdown("why", depth=depth, n_h=state.n_h, m=m)
    st.latex(recursion_latex(dims, m))

    st.subheader(ctx.text("shapes_heading"))
    st.dataframe(shape_rows(dims, m), hide_index=True, key="deep_shapes")
    st.caption(ctx.text("shapes_caption"))
    st.subheader(ctx.text("derivation_heading"))
    frame.derivation(ctx, ctx.lines("derivation", L=L, hidden=L - 1))

    _example(ctx, deep, L)
    _vanishing(ctx, state, dims)
    _check_caption(ctx, deep["check"])
    # The quiz asks about the depth this page shows, not the walk's one hidden layer.
    frame.quiz(ctx, questions, deep, layer_dims=list(dims))
    frame.footer(ctx)


def _check_caption(ctx, check: dict) -> None:
    """Like frame.check_caption, for the deep network's sampled entries: it agrees below
    engine.AGREE, or when the difference is within rounding of a gradient near zero."""
    ok = check["error"] < engine.AGREE or check["diff"] <= check["floor"]
    text = ctx.text("check", eps=engine.CHECK_EPS, **check)
    if check["error"] >= engine.AGREE and ok:
        text += " " + ctx.text("check_rounding", **check)
    if check["skipped"]:
        text += " " + ctx.text("check_skipped", skipped=check["skipped"])
    st.caption(f"{':material/check_circle:' if ok else ':material/warning:'} {text}")


def recursion_latex(dims: tuple[int, ...], m: int) -> str:
    """The backward pass for these layer sizes, one aligned line per layer, shapes underneath."""
    S, L = frame.shaped, len(dims) - 1
    lines = [rf"{S(f'dZ^{{[{L}]}}', (dims[L], m))} &= A^{{[{L}]}} - Y"]
    for l in range(L - 1, 0, -1):
        slope = f"g^{{[{l}]\\prime}}(Z^{{[{l}]}})"
        lines.append(
            rf"{S(f'dZ^{{[{l}]}}', (dims[l], m))} &= "
            rf"{S(f'W^{{[{l + 1}]T}}', (dims[l], dims[l + 1]))}\,"
            rf"{S(f'dZ^{{[{l + 1}]}}', (dims[l + 1], m))} * "
            rf"{S(slope, (dims[l], m))}")
    return r"\begin{aligned}" + r" \\[4pt] ".join(lines) + r"\end{aligned}"


def shape_rows(dims: tuple[int, ...], m: int) -> list[dict]:
    table = engine.shape_table(list(dims), m)
    L = len(dims) - 1

    def shape_of(name: str) -> str:
        row = table[name]
        return f"{row.shape}  = {row.symbol}"

    rows = []
    for l in range(1, L + 1):
        before = "X" if l == 1 else f"A{l - 1}"
        rows.append({"layer": f"{l} ({'output' if l == L else 'hidden'})",
                     "W, dW": shape_of(f"W{l}"), "b, db": shape_of(f"b{l}"),
                     "Z, A, dZ": shape_of(f"Z{l}"),
                     "dA": shape_of(f"dA{l}") if l < L else "— (dZ = A − Y directly)",
                     "input Aᵀ in dW = (1/m) dZ Aᵀ": f"{before}ᵀ {shape_of(before + 'T')}"})
    return rows


def _example(ctx, deep: dict, L: int) -> None:
    st.subheader(ctx.text("example_heading"))
    grads, cache, params = deep["grads"], deep["cache"], deep["params"]
    act = engine.ACTIVATIONS[ctx.state.activation]
    tabs = st.tabs([f"dZ[{l}]" for l in range(L, 0, -1)])
    for tab, l in zip(tabs, range(L, 0, -1), strict=True):
        with tab:
            matrix.show_matrix(grads[f"dZ{l}"], f"dZ{l}", f"deep_dZ{l}",
                               row_prefix="unit " if l < L else "out ")
            if l < L:
                st.caption(ctx.text("dz_caption", l=l, next=l + 1))
    i = example.pick_example(deep["Y"])
    checks = []
    for l in range(L - 1, 0, -1):
        # One column, one unit at a time: the scalar recursion the matrix form batches.
        dz_next, W = grads[f"dZ{l + 1}"][:, i], params[f"W{l + 1}"]
        gp = act.derivative(cache[f"Z{l}"][:, [i]])[:, 0]
        loop = [sum(W[k, j] * dz_next[k] for k in range(W.shape[0])) * gp[j]
                for j in range(W.shape[1])]
        checks.append((ctx.text("trace_check", l=l, next=l + 1, i=i + 1), loop,
                       grads[f"dZ{l}"][:, i]))
    example.show_checks(checks)


def _vanishing(ctx, state: State, dims: tuple[int, ...]) -> None:
    st.subheader(ctx.text("vanishing_heading"))
    series = {f"{act} + {init} init": (act, init, PAIR_COLORS[act]) for act, init in PAIRINGS}
    if (state.activation, state.init) not in PAIRINGS:
        series[f"yours: {state.activation.replace('_', ' ')} + {state.init} init"] = (
            state.activation, state.init, PAIR_COLORS["yours"])
    norms = {label: layer_norms(state.replace(activation=act, init=init))
             for label, (act, init, _) in series.items()}
    ctx.markdown("vanishing_why")
    replay.show(norm_bars, norms, {k: v[2] for k, v in series.items()}, key="deep_norms")
    sig, relu = (norms[f"{a} + {i} init"] for a, i in PAIRINGS)

    def ratio(values: list[float]) -> str:
        return (ctx.text("ratio", ratio=values[0] / values[-1]) if values[-1] > 0
                else ctx.text("no_gradient"))

    examples = compute.dataset(state.replace(test_frac=0.0))["X"].shape[1]
    ctx.markdown("vanishing_ratio", examples=examples, seed=state.seed, L=len(dims) - 1,
                 sigmoid=ratio(sig), relu=ratio(relu))
    if min(relu) == 0:
        ctx.markdown("dead_relu")
    if (state.activation, state.init) not in PAIRINGS and state.init == "course":
        ctx.markdown("course_init", largest=max(norms[list(norms)[-1]]))
    st.caption(ctx.text("vanishing_caption") + (
        " " + ctx.text("vanishing_caption_trained", at=state.at) if state.at else ""))


def norm_bars(norms: dict[str, list[float]], colors: dict[str, str]) -> go.Figure:
    fig = go.Figure()
    for label, values in norms.items():
        fig.add_trace(go.Bar(x=[f"dW{l}" for l in range(1, len(values) + 1)], y=values,
                             name=label, marker_color=colors[label],
                             text=[f"{v:.1e}" for v in values], textposition="outside",
                             textfont={"size": 11}, cliponaxis=False,
                             hovertemplate="%{x}: ‖·‖ = %{y:.3e}<extra>" + label + "</extra>"))
    fig.update_yaxes(type="log", title="‖dW[l]‖", exponentformat="power")
    fig.update_xaxes(title="layer (input side on the left, output on the right)")
    fig.update_layout(barmode="group", bargap=0.25, legend={"orientation": "h", "y": -0.22},
                      uniformtext={"minsize": 9, "mode": "hide"})
    return style.base_layout(fig, "Gradient size per layer, ‖dW[l]‖ (Frobenius norm)", 420)


# ---------------------------------------------------------------- quiz

def questions(walk: dict, live: dict) -> list[Question]:
    """Shapes and the parameter count of the deep network the page shows (live["layer_dims"])."""
    dims, m = live["layer_dims"], live["m"]
    L = len(dims) - 1
    l = max(1, L - 1)
    n_params = sum(dims[i] * dims[i - 1] + dims[i] for i in range(1, L + 1))
    terms = " + ".join(f"{dims[i]}·{dims[i - 1]} + {dims[i]}" for i in range(1, L + 1))
    return [
        # The helper writes "What is the shape of <name><expr>?": the expressions start with a
        # space, which the content file's sections cannot keep.
        shape_question(f"W{l}", " " + content.text(DOC, "quiz_weight_shape", dims=dims),
                       (dims[l], dims[l - 1]), [(dims[l - 1], dims[l]), (dims[l], m),
                                                (dims[l], 1)],
                       content.text(DOC, "quiz_weight_shape_why", inputs=dims[l - 1],
                                    previous=l - 1, units=dims[l], l=l)),
        shape_question(f"dA{L - 1} = W{L}ᵀ dZ{L}",
                       " " + content.text(DOC, "quiz_dA_shape", m=m),
                       (dims[L - 1], m), [(dims[L], m), (m, dims[L - 1]), (dims[L - 1], 1)],
                       content.text(DOC, "quiz_dA_shape_why", L=L, previous=L - 1,
                                    WT=shape(dims[L - 1], dims[L]), dZ=shape(dims[L], m))),
        ask(content.text(DOC, "quiz_parameters", dims=dims),
            str(n_params), [str(n_params - dims[-1]), str(sum(dims)), str(2 * n_params)],
            content.text(DOC, "quiz_parameters_why", terms=terms, total=n_params)),
    ]
