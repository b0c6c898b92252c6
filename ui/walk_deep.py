"""Walk page 10: the same two moves, repeated for every hidden layer of a deeper network,
and why sigmoid makes the early layers' gradients fade."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
import streamlit as st

import engine
from ui import charts, compute, figures, settings, steppage, walk_check
from ui.state import State
from ui.walkkit import pick_example, show_checks, show_matrix

DEEP_SCRIPT = "pages/10_Deeper_networks.py"
DEPTHS = (2, 3, 4)
DEFAULT_DEPTH = 3  # what the page shows while the rest of the walk uses one hidden layer
DEPTH_KEY = "deep_layers"
# Each activation with the initialisation designed for it, so the comparison is fair.
PAIRINGS = (("sigmoid", "xavier"), ("relu", "he"))
PAIR_COLORS = {"sigmoid": "#D55E00", "relu": figures.ACCENT, "yours": figures.NEUTRAL}
CACHE = {"max_entries": 64, "ttl": 3600, "max_size": "64MB", "show_spinner": False}
SPOT_ENTRIES = 24  # entries per parameter the deep network's gradient check samples


def depth_of(state: State) -> int:
    return state.layers if state.layers > 1 else DEFAULT_DEPTH


@st.cache_data(**CACHE)
def deep_walk(X: np.ndarray, Y: np.ndarray, layer_dims: tuple[int, ...], activation: str,
              init: str, seed: int) -> dict:
    """Forward and backward pass of a freshly initialised deep network, with its check."""
    params = engine.init_params(list(layer_dims), seed=seed, init=init)
    cache = engine.forward(X, params, activation)
    grads = engine.backward(X, Y, params, cache, activation)
    analytic, approx, skipped = spot_check(X, Y, params, grads, activation, seed)
    cost = engine.compute_cost(cache["AL"], Y, cache[f"Z{len(layer_dims) - 1}"])
    check = {"error": engine.relative_error(analytic, approx),
             "diff": float(np.linalg.norm(analytic - approx)),
             "floor": walk_check.rounding_floor(cost, analytic.size),
             "size": float(np.linalg.norm(analytic)), "checked": analytic.size,
             "skipped": skipped,
             "count": sum(p.size for p in params.values())}
    return {"params": params, "cache": cache, "grads": grads, "check": check}


def spot_check(X: np.ndarray, Y: np.ndarray, params: dict, grads: dict, activation: str,
               seed: int) -> tuple[np.ndarray, np.ndarray, int]:
    """Backprop's and the centred difference's values at up to SPOT_ENTRIES random entries
    of every parameter, and how many entries were skipped for straddling a kink.

    A full check of a 4 × 50 network would take about 16,000 forward passes; a sample from
    every W and b catches the same formula mistakes. With relu, a nudge of ±ε can push some
    z across 0, where the slope jumps: such a difference measures the jump, not the slope,
    so the entry is left out (the units' on/off pattern must match on both sides).
    """
    rng = np.random.default_rng(seed)
    work = {k: np.array(v, dtype=np.float64) for k, v in params.items()}
    L = len(work) // 2
    kinked = activation in ("relu", "leaky_relu")

    def cost() -> tuple[float, bytes]:
        cache = engine.forward(X, work, activation)
        pattern = b"".join(np.packbits(cache[f"Z{l}"] > 0).tobytes() for l in range(1, L))
        return engine.compute_cost(cache["AL"], Y, cache[f"Z{L}"]), pattern

    analytic, approx, skipped = [], [], 0
    for name, theta in work.items():
        flat = theta.reshape(-1)  # a view: writing it nudges the parameter itself
        for idx in rng.choice(flat.size, size=min(SPOT_ENTRIES, flat.size), replace=False):
            saved = flat[idx]
            flat[idx] = saved + walk_check.EPS
            plus, up = cost()
            flat[idx] = saved - walk_check.EPS
            minus, down = cost()
            flat[idx] = saved
            if kinked and up != down:
                skipped += 1
                continue
            approx.append((plus - minus) / (2 * walk_check.EPS))
            analytic.append(grads["d" + name].reshape(-1)[idx])
    return np.array(analytic), np.array(approx), skipped


@st.cache_data(**CACHE)
def gradient_norms(X: np.ndarray, Y: np.ndarray, layer_dims: tuple[int, ...], activation: str,
                   init: str, seed: int) -> list[float]:
    """‖dW[l]‖ for l = 1…L of a freshly initialised network."""
    params = engine.init_params(list(layer_dims), seed=seed, init=init)
    grads = engine.backward(X, Y, params, engine.forward(X, params, activation), activation)
    return [float(np.linalg.norm(grads[f"dW{l}"])) for l in range(1, len(layer_dims))]


def _commit_depth() -> None:
    settings.update_state(layers=st.session_state[DEPTH_KEY])


def depth_selector(state: State) -> int:
    depth = depth_of(state)
    st.session_state[DEPTH_KEY] = depth
    pinned = "layers" in state.hide
    st.segmented_control(
        "Hidden layers", DEPTHS, key=DEPTH_KEY, on_change=_commit_depth, disabled=pinned,
        format_func=lambda d: f"{d} hidden layers",
        help="Pinned by this lesson." if pinned else
        "Kept in the link. Pages 1–9 always walk one hidden layer.")
    return depth


def render_deep(state: State) -> None:
    depth = depth_selector(state)
    dims = tuple([2] + [state.n_h] * depth + [1])
    L = len(dims) - 1
    X, Y = compute.walk_examples(state)
    m = X.shape[1]
    deep = deep_walk(X, Y, dims, state.activation, state.init, state.seed)
    charts.show(figures.network_diagram, list(dims), key="deep_network")
    steppage.formula(r"dZ^{[l]} = W^{[l+1]T}dZ^{[l+1]} * g^{[l]\prime}(Z^{[l]}),\qquad "
                     r"dW^{[l]} = \tfrac{1}{m}\,dZ^{[l]}A^{[l-1]T},\qquad "
                     r"db^{[l]} = \tfrac{1}{m}\textstyle\sum_i dZ^{[l](i)}")
    st.markdown(
        f"Steps 6 and 7 are one move each: through a weight matrix (transposed) and through "
        f"an activation (element-wise). A deeper network repeats the pair once per hidden "
        f"layer. With {depth} hidden layers of {state.n_h} units and m = {m}, the recursion "
        "runs from the output down:")
    st.latex(recursion_latex(dims, m))

    st.subheader("The shape of everything, layer by layer")
    st.dataframe(shape_rows(dims, m), hide_index=True, key="deep_shapes")
    st.caption("Every gradient has the shape of the thing it is the gradient of: dW[l] like "
               "W[l], dZ[l] and dA[l] like Z[l] and A[l].")
    st.subheader("Why the same formula works at every layer")
    steppage.derivation(_deep_lines(L), state, DEEP_SCRIPT)

    _deep_example(state, deep, X, Y, L)
    _vanishing(state, dims)
    _check_caption(deep["check"])
    # The quiz reads the depth from the state: give it the depth this page shows.
    steppage.quiz(state.replace(layers=depth), "deep", {**deep, "X": X, "Y": Y})
    steppage.footer(DEEP_SCRIPT)


def _check_caption(check: dict) -> None:
    """Like steppage.check_caption, for the deep network, judged the way page 9 explains."""
    judged = walk_check.verdict(check["error"], check["diff"], check["floor"])
    ok = judged.startswith("✓")
    text = (f"Backprop for this {check['count']}-parameter network is checked against centred "
            f"finite differences of J (ε = {walk_check.EPS:g}, float64) at {check['checked']} "
            "entries sampled from every W and b, stacked as the course does: relative error "
            f"{check['error']:.1e}")
    if check["error"] >= walk_check.GOOD and ok:
        text += (f". The gradients here are small (‖all‖ = {check['size']:.1e}), so the ratio "
                 f"mostly measures rounding: the absolute difference {check['diff']:.1e} is "
                 f"below the rounding floor {check['floor']:.1e} (see step 9)")
    if check["skipped"]:
        text += (f". {check['skipped']} sampled entries were left out because their ±ε nudge "
                 "switched a unit on or off: across relu's kink at z = 0 a finite difference "
                 "measures the jump in slope, not the slope")
    st.caption(f"{':material/check_circle:' if ok else ':material/warning:'} {text}.")


def recursion_latex(dims: tuple[int, ...], m: int) -> str:
    """The backward pass for these layer sizes, one aligned line per layer, shapes underneath."""
    S, L = steppage.shaped, len(dims) - 1
    lines = [rf"{S(f'dZ^{{[{L}]}}', (dims[L], m))} &= A^{{[{L}]}} - Y"]
    for l in range(L - 1, 0, -1):
        slope = "g^{\\prime}" + f"(Z^{{[{l}]}})"
        lines.append(
            rf"{S(f'dZ^{{[{l}]}}', (dims[l], m))} &= "
            rf"{S(f'W^{{[{l + 1}]T}}', (dims[l], dims[l + 1]))}\,"
            rf"{S(f'dZ^{{[{l + 1}]}}', (dims[l + 1], m))} * "
            rf"{S(slope, (dims[l], m))}")
    return r"\begin{aligned}" + r" \\[4pt] ".join(lines) + r"\end{aligned}"


def shape_rows(dims: tuple[int, ...], m: int) -> list[dict]:
    table = engine.shape_table(list(dims), m)
    L = len(dims) - 1

    def shape(name: str) -> str:
        row = table[name]
        return f"{row.shape}  = {row.symbol}"

    rows = []
    for l in range(1, L + 1):
        before = "X" if l == 1 else f"A{l - 1}"
        rows.append({"layer": f"{l} ({'output' if l == L else 'hidden'})",
                     "W, dW": shape(f"W{l}"), "b, db": shape(f"b{l}"),
                     "Z, A, dZ": shape(f"Z{l}"),
                     "dA": shape(f"dA{l}") if l < L else "— (dZ = A − Y directly)",
                     "input Aᵀ in dW = (1/m) dZ Aᵀ": f"{before}ᵀ {shape(before + 'T')}"})
    return rows


def _deep_lines(L: int) -> list[str]:
    return [
        r"Layer *l* computes $Z^{[l]} = W^{[l]}A^{[l-1]} + b^{[l]}$, then "
        r"$A^{[l]} = g(Z^{[l]})$: the same two operations as layers 1 and 2 of the walk.",
        r"Suppose $dZ^{[l+1]}$ is known. $A^{[l]}$ reaches the loss only through "
        r"$Z^{[l+1]}$, so step 6's argument gives $dA^{[l]} = W^{[l+1]T}dZ^{[l+1]}$.",
        r"$Z^{[l]}$ reaches the loss only through its own $A^{[l]} = g(Z^{[l]})$, so step 7's "
        r"argument gives $dZ^{[l]} = dA^{[l]} * g'(Z^{[l]})$.",
        r"Step 8's argument, with $A^{[l-1]}$ as the layer's input, gives "
        r"$dW^{[l]} = \frac{1}{m}dZ^{[l]}A^{[l-1]T}$ and "
        r"$db^{[l]} = \frac{1}{m}\sum_i dZ^{[l](i)}$.",
        rf"Start from $dZ^{{[{L}]}} = A^{{[{L}]}} - Y$ (step 4) and apply the pair "
        rf"{L - 1} times: that is backprop for {L - 1} hidden layers, and for any depth.",
    ]


def _deep_example(state: State, deep: dict, X: np.ndarray, Y: np.ndarray, L: int) -> None:
    st.subheader("Every layer's dZ, and one example traced down")
    grads, cache, params = deep["grads"], deep["cache"], deep["params"]
    act = engine.ACTIVATIONS[state.activation]
    tabs = st.tabs([f"dZ[{l}]" for l in range(L, 0, -1)])
    for tab, l in zip(tabs, range(L, 0, -1), strict=True):
        with tab:
            show_matrix(grads[f"dZ{l}"], f"dZ{l}", f"deep_dZ{l}",
                        row_prefix="unit " if l < L else "out ")
            if l < L:
                st.caption(f"dZ{l} = W{l + 1}ᵀ dZ{l + 1} * g′(Z{l}), per example (no 1/m).")
    i = pick_example(Y)
    checks = []
    for l in range(L - 1, 0, -1):
        # One column, one unit at a time: the scalar recursion the matrix form batches.
        dz_next, W = grads[f"dZ{l + 1}"][:, i], params[f"W{l + 1}"]
        gp = act.derivative(cache[f"Z{l}"][:, [i]])[:, 0]
        loop = [sum(W[k, j] * dz_next[k] for k in range(W.shape[0])) * gp[j]
                for j in range(W.shape[1])]
        checks.append((f"layer {l}: Σₖ W[{l + 1}]ₖⱼ dz[{l + 1}]ₖ · g′(z[{l}]ⱼ) for example "
                       f"{i + 1} = column {i + 1} of dZ{l}", loop, grads[f"dZ{l}"][:, i]))
    show_checks(checks)


def _vanishing(state: State, dims: tuple[int, ...]) -> None:
    st.subheader("Vanishing gradients, made visible")
    data = compute.dataset(state.replace(test_frac=0.0))
    X, Y = data["X"], data["Y"]
    series = {f"{act} + {init} init": (act, init, PAIR_COLORS[act]) for act, init in PAIRINGS}
    if (state.activation, state.init) not in PAIRINGS:
        series[f"yours: {state.activation.replace('_', ' ')} + {state.init} init"] = (
            state.activation, state.init, PAIR_COLORS["yours"])
    norms = {label: gradient_norms(X, Y, dims, act, init, state.seed)
             for label, (act, init, _) in series.items()}
    st.markdown(
        "Each step down multiplies by W[l+1]ᵀ and then by g′(Z[l]). The sigmoid's slope "
        "σ′(z) = σ(z)(1 − σ(z)) is at most **1/4**, reached at z = 0, so every sigmoid layer "
        "scales the gradient by a quarter or less, and the factors compound from layer to "
        "layer. ReLU's slope is exactly 1 on every active unit, so with He weights the size "
        "survives the trip down.")
    charts.show(norm_bars, norms, {k: v[2] for k, v in series.items()}, key="deep_norms")
    sig, relu = (norms[f"{a} + {i} init"] for a, i in PAIRINGS)
    L = len(dims) - 1

    def ratio(values: list[float]) -> str:
        return f"**{values[0] / values[-1]:.3g}**" if values[-1] > 0 else "no gradient at all"

    st.markdown(
        f"On {X.shape[1]} examples of the current data set, with weight seed {state.seed}, "
        f"‖dW1‖ / ‖dW{L}‖, the first layer's gradient size relative to the last one's, is "
        f"{ratio(sig)} with sigmoid and {ratio(relu)} with ReLU. Early layers that barely "
        "move are what makes deep sigmoid networks slow to train.")
    if min(relu) == 0:
        st.markdown(
            "With ReLU some layer has every unit switched off for every example (likely with "
            "very few units per layer), so nothing flows back through it: a *dead* ReLU layer, "
            "the other way a gradient can vanish.")
    if (state.activation, state.init) not in PAIRINGS and state.init == "course":
        yours = norms[list(norms)[-1]]
        st.markdown(
            "The grey bars use your settings. The course's ×0.01 weights shrink the signal "
            "at every layer in both directions: activations on the way up, gradients on the "
            f"way down. So every ‖dW‖ is tiny here (at most {max(yours):.1e}): harmless with "
            "one hidden layer, but a deep network starting there hardly moves.")
    st.caption("Freshly initialised networks, so the bars show the gradients training starts "
               "from. The y-axis is logarithmic: one grid step is a factor of ten.")


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
    return figures.base_layout(fig, "Gradient size per layer, ‖dW[l]‖ (Frobenius norm)", 420)
