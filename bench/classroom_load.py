"""Classroom load: N simulated students speak Streamlit's own websocket protocol.

Each student opens a page (a real script run, not an HTTP GET), then every few seconds
moves a slider and waits for the rerun to finish (BackMsg.rerun_script with widget
states; ForwardMsg until script_finished). Prints p50/p95 of first renders and reruns,
errors, and the server's resident memory before and after.

Like a browser, each student keeps Streamlit's message cache: large elements it already
holds come back as a short reference (ForwardMsg.ref_hash) instead of in full, and
entries unused for more than two runs expire, as in the frontend. `--message-cache off`
measures the server as if no client cached anything.

    python bench/classroom_load.py --students 40 --interval 2 --page dZ2
    python bench/classroom_load.py --url http://127.0.0.1:8080 ...   # an already running server

Traffic only ever goes to a loopback address.
"""

from __future__ import annotations

import argparse
import asyncio
import math
import os
import random
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlparse

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]


class Student:
    """One browser tab: a websocket session that reruns the page like the frontend does."""

    MAX_AGE = 2  # script runs an unused cached message survives (global.maxCachedMessageAge)

    def __init__(self, url: str, page: str, query: str, widget_key: str, values: list[int],
                 message_cache: bool = True):
        self.url, self.page, self.query = url, page, query
        self.widget_key, self.values = widget_key, values
        self.widget_id: str | None = None
        self.errors: list[str] = []
        self.message_cache = message_cache
        self.cached: dict[str, int] = {}  # message hash → the run that last used it
        self.runs = 0

    async def run_script(self, ws, widgets: list[WidgetState] | None = None) -> float:
        msg = BackMsg()
        msg.rerun_script.query_string = self.query
        msg.rerun_script.page_name = self.page
        msg.rerun_script.widget_states.widgets.extend(widgets or [])
        msg.rerun_script.cached_message_hashes.extend(self.cached)
        start = time.perf_counter()
        await ws.send(msg.SerializeToString())
        while True:
            raw = await asyncio.wait_for(ws.recv(), timeout=120)
            fwd = ForwardMsg()
            fwd.ParseFromString(raw)
            kind = fwd.WhichOneof("type")
            self._remember(fwd, kind)
            if kind == "delta" and fwd.delta.WhichOneof("type") == "new_element":
                self._inspect(fwd.delta.new_element)
            elif kind == "script_finished":
                self.runs += 1
                self.cached = {h: run for h, run in self.cached.items()
                               if self.runs - run <= self.MAX_AGE}
                return time.perf_counter() - start

    def _remember(self, fwd, kind: str) -> None:
        """The frontend's ForwardMsgCache: keep what is cacheable, refresh what is reused."""
        if not self.message_cache:
            return
        if kind == "ref_hash":
            self.cached[fwd.ref_hash] = self.runs
        elif fwd.metadata.cacheable and fwd.hash:
            self.cached[fwd.hash] = self.runs

    def _inspect(self, element) -> None:
        kind = element.WhichOneof("type")
        if kind == "exception":
            self.errors.append(element.exception.message[:200])
        elif kind == "slider" and element.slider.id.endswith(self.widget_key):
            self.widget_id = element.slider.id

    async def session(self, duration: float, interval: float, stats: dict,
                      burst_start: float | None = None) -> None:
        parsed = urlparse(self.url)
        ws_url = f"ws://{parsed.netloc}/_stcore/stream"
        try:
            async with websockets.connect(ws_url, subprotocols=["streamlit"],
                                          max_size=None) as ws:
                stats["first"].append(await self.run_script(ws))
                deadline = time.monotonic() + duration
                while time.monotonic() < deadline:
                    if burst_start is None:
                        await asyncio.sleep(interval * random.uniform(0.5, 1.5))
                    else:  # the whole class moves on the same beat, as when told to
                        beat = burst_start + interval * math.ceil(
                            (time.monotonic() - burst_start) / interval + 1e-9)
                        await asyncio.sleep(max(0.0, beat - time.monotonic()))
                    if self.widget_id is None:
                        self.errors.append(f"no slider {self.widget_key} on {self.page}")
                        return
                    state = WidgetState(id=self.widget_id)
                    state.double_array_value.data.append(random.choice(self.values))
                    stats["rerun"].append(await self.run_script(ws, [state]))
        except Exception as exc:  # a failed session is a counted error, not a crash
            self.errors.append(f"{type(exc).__name__}: {exc}"[:200])
        stats["errors"].extend(self.errors)


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of process `pid` (and its threads) so far, in seconds."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1] if len(values) > 1 \
        else values[0]


async def classroom(url: str, args) -> dict:
    stats: dict[str, list] = {"first": [], "rerun": [], "errors": []}
    students = [Student(url, args.page, args.query, args.widget, args.values,
                        args.message_cache == "on") for _ in range(args.students)]
    tasks = []
    beat = time.monotonic() + args.ramp if args.burst else None
    for s in students:  # everyone opens the link within the first `ramp` seconds
        tasks.append(asyncio.create_task(s.session(args.duration, args.interval, stats,
                                                   beat)))
        await asyncio.sleep(args.ramp / max(args.students, 1))
    await asyncio.gather(*tasks)
    return stats


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--students", type=int, default=40)
    ap.add_argument("--interval", type=float, default=2.0, help="seconds between changes")
    ap.add_argument("--duration", type=float, default=30.0, help="seconds each student stays")
    ap.add_argument("--ramp", type=float, default=3.0, help="seconds over which students arrive")
    ap.add_argument("--page", default="dZ2", help="URL path of the page, e.g. Training_playground")
    ap.add_argument("--query", default="", help="the link's query string, e.g. n_h=5")
    ap.add_argument("--widget", default="w_m", help="key of the slider students move")
    ap.add_argument("--values", type=int, nargs="+", default=[2, 3, 4, 5, 6, 8])
    ap.add_argument("--burst", action="store_true",
                    help="no jitter: every student changes the slider on the same beat")
    ap.add_argument("--url", help="a running server (default: start one)")
    ap.add_argument("--pid", type=int, help="its process id, for memory figures")
    ap.add_argument("--message-cache", choices=("on", "off"), default="on",
                    help="off: never tell the server which large messages are cached")
    ap.add_argument("--gc", choices=("config", "on"), default="config",
                    help="on: force runner.postScriptGC=true, to measure what turning it off saves")
    args = ap.parse_args()

    server = None
    if args.url is None:
        from conftest import Server  # the same `streamlit run app.py` the tests use

        (ROOT / ".pytest_cache").mkdir(exist_ok=True)
        extra = ("--runner.postScriptGC", "true") if args.gc == "on" else ()
        server = Server(extra)
        args.url, args.pid = server.url, server.proc.pid
    host = urlparse(args.url).hostname
    assert host in {"127.0.0.1", "localhost", "::1"}, "load goes to loopback only"
    try:
        # Plain reference in the same run: one student alone, the floor of a rerun.
        solo = argparse.Namespace(**{**vars(args), "students": 1, "duration": 6.0,
                                     "interval": 0.5, "ramp": 0.0})
        cpu_solo = cpu_seconds(args.pid) if args.pid else float("nan")
        reference = asyncio.run(classroom(args.url, solo))
        reference["cpu"] = ((cpu_seconds(args.pid) - cpu_solo) if args.pid else float("nan")) \
            / max(len(reference["first"]) + len(reference["rerun"]), 1)
        ref_cpu = reference.get("cpu", float("nan"))
        before = rss_mb(args.pid) if args.pid else float("nan")
        cpu0 = cpu_seconds(args.pid) if args.pid else float("nan")
        t0 = time.perf_counter()
        stats = asyncio.run(classroom(args.url, args))
        wall = time.perf_counter() - t0
        cpu = cpu_seconds(args.pid) - cpu0 if args.pid else float("nan")
        after = rss_mb(args.pid) if args.pid else float("nan")
    finally:
        if server:
            server.stop()
    first, rerun = stats["first"], stats["rerun"]
    ref_first, ref_rerun = reference["first"], reference["rerun"]
    print(f"page /{args.page}?{args.query}  students {args.students}  interval {args.interval}s"
          f"  postScriptGC {'on' if args.gc == 'on' else 'as configured (off)'}"
          f"  message cache {args.message_cache}"
          f"  {'burst (no jitter)' if args.burst else 'jitter ±50 %'}"
          f"  duration {args.duration}s  wall {wall:.1f}s")
    print(f"first render  n={len(first):4d}  p50 {pct(first, 50):6.3f}s  p95 {pct(first, 95):6.3f}s"
          f"   (1 student alone: {pct(ref_first, 50):.3f}s)")
    print(f"rerun         n={len(rerun):4d}  p50 {pct(rerun, 50):6.3f}s  p95 {pct(rerun, 95):6.3f}s"
          f"   (1 student alone: p50 {pct(ref_rerun, 50):.3f}s)")
    runs = max(len(first) + len(rerun), 1)
    print(f"server CPU    {1000 * cpu / runs:6.1f} ms per script run"
          f"   (1 student alone: {1000 * ref_cpu:.1f} ms)")
    print(f"errors        {len(stats['errors'])}" +
          (f"  first: {stats['errors'][0]}" if stats["errors"] else ""))
    growth = (after - before) / max(args.students, 1)
    print(f"server RSS    before {before:.1f} MB  after {after:.1f} MB  "
          f"growth {growth:.2f} MB per session")
    sys.exit(1 if stats["errors"] else 0)


if __name__ == "__main__":
    main()
