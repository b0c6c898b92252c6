"""AppTest runs of the training playground: presets, resets, sidebar settings, edge cases."""

from __future__ import annotations

import base64
import dataclasses
import json
import math

import numpy as np
import pytest
from conftest import run_page

import engine
from ui import nav
from ui.playground import animation
from ui.playground.course import COURSE_PRESET
from ui.playground.page import INSIDE_KEY
from ui.playground.views import TAB_KEY

PAGE = nav.page("playground").script
QUICK = {"iters": "1000"}  # short runs keep the tests fast; the course test uses the real one
DIVERGING = {"lr": "10", "activation": "relu", "layers": "3", "n_h": "20", "init": "he"}


def open_playground(query: dict[str, str] | None = None, inside: bool = False):
    """The page after one run; `inside` opens the expander of per-frame charts."""
    # Entered through the home page, as the sidebar's page links need the app's entry point.
    at = run_page("app.py", query)
    if inside:
        at.session_state[INSIDE_KEY] = True
    at.switch_page(PAGE).run()
    assert not at.exception, at.exception
    return at


def each_tab(at):
    """Open each per-frame chart tab in turn; yields its label after the rerun."""
    for tab in [t.label for t in at.tabs]:
        at.session_state[TAB_KEY] = tab
        at.run()
        assert not at.exception, tab
        yield tab


def state_of(at):
    return at.session_state["state"]


def payload_of(at) -> dict:
    [player] = [c for c in at.get("bidi_component")
                if c.proto.component_name.endswith("boundary_player")]
    return animation.unpack(player.proto.bytes)


def has_nan(node) -> bool:
    """NaN anywhere in a Plotly spec, including its base64 typed arrays."""
    if isinstance(node, dict):
        if "bdata" in node and "dtype" in node:
            values = np.frombuffer(base64.b64decode(node["bdata"]), dtype=node["dtype"])
            return values.dtype.kind == "f" and bool(np.isnan(values).any())
        return any(has_nan(v) for v in node.values())
    if isinstance(node, list):
        return any(has_nan(v) for v in node)
    return isinstance(node, float) and math.isnan(node)


def walk_link(at):
    return at.button(key="walk_at_frame")


def test_course_preset_is_the_default_and_prints_the_assignment_table():
    at = open_playground()
    table = at.table[0].value
    assert list(table["Cost after iteration"]) == [f"{i:,}" for i in range(0, 10_000, 1000)]
    costs = [float(c) for c in table["J"]]
    assert costs[0] == pytest.approx(0.693048, abs=1e-6)
    assert costs[1] < costs[0]
    assert 0.21 < costs[-1] < 0.23
    accuracy = next(m for m in at.metric if m.label.startswith("Accuracy on the training"))
    assert accuracy.value == "90%"
    assert at.button(key="preset_course").disabled  # already loaded


def test_course_preset_button_loads_the_experiment():
    at = open_playground({"dataset": "moons", "n_h": "6", "activation": "relu", **QUICK})
    assert len(at.table) == 0
    at.button(key="preset_course").click().run()
    assert not at.exception
    state = state_of(at)
    assert all(getattr(state, k) == v for k, v in COURSE_PRESET.items())
    assert len(at.table[0].value) == 10
    assert any(m.value == "90%" for m in at.metric)


@pytest.mark.parametrize(("kind", "key", "value", "field"), [
    ("selectbox", "w_dataset", "moons", "dataset"),
    ("slider", "w_layers", 2, "layers"),
    ("slider", "quick_n_h", 7, "n_h"),  # these three sit above the player, not in the sidebar
    ("selectbox", "quick_activation", "sigmoid", "activation"),
    ("select_slider", "quick_lr", 0.3, "lr"),
])
def test_sidebar_settings_retrain(kind, key, value, field):
    at = open_playground(QUICK)
    before = payload_of(at)["id"]
    getattr(at, kind)(key=key).set_value(value).run()
    assert not at.exception
    assert getattr(state_of(at), field) == value
    assert at.query_params[field] == [str(value)] or at.query_params[field] == str(value)
    assert payload_of(at)["id"] != before  # a new trajectory was sent to the player


def test_diverging_learning_rate_says_so_in_plain_words():
    at = open_playground({**DIVERGING, **QUICK}, inside=True)
    [message] = [e.value for e in at.error]
    assert "Training stopped at iteration" in message
    assert "smaller learning rate" in message
    body = payload_of(at)
    assert body["stopped"] and 1 <= body["n_frames"] < 100
    assert None not in body["cost"] and "NaN" not in json.dumps({**body, "frames": None})
    for tab in each_tab(at):
        charts = at.get("plotly_chart")
        assert charts and not any(has_nan(json.loads(c.proto.spec)) for c in charts), tab
    at.button(key="try_lower_lr").click().run()  # the offered fix is one click away
    assert not at.exception
    assert 0 < state_of(at).lr < 10
    assert not at.error and not payload_of(at)["stopped"]  # and it really trains


def test_a_bouncing_cost_is_named_with_a_calmer_rate_one_click_away():
    """α = 10 on the default tanh network survives but zigzags: without a word the cost
    curve's saw-tooth is unexplained."""
    at = open_playground({"lr": "10", "iters": "3000"})
    [message] = [w.value for w in at.warning]
    assert "α = 10 is too big: the cost bounces between two values" in message
    assert not at.error
    at.button(key="try_calmer_lr").click().run()
    assert not at.exception and 0 < state_of(at).lr < 10
    assert not at.warning  # the offered rate really goes down without bouncing


def test_with_mini_batches_the_stop_and_the_bounce_count_epochs():
    """With mini-batches the engine's steps are epochs: a notice that said "iteration 1"
    would name a step the learner never set."""
    at = open_playground({**DIVERGING, "iters": "300", "batch": "32"}, inside=True)
    [message] = [e.value for e in at.error]
    assert "Training stopped at epoch 1** of 300" in message
    assert "the 1 frame before that point" in message
    assert payload_of(at)["stopped"].startswith("Training stopped at epoch ")
    assert at.button(key="try_lower_lr").help.endswith("ran 300 epochs without blowing up.")
    at = open_playground({"lr": "10", "iters": "300", "batch": "64"})
    [message] = [w.value for w in at.warning]
    assert "From epoch " in message and "on alternate epochs" in message
    assert "over the first 300 epochs" in message and "iteration" not in message


def test_the_course_run_has_no_bounce_warning():
    at = open_playground({"iters": "3000"})
    assert not at.warning and not at.error


# What each engine stop code is called, and no other code's words: a gradient overflow is not
# "the cost stopped being a number".
STOP_WORDS = {
    engine.COST_NOT_FINITE: "the cost stopped being a number",
    engine.COST_EXPLODED: "the cost shot above 1 000 (it started at ",
    engine.GRADS_NOT_FINITE: "the gradients overflowed",
    engine.PARAMS_OVERFLOW: "the weights grew so large they overflowed",
}


@pytest.mark.parametrize("code", list(STOP_WORDS))
def test_a_stop_is_worded_by_its_code(code, monkeypatch):
    # In the app's bounds only cost_exploded occurs (see tests/test_training.py), so the real
    # diverging run is told under each code in turn.
    real = engine.train

    def train(*args, **kwargs):
        result = real(*args, **kwargs)
        return dataclasses.replace(result, stop_code=code) if result.stopped_early else result

    monkeypatch.setattr(engine, "train", train)
    seed = 7000 + engine.STOP_CODES.index(code)  # a cache entry no other test opens
    at = open_playground({**DIVERGING, **QUICK, "seed": str(seed)})
    [message] = [e.value for e in at.error]
    sentence = payload_of(at)["stopped"]
    assert sentence.startswith("Training stopped at iteration ")
    for other, words in STOP_WORDS.items():
        assert (words in message) == (other == code), (other, message)
        assert (words in sentence) == (other == code), (other, sentence)


def test_reset_same_start_keeps_the_seed_and_replays_from_frame_zero():
    at = open_playground(QUICK)
    first = payload_of(at)
    at.button(key="reset_same").click().run()
    again = payload_of(at)
    assert state_of(at).seed == 2 and state_of(at).frame == 0
    assert again["frames"] == first["frames"]  # deterministic: the same trajectory
    assert again["id"] != first["id"] and again["autoplay"]  # but the player starts over
    at.run()  # a rerun keeps what the player was told: the same element, nothing restarts
    assert payload_of(at) == again


def test_reset_new_seed_draws_fresh_weights():
    at = open_playground(QUICK)
    first = payload_of(at)
    at.button(key="reset_new_seed").click().run()
    assert not at.exception
    assert state_of(at).seed != 2
    assert payload_of(at)["frames"] != first["frames"]
    assert at.query_params["seed"] == [str(state_of(at).seed)] or at.query_params["seed"]


def test_frame_slider_moves_the_charts_and_the_walk_link():
    at = open_playground(QUICK, inside=True)
    assert "iteration 1,000" in walk_link(at).label
    at.select_slider(key="w_frame").set_value(10).run()
    assert not at.exception
    assert state_of(at).frame == 10
    iteration = payload_of(at)["iterations"][10]
    assert f"iteration {iteration:,}" in walk_link(at).label
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    marker = [t for t in spec["data"] if t.get("mode") == "markers"][0]
    assert marker["x"] == [iteration]
    walk_link(at).click().run()  # the walk opens on this frame's network
    assert not at.exception and state_of(at).at == iteration


def test_per_frame_charts_wait_behind_the_expander():
    at = open_playground(QUICK)
    assert not at.get("plotly_chart")  # nothing Plotly on a first visit: the player paints first
    at.session_state[INSIDE_KEY] = True
    at.run()
    assert [t.label for t in at.tabs] == ["Cost and accuracy", "Hidden layer's view",
                                          "Each hidden unit", "Gradient health"]
    assert len(at.get("plotly_chart")) == 1  # only the open tab is drawn


def test_deeper_network_links_to_the_deeper_page():
    at = open_playground({"layers": "2", **QUICK})
    assert any("one-hidden-layer" in c.value for c in at.caption)
    walk_link(at).click().run()
    assert not at.exception
    assert any(t.value == nav.page("deeper").label for t in at.title)


@pytest.mark.parametrize("query", [
    {"activation": "relu", "init": "he", "n_h": "8", "test_frac": "0.3", "dataset": "circles"},
    {"activation": "sigmoid", "layers": "3", "n_h": "2", "dataset": "xor", "init": "xavier"},
    {"n_h": "1", "dataset": "spiral"},
])
def test_every_view_tab_draws_without_nan(query):
    at = open_playground({**query, **QUICK}, inside=True)
    for tab in each_tab(at):
        charts = at.get("plotly_chart")
        assert charts, tab
        for chart in charts:
            assert not has_nan(json.loads(chart.proto.spec)), tab
    body = payload_of(at)
    codes = animation.decode_frames(body)
    assert codes.shape == (body["n_frames"], body["ny"], body["nx"])
    assert bool(body["test"]) == ("test_frac" in query)


def test_gradient_health_counts_dead_relu_units():
    at = open_playground({"activation": "relu", "init": "he", "n_h": "8", "layers": "2",
                          "lr": "2", **QUICK}, inside=True)
    at.session_state[TAB_KEY] = "Gradient health"
    at.run()
    [metric] = [m for m in at.metric if m.label.startswith("ReLU units dead")]
    dead, total = metric.value.split(" of ")
    assert 0 <= int(dead) <= int(total) == 16
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    assert [t["name"] for t in spec["data"]] == ["‖dW1‖", "‖dW2‖", "‖dW3‖"]


def test_the_control_row_above_the_player_changes_the_run_and_respects_pins():
    """Hidden units, activation and α sit above the player, in sight at 1366×768."""
    at = open_playground(QUICK)
    before = payload_of(at)["id"]
    at.slider(key="quick_n_h").set_value(6).run()
    assert not at.exception and state_of(at).n_h == 6
    # One widget per setting on a page: a second copy would send its stale value back.
    assert "w_n_h" not in {w.key for w in at.slider}
    assert payload_of(at)["id"] != before
    pinned = open_playground({**QUICK, "hide": "n_h,lr"})
    keys = {w.key for w in (*pinned.slider, *pinned.select_slider, *pinned.selectbox)}
    assert "quick_n_h" not in keys and "quick_lr" not in keys and "quick_activation" in keys


def test_the_boundary_has_a_one_line_text_summary_for_the_shown_frame():
    """For anyone who cannot see the canvas: the frame's iteration, the plane's split and
    the training accuracy, all from the engine's snapshot."""
    at = open_playground(QUICK)
    snap = engine.train(*engine.make_dataset("flower", m=400, noise=0.2, seed=1),
                        hidden_sizes=[4], learning_rate=1.2, iterations=1000, seed=2).snapshots[-1]
    [summary] = [c.value for c in at.caption if c.value.startswith("**The boundary at")]
    assert f"iteration {snap.iteration:,}" in summary
    assert f"classifies {snap.accuracy:.1f} % of the 400 training points" in summary
    share = float(summary.split("predicts y = 1 on ")[1].split(" %")[0])
    assert 0 < share < 100
