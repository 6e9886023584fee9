"""Computing in a forked process: the result comes back, or is computed by the caller."""

import logging
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from lotse.core import forked

pytestmark = pytest.mark.skipif(not forked.possible(), reason="this system cannot fork")


def _pid_and_square(number):
    return os.getpid(), number * number


def _dies_away_from(caller, number):
    """Dies in the forked process, as one killed for memory would (no result, no
    clean-up); works in the caller."""
    if os.getpid() != caller:
        os._exit(3)
    return number * 2


def _fails_away_from(caller, number):
    """Fails in the forked process, works in the caller."""
    if os.getpid() != caller:
        raise MemoryError
    return number + 1


def test_the_result_is_computed_in_another_process():
    pid, square = forked.Forked(_pid_and_square, 12).result()
    assert square == 144
    assert pid != os.getpid()


def test_a_process_that_dies_leaves_the_work_to_the_caller(caplog):
    caplog.set_level(logging.WARNING, logger="lotse.core.forked")
    work = forked.Forked(_dies_away_from, os.getpid(), 5)
    assert work.result() == 10
    assert "died" in caplog.text


def test_a_process_that_fails_leaves_the_work_to_the_caller(caplog):
    caplog.set_level(logging.WARNING, logger="lotse.core.forked")
    work = forked.Forked(_fails_away_from, os.getpid(), 41)
    assert work.result() == 42
    assert "MemoryError" in caplog.text


def test_a_cancelled_process_is_gone():
    work = forked.Forked(_pid_and_square, 3)
    work.cancel()
    assert not work._process.is_alive()
    assert work._process.exitcode is not None


def _sum_sent_later(caller, later, died):
    """Busy with what does not depend on the value first (half a second), then takes the
    value sent after the fork; dies in the forked process where told to (the caller then
    computes it)."""
    later.listen()
    if died and os.getpid() != caller:
        os._exit(3)
    if os.getpid() != caller:
        time.sleep(0.5)
    return os.getpid(), 45 + sum(later.get())


@pytest.mark.parametrize("died", [False, True], ids=["forked", "died"])
def test_a_value_sent_after_the_fork_reaches_the_process(caplog, died):
    """A large value (more than a pipe holds) sent while the process is busy does not keep
    the caller waiting; where the process died, the caller computes with what it sent."""
    caplog.set_level(logging.WARNING, logger="lotse.core.forked")
    later = forked.Later()
    work = forked.Forked(_sum_sent_later, os.getpid(), later, died)
    numbers = list(range(200_000))
    sending = time.perf_counter()
    later.send(numbers)
    assert time.perf_counter() - sending < 0.4  # not until the process is done being busy
    pid, total = work.result()
    assert total == 45 + sum(numbers)
    assert (pid == os.getpid()) == died
    assert ("died" in caplog.text) == died


def _possible_one_level_down() -> bool:
    return forked.Forked(forked.possible).result()


def test_no_fork_from_a_computing_process_or_beside_other_threads(caplog):
    assert forked.Forked(forked.possible).result() is False
    # Unless its caller lets it, one level deep.
    assert forked.Forked(forked.possible, forks=True).result() is True
    assert forked.Forked(_possible_one_level_down, forks=True).result() is False
    assert "A computing process failed" not in caplog.text  # each answered in its process
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        assert forked.possible() is False
    finally:
        stop.set()
        other.join()
    assert forked.possible() is True


CALLER = """
import os, sys, time
import django
django.setup()
from lotse.core import forked
work = forked.Forked(time.sleep, 120, forks={forks})
print(work._process.pid, flush=True)
time.sleep(120)
"""


@pytest.mark.parametrize("forks", [False, True])
def test_the_process_ends_when_its_caller_is_killed(forks):
    caller = subprocess.Popen(
        [sys.executable, "-c", CALLER.format(forks=forks)],
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "lotse.settings.test"},
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert caller.stdout is not None
        child = int(caller.stdout.readline())
        os.kill(child, 0)  # computing
        caller.send_signal(signal.SIGKILL)
        caller.wait(timeout=30)
        deadline = time.monotonic() + 30
        while _alive(child) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not _alive(child)
    finally:
        caller.kill()
        caller.wait(timeout=30)
        if caller.stdout is not None:
            caller.stdout.close()


def _alive(pid):
    """Whether the process runs (an orphan ended is reaped by init, a zombie counts gone)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="ascii")
    except FileNotFoundError:
        return False
    return stat.split(") ")[1][0] != "Z"
