"""The pairs of the bulk detection and of an import compared in several forked processes:
the same pairs and candidates as one process finds."""

import pytest

from lotse.core import forked
from lotse.people import duplicates, imports
from tests.people.test_duplicates import _varied


def _varied_records(count, seed):
    incoming, report = imports.check_file(
        "v.csv", "\n".join([";".join(imports.COLUMNS), *_varied(count, seed)]).encode()
    )
    assert report.ok
    return [imports._record(row) for row in incoming]


@pytest.mark.parametrize("processes", [2, 3])
def test_pairs_compared_in_several_processes_are_those_of_one(processes):
    """Forked processes each take a part of the pairs: together the same pairs compared,
    the same candidates in the same order, as one process finds, with and without new
    rows."""
    records = _varied_records(400, seed=3)
    for only_with in (None, set(range(300, 400))):
        alone = duplicates.find_pairs(records, only_with=only_with, processes=1)
        together = duplicates.find_pairs(records, only_with=only_with, processes=processes)
        assert len(alone.candidates) > 50
        assert together.candidates == alone.candidates
        assert (together.compared, together.skipped_blocks) == (
            alone.compared,
            alone.skipped_blocks,
        )


def test_a_part_whose_process_fails_is_compared_by_the_first(monkeypatch):
    records = _varied_records(300, seed=4)
    alone = duplicates.find_pairs(records, processes=1)

    def failing(receiver, sender, function, args):
        sender.send(("failed", "MemoryError"))
        sender.close()

    monkeypatch.setattr(forked, "_compute", failing)
    assert duplicates.find_pairs(records, processes=2).candidates == alone.candidates


def test_many_pairs_are_compared_in_one_process_per_core(monkeypatch):
    monkeypatch.setattr(forked.threading, "active_count", lambda: 1)
    monkeypatch.setattr(duplicates.os, "sched_getaffinity", lambda _pid: {0, 1}, raising=False)
    assert duplicates.comparing_processes(duplicates.PARALLEL_FROM - 1) == 1
    assert duplicates.comparing_processes(duplicates.PARALLEL_FROM) == 2
    monkeypatch.setattr(duplicates.os, "sched_getaffinity", lambda _pid: set(range(64)))
    assert duplicates.comparing_processes(10**6) == duplicates.MAX_PROCESSES
    # A process with other threads (a threaded web server) does not fork.
    monkeypatch.setattr(forked.threading, "active_count", lambda: 3)
    assert duplicates.comparing_processes(10**6) == 1
