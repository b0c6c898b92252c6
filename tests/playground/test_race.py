"""The playground's optimizer race: 1 to 4 optimizers on the playground's network, one player.

The race's numbers must be the engine's for the same settings, and every frame of the one
player must move every panel (its boundary, its title and its marker on the cost chart).
"""

from __future__ import annotations

import numpy as np
import pytest
from conftest import run_page
from support import charts, decode, no_exception, run_step

import engine
from ui import compute, nav, training_runs
from ui.playground import race

PAGE = nav.page("playground").script
QUERY = {"iters": "200"}  # short runs: the race trains up to four of them


def open_race(picked: list[str], query: dict[str, str] | None = None, alpha: str = "same"):
    at = run_step(PAGE, query or QUERY)
    no_exception(at)
    at.multiselect(key=race.PICK_WIDGET).set_value(picked).run()
    at.radio(key=race.ALPHA).set_value(alpha).run()
    at.button(key="race_run").click().run()
    no_exception(at)
    return at


def race_spec(at) -> dict:
    return charts(at)["race_chart"]


def heatmaps(spec: dict) -> list[int]:
    return [i for i, t in enumerate(spec["data"]) if t["type"] == "heatmap"]


def curves(spec: dict) -> list[dict]:
    return [t for t in spec["data"] if t.get("mode") == "lines"]


def test_the_section_renders_and_waits_for_the_button():
    at = run_step(PAGE, QUERY)
    no_exception(at)
    assert any(h.value == "Optimizer race" for h in at.subheader)
    assert at.multiselect(key=race.PICK_WIDGET).value == list(race.OPTIMIZERS)
    assert not [c for c in at.get("plotly_chart") if c.proto.id.endswith("race_chart")]


@pytest.mark.parametrize("n", [1, 2, 3, 4])
def test_one_to_four_optimizers_get_a_panel_and_a_curve_each(n):
    picked = list(race.OPTIMIZERS[-n:])  # adam alone, then rmsprop and adam, …
    spec = race_spec(open_race(picked))
    assert len(heatmaps(spec)) == n
    assert [c["name"] for c in curves(spec)] == picked
    looks = {(c["line"]["color"], c["line"]["dash"]) for c in curves(spec)}
    assert len({color for color, _ in looks}) == n and len({dash for _, dash in looks}) == n
    titles = [a["text"] for a in spec["layout"]["annotations"][:n]]
    assert [t.split("<br>")[0] for t in titles] == picked


def test_the_numbers_are_the_engines():
    at = open_race(list(race.OPTIMIZERS), alpha="suggested")
    spec = race_spec(at)
    state = at.session_state["state"]
    X, Y = engine.make_dataset(state.dataset, m=state.train_m, noise=state.noise,
                               seed=state.data_seed)
    plan = training_runs.frame_plan(200, race.FRAMES)
    xlim, ylim = engine.plot_extent(X)
    lines = curves(spec)
    for k, (optimizer, rate) in enumerate(race.rates(state.lr, "suggested",
                                                     race.OPTIMIZERS).items()):
        result = engine.train(X, Y, hidden_sizes=[state.n_h], activation=state.activation,
                              learning_rate=rate, iterations=200, seed=state.seed,
                              init=state.init, frames=plan, optimizer=optimizer)
        final = result.snapshots[-1]
        title = spec["layout"]["annotations"][k]["text"]
        assert title == f"{optimizer}<br>α = {rate:g} · {final.accuracy:.2f}%"
        x, y = decode(lines[k]["x"]).astype(int), decode(lines[k]["y"])
        np.testing.assert_array_equal(y, result.costs[x])
        [grid] = engine.boundary_frames([final], state.activation, xlim, ylim, race.RESOLUTION)
        shown = decode(spec["data"][heatmaps(spec)[k]]["z"]).reshape(grid.shape)
        np.testing.assert_array_equal(shown, np.round(grid * 255).astype(np.uint8))
    assert race.rates(1.2, "suggested", race.OPTIMIZERS) == {
        "gd": 1.2, "momentum": 1.2, "rmsprop": race.ADAPTIVE_LR, "adam": race.ADAPTIVE_LR}
    assert set(race.rates(1.2, "same", race.OPTIMIZERS).values()) == {1.2}


def test_each_player_frame_moves_every_panel():
    spec = race_spec(open_race(["gd", "momentum", "adam"]))
    heat, frames = heatmaps(spec), spec["frames"]
    marks = list(range(len(spec["data"]) - len(heat), len(spec["data"])))  # the cost dots
    cost_axis = curves(spec)[0]["xaxis"]
    assert all(spec["data"][i]["xaxis"] == cost_axis for i in marks)
    assert len(frames) == race.FRAMES
    [slider] = spec["layout"]["sliders"]
    assert [s["args"][0] for s in slider["steps"]] == [[f["name"]] for f in frames]
    for frame in frames:  # every frame sets every panel and every marker
        assert frame["traces"] == heat + marks
    first, last = frames[0], frames[-1]
    for k in range(len(heat)):
        assert not np.array_equal(decode(first["data"][k]["z"]), decode(last["data"][k]["z"]))
        assert first["layout"]["annotations"][k]["text"] != last["layout"]["annotations"][k][
            "text"]
        assert first["data"][len(heat) + k]["x"] != last["data"][len(heat) + k]["x"]


def test_a_race_trains_once_and_is_shared():
    state = run_page("app.py", QUERY).session_state["state"]
    data = compute.dataset(state)
    lrs = race.rates(state.lr, "same", ["gd"])
    one = race.run(state, data, "gd", lrs["gd"])
    assert race.pending(state, data, lrs) == []
    two = race.run(state, data, "gd", lrs["gd"])
    assert one["seconds"] == two["seconds"]  # the same cached run, not a second training
