"""Shared fixtures: AppTest runs of a page, and the real app in headless Chromium."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings as hypothesis_settings

from ui import nav

pytest.register_assert_rewrite("support")  # its shared assertions explain a failure too

# CI runs the same examples every time: a red CI must mean a change broke something.
hypothesis_settings.register_profile("ci", derandomize=True, print_blob=True)
hypothesis_settings.load_profile("ci" if os.environ.get("CI") else "default")

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--headless", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


def run_page(page: str = "app.py", query: dict[str, str] | None = None, timeout: float = 60):
    """Open `page` with AppTest as a link with `query` would: the app, then the page.

    `page` is a registry id ("dZ2") or a script ("app.py"). AppTest must start from app.py:
    only then does Streamlit discover pages/, which the sidebar's page links need.
    """
    from streamlit.testing.v1 import AppTest

    script = nav.page(page).script if page in nav.BY_ID else page
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=timeout)
    for key, value in (query or {}).items():
        at.query_params[key] = value
    at.run()
    if script != "app.py":
        at.switch_page(script).run()
    return at


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """`streamlit run app.py` on a free loopback port, as the README starts it."""

    def __init__(self, extra_args: tuple[str, ...] = ()) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        cmd = [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true",
               "--server.address", "127.0.0.1", "--server.port", str(self.port),
               "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none",
               *extra_args]
        self.log = open(ROOT / ".pytest_cache" / f"streamlit-{self.port}.log", "w")  # noqa: SIM115
        self.proc = subprocess.Popen(cmd, cwd=ROOT, stdout=self.log, stderr=subprocess.STDOUT)
        self._wait_healthy()

    def _wait_healthy(self, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"streamlit exited with {self.proc.returncode}")
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=2) as r:
                    if r.read() == b"ok":
                        return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError("streamlit did not become healthy in time")

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        self.log.close()


@pytest.fixture(scope="session")
def server() -> Iterator[Server]:
    (ROOT / ".pytest_cache").mkdir(exist_ok=True)
    srv = Server()
    try:
        yield srv
    finally:
        srv.stop()


@pytest.fixture(scope="session")
def browser():
    # A missing browser is a failure, not a skip: CI installs Debian's chromium.
    assert os.path.exists(CHROMIUM), f"{CHROMIUM} is missing: apt-get install -y chromium"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    pg = context.new_page()
    try:
        yield pg
    finally:
        context.close()


@pytest.fixture(scope="module")
def wide_tab(browser):
    """One 1920 px tab shared by a module's tests, which load each page once and then resize
    the window: Plotly's bundle and the fonts load once."""
    context = browser.new_context(viewport={"width": 1920, "height": 900})
    try:
        yield context.new_page()
    finally:
        context.close()


# Connected, and the script is not running. A fresh page says "initial" until its first run
# starts, so after a page load this state means the first run has finished.
APP_IDLE = ("[data-testid='stApp'][data-test-connection-state='CONNECTED']"
            "[data-test-script-state='notRunning']")


def open_app(page, url: str, timeout: float = 60_000) -> None:
    """Open `url` and wait until the script has finished its run and the page has its title."""
    page.goto(url)
    page.wait_for_selector(APP_IDLE, timeout=timeout)
    page.locator("[data-testid='stMain'] h1").first.wait_for(timeout=timeout)


def assert_no_exception(page) -> None:
    boxes = page.locator("[data-testid='stException']")
    assert boxes.count() == 0, boxes.first.inner_text()


SCREENSHOTS = ROOT / "artifacts" / "screenshots"
