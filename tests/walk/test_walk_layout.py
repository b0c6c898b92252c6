"""The order of every walk step (issue 11, item 7): the derivation first, the matrices after.
A class reasons through the lines, then reads the numbers; a dozen heatmaps above the
derivation pushed it out of sight."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from support import no_exception, run_step

from ui import nav

STEPS = [page.id for page in nav.STEPS]


def in_order(node) -> Iterator:
    """Every element under `node` in the order the page shows them, depth first."""
    for child in getattr(node, "children", {}).values():
        yield child
        yield from in_order(child)


def is_matrix(element) -> bool:
    """A heatmap: how every matrix of the walk is drawn (function plots and bars are not)."""
    if element.type != "plotly_chart":
        return False
    return any(trace.get("type") == "heatmap"
               for trace in json.loads(element.proto.spec).get("data", []))


def is_derivation(element) -> bool:
    return element.type == "markdown" and element.value.startswith("**1.**")


def first(elements: list, test) -> int | None:
    return next((k for k, e in enumerate(elements) if test(e)), None)


def test_every_step_is_checked():
    assert len(STEPS) == 10


@pytest.mark.parametrize("step", STEPS)
@pytest.mark.parametrize("query", [{}, {"presenter": "1", "activation": "relu", "n_h": "3"}],
                         ids=["defaults", "presenter"])
def test_the_derivation_comes_before_the_first_matrix(step, query):
    at = run_step(nav.page(step).script, query)
    no_exception(at)
    elements = list(in_order(at.main))
    derivation, matrix = first(elements, is_derivation), first(elements, is_matrix)
    assert derivation is not None, f"{step}: no derivation"
    assert matrix is not None, f"{step}: no matrix"
    assert derivation < matrix, f"{step}: a matrix at {matrix}, the derivation at {derivation}"
