"""What several tests share: a walk network built straight from the engine, relative errors
and centred finite differences in float64, and reading what a page rendered (Plotly specs and
text from an AppTest run), page addresses, and waiting for charts and reruns in the browser.
Opening a page is conftest.run_page; fixtures live in conftest.py."""

from __future__ import annotations

import base64
import json
import re
from urllib.parse import urlencode

import numpy as np
from conftest import APP_IDLE

import engine
from ui import nav

SLOW_PAGE = 120  # s per AppTest run for pages that train or export (the default is 60)
CHART = "[data-testid='stPlotlyChart']"


EPS = engine.CHECK_EPS  # the app's one finite-difference step


# ---------------------------------------------------------------- numbers

def rel_err(a, b) -> float:
    """‖a − b‖ / (‖a‖ + ‖b‖), 0 when both are 0: the gradient check's relative error."""
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    denom = np.linalg.norm(a) + np.linalg.norm(b)
    return 0.0 if denom == 0 else float(np.linalg.norm(a - b) / denom)


def centred(f, x: np.ndarray, eps: float = EPS) -> np.ndarray:
    """∂f/∂x entry by entry, for a scalar function f of the float64 array x (x is restored)."""
    x = np.asarray(x, dtype=np.float64)
    grad = np.zeros_like(x)
    for idx in np.ndindex(x.shape):
        saved = x[idx]
        x[idx] = saved + eps
        plus = f(x)
        x[idx] = saved - eps
        minus = f(x)
        x[idx] = saved
        grad[idx] = (plus - minus) / (2 * eps)
    return grad


def walk_network(n_h: int = 4, m: int = 4, activation: str = "tanh", seed: int = 2,
                 init: str = "xavier", layers: int = 1, data: str = "flower") -> dict:
    """The dict compute.walk returns, built straight from the engine in float64.

    data="flower": m examples spread over the course's flower data set (as the walk picks
    them). data="random": X ~ N(0, 1.5²), labels alternating (both present when m > 1), and
    non-zero biases, so no unit sits exactly at 0 and g′ varies.
    Keys: X, Y, params, cache, grads, rel_errors, cost.
    """
    if data == "flower":
        X, Y = engine.make_dataset("flower", m=400, noise=0.2, seed=1)
        idx = np.linspace(0, 399, m).round().astype(int)
        X, Y = X[:, idx].astype(np.float64), Y[:, idx].astype(np.float64)
    else:
        rng = np.random.default_rng(seed)
        X = rng.normal(0, 1.5, size=(2, m))
        Y = (np.arange(m) % 2).astype(float)[None, :]
    params = engine.init_params([2] + [n_h] * layers + [1], seed=seed, init=init)
    if data != "flower":
        for k in params:
            if k.startswith("b"):
                params[k] = rng.normal(0, 0.3, params[k].shape)
    cache = engine.forward(X, params, activation=activation)
    grads = engine.backward(X, Y, params, cache, activation=activation)
    L = layers + 1
    return {"X": X, "Y": Y, "params": params, "cache": cache, "grads": grads,
            "rel_errors": engine.gradient_check(X, Y, params, activation=activation,
                                                grads=grads, eps=EPS),
            "cost": engine.compute_cost(cache[f"A{L}"], Y, cache[f"Z{L}"])}


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
    # An alert's leading :material/…: icon moves out of its body into its own field, so a
    # failed check's mark on the first line is only seen with the icon put back in front.
    parts += [f"{e.proto.icon} {e.proto.body}" for kind in ("success", "error", "warning", "info")
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


def page_url(base: str, page_id: str, query: str | dict[str, str] = "") -> str:
    """The address of page `page_id` on the server at `base`, with a link's query if given."""
    query = urlencode(query) if isinstance(query, dict) else query
    path = f"{base}/{nav.url_path(page_id)}"
    return f"{path}?{query}" if query else path


def rerun_done(page, effect) -> None:
    """Until the rerun a click started has shown `effect` and finished.

    Right after a click the app may not yet say it is running, so "notRunning" alone can be
    the state from before the click. `effect` is what the rerun brings: a Locator that must
    show, a URL pattern (re.Pattern), or a JavaScript predicate. Once it holds, the rerun has
    started, and "notRunning" then means it has finished.
    """
    if isinstance(effect, re.Pattern):
        page.wait_for_url(effect, timeout=60_000)
    elif isinstance(effect, str):
        page.wait_for_function(effect, timeout=60_000)
    else:
        effect.first.wait_for(timeout=60_000)
    page.wait_for_selector(APP_IDLE, timeout=60_000)


def animation_frames(page, count: int) -> None:
    """Until the page has painted `count` more frames: the clock a client-side player runs on."""
    page.evaluate("""n => new Promise(done => {
        const next = k => k ? requestAnimationFrame(() => next(k - 1)) : done();
        next(n);
    })""", count)
