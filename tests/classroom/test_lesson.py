"""Lesson links: the URL carries the whole view, bad links warn, the builder makes links."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit

import numpy as np
import pytest
from conftest import run_page
from streamlit.source_util import page_icon_and_name
from streamlit.testing.v1 import AppTest
from support import SLOW_PAGE

from ui import nav
from ui.classroom import lan, links
from ui.shell import session
from ui.state import State, from_query, to_query

LESSON_PAGE = nav.page("lesson").script
STEP_PAGE = nav.page("dZ2").script
# Several non-default settings, in the field table's order, as the address bar holds them.
LINK = {"dataset": "moons", "noise": "0.1", "n_h": "6", "activation": "relu", "seed": "7",
        "lr": "0.3", "iters": "2000", "m": "6", "frame": "40", "quiz": "1", "hide": "n_h,lr"}


def _query(at: AppTest) -> dict[str, str]:
    return {k: v[-1] if isinstance(v, list) else v for k, v in at.query_params.items()}


# ---------------------------------------------------------------- pure link building

def test_page_paths_follow_streamlits_own_rule():
    for page in nav.PAGES[1:]:
        assert nav.url_path(page.id) == page_icon_and_name(Path(page.script))[1]
    assert nav.url_path("home") == ""
    assert nav.url_path("dZ2") == "dZ2"


@pytest.mark.parametrize(("url", "root"), [
    (f"http://127.0.0.1:8501/{nav.url_path('dZ2')}", "http://127.0.0.1:8501"),
    ("http://127.0.0.1:8501/", "http://127.0.0.1:8501"),
    ("http://127.0.0.1:8501", "http://127.0.0.1:8501"),
    (f"https://lab.example.org/class/{nav.url_path('forward')}", "https://lab.example.org/class"),
    (f"https://lab.example.org/class/{nav.url_path('lesson')}?x=1",
     "https://lab.example.org/class"),
    (None, None),
    ("", None),
])
def test_root_of_strips_the_page(url, root):
    assert links.root_of(url) == root


def test_a_link_parses_back_to_the_same_state():
    states = [State(), State(**{"n_h": 6, "lr": 0.3, "hide": ("n_h", "lr"), "quiz": True}),
              State(dataset="spiral", noise=0.35, layers=3, activation="leaky_relu",
                    frame=12, reveal=2, presenter=True)]
    for state in states:
        link = links.link(state, "dZ1")  # relative outside a browser session
        parts = urlsplit(link)
        assert parts.path == "/" + nav.url_path("dZ1")
        parsed, warnings = from_query(dict(parse_qsl(parts.query)))
        assert parsed == state and warnings == []


# ---------------------------------------------------------------- the URL through AppTest

def test_link_round_trip_keeps_every_parameter():
    at = run_page(STEP_PAGE, LINK, timeout=SLOW_PAGE)
    assert not at.exception and not at.warning
    assert _query(at) == LINK  # nothing was added, dropped or rewritten
    state = at.session_state["state"]
    assert (state.n_h, state.lr, state.frame, state.hide) == (6, 0.3, 40, ("n_h", "lr"))
    assert to_query(state) == LINK


def test_link_round_trip_on_the_lesson_page_shows_the_same_link():
    at = run_page(LESSON_PAGE, LINK, timeout=SLOW_PAGE)
    assert not at.exception
    assert _query(at) == LINK
    own = at.main.code[-1].value  # "Link to this page as it is now"
    assert own == f"/{nav.url_path('lesson')}?" + urlencode(LINK)


@pytest.mark.parametrize(("query", "words"), [
    ({"n_h": "abc"}, ["n_h=abc", "using 4"]),
    ({"n_h": "999"}, ["n_h=999", "outside", "using 50"]),
    ({"lr": "-1"}, ["lr=-1", "using 0.001"]),
    ({"lr": "nan"}, ["lr=nan", "using 1.2"]),
    ({"iters": "1e9"}, ["iters=1e9", "using 20000"]),
    ({"frame": "4.5"}, ["frame=4.5", "using 399"]),
    ({"activation": "swish"}, ["activation=swish", "using tanh"]),
    ({"presenter": "maybe"}, ["presenter=maybe", "using 0"]),
    ({"hide": "n_h,colour"}, ["hide=n_h,colour"]),
    ({"colour": "red"}, ["unknown", "colour"]),
    ({"dataset": "custom"}, ["dataset=custom", "flower"]),
    ({"n_h": "`<b>x</b>`![i](http://e.x/a.png)"}, ["n_h=", "using 4"]),
])
def test_a_bad_parameter_warns_and_uses_a_valid_value(query, words):
    at = run_page("app.py", {"m": "6", **query})
    assert not at.exception
    text = " ".join(w.value for w in at.warning)
    for word in words:
        assert word in text, text
    assert at.session_state["state"].m == 6  # the good parameters still apply
    # The address bar is rewritten to the values in use, so copying it gives a clean link.
    fixed = _query(at)
    assert fixed.get("m") == "6"
    parsed, warnings = from_query(fixed)
    assert warnings == [] and parsed == at.session_state["state"]


def test_a_bad_parameter_on_a_step_page_still_renders_it():
    at = run_page(STEP_PAGE, {"n_h": "many", "lr": "1e6", "seed": "-3"},
                  timeout=SLOW_PAGE)
    assert not at.exception
    text = " ".join(w.value for w in at.warning)
    assert "n_h=many" in text and "lr=1e6" in text and "seed=-3" in text
    assert at.get("plotly_chart")


def test_pinned_controls_are_hidden_and_named():
    at = run_page(STEP_PAGE, {"hide": "n_h,m", "n_h": "5"}, timeout=SLOW_PAGE)
    assert not at.exception
    keys = {w.key for w in at.sidebar.slider}
    assert "w_n_h" not in keys and "w_m" not in keys
    assert any("Pinned" in c.value and "n_h = 5" in c.value for c in at.sidebar.caption)


# ---------------------------------------------------------------- the lesson builder

def test_builder_links_follow_the_choices():
    at = run_page(LESSON_PAGE, {"n_h": "6"}, timeout=SLOW_PAGE)
    assert not at.exception
    student, projector = at.main.code[0].value, at.main.code[1].value
    start = "/" + nav.url_path("dZ2")  # the builder's default start page
    assert student == f"{start}?n_h=6"
    assert projector == f"{start}?n_h=6&presenter=1"
    at.multiselect(key="lesson_hide").set_value(["lr", "n_h"]).run()
    at.selectbox(key="lesson_start").set_value("dZ1").run()
    at.toggle(key="lesson_quiz").set_value(True).run()
    student = at.main.code[0].value
    assert urlsplit(student).path == "/" + nav.url_path("dZ1")
    assert dict(parse_qsl(urlsplit(student).query)) == {"n_h": "6", "quiz": "1",
                                                          "hide": "n_h,lr"}
    assert "presenter=1" in at.main.code[1].value
    # The teacher's own view is not pinned: the builder only shapes the link.
    assert at.session_state["state"].hide == ()
    assert any(w.key == "w_n_h" for w in at.sidebar.slider)


def test_builder_links_follow_the_sidebar_settings():
    at = run_page(LESSON_PAGE, timeout=SLOW_PAGE)
    at.slider(key="w_n_h").set_value(9).run()
    assert not at.exception
    assert at.main.code[0].value == f"/{nav.url_path('dZ2')}?n_h=9"


def test_builder_choices_survive_a_visit_to_another_page():
    at = run_page(LESSON_PAGE, timeout=SLOW_PAGE)
    at.multiselect(key="lesson_hide").set_value(["noise"]).run()
    at.switch_page(STEP_PAGE).run()
    at.switch_page(LESSON_PAGE).run()
    assert at.multiselect(key="lesson_hide").value == ["noise"]
    assert "hide=noise" in at.main.code[0].value


def test_custom_data_in_a_lesson_warns_that_it_is_not_in_the_link():
    at = run_page(LESSON_PAGE, timeout=SLOW_PAGE)
    X = [[0.0, 1.0, 2.0, 3.0], [1.0, 0.0, 1.0, 0.0]]
    at.session_state[session.CUSTOM_DATA_KEY] = (np.array(X), np.array([[0.0, 1.0, 0.0, 1.0]]))
    at.session_state["state"] = at.session_state["state"].replace(dataset="custom")
    at.run()
    assert not at.exception
    assert any("not in the link" in w.value for w in at.warning)


def test_sidebar_share_box_links_the_current_view():
    def script():
        import streamlit as st

        from ui.classroom import links
        from ui.state import State

        with st.sidebar:
            links.sidebar_share(State(n_h=6, hide=("lr",)))

    at = AppTest.from_function(script).run()
    assert not at.exception
    # Without a browser st.context.url is unknown, so the link is the query alone.
    assert at.sidebar.code[0].value == "?n_h=6&hide=lr"


def test_the_same_link_shows_the_same_numbers_in_another_session():
    first, second = (run_page(nav.page("dW2").script, LINK, timeout=SLOW_PAGE)
                     for _ in range(2))
    specs = [[c.proto.spec for c in at.get("plotly_chart")] for at in (first, second)]
    assert specs[0] and specs[0] == specs[1]
    latex = [[x.value for x in at.latex] for at in (first, second)]
    assert latex[0] == latex[1]


# ---------------------------------------------------------------- links made on localhost

@pytest.mark.parametrize(("url", "local"), [
    ("http://localhost:8501/dZ2?n_h=3", True), ("http://127.0.0.1:8501/", True),
    ("http://[::1]:8501/", True), ("http://192.168.1.20:8501/dZ2", False),
    ("https://backprop.example.org/dZ2", False), (None, False),
])
def test_a_link_on_this_machine_only_is_recognised(url, local):
    assert lan.is_local(url) is local


def test_the_network_address_keeps_port_path_and_query():
    assert (lan.on_network("http://localhost:8501/dZ2?n_h=3&hide=m", "10.0.0.7")
            == "http://10.0.0.7:8501/dZ2?n_h=3&hide=m")
