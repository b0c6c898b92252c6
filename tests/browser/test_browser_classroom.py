"""Classroom features in headless Chromium: links, presenter mode, quiz, uploads, exports."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import SCREENSHOTS, assert_no_exception, open_app
from support import page_url, rerun_done, wait_for_charts

from ui import compute, nav, quiz
from ui.classroom import export
from ui.state import State

pytestmark = pytest.mark.browser

TITLE_HAS = "s => (document.querySelector('.gtitle')?.textContent || '').includes(s)"
DZ2_CHARTS = 4  # the dZ2 step's Plotly charts at the default sizes
LINK = {"dataset": "moons", "noise": "0.1", "n_h": "6", "activation": "relu", "seed": "7",
        "lr": "0.3", "m": "6", "frame": "40", "quiz": "1", "hide": "n_h,lr"}


def _shot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


# ---------------------------------------------------------------- links

# The app writes the address bar during its run (session.sync_url), so once open_app has seen
# the run finish, the URL is final: no wait for a rewrite is needed before comparing it.

def test_a_lesson_link_round_trips_unchanged(server, page):
    url = page_url(server.url, "dZ2", LINK)
    open_app(page, url)
    assert_no_exception(page)
    page.wait_for_url(url, timeout=30_000)  # a cold first run may still be writing it
    assert page.url == url
    assert page.get_by_test_id("stAlertContentWarning").count() == 0
    # The same link is what the lesson page offers for itself.
    url = page_url(server.url, "lesson", LINK)
    open_app(page, url)
    assert_no_exception(page)
    page.wait_for_url(url, timeout=30_000)
    assert page.url == url
    # The share box is drawn last, below the exports: wait until it has the link.
    page.locator("[data-testid='stCode'] code").filter(has_text=url).first.wait_for(
        timeout=60_000)
    codes = page.locator("[data-testid='stCode'] code").all_inner_texts()
    assert url in [c.strip() for c in codes]
    assert page_url(server.url, "dZ2") + "?" in codes[0]  # absolute links, from st.context.url


def test_a_bad_link_warns_and_the_address_bar_is_cleaned(server, page):
    open_app(page, page_url(server.url, "forward", "n_h=abc&m=6&lr=99"))
    assert_no_exception(page)
    warnings = page.get_by_test_id("stAlertContentWarning").all_inner_texts()
    text = " ".join(warnings)
    assert "n_h=abc" in text and "using 4" in text and "lr=99" in text and "using 10" in text
    assert page.url == page_url(server.url, "forward", {"lr": "10", "m": "6"})


# ---------------------------------------------------------------- presenter mode

def _derivation_lines(page) -> int:
    texts = page.locator("[data-testid='stMain'] [data-testid='stMarkdownContainer'] p"
                         ).all_inner_texts()
    return sum(1 for t in texts if t.split(".", 1)[0].isdigit())


@pytest.mark.parametrize("height", [720, 800])
def test_presenter_mode_is_large_and_reveals_line_by_line(server, browser, height):
    context = browser.new_context(viewport={"width": 1280, "height": height})
    page = context.new_page()
    try:
        open_app(page, page_url(server.url, "dZ2", "presenter=1&reveal=1"))
        assert_no_exception(page)
        wait_for_charts(page, DZ2_CHARTS)  # the Plotly bundle loads lazily
        _shot(page, f"classroom_presenter_dZ2_1280x{height}")
        size = "e => parseFloat(getComputedStyle(e).fontSize)"
        sizes = {
            "h1": page.locator("[data-testid='stMain'] h1").first.evaluate(size),
            "p": page.locator("[data-testid='stMain'] .stMarkdown p").first.evaluate(size),
            "cell": page.locator("g.heatmap-label text").first.evaluate(size),
            "sidebar": page.get_by_test_id("stSidebar").bounding_box()["width"],
        }
        assert sizes["h1"] >= 40 and sizes["p"] >= 22 and sizes["cell"] >= 16
        assert sizes["sidebar"] <= 260
        assert page.get_by_test_id("stSidebar").get_by_role("slider").count() == 0
        assert _derivation_lines(page) == 1
        page.get_by_role("button", name="Next line").click()
        rerun_done(page, re.compile(r"reveal=2(&|$)"))
        assert _derivation_lines(page) == 2
        assert "reveal=2" in page.url
        page.get_by_role("button", name="Back").click()
        rerun_done(page, re.compile(r"reveal=1(&|$)"))
        assert _derivation_lines(page) == 1
        # Plotly's own PNG download stays on every chart but the matrices, whose toolbar
        # covered their titles on touch screens: step 3's σ′ plot keeps it.
        open_app(page, page_url(server.url, "sigmoid", "presenter=1"))
        chart = page.locator(
            "[data-testid='stPlotlyChart']:not([class*='st-key-mxfit_'] *) .js-plotly-plot").first
        chart.hover()
        button = chart.locator(".modebar-btn[data-title='Download plot as a PNG']")
        button.wait_for(state="visible", timeout=5000)
        assert button.is_visible()
    finally:
        context.close()


# ---------------------------------------------------------------- quiz

def test_quiz_answers_right_and_wrong_in_the_browser(server, page):
    state = State(quiz=True)
    qs = quiz.questions("dZ2", compute.walk(state), state.activation, state.layer_dims)
    open_app(page, page_url(server.url, "dZ2", "quiz=1"))
    assert_no_exception(page)
    box = page.locator(".st-key-quiz_dZ2")
    box.scroll_into_view_if_needed()

    def answer(index: int, option: str, verdict: str) -> None:
        key = f"quiz_dZ2_{index}_{qs[index].qid}"  # Streamlit tags each element st-key-<key>
        question = page.locator(f".st-key-{key}")
        question.get_by_text(option, exact=True).click()
        # The choice travels with the Check click's rerun, so the radio only has to hold it.
        question.locator("input:checked").wait_for(state="attached", timeout=60_000)
        page.locator(f".st-key-{key}_check button").click()
        rerun_done(page, box.get_by_test_id(verdict))

    answer(0, qs[0].options[qs[0].answer], "stAlertContentSuccess")
    assert box.get_by_test_id("stAlertContentSuccess").count() == 1
    # A wrong answer is feedback in a role="status" box, not an error.
    answer(1, next(o for i, o in enumerate(qs[1].options) if i != qs[1].answer),
           "stAlertContentInfo")
    assert "Not quite" in box.get_by_test_id("stAlertContentInfo").inner_text()
    assert "score 1 / 2" in box.inner_text()
    assert_no_exception(page)


# ---------------------------------------------------------------- uploads

def _upload(page, name: str, body: bytes, effect) -> None:
    """Upload a file as a student would, until the rerun it starts has drawn `effect`."""
    page.locator("[data-testid='stFileUploader'] input[type=file]").set_input_files(
        files=[{"name": name, "mimeType": "text/csv", "buffer": body}])
    rerun_done(page, effect)


def test_upload_bad_files_then_a_good_one(server, page):
    open_app(page, page_url(server.url, "own_data", "n_h=5"))
    assert_no_exception(page)
    for name, body, words in [
        ("labels.csv", b"x1,x2,label\n0,0,0\n1,1,2\n2,2,1\n3,3,0\n", "0 or 1"),
        ("image.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "binary"),
        ("few.csv", b"x1,x2,label\n0,0,0\n1,1,1\n", "at least 4"),
    ]:
        # Each file's own complaint, not the previous file's, shows its rerun has run.
        _upload(page, name, body, page.get_by_test_id("stAlertContentError").filter(
            has_text=words))
        assert_no_exception(page)
        error = page.get_by_test_id("stAlertContentError").inner_text()
        assert words in error and "unchanged" in error
        assert "dataset=custom" not in page.url and "n_h=5" in page.url
    rows = "\n".join(f"{i / 10},{(i % 7) / 3},{i % 2}" for i in range(40))
    _upload(page, "good.csv", f"x1,x2,label\n{rows}\n".encode(),
            page.get_by_test_id("stAlertContentSuccess"))
    assert_no_exception(page)
    assert page.get_by_test_id("stAlertContentError").count() == 0
    assert "40 points" in page.get_by_test_id("stAlertContentSuccess").inner_text()
    assert "dataset=custom" in page.url and "n_h=5" in page.url
    wait_for_charts(page, 1)  # the scatter of the uploaded points
    _shot(page, "classroom_your_data_uploaded")
    assert page.locator("[data-testid='stPlotlyChart']").count() == 1
    # The walk now runs on the uploaded points.
    page.get_by_role("link", name="Walk the chain rule with them").click()
    rerun_done(page, page.locator("[data-testid='stMain'] h1").filter(
        has_text=nav.page("forward").label))
    assert_no_exception(page)
    assert f"/{nav.url_path('forward')}" in page.url and "dataset=custom" in page.url
    assert page.get_by_test_id("stAlertContentWarning").count() == 0


# ---------------------------------------------------------------- exports

def test_weights_download_and_page_screenshot(server, page):
    open_app(page, page_url(server.url, "lesson", "n_h=3&iters=600"))
    assert_no_exception(page)
    download = page.get_by_role("button", name="Download the weights (JSON)")
    download.wait_for(timeout=60_000)  # the exports sit at the foot of the page
    _shot(page, "classroom_lesson_and_export")
    with page.expect_download() as info:
        download.click()
    body = json.loads(Path(info.value.path()).read_text(encoding="utf-8"))
    assert body["layer_dims"] == [2, 3, 1] and body["iterations_done"] == 600
    assert len(body["params"]["W1"]) == 3


def test_exported_animation_plays_offline(page, tmp_path):
    import engine

    state = State(iters=300, dataset="moons")
    X, Y = engine.make_dataset("moons", m=400, noise=0.2, seed=1)
    result = engine.train(X, Y, hidden_sizes=[4], iterations=300, learning_rate=1.2)
    data = {"X": X, "Y": Y, "X_test": X[:, :0], "Y_test": Y[:, :0]}
    path = tmp_path / "animation.html"
    path.write_text(export.animation_html(result, data, state), encoding="utf-8")
    page.route("http*://**", lambda route: route.abort())  # prove nothing is fetched
    page.goto(path.as_uri())
    page.wait_for_selector(".js-plotly-plot .heatmaplayer", timeout=30_000)
    title = page.locator(".gtitle").text_content()
    assert "Iteration 300" in title  # the state's frame (the last one) is shown first
    # Back to the first frame, as the slider does; then Play moves the boundary on.
    page.evaluate("""() => Plotly.animate(document.querySelector('.js-plotly-plot'), ['0'],
        {frame: {duration: 0, redraw: true}, mode: 'immediate'})""")
    page.wait_for_function(TITLE_HAS, arg="Iteration 0 ", timeout=30_000)
    assert "Iteration 0 " in page.locator(".gtitle").text_content()
    page.locator(".updatemenu-button").filter(has_text="Play").click()
    page.wait_for_function(f"s => !({TITLE_HAS})(s)", arg="Iteration 0 ", timeout=30_000)
    page.locator(".updatemenu-button").filter(has_text="Pause").click()
    later = page.locator(".gtitle").text_content()
    assert "Iteration 0 " not in later and "Iteration" in later
    # While it plays, every iteration the file shows names the frame on screen: a slider
    # read-out named the next frame before the boundary was drawn.
    page.locator(".updatemenu-button").filter(has_text="Play").click()
    seen = page.evaluate("""async () => {
        const gd = document.querySelector('.js-plotly-plot'), out = [];
        for (let k = 0; k < 20; k++) {
            await new Promise(r => requestAnimationFrame(r));
            const said = [...gd.querySelectorAll('text')].map(t => t.textContent)
                .filter(t => /^iteration \\d+/i.test(t) || /^Iteration \\d+ ·/.test(t))
                .map(t => t.match(/\\d+/)[0]);
            out.push(said);
        }
        return out;
    }""")
    page.locator(".updatemenu-button").filter(has_text="Pause").click()
    assert all(len(set(said)) == 1 for said in seen), seen


def test_a_lesson_link_built_on_localhost_says_so_with_the_network_address(server, page):
    from streamlit import net_util

    open_app(page, page_url(server.url, "lesson"))  # the server is on 127.0.0.1
    warning = page.get_by_test_id("stAlertContentWarning").filter(has_text="own address")
    warning.first.wait_for(timeout=30_000)
    assert "127.0.0.1" in warning.first.inner_text()
    address = net_util.get_internal_ip()
    if address:  # the same view at the machine's network address, port and path kept
        lan = page.locator("[data-testid='stCode'] code", has_text=f"http://{address}:")
        lan.first.wait_for(timeout=30_000)  # drawn just after the warning
        assert lan.first.inner_text().strip().startswith(f"http://{address}:{server.port}/dZ2")
