"""The walk's defaults teach (issue 11, item 5): no two of its dimensions coincide, so a wrong
product cannot get the right shape by luck; the default network is moderately trained, so
its numbers differ from example to example without saturating; and the assignment's fresh
network is one click away, with the way back one click too."""

from __future__ import annotations

import numpy as np
from conftest import run_page

import engine
from ui import compute, nav
from ui.state import FIELD_BY_NAME, State
from ui.walk import frame, transpose_puzzle

DEFAULT = State()
PAGES = [nav.page(p).script for p in ("cost", "sigmoid", "dZ2")]  # the steps with the hint


def test_default_dimensions_are_pairwise_distinct():
    walk = compute.walk(DEFAULT)
    m = walk["X"].shape[1]
    assert m == DEFAULT.m
    sizes: dict[str, set[int]] = {}  # symbol → the sizes it stands for, over every array
    for row in engine.shape_table(DEFAULT.layer_dims, m).values():
        for symbol, size in zip(row.dims, row.shape, strict=True):
            if symbol != "1":  # a bias's one column is not a dimension of the network
                sizes.setdefault(symbol, set()).add(size)
    assert set(sizes) == {"n_x", "n_h", "m", "n_y"}
    assert all(len(s) == 1 for s in sizes.values()), sizes
    values = [min(s) for s in sizes.values()]
    assert len(set(values)) == len(values), sizes  # n_x, n_h, m, n_y pairwise different
    # The engine's own arrays carry these sizes.
    assert walk["params"]["W1"].shape == (*sizes["n_h"], *sizes["n_x"])
    assert walk["grads"]["dZ2"].shape == (*sizes["n_y"], *sizes["m"])


def test_at_the_defaults_no_wrong_product_has_the_right_shape():
    walk = compute.walk(DEFAULT)
    W2, dZ2, dA1 = walk["params"]["W2"], walk["grads"]["dZ2"], walk["grads"]["dA1"]
    for label in transpose_puzzle.CANDIDATES:
        verdict = transpose_puzzle.judge(label, W2, dZ2, dA1)
        assert verdict["right_values"] or not verdict["right_shape"], label


def test_the_default_network_is_moderately_trained():
    walk = compute.walk(DEFAULT)
    A2, Y, cache = walk["cache"]["A2"], walk["Y"], walk["cache"]
    assert DEFAULT.at > 0
    assert np.all((A2 > 0.05) & (A2 < 0.95))  # not saturated
    assert np.ptp(A2) > 0.2  # informative: the outputs differ
    assert np.all((A2 > 0.5) == (Y == 1))  # it tells the walk's examples apart (README)
    g_prime = engine.ACTIVATIONS[DEFAULT.activation].derivative(cache["Z1"])
    assert np.mean((g_prime >= 0.05) & (g_prime <= 1)) > 0.5  # most units not saturated
    dZ2 = walk["grads"]["dZ2"]
    assert (dZ2 > 0).any() and (dZ2 < 0).any()


def test_the_course_start_is_the_fresh_network_about_one_half():
    A2 = compute.walk(DEFAULT.replace(at=0))["cache"]["A2"]
    assert np.max(np.abs(A2 - 0.5)) < frame.HALF
    assert frame.TRAINED_AT == FIELD_BY_NAME["at"].default == DEFAULT.at


def _walk_buttons(at) -> set[str]:
    return {b.key for b in at.button} & {"walk_trained", "walk_course_start"}


def test_each_network_is_one_click_from_the_other():
    for page in PAGES:
        at = run_page(page)
        assert not at.exception, (page, at.exception)
        assert at.session_state["state"].at == DEFAULT.at
        assert _walk_buttons(at) == {"walk_course_start"}, page
        assert any("randn × 0.01" in c.value for c in at.caption), page
        at.button(key="walk_course_start").click().run()
        assert at.session_state["state"].at == 0
        hint = next(i.value for i in at.info if "A trained network" in i.value)
        assert "0.5" in hint or "near 0" in hint, hint
        assert _walk_buttons(at) == {"walk_trained"}, page
        at.button(key="walk_trained").click().run()
        assert not at.exception
        assert at.session_state["state"].at == DEFAULT.at
        assert not any("A trained network" in i.value for i in at.info), page


def test_the_course_start_restores_the_course_initialisation():
    at = run_page("dZ2", {"init": "he", "at": "300"})
    at.button(key="walk_course_start").click().run()
    state = at.session_state["state"]
    assert (state.at, state.init) == (0, "course")
    assert any("A trained network" in i.value for i in at.info)  # now about 0.5 again


def test_no_fresh_network_hint_where_its_sentences_would_be_false():
    # At iteration 0 with xavier weights the outputs are not all about 0.5, and the weights
    # are not tiny: the step's "untrained" sentences must not appear, nor the course start.
    for page in PAGES:
        at = run_page(page, {"init": "xavier", "at": "0"})
        assert not at.exception
        assert not any("A trained network" in i.value for i in at.info), page
        assert _walk_buttons(at) == set(), page
