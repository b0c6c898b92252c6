"""Cache keys come from the field table: a field that changes what a cached call computes must
make that call a miss. Judged against the engine's actual results, not against the tags, so a
field missing from a key (a classmate's stale result served) is caught."""

from __future__ import annotations

import numpy as np
import pytest

from ui import compute, training_runs
from ui.state import FIELDS, State
from ui.walk import deeper

# Small and quick, with a trained walk and deep network (at > 0) so that α matters to them.
BASE = State(train_m=60, n_h=3, m=3, at=20, iters=100, layers=1)
OTHER = {"dataset": "moons", "train_m": 80, "noise": 0.35, "test_frac": 0.25, "data_seed": 7,
         "layers": 2, "n_h": 5, "activation": "relu", "init": "he", "seed": 9, "lr": 0.3,
         "iters": 200, "m": 5, "at": 40, "frame": 3, "reveal": 2, "presenter": True,
         "quiz": True, "hide": ("n_h",), "more": ((50, 30, 0.3),),
         "pts": "AQQACgAA6APoAwAA0AfoA7gLAAA",  # 4 drawn points (ui/classroom/point_link.py)
         "output": "softmax", "classes": 4, "lambd": 0.7, "keep_prob": 0.8,  # course-2 options
         "optimizer": "adam", "beta1": 0.5, "beta2": 0.9, "batch": 16}


def same(a, b) -> bool:
    """Equal results: the same arrays and numbers throughout."""
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        return np.shape(a) == np.shape(b) and np.array_equal(a, b)
    if hasattr(a, "__dataclass_fields__"):
        return all(same(getattr(a, f), getattr(b, f)) for f in a.__dataclass_fields__)
    if isinstance(a, list | tuple):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    return a == b


def test_every_field_has_an_alternative_here():
    assert set(OTHER) == {f.name for f in FIELDS}


@pytest.mark.parametrize("name", [f.name for f in FIELDS])
def test_a_field_that_changes_the_walk_misses_the_walk_cache(name, monkeypatch):
    other = BASE.replace(**{name: OTHER[name]})
    if same(compute._build_walk(BASE), compute._build_walk(other)):  # uncached: the truth
        return
    builds = []
    original = compute._build_walk
    monkeypatch.setattr(compute, "_build_walk", lambda s: builds.append(s) or original(s))
    compute.walk(BASE)
    before = len(builds)
    compute.walk(other)
    assert len(builds) == before + 1, f"{name} changes the walk but hits its cache"


@pytest.mark.parametrize("name", [f.name for f in FIELDS])
def test_a_field_that_changes_the_deep_network_misses_its_cache(name, monkeypatch):
    other = BASE.replace(**{name: OTHER[name]})
    if same(deeper._build_network(BASE), deeper._build_network(other)):  # uncached: the truth
        return
    builds = []
    original = deeper._build_network
    monkeypatch.setattr(deeper, "_build_network", lambda s: builds.append(s) or original(s))
    deeper.deep_network(BASE)
    before = len(builds)
    deeper.deep_network(other)
    assert len(builds) == before + 1, f"{name} changes the deep network but hits its cache"


@pytest.mark.parametrize("name", [f.name for f in FIELDS])
def test_a_field_that_changes_training_gets_its_own_run(name):
    other = BASE.replace(**{name: OTHER[name]})
    data_a, data_b = compute.dataset(BASE), compute.dataset(other)
    run_a = training_runs._run(compute.data_key(BASE, data_a), BASE.key("train"), 5)
    run_b = training_runs._run(compute.data_key(other, data_b), other.key("train"), 5)
    runs = training_runs
    fresh = [runs._train(runs._Run(), data, *runs.training_settings(state, 5),
                         options=tuple(runs.engine_options(state).items()))
             for state, data in ((BASE, data_a), (other, data_b))]  # uncached: the truth
    if not same(*fresh):
        assert run_a is not run_b, f"{name} changes the training run but shares its cache"


@pytest.mark.parametrize("name", [f.name for f in FIELDS])
def test_a_field_that_changes_the_data_changes_its_key(name):
    other = BASE.replace(**{name: OTHER[name]})
    if not same(compute.dataset(BASE), compute.dataset(other)):
        assert compute.data_key(BASE, compute.dataset(BASE)) != compute.data_key(
            other, compute.dataset(other)), f"{name} changes the data but not its key"


def test_view_fields_feed_no_computation():
    for field in FIELDS:
        if field.group == "view":
            assert field.feeds == (), field.name
