"""The home page: the network for the current sizes and every equation linked to its step."""

from __future__ import annotations

from conftest import run_page
from support import charts, page_text


def test_home_runs_and_shows_live_shapes():
    at = run_page("app.py", {"n_h": "4", "m": "3"})
    assert not at.exception
    text = page_text(at)
    assert "W1 (4, 2)" in text and "Z1, A1 (4, 3)" in text
    links = {e.proto.label: e.proto for e in at.get("page_link")}
    dz2 = links["$dZ^{[2]} = A^{[2]} - Y$ :gray[· step 4]"]
    assert dz2.page == "dZ2"
    at.slider(key="w_n_h").set_value(6).run()
    at.slider(key="w_m").set_value(9).run()
    assert not at.exception
    text = page_text(at)
    assert "W1 (6, 2)" in text and "Z1, A1 (6, 9)" in text
    links = [e.proto for e in at.get("page_link") if e.proto.label.startswith("$")]
    assert len(links) == 15 and all(p.query_string == "n_h=6&m=9" for p in links)
    assert charts(at)  # the network diagram
