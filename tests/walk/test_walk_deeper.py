"""Step 10 · Deeper networks: the page follows the depth (through session.change, so a lesson's
pin holds), the width and the activation; the recursion dZ[l] = W[l+1]ᵀ dZ[l+1] * g′(Z[l]) is
the loss gradient in float64 at every depth; sigmoid's gradients fade; the sparse gradient
check agrees and catches a broken layer; and the quiz asks before the page answers."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest
from support import (
    FAIL,
    FINE_EPS,
    LEAKY,
    RELU,
    SLOW_PAGE,
    TANH,
    TOL,
    centred,
    charts,
    decode,
    in_page_order,
    losses_from_logits,
    no_exception,
    no_infinity,
    page_text,
    rel_err,
    run_step,
    table_with,
    walk_network,
    z_of,
)

import engine
from ui import compute, nav
from ui.state import from_query
from ui.walk import deeper

PAGE = nav.page("deeper").script
# ---------------------------------------------------------------- the page

def test_page_renders_without_errors():
    at = run_step(PAGE)
    no_exception(at)
    assert at.get("plotly_chart"), "every step page shows charts"
    body = page_text(at)
    assert "finite differences" in body  # the check caption
    assert "❌" not in "".join(e.proto.body for e in at.get("success"))
    assert FAIL not in "".join(e.proto.body for e in at.get("success"))
    assert not at.get("error"), [e.proto.body for e in at.get("error")]


def test_deeper_page_defaults_to_three_layers_and_follows_depth():
    at = run_step(PAGE)
    no_exception(at)
    assert len(table_with(at, "W, dW")) == 4  # 3 hidden + output
    assert len(decode(charts(at)["deep_norms"]["data"][0]["y"])) == 4
    at.button_group(key="deep_layers").set_value(4).run()
    no_exception(at)
    assert at.query_params["layers"] in ("4", ["4"])
    assert len(table_with(at, "W, dW")) == 5
    norms = charts(at)["deep_norms"]["data"]
    assert len(decode(norms[0]["y"])) == 5
    assert "W^{[5]T}" in page_text(at)
    at.button_group(key="deep_layers").set_value(2).run()
    assert at.query_params["layers"] in ("2", ["2"])
    assert len(table_with(at, "W, dW")) == 3


def test_depth_selector_respects_a_lesson_pin():
    at = run_step(PAGE, {"layers": "4", "hide": "layers"})
    no_exception(at)
    assert at.button_group(key="deep_layers").disabled  # AppTest, like a browser, cannot click
    assert at.session_state["state"].layers == 4
    assert len(table_with(at, "W, dW")) == 5


def test_deeper_page_follows_width_and_activation():
    at = run_step(PAGE, {"layers": "2", "n_h": "7", "activation": "relu"})
    no_exception(at)
    shapes = table_with(at, "W, dW")
    assert shapes.iloc[1]["W, dW"].startswith("(7, 7)")
    names = [t["name"] for t in charts(at)["deep_norms"]["data"]]
    assert len(names) == 3 and names[-1].startswith("yours: relu")
    sig = decode(charts(at)["deep_norms"]["data"][0]["y"])
    assert sig[0] < sig[-1]  # sigmoid: the input side gets the smaller gradient
    assert re.search(r"‖dW1‖ / ‖dW3‖", page_text(at))


def test_check_caption_reports_the_sparse_check_with_the_one_eps():
    at = run_step(PAGE, {"activation": "relu", "init": "he", "at": "0"})
    no_exception(at)
    caption = next(c.value for c in at.caption if "sampled from every W and b" in c.value)
    assert caption.startswith(":material/check_circle:")
    assert "ε = 1e-5" in caption
    assert "were left out because" in caption  # relu: nudges across the kink are skipped


def test_every_conditional_sentence_resolves():
    # Course weights, one unit per layer, relu: tiny gradients judged by the rounding floor,
    # a dead layer, and a last layer with no gradient at all.
    # m = 4 draws two examples of each class, so even the output bias's gradient is 0.
    at = run_step(PAGE, {"layers": "4", "n_h": "1", "activation": "relu", "at": "0", "m": "4"})
    no_exception(at)
    text = page_text(at)
    assert "mostly measures rounding" in text and f"(see {nav.step_ref('check')})" in text
    assert "no gradient at all" in text and "a *dead* ReLU layer" in text
    assert "The grey bars use your settings" in text

def test_quiz_mode_asks_about_the_page():
    at = run_step(PAGE, {"quiz": "1"})
    no_exception(at)
    assert any("Predict before you look" in e.value for e in at.markdown)


def test_page_survives_extreme_settings():
    for query in ({"n_h": "50", "m": "20", "activation": "relu"},
                  {"n_h": "1", "m": "1", "activation": "sigmoid"},
                  {"at": "300", "activation": "leaky_relu", "m": "3", "layers": "4"}):
        at = run_step(PAGE, query)
        no_exception(at)
        assert "❌" not in "".join(e.proto.body for e in at.get("success")), query
        assert FAIL not in page_text(at), query  # a failed check is an st.error, not a success


@pytest.mark.parametrize("query", [RELU, LEAKY, TANH], ids=["relu", "leaky_relu", "tanh"])
def test_page_at_diverged_settings(query):
    """Nothing crashed or failed a check, no chart was sent ±∞, no quiz option is not finite."""
    no_infinity(run_step(PAGE, query))


# ---------------------------------------------------------------- the formulas, in float64

@pytest.mark.parametrize("depth", [2, 3, 4])
@pytest.mark.parametrize("act", ["tanh", "sigmoid", "relu", "leaky_relu"])
def test_deep_recursion(depth, act):
    n_h, m = 5, 4
    net = walk_network(n_h, m, act, seed=3, layers=depth, data="random")
    X, Y, p, cache, grads = net["X"], net["Y"], net["params"], net["cache"], net["grads"]
    g, L = engine.ACTIVATIONS[act], depth + 1
    for l in range(L - 1, 0, -1):
        recursion = (p[f"W{l + 1}"].T @ grads[f"dZ{l + 1}"]) * g.derivative(cache[f"Z{l}"])
        np.testing.assert_allclose(grads[f"dZ{l}"], recursion, rtol=1e-12, atol=1e-18)

        def loss_from(Z, l=l):  # run the rest of the network from layer l's pre-activation
            A = g.forward(Z)
            for k in range(l + 1, L):
                A = g.forward(p[f"W{k}"] @ A + p[f"b{k}"])
            return losses_from_logits(p[f"W{L}"] @ A + p[f"b{L}"], Y).sum()

        assert rel_err(grads[f"dZ{l}"], centred(loss_from, cache[f"Z{l}"].copy(), FINE_EPS)) < TOL

    def cost(params):
        return float(np.mean(losses_from_logits(engine.forward(X, params, act)[f"Z{L}"], Y)))

    for name in p:
        fd = centred(lambda theta, name=name: cost({**p, name: theta}), p[name].copy(), FINE_EPS)
        assert rel_err(grads["d" + name], fd) < TOL, name


def test_recursion_latex_shows_every_layer():
    text = deeper.recursion_latex((2, 6, 6, 6, 1), 4)
    assert text.count("&=") == 4
    assert r"W^{[4]T}" in text and r"W^{[2]T}" in text and "(6,\\,4)" in text


def test_sigmoid_slope_is_at_most_a_quarter():
    z = np.linspace(-10, 10, 2001)[None, :]
    assert float(np.max(engine.ACTIVATIONS["sigmoid"].derivative(z))) == pytest.approx(0.25)


def test_vanishing_gradients_with_sigmoid():
    X, Y = engine.make_dataset("flower", m=200, noise=0.2, seed=1)
    dims = (2, 8, 8, 8, 8, 1)
    sig = deeper.gradient_norms(X, Y, dims, "sigmoid", "xavier", 2)
    relu = deeper.gradient_norms(X, Y, dims, "relu", "he", 2)
    assert sig[0] / sig[-1] < relu[0] / relu[-1]
    assert sig[0] < sig[-1] / 10


# The false promise of issue 11, item 3: σ′ ≤ 1/4 bounds each unit, not the layer's gain.
FOURFOLD = re.compile(r"at least fourfold|by a quarter or less|every sigmoid layer (shrinks|scales)"
                      r"|each layer multiplies by σ′ ≤ 0.25 on the way back, so")
CONTENT = Path(__file__).resolve().parents[2] / "content"


def test_a_sigmoid_layer_can_shrink_the_gradient_less_than_fourfold():
    X, Y = engine.make_dataset("flower", m=200, noise=0.2, seed=1)
    dims = [2, 4, 4, 4, 1]
    params = engine.init_params(dims, seed=2, init="xavier")
    grads = engine.backward(X, Y, params, engine.forward(X, params, "sigmoid"), "sigmoid")
    for l in (1, 2, 3):  # what σ′ ≤ 1/4 does promise: each unit passes back at most a quarter
        assert np.all(np.abs(grads[f"dZ{l}"]) <= np.abs(grads[f"dA{l}"]) / 4)
    falls = [np.linalg.norm(grads[f"dZ{l + 1}"]) / np.linalg.norm(grads[f"dZ{l}"])
             for l in (1, 2, 3)]
    assert min(falls) < 4, falls  # W[l+1]ᵀ makes up for part of σ′
    norms = deeper.gradient_norms(X, Y, tuple(dims), "sigmoid", "xavier", 2)
    falls = [b / a for a, b in zip(norms, norms[1:], strict=False)]
    assert min(falls) < 4, norms  # ‖dW‖ as the page's own chart draws it


def test_page_promises_no_fourfold_shrink():
    text = page_text(run_step(PAGE, {"activation": "sigmoid"}))
    assert "1/4" in text and not FOURFOLD.search(text)


def test_no_prose_promises_a_fourfold_shrink():
    for path in CONTENT.rglob("*.md"):
        assert not FOURFOLD.search(path.read_text(encoding="utf-8")), path


def test_deep_spot_check_agrees_and_catches_a_wrong_layer():
    net = walk_network(6, 5, "tanh", seed=3, layers=3, data="random")
    X, Y, p, grads = net["X"], net["Y"], net["params"], net["grads"]
    analytic, approx, skipped = engine.sparse_gradient_check(X, Y, p, grads, "tanh", seed=0)
    assert engine.relative_error(analytic, approx) < TOL and skipped == 0
    broken = {**grads, "dW2": grads["dW2"] * 2}  # one layer's formula off by a factor
    analytic, approx, _ = engine.sparse_gradient_check(X, Y, p, broken, "tanh", seed=0)
    assert engine.relative_error(analytic, approx) > 1e-3


def test_deep_spot_check_steps_around_relu_kinks():
    X, Y = engine.make_dataset("flower", m=20, noise=0.2, seed=1)
    dims = [2, 20, 20, 20, 1]
    params = engine.init_params(dims, seed=2, init="course")  # tiny z: kinks within ±ε
    grads = engine.backward(X, Y, params, engine.forward(X, params, "relu"), "relu")
    analytic, approx, skipped = engine.sparse_gradient_check(X, Y, params, grads, "relu", seed=2)
    assert skipped > 0
    assert engine.relative_error(analytic, approx) < 1e-5


# ---------------------------------------------------------------- quiz

def test_questions_ask_about_the_depth_shown():
    at = run_step(PAGE, {"quiz": "1", "layers": "4", "n_h": "3"})
    no_exception(at)
    prompts = " ".join(e.value for e in at.markdown)
    assert "[2, 3, 3, 3, 3, 1]" in prompts and "dA4 = W5ᵀ dZ5" in prompts  # W2, not W[2]


def test_questions_come_before_the_values_that_answer_them():
    at = run_step(PAGE, {"quiz": "1"}, timeout=SLOW_PAGE)
    assert not at.exception
    order = in_page_order(at.main)
    kinds = [getattr(e, "type", "") for e in order]
    first_question = next(i for i, e in enumerate(order)
                          if kinds[i] == "radio" and (e.key or "").startswith("quiz_"))
    first_answer = next(i for i, k in enumerate(kinds) if k in {"latex", "plotly_chart"})
    assert first_question < first_answer
    assert kinds.index("title") < first_question  # under the title, not above it


# ---------------------------------------------------------------- a trained deep network

def test_deeper_page_walks_the_network_after_at_iterations():
    """The playground's deep-network link carries `at`: the page walks that trained network
    (trained on the playground's training split, as the two-layer walk is), and says so."""
    query = {"layers": "2", "at": "300", "lr": "0.5", "activation": "relu", "init": "he"}
    state, _ = from_query(query)
    train = compute.dataset(state)
    trained = engine.train(train["X"], train["Y"], hidden_sizes=[state.n_h] * 2,
                           activation="relu", learning_rate=0.5, iterations=300,
                           seed=state.seed, init="he", frames=2).params
    X, Y = compute.walk_examples(state)
    truth = engine.backward(X, Y, trained, engine.forward(X, trained, "relu"), "relu")

    at = run_step(PAGE, query)
    no_exception(at)
    for l in (1, 2, 3):
        np.testing.assert_allclose(z_of(charts(at)[f"deep_dZ{l}"]), truth[f"dZ{l}"],
                                   rtol=1e-9, atol=1e-12, err_msg=f"dZ{l}")
    assert "after 300 iterations" in page_text(at)

    fresh = run_step(PAGE, {**query, "at": "0"})
    no_exception(fresh)
    assert not np.allclose(z_of(charts(fresh)["deep_dZ1"]), truth["dZ1"])
    assert "after 300 iterations" not in page_text(fresh)
    assert "freshly initialised" in page_text(fresh)
