"""Your own data: every way a set of points can be rejected, and the page around it."""

from __future__ import annotations

import json

import numpy as np
import pytest
from conftest import run_page
from support import SLOW_PAGE, page_text

from ui import nav
from ui.classroom.points import MAX_ROWS, MIN_ROWS, DataError, to_csv, validate_points

PAGE = nav.page("own_data").script
GOOD = b"x1,x2,label\n0.5,1.0,1\n-0.5,0.2,0\n1.5,-1,1\n0,0,0\n"


def _csv(rows: list[str], header: str = "x1,x2,label") -> bytes:
    return ("\n".join([header, *rows]) + "\n").encode()


def _rejects(source, *words: str) -> str:
    with pytest.raises(DataError) as info:
        validate_points(source)
    message = str(info.value)
    for word in words:
        assert word.lower() in message.lower(), message
    return message


def test_good_csv_gives_course_shapes():
    X, Y = validate_points(GOOD)
    assert X.shape == (2, 4) and Y.shape == (1, 4)
    assert X.dtype == np.float64 and set(Y.ravel()) == {0.0, 1.0}
    np.testing.assert_array_equal(X[:, 0], [0.5, 1.0])


def test_semicolons_tabs_bom_blank_lines_and_case_are_accepted():
    for text in ("X1;X2;Label\n1;2;1\n\n3;4;0\n5;6;1\n7;8;0\n",
                 "\ufeffx1\tx2\tlabel\r\n1\t2\t1\r\n3\t4\t0\r\n5\t6\t1\r\n7\t8\t0\r\n",
                 " label , x2 , x1 \n1,2,3\n0,4,5\n1,6,7\n0,8,9\n"):
        X, Y = validate_points(text.encode("utf-8"))
        assert X.shape == (2, 4)
    X, Y = validate_points(b"label,x2,x1\n1,2,3\n0,4,5\n1,6,7\n0,8,9\n")
    np.testing.assert_array_equal(X[:, 0], [3, 2])  # columns matched by name, not position


def test_round_trip_through_the_downloaded_csv():
    X, Y = validate_points(GOOD)
    X2, Y2 = validate_points(to_csv(X, Y).encode())
    np.testing.assert_array_equal(X, X2)
    np.testing.assert_array_equal(Y, Y2)


@pytest.mark.parametrize(("source", "words"), [
    (b"", ["empty"]),
    (b"\n \n\n", ["empty"]),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", ["binary"]),
    (bytes(range(256)), ["binary"]),
    (b"x1,x2,label\n1,2,\x07\n", ["binary"]),
    (b"a,b,c\n1,2,1\n", ["x1", "missing", "unexpected"]),
    (b"x1,x2\n1,2\n3,4\n", ["missing", "label"]),
    (b"x1,x2,label,colour\n1,2,1,red\n", ["unexpected", "colour"]),
    (b"x1,x1,label\n1,2,1\n", ["repeated", "missing"]),
    (b"0.5,1.0,1\n-0.5,0.2,0\n", ["header", "first line"]),
])
def test_file_level_problems(source, words):
    _rejects(source, *words)


@pytest.mark.parametrize(("row", "words"), [
    ("abc,1,1", ["line 3", "x1", "abc", "not a number"]),
    ("1,,1", ["line 3", "x2", "empty"]),
    ("1,nan,0", ["line 3", "x2", "nan", "finite"]),
    ("inf,1,0", ["line 3", "x1", "finite"]),
    ("1,2,2", ["line 3", "label", "0 or 1"]),
    ("1,2,0.5", ["line 3", "label", "0 or 1"]),
    ("1,2,yes", ["line 3", "label", "not a number"]),
    ("1,2", ["line 3", "2 values"]),
    ("1,2,1,4", ["line 3", "4 values"]),
    ("1e9,0,1", ["line 3", "too large"]),
])
def test_bad_values_name_the_line_and_column(row, words):
    _rejects(_csv(["0,0,1", row, "1,1,0", "2,2,1"]), *words)


def test_too_few_points_states_the_minimum():
    message = _rejects(_csv(["0,0,1", "1,1,0"]), "only 2", str(MIN_ROWS))
    assert "both" in message


def test_one_class_only_is_rejected():
    _rejects(_csv(["0,0,1", "1,1,1", "2,2,1", "3,3,1"]), "label 1", "each class")


def test_too_many_points_states_the_limit():
    rows = [f"{i},{i},{i % 2}" for i in range(MAX_ROWS + 1)]
    _rejects(_csv(rows), str(MAX_ROWS), "limit")
    X, _ = validate_points(_csv(rows[:MAX_ROWS]))
    assert X.shape == (2, MAX_ROWS)


def test_oversized_file_is_rejected_before_parsing():
    _rejects(b"x1,x2,label\n" + b" " * 2_000_000, "MB", "limit")


def test_unclosed_quote_is_a_message_not_a_crash():
    _rejects(b'x1,x2,label\n"1,2,1\n3,4,0\n', "")


def test_user_text_cannot_inject_markdown():
    message = _rejects(_csv(["![x](http://evil.example/a.png),1,1", "0,0,0", "1,1,1", "2,2,0"]))
    assert "`![x](http://evil.exa" in message  # inside inline code, truncated
    message = _rejects(b"`code`,<b>x</b>,label\n1,2,1\n")
    assert "`" not in message.replace("`x1`", "").replace("`x2`", "").replace(
        "`label`", "").replace("`'code'`", "").replace("`<b>x</b>`", "")


def test_table_rows_share_the_same_validation():
    rows = [{"x1": 0.0, "x2": 1.0, "label": 1}, {"x1": 1.0, "x2": 0.0, "label": 0},
            {"x1": 2.0, "x2": 2.0, "label": 1}, {"x1": 3.0, "x2": 1.0, "label": 0}]
    X, Y = validate_points(rows)
    assert X.shape == (2, 4) and Y.tolist() == [[1, 0, 1, 0]]
    _rejects(rows[:2], "only 2")
    _rejects([*rows[:3], {"x1": 3.0, "x2": float("nan"), "label": 0}], "row 4", "x2", "empty")
    _rejects([*rows[:3], {"x1": 3.0, "x2": None, "label": 0}], "row 4", "empty")
    _rejects([*rows[:3], {"x1": 3.0, "x2": 1.0, "label": 3}], "row 4", "0 or 1")
    _rejects([{"x1": 1, "y": 2, "label": 1}] * 4, "missing", "x2")
    _rejects([], "only 0")


# ---------------------------------------------------------------- the page, through AppTest

def _table_rows(n: int, labels=(0, 1)) -> list[dict]:
    return [{"x1": float(i), "x2": float(-i), "label": labels[i % len(labels)]} for i in range(n)]


def test_page_renders_with_a_starting_table_and_no_data():
    at = run_page(PAGE, timeout=SLOW_PAGE)
    assert not at.exception
    assert any("No points of yours yet" in i.value for i in at.info)
    assert at.session_state["own_editor_base"]  # a table from the current data set


def test_table_path_accepts_good_points_and_switches_the_data_set():
    at = run_page(PAGE, {"n_h": "6"}, timeout=SLOW_PAGE)
    at.session_state["own_editor_base"] = _table_rows(12)
    at.button(key="own_use_table").click().run()
    assert not at.exception and not at.error
    X, Y = at.session_state["custom_data"]
    assert X.shape == (2, 12) and Y.shape == (1, 12)
    state = at.session_state["state"]
    assert state.dataset == "custom" and state.n_h == 6
    assert at.query_params["dataset"] in ("custom", ["custom"])
    assert at.get("plotly_chart")  # the preview scatter


def test_table_path_rejects_bad_points_and_keeps_everything():
    at = run_page(PAGE, {"n_h": "6", "dataset": "moons"}, timeout=SLOW_PAGE)
    at.session_state["own_editor_base"] = _table_rows(12)
    at.button(key="own_use_table").click().run()
    good = at.session_state["custom_data"]
    for bad, words in [(_table_rows(12, labels=(1,)), "each class"),
                       (_table_rows(2), "at least"),
                       ([*_table_rows(5), {"x1": 1.0, "x2": 1.0, "label": 7}], "0 or 1")]:
        at.session_state["own_editor_base"] = bad
        at.session_state["state"] = at.session_state["state"].replace(dataset="moons")
        at.button(key="own_use_table").click().run()
        assert not at.exception
        assert at.error and words in at.error[0].value, at.error[0].value
        assert at.session_state["state"].dataset == "moons"  # untouched
        assert at.session_state["state"].n_h == 6
        assert at.session_state["custom_data"] is good  # the earlier points are kept


def test_forget_restores_a_built_in_data_set():
    at = run_page(PAGE, timeout=SLOW_PAGE)
    at.session_state["own_editor_base"] = _table_rows(8)
    at.button(key="own_use_table").click().run()
    at.button(key="own_forget").click().run()
    assert not at.exception
    assert "custom_data" not in at.session_state
    assert at.session_state["state"].dataset == "flower"


def test_page_says_truly_where_the_points_are_kept():
    # They go to the server session: "nothing leaves this browser session" was not so.
    at = run_page(PAGE, timeout=SLOW_PAGE)
    assert not at.exception
    text = page_text(at)
    assert "browser session" not in text and "Nothing leaves" not in text
    assert "on the app's server" in text and "no link carries them" in text


def test_the_table_editor_lets_a_bad_label_reach_the_validation():
    """A grid column with min 0 / max 1 silently turned a typed 2 into 1; the label column
    must pass what was typed on, so the validation refuses it with a message."""
    at = run_page(PAGE, timeout=SLOW_PAGE)
    editors = []

    def walk(node):
        for child in (getattr(node, "children", None) or {}).values():
            if getattr(child, "type", None) == "dataframe":
                editors.append(child)
            walk(child)

    walk(at._tree)
    config = json.loads(editors[0].proto.columns)["label"]["type_config"]
    assert "max_value" not in config and "min_value" not in config and "step" not in config


def test_custom_is_offered_only_once_there_are_points():
    """Without uploaded points "custom" trained on flower while saying "custom"."""
    at = run_page("playground", {"iters": "300"}, timeout=SLOW_PAGE)
    assert "custom" not in at.selectbox(key="w_dataset").options
    at = run_page(PAGE, timeout=SLOW_PAGE)
    at.session_state["own_editor_base"] = _table_rows(12)
    at.button(key="own_use_table").click().run()
    assert "custom" in at.selectbox(key="w_dataset").options


def test_the_playground_counts_your_points_and_hides_what_they_ignore():
    at = run_page(PAGE, {"iters": "300"}, timeout=SLOW_PAGE)
    at.session_state["own_editor_base"] = _table_rows(30)
    at.button(key="own_use_table").click().run()
    at.switch_page(nav.page("playground").script).run(timeout=SLOW_PAGE)
    assert not at.exception
    summary = " ".join(c.value for c in at.caption)
    assert "**custom**, 30 points" in summary
    keys = {w.key for w in at.slider}
    assert "w_train_m" not in keys and "w_noise" not in keys and "quick_n_h" in keys
