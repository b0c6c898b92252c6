"""Cached results are shared between sessions, never mutated, and bounded."""

from __future__ import annotations

import ast
import importlib

import numpy as np
import pytest
import streamlit as st
from conftest import ROOT

from ui import compute, training_runs
from ui.state import State


def cached_functions():
    """Every @st.cache_data / @st.cache_resource in ui/: (name, module, decorator call)."""
    for path in sorted((ROOT / "ui").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.FunctionDef):
                for deco in node.decorator_list:
                    if "cache_" in ast.unparse(deco):
                        yield f"{path.name}:{node.name}", f"ui.{path.stem}", deco


def bounds(module: str, deco: ast.Call) -> set[str]:
    """The keyword names a decorator passes, with `**NAME` resolved in its own module."""
    names = {k.arg for k in deco.keywords if k.arg}
    for k in deco.keywords:
        if k.arg is None:  # **CACHE or **compute.CACHE
            value = importlib.import_module(module)
            for part in ast.unparse(k.value).split("."):
                value = getattr(value, part)
            names |= set(value)
    return names


def test_every_cache_is_bounded_by_count_age_and_size():
    found = list(cached_functions())
    assert len(found) >= 5
    for name, module, deco in found:
        assert isinstance(deco, ast.Call), f"{name}: unbounded @{ast.unparse(deco)}"
        # st.cache_resource has no max_size: its entries are bounded by the test below.
        size = {"max_size"} if "cache_data" in ast.unparse(deco) else set()
        assert {"max_entries", "ttl"} | size <= bounds(module, deco), name


def nbytes(value) -> int:
    """Bytes of every NumPy array reachable from `value`."""
    if isinstance(value, np.ndarray):
        return value.nbytes
    if isinstance(value, dict):
        return sum(nbytes(v) for v in value.values())
    if isinstance(value, (list, tuple)):
        return sum(nbytes(v) for v in value)
    if hasattr(value, "__dataclass_fields__"):
        return sum(nbytes(getattr(value, f)) for f in value.__dataclass_fields__)
    return 0


def test_shared_training_results_fit_their_budget_even_at_the_largest_settings():
    import engine

    # The largest network the settings allow; there are 100 snapshots whatever the
    # iterations, and only the cost history grows with them (one float each, 20 000 at most).
    X, Y = engine.make_dataset("flower", m=200, noise=0.2, seed=1)
    result = engine.train(X, Y, hidden_sizes=[50] * 4, activation="relu", learning_rate=0.01,
                          iterations=200, seed=1, init="he", frames=100)
    assert len(result.snapshots) == 100
    largest = nbytes(result) + 20_000 * 8
    entries = training_runs._run._info.max_entries
    assert entries * largest <= 256 * 2**20, (entries, largest)


def test_shared_training_results_are_read_only(fresh_cache):
    result = training_runs.training(State(n_h=3, iters=200))
    assert training_runs.training(State(n_h=3, iters=200)) is result  # one object, shared
    with pytest.raises(ValueError):
        result.snapshots[-1].params["W1"][0, 0] = 1.0
    with pytest.raises(ValueError):
        result.costs[0] = 0.0


def test_the_server_caps_all_caches_together():
    config = (ROOT / ".streamlit" / "config.toml").read_text()
    assert "maxCacheDataSize" in config


@pytest.fixture
def fresh_cache():
    st.cache_data.clear()
    yield
    st.cache_data.clear()


def test_a_session_mutating_its_copy_cannot_reach_anothers(fresh_cache):
    state = State(n_h=3, m=5)
    first = compute.walk(state)
    first["grads"]["dW1"][:] = 999.0  # a careless page would do this to its copy
    first["params"]["W1"] += 1.0
    second = compute.walk(state)
    assert not np.any(second["grads"]["dW1"] == 999.0)
    assert not np.shares_memory(first["params"]["W1"], second["params"]["W1"])
    third = compute.walk(state)
    np.testing.assert_array_equal(second["params"]["W1"], third["params"]["W1"])


def test_cached_walk_equals_a_fresh_engine_computation(fresh_cache):
    import engine

    state = State(n_h=5, m=6, activation="relu")
    data = compute.walk(state)
    cache = engine.forward(data["X"], data["params"], "relu")
    grads = engine.backward(data["X"], data["Y"], data["params"], cache, "relu")
    for key, value in grads.items():
        np.testing.assert_allclose(data["grads"][key], value, rtol=0, atol=0)


def test_a_class_opening_one_link_at_once_trains_it_once(monkeypatch):
    import threading
    import time

    import engine

    calls = []
    real = engine.train

    def slow_train(*args, **kwargs):
        calls.append(1)
        time.sleep(0.3)  # long enough for every classmate to arrive while it runs
        return real(*args, **kwargs)

    monkeypatch.setattr(compute.engine, "train", slow_train)
    state = State(n_h=2, iters=100)
    data = compute.dataset(state)
    run = training_runs._Run()
    settings = ((2,), "tanh", state.lr, 100, state.seed, state.init, 10)
    results = []
    students = [threading.Thread(target=lambda: results.append(
        training_runs._train(run, data, *settings))) for _ in range(5)]
    for s in students:
        s.start()
    for s in students:
        s.join()
    assert len(calls) == 1 and len(results) == 5
    assert all(r is results[0] for r in results)


def test_the_playground_data_is_one_shared_read_only_copy_and_bounded():
    # A rerun asks for its data a dozen times: one shared copy, not a fresh unpickled one.
    first = compute.dataset(State(train_m=120))
    assert compute.dataset(State(train_m=120)) is first
    with pytest.raises(ValueError):
        first["X"][0, 0] = 1.0
    assert compute.dataset(State(train_m=121))["X"].shape[1] == 121  # another setting
    oldest = compute.dataset(State(train_m=40))
    for m in range(41, 40 + compute.CACHE["max_entries"] + 8):
        newest = compute.dataset(State(train_m=m))
    assert compute.dataset(State(train_m=m)) is newest
    assert compute.dataset(State(train_m=40)) is not oldest  # evicted: the cache is bounded
    assert len(compute._SPLITS) == compute.CACHE["max_entries"]
