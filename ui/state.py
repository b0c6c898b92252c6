"""The app's one state object: every setting, typed, bounded, and serialised to the URL.

Pure Python (no Streamlit), so the parser can be property-tested on its own. A link
holds only the fields that differ from their defaults, in field-table order, so
opening a link and copying it again gives the same link.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import engine
from ui.classroom import point_link
from ui.continuations import MAX_SEGMENTS, MORE_ITERS, SEGMENT_FRAMES, Segments, parse_segments

DATASETS = (*engine.DATASETS, "custom")  # "custom": points uploaded in this session
ACTIVATIONS = tuple(engine.ACTIVATIONS)
INITS = engine.INITS
OUTPUTS = tuple(engine.OUTPUTS)
OPTIMIZERS = tuple(engine.OPTIMIZERS)
FRAMES = 200  # snapshots of a training run, half of them in its first 10 %
MAX_FRAMES = FRAMES + MAX_SEGMENTS * SEGMENT_FRAMES  # the most frames a run can have
# Discrete learning rates, roughly log-spaced, as TensorFlow Playground offers them.
LEARNING_RATES = (0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 0.5, 1.0, 1.2, 2.0, 3.0, 5.0, 10.0)
# The course-2 options' steps: 0.7 is the course's L2 run, 0.86 its dropout run.
LAMBDAS = (0.0, 0.01, 0.03, 0.1, 0.3, 0.7, 1.0, 3.0, 10.0)
KEEP_PROBS = (0.5, 0.6, 0.7, 0.8, 0.86, 0.9, 0.95, 1.0)
BETA1S = (0.0, 0.5, 0.8, 0.9, 0.95, 0.99, 0.999)
BETA2S = (0.9, 0.99, 0.999, 0.9999)
BATCHES = (0, 16, 32, 64, 128, 256)  # 0: the full batch
# Query keys Streamlit itself adds to app URLs: never ours, never warned about.
STREAMLIT_KEYS = frozenset({"embed", "embed_options"})

# What a field feeds, for cache keys: "data" the data set, "walk" the two-layer network the
# walk shows, "deep" the deeper network of the last step, "train" a playground training run.
# A cached call keys on every field with its tag, so a new field cannot be forgotten in a key.
DATA = ("data", "walk", "deep", "train")
NET = ("walk", "deep", "train")


def setting(default: object, label: str, lo: float | None = None, hi: float | None = None,
            choices: tuple[str, ...] | None = None, group: str = "network", help: str = "",
            feeds: tuple[str, ...] = (), offered: tuple[float, ...] = ()) -> dataclasses.Field:
    """One row of the field table, declared where the State declares the field itself.
    `offered`: the values a widget steps through (a link's own value, any within the bounds,
    joins them)."""
    meta = {"label": label, "lo": lo, "hi": hi, "choices": choices, "group": group,
            "help": help, "feeds": feeds, "offered": offered}
    return dataclasses.field(default=default, metadata=meta)


@dataclass(frozen=True)
class State:
    """Every setting of the app, typed, with its default, bounds, widget and cache tags."""

    # data
    dataset: str = setting("flower", "Data set", choices=DATASETS, group="data", feeds=DATA,
                           help="'flower' is the course's planar data set.")
    train_m: int = setting(400, "Training examples m_train", 40, 2000, group="data", feeds=DATA,
                           help="How many points the data set has; the playground trains "
                                "on them, less any test fraction (the course uses 400). The "
                                "walk's m is set under Walk.")
    noise: float = setting(0.2, "Noise", 0.0, 1.0, group="data", feeds=DATA)
    test_frac: float = setting(0.0, "Test fraction", 0.0, 0.5, group="data", feeds=DATA,
                               help="Share of the points held out to measure the test cost.")
    data_seed: int = setting(1, "Data seed", 0, 99_999, group="data", feeds=DATA)
    # network
    layers: int = setting(1, "Hidden layers", 1, 4, feeds=("deep", "train"),
                          help="The chain-rule walk uses one hidden layer; deeper nets have "
                               "their own page.")
    n_h: int = setting(4, "Hidden units n_h", 1, 50, feeds=NET, help="Units in each hidden layer.")
    activation: str = setting("tanh", "Hidden activation g[1]", choices=ACTIVATIONS, feeds=NET)
    init: str = setting("course", "Initialisation", choices=INITS, feeds=NET,
                        help="course: randn × 0.01, as in the assignment.")
    seed: int = setting(2, "Weight seed", 0, 99_999, feeds=NET, help="Seeds the initial weights.")
    # training
    lr: float = setting(1.2, "Learning rate α", 0.001, 10.0, group="training",
                        feeds=("walk", "deep", "train"), offered=LEARNING_RATES)
    iters: int = setting(10_000, "Iterations", 100, 20_000, group="training", feeds=("train",))
    # course-2 options, drawn together on the playground ("Course 2 options"). Their defaults
    # are the course's first assignment (sigmoid, no λ, no dropout, gd, full batch): a link
    # without them opens the run it opened before, on engine.train's fast loop.
    output: str = setting("sigmoid", "Output layer", choices=OUTPUTS, group="options",
                          feeds=("data", "train"),  # softmax: one-hot labels, K classes
                          help="softmax: K classes, one-hot Y (K, m), dZ[L] = A[L] − Y.")
    classes: int = setting(3, "Classes K", 2, 5, group="options", feeds=("data", "train"),
                           help="With softmax: the spiral, blobs and flower get K classes; "
                                "the other data sets keep their two.")
    lambd: float = setting(0.0, "L2 regularisation λ", 0.0, 10.0, group="options",
                           feeds=("train",), offered=LAMBDAS,
                           help="Adds (λ/2m) Σ‖W‖² to J and (λ/m) W to dW.")
    keep_prob: float = setting(1.0, "Dropout keep_prob", 0.1, 1.0, group="options",
                               feeds=("train",), offered=KEEP_PROBS,
                               help="Share of hidden units kept per example and step; 1: none "
                                    "dropped.")
    optimizer: str = setting("gd", "Optimizer", choices=OPTIMIZERS, group="options",
                             feeds=("train",))
    beta1: float = setting(0.9, "β1 (momentum, Adam)", 0.0, 0.999, group="options",
                           feeds=("train",), offered=BETA1S)
    beta2: float = setting(0.999, "β2 (RMSprop, Adam)", 0.0, 0.9999, group="options",
                           feeds=("train",), offered=BETA2S)
    batch: int = setting(0, "Mini-batch size", 0, 2000, group="options", feeds=("train",),
                         offered=BATCHES,
                         help="0: the full batch. With mini-batches, iterations count epochs.")
    # walk
    # m = 3 so that n_x = 2, n_h = 4, m = 3 and n_y = 1 all differ: no wrong product of the
    # walk's matrices can have the right shape by coincidence.
    m: int = setting(3, "Examples m in the walk", 1, 20, group="walk", feeds=("walk", "deep"),
                     help="Few examples keep the matrices readable.")
    # 120 iterations at the course's settings: the cost has fallen from 0.69 to 0.53 and the
    # walk's examples are told apart, while most hidden units are not yet saturated (by 2,000
    # most g'(Z1) are below 1e-3). Measured in issue 11; 0 is the assignment's fresh network.
    at: int = setting(120, "Walk the network after this many iterations", 0, 20_000,
                      group="walk", feeds=("walk", "deep"),
                      help="0 walks the freshly initialised network, as the assignment does.")
    # the playground's continuations, in the link so that it reproduces the whole run
    more: Segments = setting(Segments(), "Continuations", group="run", feeds=("train",),
                             help="Train N more, or a new α from a paused frame: start:n@α.")
    # view: how the page looks, never what it computes
    # The default is past any run's last frame: a link without `frame` shows the end.
    frame: int = setting(MAX_FRAMES - 1, "Animation frame", 0, MAX_FRAMES - 1, group="view")
    reveal: int = setting(99, "Derivation lines shown", 0, 99, group="view")
    presenter: bool = setting(False, "Presenter mode", group="view")
    quiz: bool = setting(False, "Quiz mode", group="view")
    hide: tuple[str, ...] = setting((), "Pinned controls", group="view",
                                    help="Controls a lesson link pins and hides.")
    # Drawn points (ui/classroom/point_link.py); the caches key on the session's decoded copy.
    pts: str = setting("", "Set of drawn points", group="view",
                       help="Up to 200 drawn points, so one link shares a drawn data set.")

    def replace(self, **changes: object) -> State:
        """A new state with `changes` applied, each value coerced and clamped like a link's."""
        values = dataclasses.asdict(self)
        for name, value in changes.items():
            values[name], _ = coerce(FIELD_BY_NAME[name], value)
        return State(**values)

    def subset(self, *names: str) -> tuple:
        """The values of `names`, hashable."""
        return tuple(getattr(self, n) for n in names)

    def key(self, feed: str) -> tuple:
        """A cache key for the computation `feed` ("data", "walk", "deep", "train"): the
        values of every field that feeds it, in field-table order."""
        return self.subset(*FEEDS[feed])

    @property
    def layer_dims(self) -> list[int]:
        return [2] + [self.n_h] * self.layers + [1]


@dataclass(frozen=True)
class Field:
    """One row of the field table: how a setting is typed, bounded, shown and linked."""

    name: str
    kind: type  # int, float, str, bool or tuple (a set of field names)
    default: object
    label: str
    lo: float | None = None
    hi: float | None = None
    choices: tuple[str, ...] | None = None
    group: str = "network"
    help: str = ""
    feeds: tuple[str, ...] = ()
    offered: tuple[float, ...] = ()


_KINDS = {"int": int, "float": float, "str": str, "bool": bool, "Segments": Segments}
FIELDS: tuple[Field, ...] = tuple(
    Field(f.name, _KINDS.get(str(f.type), tuple), f.default, **f.metadata)
    for f in dataclasses.fields(State))
FIELD_BY_NAME = {f.name: f for f in FIELDS}
HIDEABLE = tuple(f.name for f in FIELDS
                 if f.group in {"data", "network", "training", "options", "walk"})
FEEDS = {feed: tuple(f.name for f in FIELDS if feed in f.feeds)
         for feed in ("data", "walk", "deep", "train")}


def format_value(field: Field, value: object) -> str:
    """How a value is written into a link (the inverse of `coerce`)."""
    if field.kind is bool:
        return "1" if value else "0"
    if field.kind is tuple:
        return ",".join(value)  # type: ignore[arg-type]
    if field.kind is Segments:
        return ",".join(f"{t}:{n}@{a:g}" for t, n, a in value)  # type: ignore[union-attr]
    if field.kind is float:
        return f"{value:.6g}"
    return str(value)


def coerce(field: Field, raw: object) -> tuple[object, str | None]:
    """Parse or clamp one value. Returns (value, warning or None); never raises."""
    if field.kind is tuple:
        return _coerce_names(field, raw)
    if field.kind is Segments:
        value, bad = parse_segments(raw)
        return value, None if not bad else (
            f"`{field.name}={_show(raw)}` has continuations that are malformed or past the "
            f"limits ({MAX_SEGMENTS}, {MORE_ITERS} iterations); using "
            f"{format_value(field, value) or 'none'}.")
    try:
        value = _parse(field, raw)
    except (TypeError, ValueError, OverflowError) as error:
        why = f" ({error})" if field.kind is str and field.choices is None else ""
        return field.default, (
            f"`{field.name}={_show(raw)}` is not a valid {field.label.lower()}{why}; "
            f"using {format_value(field, field.default) or 'none'}."
        )
    if field.lo is not None and field.hi is not None and not field.lo <= value <= field.hi:
        clamped = field.kind(min(max(value, field.lo), field.hi))
        return clamped, (
            f"`{field.name}={_show(raw)}` is outside {format_value(field, field.kind(field.lo))}"
            f"–{format_value(field, field.kind(field.hi))}; using {format_value(field, clamped)}."
        )
    return value, None


def _coerce_names(field: Field, raw: object) -> tuple[tuple[str, ...], str | None]:
    """A set of control names: keep the known ones (in field-table order, once each)."""
    names = raw.split(",") if isinstance(raw, str) else [str(n) for n in raw]  # type: ignore[union-attr]
    names = [n.strip() for n in names if n.strip()]
    kept = tuple(n for n in HIDEABLE if n in names)
    unknown = [n for n in names if n not in HIDEABLE]
    if not unknown:
        return kept, None
    return kept, (f"`{field.name}={_show(raw)}` names no control `{_show(','.join(unknown))}`; "
                  f"pinning {format_value(field, kept) or 'none'}.")


def _parse(field: Field, raw: object) -> object:
    if field.kind is bool:
        if isinstance(raw, bool):
            return raw
        text = str(raw).strip().lower()
        if text in {"1", "true", "yes", "on"}:
            return True
        if text in {"0", "false", "no", "off", ""}:
            return False
        raise ValueError(raw)
    if field.kind is str:
        if field.choices is None:  # free text: only the drawn points, checked by their codec
            return point_link.canonical(raw)
        if raw not in field.choices:  # type: ignore[operator]
            raise ValueError(raw)
        return raw
    number = float(raw.strip() if isinstance(raw, str) else raw)  # type: ignore[arg-type]
    if not math.isfinite(number):
        raise ValueError(raw)
    if field.kind is int:
        if number != int(number):
            raise ValueError(raw)
        return int(number)
    return float(f"{number:.6g}")  # what the link can carry, so a round trip is exact


def _show(raw: object, limit: int = 24) -> str:
    """A short, plain rendering of a user's value for a warning (never HTML)."""
    text = raw if isinstance(raw, str) else repr(raw)
    text = "".join(ch if ch.isprintable() else "?" for ch in text).replace("`", "'")
    return text if len(text) <= limit else text[: limit - 1] + "…"


def from_query(params: Mapping[str, str | Iterable[str]]) -> tuple[State, list[str]]:
    """Build a valid state from URL query parameters, with a warning per bad value.

    Unknown keys are ignored with a warning; a repeated key counts by its last value.
    """
    values: dict[str, object] = {}
    warnings: list[str] = []
    for key, raw in params.items():
        if not isinstance(raw, str):
            items = list(raw)
            raw = items[-1] if items else ""
        if key in STREAMLIT_KEYS:
            continue
        field = FIELD_BY_NAME.get(key)
        if field is None:
            warnings.append(f"Ignored the unknown link parameter `{_show(key)}`.")
            continue
        values[key], warning = coerce(field, raw)
        if warning:
            warnings.append(warning)
    return State(**values), warnings  # type: ignore[arg-type]


def to_query(state: State) -> dict[str, str]:
    """The link parameters for `state`: non-default fields only, in field-table order."""
    return {
        f.name: format_value(f, getattr(state, f.name))
        for f in FIELDS
        if getattr(state, f.name) != f.default
    }
