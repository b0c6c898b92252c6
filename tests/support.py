"""What several tests share: a walk network built straight from the engine, relative errors
and centred finite differences in float64, the settings at which training diverges, and
reading what a page rendered (Plotly specs, text and alerts from an AppTest run), page
addresses, and waiting for charts and reruns in the browser.
Opening a page is conftest.run_page; fixtures live in conftest.py."""

from __future__ import annotations

import base64
import json
import re
from urllib.parse import urlencode

import numpy as np
from conftest import APP_IDLE, assert_no_exception, open_app, run_page

import engine
from ui import compute, nav, quiz
from ui.state import from_query

SLOW_PAGE = 120  # s per AppTest run for pages that train or export (the default is 60)
CHART = "[data-testid='stPlotlyChart']"


EPS = engine.CHECK_EPS  # the app's one finite-difference step
FINE_EPS = 1e-6  # the tests' own centred differences: truncation ~ε², rounding ~1e-16/ε
TOL = 1e-7  # the relative error a float64 gradient must stay below against FINE_EPS


# ---------------------------------------------------------------- numbers

def rel_err(a, b, floor: float = 0.0) -> float:
    """‖a − b‖ / (‖a‖ + ‖b‖), 0 when both are 0: the gradient check's relative error.
    `floor` is the least denominator, so two gradients near 0 need not agree in ratio."""
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    denom = max(np.linalg.norm(a) + np.linalg.norm(b), floor)
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


def losses_from_logits(Z: np.ndarray, Y: np.ndarray) -> np.ndarray:
    """Each example's cross-entropy L⁽ⁱ⁾, from the output logits (exact, no clipping)."""
    return np.logaddexp(0.0, Z) - Y * Z


def losses_from_outputs(A: np.ndarray, Y: np.ndarray) -> np.ndarray:
    """L(a, y) for each column, the course's formula in a: shape (1, m)."""
    return -(Y * np.log(A) + (1 - Y) * np.log(1 - A))


def walk_network(n_h: int = 4, m: int = 4, activation: str = "tanh", seed: int = 2,
                 init: str = "xavier", layers: int = 1, data: str = "flower",
                 pool: int = 400, data_seed: int = 1) -> dict:
    """The dict compute.walk returns, built straight from the engine in float64.

    data="flower": m examples spread evenly over a flower data set of `pool` points drawn
    with `data_seed` (by default the course's, as the walk picks them). data="random":
    X ~ N(0, 1.5²), labels alternating (both present when m > 1), and non-zero biases, so no
    unit sits exactly at 0 and g′ varies.
    Keys: X, Y, params, cache, grads, rel_errors, cost.
    """
    if data == "flower":
        X, Y = engine.make_dataset("flower", m=pool, noise=0.2, seed=data_seed)
        idx = np.linspace(0, X.shape[1] - 1, m).round().astype(int)
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


# (n_h, activation, m, init, seed) of flower networks, small and wide, every activation; a
# case's network is walk_network(n_h, m, activation, seed, init, pool=max(m, 40), data_seed=seed).
LIVE_CASES = [
    (4, "tanh", 4, "xavier", 0),
    (1, "sigmoid", 1, "he", 1),
    (7, "relu", 9, "he", 2),
    (5, "leaky_relu", 20, "xavier", 3),
    (50, "tanh", 20, "course", 4),
]
# (n_h, m, activation) of data="random" networks: every activation at four shapes.
GRID_CASES = [(n_h, m, act) for n_h, m in ((4, 4), (1, 5), (6, 1), (7, 3))
              for act in ("tanh", "sigmoid", "relu", "leaky_relu")]


# ---------------------------------------------------------------- diverged settings

DIVERGED = {"lr": "10", "init": "he", "quiz": "1"}  # training blows up; the last finite weights
# Which examples the walk draws depends on m and the data seed, so each setting names both.
RELU = {**DIVERGED, "activation": "relu", "at": "3", "m": "4",
        "data_seed": "15"}  # 2 of 4 outputs at exactly 0, one with y = 0 and one with y = 1
LEAKY = {**DIVERGED, "activation": "leaky_relu", "at": "50", "m": "20",
         "data_seed": "13"}  # 0s, 1s, and z ≈ 25 at a y = 0
TANH = {**DIVERGED, "activation": "tanh", "at": "50"}  # hidden units at exactly ±1


def walk_of(query: dict[str, str]) -> dict:
    """compute.walk at the settings a link with `query` opens (which must need no warning)."""
    state, warnings = from_query(query)
    assert not warnings
    return compute.walk(state)


# ---------------------------------------------------------------- AppTest

PASS, FAIL = ":material/check_circle:", ":material/cancel:"  # marks of the one-example checks
SATURATION_NOTE = "outputs are saturated"  # what the output-layer steps say at saturated a


def run_step(script: str, query: dict[str, str] | None = None, timeout: float = 60):
    """conftest.run_page, asserting on the way that the app's home run raised nothing."""
    at = run_page("app.py", query, timeout=timeout)
    assert not at.exception
    return at.switch_page(script).run()


def no_exception(at) -> None:
    """The run raised nothing (the message is the first exception's)."""
    assert not at.exception, at.exception[0].message if at.exception else ""


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


def chart_title(spec: dict) -> str:
    """The title of a chart spec."""
    return spec["layout"]["title"]["text"]


def page_text(at) -> str:
    """All the prose, maths, captions, code and alerts of a run, as one string to search."""
    parts = [e.value for kind in ("markdown", "latex", "caption", "code") for e in at.get(kind)]
    # An alert's leading :material/…: icon moves out of its body into its own field, so a
    # failed check's mark on the first line is only seen with the icon put back in front.
    parts += [f"{e.proto.icon} {e.proto.body}" for kind in ("success", "error", "warning", "info")
              for e in at.get(kind)]
    return "\n".join(str(p) for p in parts)


def shown(at, kind: str) -> str:
    """The text of every `kind` alert ("success", "error", …), icon first, as page_text has it."""
    return "\n".join(e.proto.icon + " " + e.proto.body for e in at.get(kind))


def derivation_lines(at) -> list[int]:
    """The numbers of the derivation lines on screen ("**3.** …")."""
    numbers = []
    for md in at.markdown:
        if md.value.startswith("**"):
            numbers += [int(n) for n in re.findall(r"^\*\*(\d+)\.\*\*", md.value, re.M)]
    return numbers


def table_with(at, column: str):
    """The first table with `column` (AppTest does not expose a dataframe's key)."""
    for element in at.dataframe:
        if column in element.value.columns:
            return element.value
    raise KeyError(column)


def in_page_order(node) -> list:
    """Every element under `node`, depth first, in the order the page shows them."""
    out = []
    for child in getattr(node, "children", {}).values():
        out.append(child)
        out.extend(in_page_order(child))
    return out


def quiz_score(at) -> str:
    """The quiz's running score, "right / asked", from its heading."""
    heading = next(md.value for md in at.markdown if "Predict before you look" in md.value)
    return heading.split("score ")[1]


def _refuse(token: str):
    raise AssertionError(f"{token} in a chart's JSON")


def no_infinity(at) -> None:
    """Nothing on the page crashed or failed a check, no chart was sent ±∞, and no quiz
    option is a number that is not finite."""
    assert not at.exception, [e.message for e in at.exception]
    assert FAIL not in page_text(at)
    for chart in at.get("plotly_chart"):
        for trace in json.loads(chart.proto.spec, parse_constant=_refuse)["data"]:
            for values in trace.values():
                if isinstance(values, dict) and "bdata" in values:
                    assert not np.isinf(decode(values).astype(float)).any(), trace.get("name")
    for radio in at.get("radio"):
        assert not any(quiz.NOT_FINITE.search(o) for o in radio.options), radio.options


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


# The playground's player (ui/playground/components/boundary_player.js), for browser tests.
PLAYER_PAINTED = ("() => { const c = document.querySelector('[data-testid=bp-canvas]');"
                  " return !!c && c.dataset.painted === '1' && c.clientWidth > 200; }")


def open_playground(page, server_url: str, query: str = "iters=1000") -> None:
    """The playground at `query`, once its player has painted a frame."""
    open_app(page, page_url(server_url, "playground", query))
    page.wait_for_function(PLAYER_PAINTED, timeout=60_000)
    assert_no_exception(page)


def shown_iteration(page) -> int:
    """The iteration the player's read-out shows."""
    return int(page.get_by_test_id("bp-iteration").inner_text().replace(",", ""))
