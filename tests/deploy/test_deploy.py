"""The classroom deployment: nginx in front of two replicas, on loopback."""

from __future__ import annotations

import asyncio
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.request

import pytest
from conftest import ROOT, free_port

sys.path.insert(0, str(ROOT / "bench"))
from classroom_load import Student  # noqa: E402

pytestmark = pytest.mark.deploy  # a real nginx: neither an AppTest nor a browser test


def get(url: str, cookie: str | None = None, gzip: bool = False):
    headers = {"Accept-Encoding": "gzip"} if gzip else {}
    if cookie:
        headers["Cookie"] = cookie
    with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=10) as r:
        return r.headers, r.read()


@pytest.fixture(scope="module")
def nginx_front(tmp_path_factory):
    assert shutil.which("nginx"), "nginx is missing: apt-get install -y nginx"
    port, first = free_port(), free_port()
    env = {**os.environ, "REPLICAS": "2", "LISTEN": f"127.0.0.1:{port}",
           "FIRST_PORT": str(first), "RUN_DIR": str(tmp_path_factory.mktemp("run"))}
    proc = subprocess.Popen(["bash", "deploy/serve_class.sh"], cwd=ROOT, env=env,
                            start_new_session=True, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                get(url + "/_stcore/health")
                break
            except OSError:
                assert time.monotonic() < deadline, "nginx did not come up"
                assert proc.poll() is None, proc.stdout.read().decode()
                time.sleep(0.3)
        yield url
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(20)


def test_new_browsers_are_spread_over_both_replicas(nginx_front):
    replicas = {get(nginx_front + "/")[0]["X-Replica"] for _ in range(12)}
    assert len(replicas) == 2


def test_a_browser_sticks_to_its_replica(nginx_front):
    headers, _ = get(nginx_front + "/")
    cookie = re.match(r"(bpl_replica=[0-9a-f]+)", headers["Set-Cookie"]).group(1)
    replicas = {get(nginx_front + "/", cookie)[0]["X-Replica"] for _ in range(6)}
    assert replicas == {headers["X-Replica"]}


def test_the_frontend_bundle_is_gzipped(nginx_front):
    _, html = get(nginx_front + "/")
    bundle = re.search(rb"static/js/index[^\"]*\.js", html).group().decode()
    headers, body = get(f"{nginx_front}/{bundle}", gzip=True)
    assert headers["Content-Encoding"] == "gzip"
    _, plain = get(f"{nginx_front}/{bundle}")
    assert len(body) < 0.5 * len(plain)


def test_a_script_run_goes_through_the_proxy(nginx_front):
    student = Student(nginx_front, "", "n_h=3", "w_m", [5])
    stats = {"first": [], "rerun": [], "errors": []}
    # Its own thread: Playwright's sync API may already hold an event loop in this one.
    worker = threading.Thread(target=lambda: asyncio.run(
        student.session(duration=1.0, interval=0.3, stats=stats)))
    worker.start()
    worker.join(60)
    assert stats["errors"] == [] and len(stats["first"]) == 1 and stats["rerun"]
