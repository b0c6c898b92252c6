"""The transpose step's second output unit (a helper of ui/walk/transpose.py, not a step).

The walk's network has one output unit, so da1_j = Σ_k W2[k, j] dz2_k has a single term
there. This gives the same network a second output unit, runs it through the engine, and
writes the sum for one example with both of its terms multiplied out. Its sentences are in
the step's content file.
"""

from __future__ import annotations

import numpy as np
import streamlit as st

import engine
from ui.walk import example, frame, latex

SECOND_INIT = "xavier"  # the new row's scale: like a trained W2's, so both terms show


def two_output_network(walk: dict, activation: str, seed: int) -> dict:
    """The walk's network with a second sigmoid output unit, forward and backward.

    W1, b1 and so A1 are the walk's; W2 (2, n_h) is the walk's row with a row drawn by
    `engine.init_params` below it, and b2 (2, 1) gains a 0. Unit 2's label is 1 − y, and
    the loss adds the two units' cross-entropies, so dZ2 = A2 − Y row by row.
    Returns params, Y (2, m), cache and grads as `engine.forward`/`engine.backward` give them.
    """
    p, X, Y = walk["params"], walk["X"], walk["Y"]
    n_h = p["W2"].shape[1]
    row = engine.init_params([n_h, 1], seed=seed, init=SECOND_INIT)["W1"]  # (1, n_h)
    params = {"W1": p["W1"], "b1": p["b1"], "W2": np.vstack([p["W2"], row]),
              "b2": np.vstack([p["b2"], np.zeros((1, 1))])}
    Y2 = np.vstack([Y, 1 - Y])
    cache = engine.forward(X, params, activation)
    grads = engine.backward(X, Y2, params, cache, activation)
    return {"params": params, "Y": Y2, "cache": cache, "grads": grads}


def terms(net: dict, i: int) -> np.ndarray:
    """The products W2[k, j] · dZ2[k, i] of example i: (n_h, n_y), row j holds unit j's
    terms, one per output unit k. Each row sums to dA1[j, i]."""
    W2, dZ2 = net["params"]["W2"], net["grads"]["dZ2"]
    return W2.T * dZ2[:, i]


def entries(M: np.ndarray, max_cols: int = 6) -> str:
    """A bmatrix with each entry to 4 significant digits, as the lines below write them:
    W2's two rows can differ a hundredfold, and shared decimals would hide the small one."""
    cols = M.shape[1] if M.shape[1] <= max_cols else max_cols - 1
    more = [r"\cdots"] if cols < M.shape[1] else []
    rows = [" & ".join([latex.num(v) for v in row[:cols]] + more) for row in M]
    return r"\begin{bmatrix}" + r" \\ ".join(rows) + r"\end{bmatrix}"


def render(ctx, walk: dict, activation: str, i: int) -> None:
    """The two-output network's W2 and dZ2, example i's sums written out, and their check."""
    net = two_output_network(walk, activation, ctx.state.seed)
    W2, dZ2, dA1 = net["params"]["W2"], net["grads"]["dZ2"], net["grads"]["dA1"]
    (n_y, n_h), m = W2.shape, dZ2.shape[1]
    S = frame.shaped
    st.subheader(ctx.text("second_heading"))
    ctx.markdown("second", n_h=n_h, seed=ctx.state.seed)
    st.latex(rf"{S('W^{[2]}', (n_y, n_h))} = {entries(W2)} \qquad "
             rf"{S(f'dz^{{[2]({i + 1})}}', (n_y, 1))} = {entries(dZ2[:, [i]])}")
    st.markdown(f"**{ctx.text('second_lines', i=i + 1)}**")
    products = terms(net, i)
    sums = products.sum(axis=1)

    def line(j: int) -> str:
        # Digits chosen so the shown factors multiply to the shown terms and the shown
        # terms add to the shown total: a learner can check the line by hand.
        factor_texts, term_texts, total = latex.worked_sum_of_products(
            [(W2[k, j], dZ2[k, i]) for k in range(n_y)], sums[j], sig=4)
        factors = " + ".join(rf"{latex.bracket(a)}\cdot{latex.bracket(b)}"
                             for a, b in factor_texts)
        parts = term_texts[0] + "".join(
            (" - " + t[1:]) if t.startswith("-") else (" + " + t) for t in term_texts[1:])
        # Two rows per unit: the products, then their values, so a line fits at 1024 px.
        return rf"da_{{{j + 1}}} &= {factors} \\ &= {parts} = {total}"

    st.latex(rf"da^{{[1]({i + 1})}}_j = \sum_{{k=1}}^{{{n_y}}} W^{{[2]}}_{{kj}}\,"
             rf"dz^{{[2]({i + 1})}}_k = W^{{[2]}}_{{1j}}\,dz^{{[2]({i + 1})}}_1 + "
             rf"W^{{[2]}}_{{2j}}\,dz^{{[2]({i + 1})}}_2")
    latex.unit_lines(line, n_h)
    example.show_checks([(ctx.text("second_check", i=i + 1), sums, dA1[:, i])])
    st.caption(ctx.text("second_caption", n_h=n_h, m=m))
