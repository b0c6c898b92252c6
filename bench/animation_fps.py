"""Measure the playground's animation in headless Chromium: fps, missing frames, payload, load.

    python bench/animation_fps.py [--path "/Training_playground?..."] [--seconds 5] [--speed 30]

Starts the app (tests/conftest.Server), opens the playground, waits for the first painted
boundary, turns on "loop" (100 frames at 30 fps last 3.3 s, shorter than the window), presses
Play and, for `--seconds`, counts requestAnimationFrame callbacks in the page: those where
the shown iteration changed (painted frame changes) and those where the boundary canvas was
missing, zero-sized or not yet painted. Prints fps, missing count, payload bytes (the
player's JSON as the page received it, and the largest websocket message), and the time
from opening the page to the first painted boundary. Note that other jobs share the cores.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from conftest import CHROMIUM, CHROMIUM_ARGS, Server  # noqa: E402

COUNT_JS = """
([seconds]) => new Promise((done) => {
  const t0 = performance.now();
  let callbacks = 0, changes = 0, missing = 0, last = null;
  function tick(now) {
    callbacks++;
    const canvas = document.querySelector("[data-testid=bp-canvas]");
    const shown = document.querySelector("[data-testid=bp-iteration]");
    if (!canvas || !canvas.clientWidth || canvas.dataset.painted !== "1") missing++;
    const value = shown ? shown.textContent : null;
    if (value !== last) { changes++; last = value; }
    if (now - t0 < seconds * 1000) requestAnimationFrame(tick);
    else done({callbacks, changes, missing, elapsed: (now - t0) / 1000});
  }
  requestAnimationFrame(tick);
})
"""


def measure(path: str, seconds: float, speed: int) -> dict[str, float]:
    from playwright.sync_api import sync_playwright

    (ROOT / ".pytest_cache").mkdir(exist_ok=True)
    server = Server()
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1280, "height": 800})
            ws_sizes: list[int] = []
            page.on("websocket", lambda ws: ws.on(
                "framereceived", lambda frame: ws_sizes.append(len(frame))))
            # Cold: the first student trains. Warm: the cached run, as the rest of a class sees it.
            start = time.monotonic()
            page.goto(server.url + path)
            page.wait_for_function(_PAINTED, timeout=180_000)
            cold = time.monotonic() - start
            page.goto("about:blank")
            ws_sizes.clear()
            start = time.monotonic()
            page.goto(server.url + path)
            page.wait_for_selector("[data-testid='stApp'][data-test-connection-state='CONNECTED']",
                                   timeout=180_000)
            connected = time.monotonic() - start
            page.wait_for_function(_PAINTED, timeout=180_000)
            first_chart = time.monotonic() - start
            payload = page.evaluate(
                "document.querySelector('[data-testid=bp-player]').dataset.payloadBytes")
            page.get_by_test_id("bp-speed").select_option(str(speed))
            page.get_by_test_id("bp-loop").check()
            page.get_by_test_id("bp-play").click()
            counts = page.evaluate(COUNT_JS, [seconds])
            browser.close()
    finally:
        server.stop()
    return {
        "fps": counts["changes"] / counts["elapsed"],
        "raf_callbacks_per_s": counts["callbacks"] / counts["elapsed"],
        "frames_missing": counts["missing"],
        "payload_bytes": int(payload or 0),
        "largest_ws_message_bytes": max(ws_sizes, default=0),
        "first_chart_s": first_chart,
        "first_chart_cold_s": cold,
        "connected_s": connected,
    }


_PAINTED = ("() => { const c = document.querySelector('[data-testid=bp-canvas]');"
            " return !!c && c.dataset.painted === '1'; }")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--path", default="/Training_playground")
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--speed", type=int, default=30, help="player speed, frames per second")
    args = parser.parse_args()
    result = measure(args.path, args.seconds, args.speed)
    print(f"path                 {args.path}")
    print(f"fps                  {result['fps']:.1f}  (player set to {args.speed})")
    print(f"rAF callbacks/s      {result['raf_callbacks_per_s']:.1f}")
    print(f"frames missing       {result['frames_missing']}")
    print(f"payload bytes        {result['payload_bytes']:,}")
    print(f"largest ws message   {result['largest_ws_message_bytes']:,}")
    print(f"first painted chart  {result['first_chart_s']:.2f} s after opening the page "
          f"(cached run; {result['first_chart_cold_s']:.2f} s when this visit trains; the app "
          f"itself was connected after {result['connected_s']:.2f} s)")
    print(json.dumps(result))


if __name__ == "__main__":
    main()
