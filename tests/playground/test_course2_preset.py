"""The course-2 optimization experiment on the playground: engine/experiments.py's three runs.

The accuracies on screen must be COURSE2_ACCURACY (the numbers the assignment reports, as the
engine reproduces them), and the prose must say what the course reports with those numbers.
One AppTest run trains the three runs (about 25 s) and every test reads it.
"""

from __future__ import annotations

import numpy as np
import pytest
from support import charts, decode, no_exception, page_text, run_step

import engine
from engine.experiments import COURSE2_ACCURACY, COURSE2_OPTIMIZERS
from ui import content, nav
from ui.playground import course2, race, race_figure

PAGE = nav.page("playground").script


@pytest.fixture(scope="module")
def shown():
    at = run_step(PAGE, {"iters": "100"}, timeout=300)  # 2 shared cores: runs can wait
    no_exception(at)
    assert any(h.value == "Course 2: optimization experiment" for h in at.subheader)
    assert not at.get("metric") or not any("adam" in m.label for m in at.metric)
    at.button(key="course2_run").click().run()
    no_exception(at)
    return at


def course2_spec(at) -> dict:
    return charts(at)["course2_chart"]


def test_the_accuracies_shown_are_the_engines(shown):
    metrics = {m.label.rsplit(", ", 1)[1]: m.value for m in shown.metric
               if m.label.startswith("Training accuracy, ")}
    assert metrics == {o: f"{COURSE2_ACCURACY[o]:.2f}%" for o in COURSE2_OPTIMIZERS}
    runs = course2.experiment()["runs"]  # the cached runs the page drew
    assert {o: r["accuracy"] for o, r in runs.items()} == COURSE2_ACCURACY


def test_three_boundaries_side_by_side_and_three_cost_curves(shown):
    spec = course2_spec(shown)
    heat = [t for t in spec["data"] if t["type"] == "heatmap"]
    lines = [t for t in spec["data"] if t.get("mode") == "lines"]
    assert len(heat) == 3 and [t["name"] for t in lines] == list(COURSE2_OPTIMIZERS)
    assert len({t["xaxis"] for t in heat}) == 3  # one panel each
    assert [a["text"] for a in spec["layout"]["annotations"][:3]] == [
        f"{o}: {COURSE2_ACCURACY[o]:.2f}%" for o in COURSE2_OPTIMIZERS]
    assert [(t["line"]["color"], t["line"]["dash"]) for t in lines] == [
        race_figure.LOOK[o] for o in COURSE2_OPTIMIZERS]
    # The curves are the runs' epoch costs: Adam ends lowest, as in the assignment.
    ends = {t["name"]: decode(t["y"])[-1] for t in lines}
    assert ends["adam"] < ends["momentum"] and ends["adam"] < ends["gd"]
    assert np.all(np.diff(decode(lines[0]["x"])) > 0)


def test_the_prose_says_what_the_course_reports(shown):
    text = page_text(shown)
    points = engine.course_moons()[0].shape[1]
    assert content.text(race.DOC, "course2_reports", **COURSE2_ACCURACY) in text
    assert "71.7 % for gradient descent" in text and "about 94 % for Adam" in text
    assert content.text(race.DOC, "course2_match", points=points, **COURSE2_ACCURACY) in text
    assert "Trained on this server in" in text
