"""`opennem worker` runs its flows below the API's CPU priority: `lower_priority` renices every
thread of the process, and threads started later inherit it. Run in a child process, as niceness
cannot be taken back."""

import subprocess
import sys

CHILD = """
import os, threading
from flows.worker import lower_priority

def niceness():
    return os.getpriority(os.PRIO_PROCESS, threading.get_native_id())

before, seen = threading.Event(), []
waiting = threading.Thread(target=lambda: (before.wait(), seen.append(niceness())))
waiting.start()
lower_priority({niceness})
before.set()
waiting.join()
later = threading.Thread(target=lambda: seen.append(niceness()))
later.start()
later.join()
print(niceness(), *seen)
"""


def niceness_after(niceness: int) -> list[int]:
    output = subprocess.run(
        [sys.executable, "-c", CHILD.format(niceness=niceness)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return [int(value) for value in output.split()]


def test_every_thread_and_later_ones_run_at_the_niceness() -> None:
    start = niceness_after(0)[0]
    wanted = max(start, 10)
    assert niceness_after(10) == [wanted, wanted, wanted]


def test_zero_leaves_the_priority_as_it_was() -> None:
    start = niceness_after(0)
    assert start == [start[0]] * 3
