"""Reruns take turns: first come, first served, a long turn passed on, every page in line."""

from __future__ import annotations

import threading
import time

from conftest import run_page

from ui.shell import turns


def start_in_order(gate: turns.Turns, count: int, hold: float = 0.02) -> tuple[list, list]:
    """`count` threads that ask for a turn one after another while a first holder keeps
    the gate; returns (the order they got it in, the threads)."""
    order: list[int] = []
    entered = threading.Event()
    release = threading.Event()

    def first() -> None:
        with gate.turn():
            entered.set()
            release.wait(5)

    def later(i: int) -> None:
        with gate.turn():
            order.append(i)
            time.sleep(hold)

    threads = [threading.Thread(target=first)]
    threads[0].start()
    assert entered.wait(5)
    for i in range(count):
        threads.append(threading.Thread(target=later, args=(i,)))
        threads[-1].start()
        deadline = time.monotonic() + 5
        while gate.waiting() < i + 1 and time.monotonic() < deadline:
            time.sleep(0.001)  # each asks only once the one before it is in line
    release.set()
    return order, threads


def test_reruns_are_served_in_the_order_they_asked():
    gate = turns.Turns(hold_s=10)
    order, threads = start_in_order(gate, 8)
    for thread in threads:
        thread.join(10)
    assert order == list(range(8))
    assert gate.waiting() == 0


def test_one_rerun_at_a_time_while_turns_are_short():
    gate = turns.Turns(hold_s=10)
    inside, most = [0], [0]
    lock = threading.Lock()

    def work() -> None:
        with gate.turn():
            with lock:
                inside[0] += 1
                most[0] = max(most[0], inside[0])
            time.sleep(0.005)
            with lock:
                inside[0] -= 1

    threads = [threading.Thread(target=work) for _ in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert most[0] == 1


def test_a_student_who_presses_again_while_waiting_keeps_the_place_in_line():
    """Streamlit stops a waiting rerun and starts a new one for the same session: the new
    one takes the old one's place, not the back of the queue, and the old one leaves."""
    gate = turns.Turns(hold_s=10)
    release = threading.Event()
    entered = threading.Event()
    order: list[str] = []
    left: list[str] = []

    def holder() -> None:
        with gate.turn(owner="teacher"):
            entered.set()
            release.wait(5)

    def rerun(owner: str, name: str) -> None:
        with gate.turn(owner=owner):
            order.append(name)
        left.append(name)

    threads = [threading.Thread(target=holder)]
    threads[0].start()
    assert entered.wait(5)
    for owner, name in [("ann", "ann first press"), ("bob", "bob"),
                        ("ann", "ann second press")]:
        threads.append(threading.Thread(target=rerun, args=(owner, name)))
        threads[-1].start()
        deadline = time.monotonic() + 5
        while len(left) + gate.waiting() < len(threads) - 1 and time.monotonic() < deadline:
            time.sleep(0.001)
    deadline = time.monotonic() + 5
    while "ann first press" not in left and time.monotonic() < deadline:
        time.sleep(0.001)
    assert gate.waiting() == 2  # ann's second press in her first place, then bob
    release.set()
    for thread in threads:
        thread.join(10)
    assert order == ["ann first press", "ann second press", "bob"]


def test_a_long_turn_is_passed_on_so_a_training_run_holds_no_class_up():
    gate = turns.Turns(hold_s=0.1)
    release = threading.Event()
    started = threading.Event()
    got: list[float] = []

    def long_run() -> None:
        with gate.turn():
            started.set()
            release.wait(10)  # a network that trains for a long time

    def short_rerun() -> None:
        with gate.turn():
            got.append(time.monotonic())

    long_thread = threading.Thread(target=long_run)
    long_thread.start()
    assert started.wait(5)
    t0 = time.monotonic()
    short = threading.Thread(target=short_rerun)
    short.start()
    short.join(5)
    try:
        assert got, "the short rerun waited for the whole long run"
        assert 0.09 <= got[0] - t0 < 2
    finally:
        release.set()
        long_thread.join(5)
    # The long run ended after it was passed: the gate is free again, not held by it.
    with gate.turn():
        assert gate.waiting() == 0


def test_a_failing_page_gives_its_turn_back():
    gate = turns.Turns(hold_s=10)
    try:
        with gate.turn():
            raise RuntimeError("the page failed")
    except RuntimeError:
        pass
    done = threading.Event()

    def next_rerun() -> None:
        with gate.turn():
            done.set()

    threading.Thread(target=next_rerun, daemon=True).start()
    assert done.wait(2)


def test_every_page_is_drawn_in_its_turn(monkeypatch):
    taken: list[int] = []
    real = turns.RERUNS.turn

    def counted(owner=None):
        taken.append(owner)
        return real(owner=owner)

    monkeypatch.setattr(turns.RERUNS, "turn", counted)
    at = run_page("dZ2")
    assert not at.exception
    assert len(taken) >= 2  # the app's first page, then dZ2
    assert taken[0] is not None and set(taken) == {taken[0]}  # in line as its session
