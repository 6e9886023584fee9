"""The dashboard's figures computed by several threads at once (PostgreSQL, outside a
transaction: each thread has its own connection) equal those computed one after the other."""

import datetime as dt

import pytest
from django.db import connection
from django.utils import translation

from lotse.reports import dashboard as board
from tests.reports.hand_built import build_town


@pytest.mark.django_db(transaction=True)
def test_parallel_dashboard_equals_the_sequential_one_in_the_users_language(settings):
    if connection.vendor != "postgresql":
        pytest.skip("figures are computed at once only on PostgreSQL")
    town = build_town()
    filters = board.Filters(start=dt.date(2026, 7, 1), end=dt.date(2026, 9, 30))

    def computed(workers):
        settings.LOTSE_REPORT_WORKERS = workers
        with translation.override("en"):
            assert board.workers() == workers
            scope = board.Scope(town["municipality"], filters)
            drawn = board.dashboard_then(scope, lambda f: f"{f.name}: {f.title}")
            # What runs after each figure runs in the caller's language too, and the
            # figures come back in the dashboard's order.
            assert [done for _f, done in drawn] == [f"{f.name}: {f.title}" for f, _d in drawn]
            assert [f.name for f, _done in drawn] == list(board.FIGURES)
            return [f.as_json() for f, _done in drawn]

    parallel = computed(2)
    assert parallel == computed(1)
    titles = {f["name"]: f["title"] for f in parallel}
    # Worker threads speak the caller's language (the default is German).
    assert titles["cases"] == "Cases: new, closed and open at the end of the period"
    assert titles["need_change"] == "Change of need per life domain, first to latest assessment"
    rows = {f["name"]: f["rows"] for f in parallel}
    assert rows["cases"][-1] == ["Total", 1, 1, 2]


@pytest.mark.django_db
def test_inside_a_transaction_the_figures_are_computed_one_after_the_other(settings):
    settings.LOTSE_REPORT_WORKERS = 2
    # The test's transaction holds rows the other connections would not see.
    assert board.workers() == 1
