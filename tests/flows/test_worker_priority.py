"""`opennem worker` runs its flows below the API's CPU priority: `lower_priority` renices every
thread of the process and puts it under SCHED_IDLE, and threads started later inherit both. Run
in a child process, as neither can be taken back."""

import os
import subprocess
import sys

CHILD = """
import os, threading
from flows.worker import lower_priority

def priority():
    thread = threading.get_native_id()
    return os.getpriority(os.PRIO_PROCESS, thread), os.sched_getscheduler(thread)

before, seen = threading.Event(), []
waiting = threading.Thread(target=lambda: (before.wait(), seen.append(priority())))
waiting.start()
lower_priority({niceness}, {idle})
before.set()
waiting.join()
later = threading.Thread(target=lambda: seen.append(priority()))
later.start()
later.join()
print(*(f"{{nice}},{{policy}}" for nice, policy in [priority(), *seen]))
"""


def priorities_after(niceness: int, idle: bool) -> list[tuple[int, int]]:
    """(niceness, scheduling policy) of the main thread, one waiting and one started later."""
    output = subprocess.run(
        [sys.executable, "-c", CHILD.format(niceness=niceness, idle=idle)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return [(int(nice), int(policy)) for nice, policy in (p.split(",") for p in output.split())]


def test_every_thread_and_later_ones_run_at_the_niceness() -> None:
    start = priorities_after(0, False)[0][0]
    wanted = (max(start, 10), os.SCHED_OTHER)
    assert priorities_after(10, False) == [wanted] * 3


def test_every_thread_and_later_ones_run_under_sched_idle() -> None:
    start = priorities_after(0, False)[0][0]
    assert priorities_after(10, True) == [(max(start, 10), os.SCHED_IDLE)] * 3


def test_zero_and_false_leave_the_priority_as_it_was() -> None:
    start = priorities_after(0, False)
    assert start == [start[0]] * 3
    assert start[0][1] == os.SCHED_OTHER
