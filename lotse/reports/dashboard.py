"""The municipal dashboard: the figures that steer a KIM office, for a period and filtered
by site, case manager and organisation (definitions in docs/reports.md). The figures live
in case_figures and person_figures, the period, filters and whose cases count in scope.

On PostgreSQL the figures of one dashboard are computed by ``LOTSE_REPORT_WORKERS`` threads
at once, each with its own database connection, so that the database works on all cores
(decision 0015). Inside an open transaction (the tests; a caller's ``atomic`` block) they
are computed one after the other: other connections would not see its rows.

The four figures about the persons of the period share one count of them
(``person_figures.share_persons``): on PostgreSQL one worker takes all four as one task.
"""

from __future__ import annotations

import queue
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

from django.conf import settings
from django.db import connection, connections
from django.utils import timezone, translation

from lotse.reports.case_figures import (
    caseload,
    cases_by_site,
    contacts,
    duration,
    goals,
    need_change,
    referrals,
    structural_issues,
    waiting,
)
from lotse.reports.figures import Figure
from lotse.reports.person_figures import (
    languages,
    life_stages,
    origin,
    residence,
    share_persons,
)
from lotse.reports.scope import Filters, Scope, scope_for

__all__ = [
    "FIGURES",
    "Filters",
    "Scope",
    "dashboard",
    "dashboard_then",
    "figure",
    "scope_for",
]

T = TypeVar("T")

FIGURES: dict[str, Callable[[Scope], Figure]] = {
    "cases": cases_by_site,
    "caseload": caseload,
    "waiting": waiting,
    "duration": duration,
    "contacts": contacts,
    "referrals": referrals,
    "goals": goals,
    "need_change": need_change,
    "origin": origin,
    "languages": languages,
    "life_stages": life_stages,
    "residence": residence,
    "structural_issues": structural_issues,
}
# Figures that share one count of the persons of the period (share_persons): the
# dashboard counts once for the four, one worker computes them one after the other.
PERSON_FIGURES = ("residence", "languages", "origin", "life_stages")
# The order in which parallel workers take the figures: the longest first, so that the
# short ones fill the gaps (measured in bench/reports.py); the person figures as one task.
LONGEST_FIRST: tuple[tuple[str, ...], ...] = (
    PERSON_FIGURES,
    ("need_change",),
    ("contacts",),
    ("waiting",),
    ("duration",),
    ("referrals",),
    ("goals",),
    ("cases",),
    ("caseload",),
    ("structural_issues",),
)


def figure(scope: Scope, name: str) -> Figure:
    return FIGURES[name](scope)


def workers() -> int:
    """How many figures may be computed at once in this process and transaction state."""
    wanted = int(getattr(settings, "LOTSE_REPORT_WORKERS", 1))
    if wanted < 2 or connection.vendor != "postgresql" or connection.in_atomic_block:
        return 1
    return wanted


def dashboard(scope: Scope) -> list[Figure]:
    """Every figure, in the order of FIGURES."""
    return [figure for figure, _done in dashboard_then(scope, _nothing)]


def _nothing(_figure: Figure) -> None:
    return None


def dashboard_then(scope: Scope, then: Callable[[Figure], T]) -> list[tuple[Figure, T]]:
    """Every figure, in the order of FIGURES, each with ``then(figure)`` (e.g. its HTML),
    which runs right after the figure is computed: with several workers, while the other
    workers wait for the database."""
    count = workers()
    if count < 2:
        share_persons(scope)
        return [(figure, then(figure)) for figure in (build(scope) for build in FIGURES.values())]
    waiting: queue.SimpleQueue[tuple[str, ...]] = queue.SimpleQueue()
    for task in LONGEST_FIRST:
        waiting.put(task)
    results: dict[str, tuple[Figure, T]] = {}
    language, zone = translation.get_language(), timezone.get_current_timezone()

    def work() -> None:
        # Each worker takes the next figure until none is left, in the caller's language
        # and time zone, on a connection of its own that it closes when done.
        try:
            with translation.override(language), timezone.override(zone):
                while True:
                    try:
                        task = waiting.get_nowait()
                    except queue.Empty:
                        return
                    if task == PERSON_FIGURES:
                        share_persons(scope)
                    for name in task:
                        figure = FIGURES[name](scope)
                        results[name] = (figure, then(figure))
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=count, thread_name_prefix="lotse-figures") as pool:
        for future in [pool.submit(work) for _worker in range(count)]:
            future.result()  # re-raises a worker's error
    return [results[name] for name in FIGURES]
