"""A playground run's continuations ("Train N more", a new α from a paused frame), as the
state and the link hold them. Pure Python, like ui/state.py, which declares the field.
"""

from __future__ import annotations

import math

SEGMENT_FRAMES = 25  # snapshots of each continuation
MAX_SEGMENTS = 8  # continuations a run (and its link) can hold
MORE_ITERS = 20_000  # their iterations together


class Segments(tuple):
    """A run's continuations, in order: (start, n, α) each, meaning "from the run's iteration
    `start` (anything trained after it is dropped), n more iterations at α". A tuple, so a
    state stays hashable; its own type, so the parser knows how to read and write it."""


def parse_segments(raw: object) -> tuple[Segments, bool]:
    """Continuations from a link (`start:n@α,…`) or a list of triples: the well-formed ones
    within bounds, up to the caps, and whether any was dropped. Never raises."""
    items = raw.split(",") if isinstance(raw, str) else list(raw)  # type: ignore[arg-type]
    kept: list[tuple[int, int, float]] = []
    bad = False
    for item in items:
        try:
            if isinstance(item, str):
                start, rest = item.strip().split(":")
                n, rate = rest.split("@")
            else:
                start, n, rate = item
            t, k, a = _whole(start), _whole(n), float(f"{float(rate):.6g}")
        except (TypeError, ValueError, OverflowError):
            bad = bad or bool(str(item).strip())
            continue
        fits = (0 <= t <= 2 * MORE_ITERS and 1 <= k <= MORE_ITERS and 0.001 <= a <= 10.0
                and len(kept) < MAX_SEGMENTS and sum(s[1] for s in kept) + k <= MORE_ITERS)
        if not fits:
            bad = True
            continue
        kept.append((t, k, a))
    return Segments(kept), bad


def _whole(raw: object) -> int:
    """A whole number from text or a number; ValueError otherwise."""
    number = float(raw.strip() if isinstance(raw, str) else raw)  # type: ignore[arg-type]
    if not math.isfinite(number) or number != int(number):
        raise ValueError(raw)
    return int(number)
