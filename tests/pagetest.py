"""Reading what a page rendered: Plotly specs and text from an AppTest run, and waiting for
charts and reruns in the browser. (Opening a page is conftest.run_page.)"""

from __future__ import annotations

import base64
import json

import numpy as np

SLOW_PAGE = 120  # s per AppTest run for pages that train or export (the default is 60)
CHART = "[data-testid='stPlotlyChart']"


# ---------------------------------------------------------------- AppTest

def charts(at) -> dict[str, dict]:
    """Every Plotly chart of the run, as its spec, by the chart's key."""
    out = {}
    for element in at.get("plotly_chart"):
        key = element.proto.id.rsplit("-", 1)[-1] if element.proto.id else ""
        out[key] = json.loads(element.proto.spec)
    return out


def decode(values) -> np.ndarray:
    """Plotly's JSON arrays: plain lists, or base64 `bdata` with a dtype and a shape."""
    if isinstance(values, dict) and "bdata" in values:
        data = np.frombuffer(base64.b64decode(values["bdata"]), dtype=np.dtype(values["dtype"]))
        shape = values.get("shape")
        if shape:
            dims = [int(d) for d in str(shape).split(",")] if isinstance(shape, str) else shape
            data = data.reshape(dims)
        return data
    return np.asarray(values, dtype=float)


def z_of(spec: dict) -> np.ndarray:
    """The z matrix of a heatmap spec."""
    return decode(spec["data"][0]["z"])


def page_text(at) -> str:
    """All the prose, maths, captions, code and alerts of a run, as one string to search."""
    parts = [e.value for kind in ("markdown", "latex", "caption", "code") for e in at.get(kind)]
    parts += [e.proto.body for kind in ("success", "error", "warning", "info")
              for e in at.get(kind)]
    return "\n".join(str(p) for p in parts)


def derivation_lines(at) -> list[int]:
    """The numbers of the derivation lines on screen ("**3.** …")."""
    shown = []
    for md in at.markdown:
        head = md.value.split(".**", 1)[0]
        if md.value.startswith("**") and head[2:].isdigit():
            shown.append(int(head[2:]))
    return shown


# ---------------------------------------------------------------- browser

def wait_for_charts(page, expected: int) -> None:
    """Until `expected` charts have drawn: the Plotly bundle loads lazily on a fresh tab."""
    page.wait_for_function(
        """([sel, n]) => [...document.querySelectorAll(sel)]
             .filter(c => c.querySelector('svg.main-svg')).length >= n""",
        arg=[CHART, expected], timeout=60_000)


def rerun_done(page) -> None:
    """Until the rerun a click started has finished and painted."""
    page.wait_for_timeout(300)
    page.wait_for_selector("[data-testid='stApp'][data-test-script-state='notRunning']",
                           timeout=60_000)
    page.wait_for_timeout(300)
