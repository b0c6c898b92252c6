"""Reruns take turns: one page is drawn at a time, in the order the requests arrived.

Python runs one thread at a time. Forty reruns that start together (a class moving a slider
when the teacher says so) share the processor and all finish together, after forty reruns'
work; the first student waits as long as the last. In turns, the k-th finishes after k
reruns' work: the same last one, a median twice as early. Sharing also costs: forty threads
handing the interpreter to each other do more work than one after another.

A turn held longer than HOLD_S (a rerun that trains a network, or waits for a classmate's
training) stops blocking the queue: the next rerun starts beside it. So a long run never
holds up a class for more than HOLD_S, and nothing waits for a turn while holding a lock
another thread needs (a rerun only waits before it starts drawing), so turns cannot
deadlock.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from contextlib import contextmanager

# A walk page's rerun takes about 0.06 s of CPU and a cached playground rerun about 0.1 s;
# under load their wall time is longer, and a holder passed too early brings back the sharing.
HOLD_S = 1.0


class Turns:
    """A first-come, first-served gate whose holder is passed after `hold_s` seconds."""

    def __init__(self, hold_s: float = HOLD_S) -> None:
        self.hold_s = hold_s
        self._lock = threading.Lock()
        self._queue: deque[threading.Event] = deque()  # each waiter's own wake-up call
        self._holder: threading.Event | None = None
        self._since = 0.0

    @contextmanager
    def turn(self):
        me = threading.Event()
        self._wait_for(me)
        try:
            yield
        finally:
            with self._lock:
                if self._holder is me:
                    self._holder = None
                self._wake_head()

    def _wait_for(self, me: threading.Event) -> None:
        with self._lock:
            self._queue.append(me)
        while True:
            with self._lock:
                held = time.monotonic() - self._since
                if self._queue[0] is me and (self._holder is None or held >= self.hold_s):
                    self._queue.popleft()
                    self._holder, self._since = me, time.monotonic()
                    self._wake_head()  # the next in line starts its own clock
                    return
                # Only the head of the queue watches the clock; the rest are woken in turn.
                timeout = self.hold_s - held if self._queue[0] is me else None
            me.wait(timeout)
            me.clear()

    def _wake_head(self) -> None:
        if self._queue:
            self._queue[0].set()

    def waiting(self) -> int:
        """How many reruns wait for their turn now."""
        with self._lock:
            return len(self._queue)


RERUNS = Turns()
