"""The clearing figures against a small hand-built set with known answers."""

import datetime as dt

import pytest
from django.utils.translation import gettext as _

from lotse.accounts.enums import Role
from lotse.clearing import services
from lotse.clearing.enums import ClearingStatus, StepKind
from lotse.clearing.statistics import clearing_statistics
from lotse.people import services as people_services
from tests.factories import make_user

pytestmark = pytest.mark.django_db

# Labels through the catalogue (the German translation may come later); numbers by hand.
UNCLEAR = ClearingStatus.UNCLEAR.label
NOT_INSURED = ClearingStatus.NOT_INSURED.label
ABROAD = ClearingStatus.INSURED_ABROAD.label
GERMANY = ClearingStatus.INSURED_GERMANY.label
JAN = dt.date(2026, 1, 1)
APR = dt.date(2026, 4, 30)


def _close(user, case, end, on):
    services.close_clearing_case(
        acting_user=user,
        clearing_case=case,
        status_at_end=end,
        closed_on=on,
        expected_version=case.version,
    )


@pytest.fixture
def figures(counsellor, make_clearing, make_person):
    """Seven cases of six persons in the period, one before it, one elsewhere.

    RO: 3 persons (one with two cases), BG: 2, SY: 1, no nationality: 1 (opened in
    the period). Start statuses: unclear 3, not_insured 2, insured_abroad 1, insured
    germany 1 (of 7 cases in the period) -> 5 without status.
    """
    ro = make_person("RO")
    a = make_clearing(person=ro, start="unclear", opened_on=dt.date(2026, 1, 10))
    b = make_clearing(person=ro, start="not_insured", opened_on=dt.date(2026, 3, 1))
    c = make_clearing("RO", start="unclear", opened_on=dt.date(2026, 2, 1))
    d = make_clearing("RO", start="insured_abroad", opened_on=dt.date(2026, 2, 2))
    e = make_clearing("BG", start="not_insured", opened_on=dt.date(2026, 1, 5))
    f = make_clearing("BG", start="insured_germany", opened_on=dt.date(2026, 4, 1))
    g = make_clearing("", start="unclear", opened_on=dt.date(2026, 4, 20))
    # Closed before the period: not counted.
    old = make_clearing("SY", start="unclear", opened_on=dt.date(2025, 10, 1))
    _close(counsellor, old, "insured_germany", dt.date(2025, 12, 1))
    services.record_clearing_step(
        acting_user=counsellor,
        clearing_case=e,
        kind="employment",
        taken_on=dt.date(2026, 2, 3),
        result="failed",
    )
    # Durations of the cases closed in the period: 10, 20, 30, 61 days.
    _close(counsellor, a, "insured_germany", dt.date(2026, 1, 20))
    _close(counsellor, c, "insured_germany", dt.date(2026, 2, 21))
    _close(counsellor, d, "insured_abroad", dt.date(2026, 3, 4))
    _close(counsellor, e, "not_insured", dt.date(2026, 3, 7))
    services.record_clearing_step(
        acting_user=counsellor, clearing_case=b, kind="family", taken_on=dt.date(2026, 3, 2)
    )
    services.record_clearing_step(
        acting_user=counsellor,
        clearing_case=b,
        kind="employment",
        taken_on=dt.date(2026, 3, 3),
        result="succeeded",
    )
    # Another municipality: never counted.
    stranger = make_user(Role.CLEARING_COUNSELLOR)
    elsewhere = people_services.create_person(
        acting_user=stranger,
        municipality=stranger.membership.municipality,
        given_name="Ion",
        family_name="Radu",
        nationality="RO",
    )
    services.open_clearing_case(
        acting_user=stranger, person=elsewhere, status_at_start="unclear", opened_on=JAN
    )
    return {"f": f, "g": g}


def _rows(table):
    """Rows keyed by their first cell; labels compared as text."""
    return {str(row[0]): row[1:] for row in table.rows}


def test_statistics_summary_counts_persons_cases_and_without_status(figures, municipality):
    stats = clearing_statistics(municipality.pk, JAN, APR)
    assert stats.persons == 6
    assert stats.cases == 7
    assert stats.without_status == 5
    assert stats.without_status_percent == 71.4
    assert stats.open_cases == 3
    assert stats.closed_in_period == 4


def test_statistics_duration_mean_and_median(figures, municipality):
    stats = clearing_statistics(municipality.pk, JAN, APR)
    assert stats.mean_days == 30.2  # (10 + 20 + 30 + 61) / 4 = 30.25
    assert stats.median_days == 25.0


def test_statistics_by_nationality_puts_the_rest_into_other(figures, municipality):
    stats = clearing_statistics(municipality.pk, JAN, APR, top=1)
    rows = _rows(stats.tables["nationality"])
    assert rows["Rumänien"] == [3, 50.0]
    assert rows[_("Other countries")] == [2, 33.3]
    assert rows[_("Nationality not recorded")] == [1, 16.7]


def test_statistics_start_status_by_nationality(figures, municipality):
    stats = clearing_statistics(municipality.pk, JAN, APR)
    table = stats.tables["start_by_nationality"]
    assert table.header[1:4] == ["Rumänien", "Bulgarien", _("Other countries")]
    rows = _rows(table)
    # RO: unclear twice (two persons), not insured once, abroad once; total per status.
    assert rows[str(UNCLEAR)] == [2, 0, 0, 1, 3]
    assert rows[str(NOT_INSURED)] == [1, 1, 0, 0, 2]
    assert rows[str(ABROAD)] == [1, 0, 0, 0, 1]
    assert rows[str(GERMANY)] == [0, 1, 0, 0, 1]


def test_statistics_end_status_and_steps(figures, municipality):
    stats = clearing_statistics(municipality.pk, JAN, APR)
    end = _rows(stats.tables["end"])
    assert end[str(GERMANY)] == [2, 28.6]
    assert end[str(ABROAD)] == [1, 14.3]
    assert end[str(NOT_INSURED)] == [1, 14.3]
    assert end[_("Still open")] == [3, 42.9]
    steps = _rows(stats.tables["steps"])
    assert steps[str(StepKind.EMPLOYMENT.label)] == [2, 1, 1, 0]
    assert steps[str(StepKind.FAMILY.label)] == [1, 0, 0, 1]
    assert steps[str(StepKind.VOLUNTARY.label)] == [0, 0, 0, 0]


def test_statistics_period_excludes_cases_outside(figures, municipality):
    stats = clearing_statistics(municipality.pk, dt.date(2026, 4, 1), APR)
    # Open in April: b (opened March, open), f, g.
    assert stats.cases == 3
    assert stats.closed_in_period == 0
    assert stats.median_days is None
