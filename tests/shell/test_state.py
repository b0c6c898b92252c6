"""The state parser: every link, however hostile, yields a valid state and at most warnings."""

from __future__ import annotations

import dataclasses
import math

from hypothesis import given, settings
from hypothesis import strategies as st

from ui.state import FIELD_BY_NAME, FIELDS, HIDEABLE, LEARNING_RATES, State, from_query, to_query


def assert_valid(state: State) -> None:
    for field in FIELDS:
        value = getattr(state, field.name)
        assert isinstance(value, field.kind), (field.name, value)
        if field.choices:
            assert value in field.choices
        if field.lo is not None:
            assert field.lo <= value <= field.hi, (field.name, value)
            if field.kind is float:
                assert math.isfinite(value)
        if field.kind is tuple:
            assert set(value) <= set(HIDEABLE) and len(set(value)) == len(value)


hostile_text = st.one_of(
    st.text(max_size=40),
    st.sampled_from(["nan", "NaN", "inf", "-inf", "1e308", "-1", "0", "1e-320", "0x10", "",
                     " 3 ", "4.5", "1_000", "１２", "tanh", "TANH", "true", "<script>", "%00",
                     "lr,seed", "hide,hide", "💥", "9" * 400]),
    st.integers(-10**30, 10**30).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
)
keys = st.one_of(st.sampled_from([f.name for f in FIELDS]), st.text(max_size=12))


@settings(max_examples=400, deadline=None)
@given(st.dictionaries(keys, st.one_of(hostile_text, st.lists(hostile_text, max_size=3)),
                       max_size=12))
def test_any_query_yields_a_valid_state_and_only_warnings(params):
    state, warnings = from_query(params)
    assert_valid(state)
    assert all(isinstance(w, str) and len(w) < 300 for w in warnings)
    # What we write back parses to the same state without a single warning.
    again, warnings2 = from_query(to_query(state))
    assert again == state and warnings2 == []


@settings(max_examples=200, deadline=None)
@given(st.builds(
    State,
    dataset=st.sampled_from(FIELD_BY_NAME["dataset"].choices),
    n_h=st.integers(1, 50), layers=st.integers(1, 4), m=st.integers(1, 20),
    lr=st.sampled_from(LEARNING_RATES), noise=st.floats(0, 1).map(lambda v: round(v, 2)),
    seed=st.integers(0, 99_999), presenter=st.booleans(),
    hide=st.lists(st.sampled_from(HIDEABLE), unique=True).map(
        lambda names: tuple(n for n in HIDEABLE if n in names)),
))
def test_link_round_trip_is_exact(state):
    query = to_query(state)
    back, warnings = from_query(query)
    assert back == state and warnings == []
    assert to_query(back) == query


def test_defaults_give_an_empty_link():
    assert to_query(State()) == {}


def test_out_of_range_is_clamped_and_named():
    state, warnings = from_query({"n_h": "500", "lr": "-3", "m": "0"})
    assert (state.n_h, state.lr, state.m) == (50, 0.001, 1)
    assert any("`n_h=500`" in w and "using 50" in w for w in warnings)
    assert any("`lr=-3`" in w and "using 0.001" in w for w in warnings)


def test_malformed_values_fall_back_to_defaults_with_a_warning():
    state, warnings = from_query({"lr": "nan", "activation": "swish", "seed": "1.5",
                                  "presenter": "maybe", "hide": "lr,bogus"})
    assert state == State(hide=("lr",))  # the known control of `hide` is kept
    assert len(warnings) == 5
    assert any("bogus" in w and "pinning lr" in w for w in warnings)
    assert any("swish" in w for w in warnings)


def test_repeated_keys_take_the_last_value():
    state, warnings = from_query({"n_h": ["3", "7"]})
    assert state.n_h == 7 and not warnings


def test_unknown_keys_warn_but_streamlit_keys_do_not():
    _, warnings = from_query({"embed": "true", "zzz": "1"})
    assert warnings == ["Ignored the unknown link parameter `zzz`."]


def test_warnings_never_echo_markup_or_huge_values():
    _, warnings = from_query({"activation": "<b>x</b>`" + "a" * 500})
    assert len(warnings[0]) < 120 and "`activation=<b>x</b>'aaa" in warnings[0]


def test_replace_coerces_like_a_link():
    state = State().replace(n_h=99, lr=0.30000000000000004, hide=["seed", "lr", "lr"])
    assert state.n_h == 50 and state.lr == 0.3 and state.hide == ("seed", "lr")  # field-table order


def test_every_field_has_a_matching_state_attribute_and_default():
    names = [f.name for f in dataclasses.fields(State)]
    assert names == [f.name for f in FIELDS]
    for field in FIELDS:
        assert getattr(State(), field.name) == field.default
