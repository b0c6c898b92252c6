"""Server memory while a class tries many different settings, against one shared link.

Opens N sessions one after another (a few at a time), each on its own link, and prints
the server's resident memory as it goes. The reference, in the same run, is the same
number of sessions all opening one link (every result then comes from the cache).

    python bench/cache_memory.py --links 500 --page dZ2
    python bench/cache_memory.py --links 100 --page Training_playground --extra iters=1000
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests"), str(ROOT / "bench")]

from classroom_load import Student, rss_mb  # noqa: E402


def link(i: int, extra: str = "") -> str:
    """A distinct link for session i: every combination is a new cache entry."""
    acts = ("tanh", "sigmoid", "relu", "leaky_relu")
    query = f"n_h={1 + i % 50}&m={1 + (i // 50) % 20}&activation={acts[i % 4]}&seed={i}"
    return f"{query}&{extra}" if extra else query


async def open_links(url: str, page: str, queries: list[str], parallel: int) -> list[str]:
    errors: list[str] = []
    gate = asyncio.Semaphore(parallel)

    async def one(query: str) -> None:
        async with gate:
            stats = {"first": [], "rerun": [], "errors": []}
            await Student(url, page, query, "w_m", [2]).session(0.0, 0.0, stats)
            errors.extend(stats["errors"])

    await asyncio.gather(*(one(q) for q in queries))
    return errors


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--links", type=int, default=500)
    ap.add_argument("--page", default="dZ2")
    ap.add_argument("--parallel", type=int, default=8)
    ap.add_argument("--extra", default="", help="added to every link, e.g. iters=1000")
    args = ap.parse_args()
    from conftest import Server

    (ROOT / ".pytest_cache").mkdir(exist_ok=True)
    server = Server()
    try:
        pid, step = server.proc.pid, max(args.links // 5, 1)
        asyncio.run(open_links(server.url, args.page, [link(0, args.extra)], 1))  # warm the imports
        start = rss_mb(pid)
        errors = asyncio.run(open_links(server.url, args.page, [link(0, args.extra)] * args.links,
                                        args.parallel))
        same = rss_mb(pid)
        print(f"RSS at start {start:.1f} MB; after {args.links} sessions on ONE link "
              f"(reference) {same:.1f} MB")
        for done in range(step, args.links + 1, step):
            batch = [link(i, args.extra) for i in range(done - step, done)]
            errors += asyncio.run(open_links(server.url, args.page, batch, args.parallel))
            print(f"after {done:4d} distinct links: RSS {rss_mb(pid):.1f} MB")
        print(f"errors {len(errors)}" + (f"  first: {errors[0]}" if errors else ""))
    finally:
        server.stop()


if __name__ == "__main__":
    main()
