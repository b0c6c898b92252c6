"""Reruns take turns: one page is drawn at a time, in the order the requests arrived.

Python runs one thread at a time. Forty reruns that start together (a class moving a slider
when the teacher says so) share the processor and all finish together, after forty reruns'
work; the first student waits as long as the last. In turns, the k-th finishes after k
reruns' work: the same last one, a median twice as early. Sharing also costs: forty threads
handing the interpreter to each other do more work than one after another.

A student who presses again while waiting keeps the place in line: Streamlit stops the
waiting rerun and starts a new one, which takes the old one's place instead of the back of
the queue (the old one leaves without a turn; it stops at its first element).

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


class _Ticket(threading.Event):
    """One waiting rerun: set to wake it."""

    def __init__(self, owner: object) -> None:
        super().__init__()
        self.owner = owner
        self.replaced = False


class Turns:
    """A first-come, first-served gate whose holder is passed after `hold_s` seconds."""

    def __init__(self, hold_s: float = HOLD_S) -> None:
        self.hold_s = hold_s
        self._lock = threading.Lock()
        self._queue: deque[_Ticket] = deque()
        self._holder: _Ticket | None = None
        self._since = 0.0

    @contextmanager
    def turn(self, owner: object = None):
        """Wait for this rerun's turn; `owner` (a session) keeps its place when it reruns."""
        me = _Ticket(owner)
        self._wait_for(me)
        try:
            yield
        finally:
            with self._lock:
                if self._holder is me:
                    self._holder = None
                self._wake_head()

    def _wait_for(self, me: _Ticket) -> None:
        with self._lock:
            earlier = [t for t in self._queue if me.owner is not None and t.owner == me.owner]
            if earlier:
                self._queue[self._queue.index(earlier[0])] = me
                earlier[0].replaced = True
                earlier[0].set()
            else:
                self._queue.append(me)
        while True:
            with self._lock:
                if me.replaced:
                    return
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
