"""The playground's course-2 options (issue 14): softmax with K classes, λ, keep_prob, the
optimizer and its β values, mini-batches. In the state and the link, each control changes the
run, the K-class boundary has K colours, and the defaults keep today's run and fast loop."""

from __future__ import annotations

import numpy as np
import pytest
from conftest import run_page
from test_playground import each_tab, open_playground, payload_of, state_of

import engine
from ui import training_runs
from ui.playground import animation, classes, options
from ui.state import FIELD_BY_NAME, State, from_query, to_query

QUICK = {"iters": "300"}
SOFTMAX = {"output": "softmax", "dataset": "blobs", "classes": "4", "n_h": "8", "lr": "0.3"}
NEW = ("output", "classes", "lambd", "keep_prob", "optimizer", "beta1", "beta2", "batch")


# ------------------------------------------------------------------------------ state, link

def test_every_option_is_one_row_of_the_field_table():
    assert options.NAMES == NEW
    for name in NEW:
        field = FIELD_BY_NAME[name]
        # the output and K make the labels (one-hot, K classes): they name the data too
        data = ("data",) if name in {"output", "classes"} else ()
        assert field.group == "options" and field.feeds == (*data, "train")
        assert field.choices or (field.lo is not None and field.hi is not None)


def test_defaults_keep_the_link_and_the_fast_loop():
    assert to_query(State()) == {}
    state, warnings = from_query({"n_h": "5"})
    assert not warnings and to_query(state) == {"n_h": "5"}
    assert all(getattr(state, n) == FIELD_BY_NAME[n].default for n in NEW)
    assert training_runs.engine_options(State()) == {}  # engine.train's fast loop, as before


def test_links_round_trip():
    state = State(output="softmax", classes=5, lambd=0.7, keep_prob=0.86, optimizer="adam",
                  beta1=0.8, beta2=0.99, batch=64, dataset="spiral")
    query = to_query(state)
    assert set(NEW) <= set(query)
    again, warnings = from_query(query)
    assert again == state and not warnings and to_query(again) == query


@pytest.mark.parametrize(("key", "raw", "expected"), [
    ("output", "<script>", "sigmoid"), ("classes", "9", 5), ("classes", "1", 2),
    ("classes", "2.5", 3), ("lambd", "-1", 0.0), ("lambd", "nan", 0.0), ("lambd", "1e308", 10.0),
    ("keep_prob", "0", 0.1), ("keep_prob", "2", 1.0), ("optimizer", "sgd", "gd"),
    ("beta1", "1", 0.999), ("beta2", "-0.5", 0.0), ("batch", "-64", 0), ("batch", "1e9", 2000),
    ("batch", "x", 0),
])
def test_hostile_values_are_clamped_or_rejected_with_a_warning(key, raw, expected):
    state, warnings = from_query({key: raw})
    assert getattr(state, key) == expected
    assert len(warnings) == 1 and f"`{key}=" in warnings[0]


def test_hostile_option_links_open_the_playground_with_warnings_only():
    at = run_page("playground", {"output": "softmax", "classes": "99", "batch": "-3",
                                 "keep_prob": "inf", "optimizer": "💥", **QUICK}, timeout=120)
    assert not at.exception
    text = " ".join(w.value for w in at.warning)
    for key in ("classes", "batch", "keep_prob", "optimizer"):
        assert f"`{key}=" in text


# -------------------------------------------------------------------------- each control

# (widget kind, key, value, link that makes the control shown and its value meaningful)
CONTROLS = [
    ("selectbox", "opt_output", "softmax", {}),
    ("slider", "opt_classes", 2, SOFTMAX),
    ("select_slider", "opt_lambd", 0.7, {}),
    ("select_slider", "opt_keep_prob", 0.8, {}),
    ("selectbox", "opt_optimizer", "momentum", {"lr": "0.3"}),
    ("select_slider", "opt_beta1", 0.5, {"optimizer": "momentum", "lr": "0.3"}),
    ("select_slider", "opt_beta2", 0.9, {"optimizer": "rmsprop", "lr": "0.01"}),
    ("select_slider", "opt_batch", 64, {}),
]


@pytest.mark.parametrize(("kind", "key", "value", "query"), CONTROLS,
                         ids=[c[1] for c in CONTROLS])
def test_each_control_changes_the_run(kind, key, value, query):
    at = open_playground({**QUICK, **query})
    before = payload_of(at)["cost"]
    getattr(at, kind)(key=key).set_value(value).run()
    assert not at.exception
    name = key.removeprefix("opt_")
    assert getattr(state_of(at), name) == value
    assert str(value) in str(at.query_params[name])  # in the link
    after = payload_of(at)["cost"]
    assert after != before  # a different cost curve


def test_momentum_with_beta_zero_is_gradient_descent():
    """β1 = 0 makes v = dW: the control's value reaches the engine's update."""
    gd = training_runs.training(State(iters=50, lr=0.3))
    momentum = training_runs.training(State(iters=50, lr=0.3, optimizer="momentum", beta1=0.0))
    assert np.allclose(gd.costs, momentum.costs, rtol=1e-12, atol=0)
    heavy = training_runs.training(State(iters=50, lr=0.3, optimizer="momentum", beta1=0.9))
    assert not np.allclose(gd.costs, heavy.costs, rtol=1e-6, atol=0)  # and β1 reaches it


def test_a_pinned_option_is_not_drawn_and_keeps_its_value():
    at = open_playground({**QUICK, "optimizer": "adam", "hide": "optimizer"})
    keys = {w.key for w in at.selectbox} | {w.key for w in at.select_slider}
    assert "opt_optimizer" not in keys and "opt_beta1" in keys  # the others stay
    assert state_of(at).hide == ("optimizer",) and state_of(at).optimizer == "adam"


# ------------------------------------------------------------------------- K classes

def test_a_k_class_run_has_k_colours_in_the_player_and_the_views():
    at = open_playground({**SOFTMAX, "iters": "600"}, inside=True)
    body = payload_of(at)
    K = 4
    assert body["k_classes"] == K and len(set(body["classes"])) == K
    assert body["classes"] == list(classes.CLASS_PALETTE[:K])  # Okabe–Ito
    assert "diagram" not in body  # the diagram redoes a sigmoid output only
    last = animation.decode_frames(body)[-1]
    assert set(np.unique(last // body["shades"])) == set(range(K))  # K coloured regions
    assert set(body["train"]["c"]) == set(range(K))  # the points in K colours
    assert "over the plane shown, the network predicts class 0" in _captions(at)
    assert "class 3 on" in _captions(at)
    for tab in each_tab(at):
        assert not at.exception, tab
        if tab == "Hidden layer's view":
            [chart] = at.get("plotly_chart")
            colours = {t["marker"]["color"] for t in _spec(chart)["data"] if "marker" in t}
            assert len(colours) == K


def test_class_codes_follow_the_argmax_and_the_confidence():
    P = np.zeros((1, 3, 1, 4))
    P[0, :, 0, 0] = (1 / 3, 1 / 3, 1 / 3)  # undecided: class 0, palest shade
    P[0, :, 0, 1] = (0.0, 1.0, 0.0)  # sure of class 1
    P[0, :, 0, 2] = (0.1, 0.2, 0.7)
    P[0, :, 0, 3] = (np.nan, 0.0, 0.0)  # never a crash
    codes = classes.class_codes(P)[0, 0]
    S = classes.SHADES
    assert list(codes // S) == [0, 1, 2, 0]
    assert codes[0] % S == 0 and codes[1] % S == S - 1 and 0 < codes[2] % S < S - 1


def test_softmax_on_a_two_class_set_says_k_is_two():
    at = open_playground({**QUICK, "output": "softmax", "dataset": "moons", "classes": "4"})
    body = payload_of(at)
    assert body["k_classes"] == 2
    assert "on moons it has the data set's two classes" in _captions(at)
    assert "opt_classes" not in {w.key for w in at.slider}


# ------------------------------------------------------------------------- defaults, words

def test_the_default_payload_is_unchanged():
    at = open_playground(QUICK)
    body = payload_of(at)
    assert not {"k_classes", "shades", "unit"} & set(body)
    assert body["classes"] == ["#0072B2", "#E69F00"] and "diagram" in body
    assert "Course 2" not in " ".join(c.value for c in at.caption if "·" in c.value)


def test_the_default_run_takes_the_fast_loop(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("the default run went to the general loop")

    monkeypatch.setattr(engine.training, "train_general", refuse)
    result = training_runs.training(State(iters=40, seed=7))
    assert result.options == {} and len(result.costs) == 40


def test_mini_batches_count_epochs_in_every_word():
    at = open_playground({**QUICK, "batch": "64"}, inside=True)
    body = payload_of(at)
    assert body["unit"] == "epoch"
    text = _captions(at)
    assert "the 300 iterations are epochs" in text
    assert "cut into 7 batches, so 7 updates" in text  # 400 points: 6 of 64 and one of 16
    assert "The boundary at epoch 300" in text
    assert at.select_slider(key="w_frame").label == "Look inside the network at epoch"
    assert training_runs.training(state_of(at)).options["steps"] == 300 * 7


def _captions(at) -> str:
    return " ".join(c.value for c in at.caption)


def _spec(chart) -> dict:
    import json
    return json.loads(chart.proto.spec)


def test_the_offered_steps_read_as_numbers_and_the_full_batch_by_name():
    at = open_playground({**QUICK, "lambd": "0.2"})  # a link's own λ joins the steps
    batch, lambd = at.select_slider(key="opt_batch"), at.select_slider(key="opt_lambd")
    assert batch.options[:3] == ["full", "16", "32"]
    assert lambd.options[:6] == ["0", "0.01", "0.03", "0.1", "0.2", "0.3"]
