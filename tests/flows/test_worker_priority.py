"""`opennem worker` runs its flows below the API's CPU priority: `lower_priority` renices every
thread of the process and puts it under SCHED_IDLE, and threads started later inherit both;
`lower_session_priority` lowers the session's scheduling group when the worker leads its own
session. Run in child processes, as none of it can be taken back."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from flows.worker import AUTOGROUP, session_group_niceness

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


SESSION_CHILD = """
from flows.worker import lower_session_priority, session_group_niceness
lower_session_priority({niceness})
print(session_group_niceness())
"""


def autogroup_niceness_after(niceness: int, own_session: bool) -> int | None:
    """The niceness of the child's session group after `lower_session_priority(niceness)`, the
    child leading a session of its own or in this one's (None: the root group)."""
    output = subprocess.run(
        [sys.executable, "-c", SESSION_CHILD.format(niceness=niceness)],
        check=True,
        capture_output=True,
        text=True,
        start_new_session=own_session,
    ).stdout.strip()
    return None if output == "None" else int(output)


needs_autogroup = pytest.mark.skipif(not AUTOGROUP.exists(), reason="no session groups")


@needs_autogroup
def test_a_worker_leading_its_own_session_lowers_the_session_group() -> None:
    assert autogroup_niceness_after(19, own_session=True) == 19
    assert autogroup_niceness_after(0, own_session=True) == 0


@needs_autogroup
def test_a_worker_in_another_session_leaves_that_session_group_as_it_was() -> None:
    before = session_group_niceness()  # None when this session is in the root group, as in CI
    assert autogroup_niceness_after(max(before or 0, 0) + 1, own_session=False) == before
    assert session_group_niceness() == before


@pytest.mark.parametrize(
    ("reading", "niceness"),
    [("/autogroup-85 nice 19\n", 19), ("", None)],
    ids=["own group", "root group"],
)
def test_the_session_group_niceness_is_read_from_proc_and_none_in_the_root_group(
    reading: str, niceness: int | None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    autogroup = tmp_path / "autogroup"  # the kernel's two shapes of /proc/self/autogroup
    autogroup.write_text(reading)
    monkeypatch.setattr("flows.worker.AUTOGROUP", autogroup)
    assert session_group_niceness() == niceness
