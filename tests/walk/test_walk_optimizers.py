"""Optimizers (issue 14, walk step 4): the page renders for every optimizer and the edge
settings; the update it shows is the written formula on the matrices it shows and the
engine's; Adam's t = 1 shows v = (1 − β1) dW and v̂ = dW; the gradients pass a float64 finite
difference; the 2-parameter paths are the optimizers' own updates in the plane of two weights;
and the quiz answers follow from the numbers the page shows."""

from __future__ import annotations

import numpy as np
import pytest
from conftest import run_page
from support import FAIL, FINE_EPS, charts, decode, no_exception, page_text, walk_of, z_of

from engine import network_general as general
from engine import optimizer_paths as paths_engine
from engine import optimizers as opt
from ui import content, quiz
from ui.state import from_query
from ui.walk import frame, latex
from ui.walk import optimizers as step
from ui.walk import optimizers_compute as oc

PAGE = "optimizers"
EDGE = {"m": "1", "n_h": "1", "activation": "relu"}
DIVERGED = {"lr": "10", "init": "he", "activation": "relu", "at": "300", "m": "6"}
ADAM = {"optimizer": "adam"}
CASES = [
    ({}, ADAM),
    ({"presenter": "1", "reveal": "99"}, {"optimizer": "momentum", "t": 4}),
    (EDGE, {"optimizer": "rmsprop", "t": 10, "beta2": 0.9, "alpha": 1.2}),
    (EDGE, {"optimizer": "adam", "t": 10, "beta1": 0.99, "alpha": 0.001, "weight": "W2"}),
    ({"activation": "sigmoid", "m": "20", "n_h": "50"}, {"optimizer": "gd", "t": 3}),
    ({"activation": "leaky_relu", "at": "0"}, {"optimizer": "adam", "t": 7, "beta1": 0.5,
                                               "beta2": 0.99, "weight": "W2"}),
    (DIVERGED, {"optimizer": "adam", "t": 2, "alpha": 1.2}),
]


def walk_at(query: dict[str, str]) -> dict:
    """The walk's network at `query`, with its activation."""
    return {**walk_of(query), "activation": from_query(query)[0].activation}


def choices(local: dict) -> dict:
    return {**oc.DEFAULTS, "weight": "W1", **local}


def open_with(query: dict[str, str], local: dict):
    at = run_page(PAGE, query)
    no_exception(at)
    for name, value in local.items():
        at.session_state[f"{step.PREFIX}{name}_choice"] = value
    at.run()
    no_exception(at)
    return at


def case_id(case) -> str:
    return "-".join([*case[0].values(), *map(str, case[1].values())]) or "default"


@pytest.fixture(scope="module", params=CASES, ids=case_id)
def rendered(request):
    query, local = request.param
    at = open_with({**query, "quiz": "1"}, local)
    c = choices(local)
    walk = walk_at(query)
    res = oc.build(walk["X"], walk["Y"], walk["params"], walk["activation"], c["optimizer"],
                   c["t"], c["alpha"], c["beta1"], c["beta2"])
    return at, res, c, walk


# ---------------------------------------------------------------- the page

def test_page_renders_with_its_matrices_and_checks(rendered):
    at, res, c, _ = rendered
    text = page_text(at)
    assert "{{" not in text and FAIL not in text
    shown = charts(at)
    dims = res["params"][c["weight"]].shape
    expect = {"gd": [], "momentum": ["opt_v"], "rmsprop": ["opt_s"],
              "adam": ["opt_v", "opt_s", "opt_v_hat", "opt_s_hat"]}[c["optimizer"]]
    for key in ["opt_dW", "opt_delta", *expect, "opt_b_v", "opt_b_v_hat",
                *(f"opt_first_{o}" for o in oc.OPTIMIZERS)]:
        assert z_of(shown[key]).shape == dims, key
    for key in {"opt_v", "opt_s", "opt_v_hat", "opt_s_hat"} - set(expect):
        assert key not in shown
    assert f"{frame.CHECKED} The gradients step t uses are checked" in text
    assert f"t = {c['t']}" in text


def test_shown_update_is_the_written_formula_and_the_engines(rendered):
    at, res, c, _ = rendered
    shown = {k: z_of(v) for k, v in charts(at).items() if k != "opt_plane"}
    a, b1, b2, t, eps = c["alpha"], c["beta1"], c["beta2"], c["t"], oc.EPSILON
    dW, delta = shown["opt_dW"], shown["opt_delta"]
    written = {"gd": lambda: -a * dW, "momentum": lambda: -a * shown["opt_v"],
               "rmsprop": lambda: -a * dW / (np.sqrt(shown["opt_s"]) + eps),
               "adam": lambda: -a * shown["opt_v_hat"] / (np.sqrt(shown["opt_s_hat"]) + eps)}
    np.testing.assert_allclose(delta, written[c["optimizer"]](), rtol=1e-12, atol=1e-15)
    if c["optimizer"] == "adam":
        np.testing.assert_allclose(shown["opt_v_hat"], shown["opt_v"] / (1 - b1 ** t),
                                   rtol=1e-12, atol=0)
        np.testing.assert_allclose(shown["opt_s_hat"], shown["opt_s"] / (1 - b2 ** t),
                                   rtol=1e-12, atol=0)
    # the engine's own update from the same start, written out here from its formulas
    start, W = res["start"], c["weight"]
    theta, grads, v, s = start["params"], start["grads"], start["v"], start["s"]
    d = "d" + W
    v_new = b1 * v[d] + (1 - b1) * grads[d]
    s_new = b2 * s[d] + (1 - b2) * grads[d] ** 2
    by_hand = {"gd": -a * grads[d], "momentum": -a * v_new,
               "rmsprop": -a * grads[d] / (np.sqrt(s_new) + eps),
               "adam": -a * (v_new / (1 - b1 ** t)) / (np.sqrt(s_new / (1 - b2 ** t)) + eps)}
    np.testing.assert_allclose(delta, by_hand[c["optimizer"]], rtol=1e-12, atol=1e-15)
    np.testing.assert_array_equal(dW, grads[d])
    new, _ = opt.step(c["optimizer"], theta, grads, (v, s), t, a, b1, b2, eps)
    np.testing.assert_allclose(delta, new[W] - theta[W], rtol=1e-12, atol=1e-15)


def test_adam_at_t_one_needs_the_bias_correction(rendered):
    at, _, c, _ = rendered
    shown = {k: z_of(v) for k, v in charts(at).items() if k.startswith("opt_b")}
    b1, b2, a = c["beta1"], c["beta2"], c["alpha"]
    dW = shown["opt_b_dW"]
    np.testing.assert_allclose(shown["opt_b_v"], (1 - b1) * dW, rtol=1e-12, atol=0)
    np.testing.assert_allclose(shown["opt_b_v_hat"], dW, rtol=1e-12, atol=0)
    big = np.abs(dW) > 1e-2  # where ε is negligible next to √(1 − β2) |dW|
    np.testing.assert_allclose(shown["opt_b_delta"][big], -a * np.sign(dW[big]), rtol=1e-3)
    np.testing.assert_allclose(shown["opt_b_raw"][big] / shown["opt_b_delta"][big],
                               (1 - b1) / np.sqrt(1 - b2), rtol=1e-3)


def test_each_optimizers_first_update_is_its_formula(rendered):
    at, _, c, _ = rendered
    shown = {k: z_of(v) for k, v in charts(at).items() if k.startswith("opt_")
             and k != "opt_plane"}
    a, b1, b2, eps, dW = c["alpha"], c["beta1"], c["beta2"], oc.EPSILON, shown["opt_b_dW"]
    want = {"gd": -a * dW, "momentum": -a * (1 - b1) * dW,
            "rmsprop": -a * dW / (np.sqrt(1 - b2) * np.abs(dW) + eps),
            "adam": -a * dW / (np.abs(dW) + eps)}
    for name, expected in want.items():
        np.testing.assert_allclose(shown[f"opt_first_{name}"], expected, rtol=1e-9, atol=1e-15)


def test_gradients_step_t_uses_pass_a_finite_difference(rendered):
    _, res, _, walk = rendered
    start = res["start"]
    X, Y, theta = walk["X"], walk["Y"], start["params"]
    for name in ("W1", "W2"):
        fd = np.zeros_like(theta[name])
        for idx in np.ndindex(fd.shape):
            hi = {k: v.copy() for k, v in theta.items()}
            lo = {k: v.copy() for k, v in theta.items()}
            hi[name][idx] += FINE_EPS
            lo[name][idx] -= FINE_EPS
            J = [general.cost(general.forward(X, p, walk["activation"]), Y, p) for p in (hi, lo)]
            fd[idx] = (J[0] - J[1]) / (2 * FINE_EPS)
        cost = max(1.0, float(start["costs"][-1]))
        assert np.max(np.abs(fd - start["grads"]["d" + name])) <= 1e-7 * cost, name


def worked_results(at) -> dict[str, str]:
    """The left side and the result written last on each worked line of the page."""
    out = {}
    for element in at.get("latex"):
        if r"\Delta w" not in element.value:
            continue
        body = element.value.split(r"\begin{aligned}")[1].split(r"\end{aligned}")[0]
        for line in body.split(r" \\[6pt] "):
            if "&=" in line:
                lhs, rhs = line.split("&=")
                out[lhs.strip()] = rhs.rsplit(" = ", 1)[1].strip()
    return out


def test_worked_entry_ends_at_the_shown_update(rendered):
    at, res, c, _ = rendered
    W = c["weight"]
    i, j = oc.entry(res, W)
    lines = worked_results(at)
    delta = float(res["delta"][W][i, j])
    assert abs(latex.value_of(lines[r"\Delta w"]) - delta) <= 5e-4 * max(abs(delta), 1e-300)
    new = float(res["new"][W][i, j])
    assert abs(latex.value_of(lines[r"w_{\text{new}}"]) - new) <= 5e-4 * abs(new) + 1e-300
    if c["optimizer"] == "adam":
        assert {r"v", r"s", r"\hat v", r"\hat s"} <= set(lines)


# ---------------------------------------------------------------- the engine's paths

@pytest.mark.parametrize("query", [{}, EDGE, {"activation": "sigmoid", "n_h": "7", "m": "9"}])
def test_paths_are_each_optimizers_updates_in_the_plane(query):
    walk = walk_at(query)
    X, Y, params, g = walk["X"], walk["Y"], walk["params"], walk["activation"]
    n_h = params["W1"].shape[0]
    coords = (("W1", n_h - 1, 1), ("W2", 0, n_h - 1))
    runs = paths_engine.paths(X, Y, params, g, coords, 5, 0.1, 0.9, 0.99)
    start = np.array([params["W1"][n_h - 1, 1], params["W2"][0, n_h - 1]])
    for name, run in runs.items():
        path = run["path"]
        assert path.shape == (6, 2)
        np.testing.assert_array_equal(path[0], start)
        # the first update, from the full network's gradient in those two weights
        p = {k: v.copy() for k, v in params.items()}
        grads = general.backward(X, Y, p, general.forward(X, p, g), g)
        d = np.array([grads["dW1"][n_h - 1, 1], grads["dW2"][0, n_h - 1]])
        first = {"gd": -0.1 * d, "momentum": -0.1 * 0.1 * d,
                 "rmsprop": -0.1 * d / (np.sqrt(0.01 * d * d) + 1e-8),
                 "adam": -0.1 * d / (np.abs(d) + 1e-8)}[name]
        np.testing.assert_allclose(path[1] - path[0], first, rtol=1e-12, atol=1e-15)
        # J along the path: the other parameters never move
        for point, J in zip(path, run["cost"], strict=True):
            p["W1"][n_h - 1, 1], p["W2"][0, n_h - 1] = point
            again = general.cost(general.forward(X, p, g), Y, p)
            assert abs(J - again) <= 1e-15
    surface = paths_engine.cost_surface(X, Y, params, g, coords, start[:1], start[1:])
    assert surface[0, 0] == pytest.approx(runs["gd"]["cost"][0], abs=1e-15)


def test_history_is_t_minus_one_real_updates():
    walk = walk_at({"n_h": "3", "m": "5"})
    X, Y, params, g = walk["X"], walk["Y"], walk["params"], walk["activation"]
    h = paths_engine.history(X, Y, params, g, "adam", 4, 0.05, 0.9, 0.999)
    theta, state = dict(params), opt.init_state(params)
    for t in (1, 2, 3):
        grads = general.backward(X, Y, theta, general.forward(X, theta, g), g)
        theta, state = opt.step("adam", theta, grads, state, t, 0.05, 0.9, 0.999)
    for k in params:
        np.testing.assert_allclose(h["params"][k], theta[k], rtol=1e-13, atol=1e-16)
        np.testing.assert_allclose(h["v"]["d" + k], state[0]["d" + k], rtol=1e-13, atol=0)
    assert h["costs"].shape == (4,)


def test_plane_chart_shows_four_distinct_paths_from_one_start(rendered):
    at, _, _, _ = rendered
    spec = charts(at)["opt_plane"]
    lines = [tr for tr in spec["data"] if tr.get("mode") == "lines+markers"]
    assert len(lines) == 4
    # told apart without colour: each its own dash and marker
    assert len({tr["line"]["dash"] for tr in lines}) == 4
    assert len({tr["marker"]["symbol"] for tr in lines}) == 4
    starts = {tuple(np.round([decode(tr["x"])[0], decode(tr["y"])[0]], 12)) for tr in lines}
    assert len(starts) == 1


# ---------------------------------------------------------------- the quiz

def test_quiz_answers_follow_from_the_engine(rendered):
    _, res, c, walk = rendered
    W = c["weight"]
    i, j = oc.entry(res, W)
    data = {**res, "cache": walk["cache"], "weight": W, "entry": (i, j)}
    qs = quiz.build(step.questions, data, walk["activation"])
    by_prompt = {q.prompt: q for q in qs}
    vhat = by_prompt[content.text(step.DOC, "quiz_vhat")]
    assert vhat.options[vhat.answer] == "dW"
    g = float(res["bias"]["grads"]["d" + W][i, j])
    for q in qs:
        assert q.decided
        if "largest in size" in q.prompt:
            sizes = {o: abs(float(res["first"][o][W][i, j])) for o in oc.OPTIMIZERS}
            best = max(sizes, key=sizes.get)
            assert q.options[q.answer] == content.text(step.DOC, f"name_{best}")
        elif "what is v there" in q.prompt:
            # from dW as the prompt writes it: one decimal fewer than the answer
            assert float(q.options[q.answer]) == pytest.approx((1 - c["beta1"]) * g,
                                                                abs=10.0 ** (1 - q.digits))
    if abs(g) > 1e-2:
        assert sum("largest in size" in q.prompt for q in qs) == 1
