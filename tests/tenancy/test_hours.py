import datetime as dt
import zoneinfo

import pytest
from django.core.exceptions import ValidationError

from lotse.tenancy import services
from lotse.tenancy.enums import HoursKind
from lotse.tenancy.hours import hours_status
from lotse.tenancy.services import HoursWindow
from tests.factories import SiteFactory

pytestmark = pytest.mark.django_db
BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")


@pytest.fixture
def hamborn():
    site = SiteFactory()
    services.set_site_hours(
        acting_user=None,
        site=site,
        hours=[
            HoursWindow(HoursKind.OFFICE_HOURS, 0, dt.time(10), dt.time(12)),
            HoursWindow(HoursKind.OFFICE_HOURS, 2, dt.time(14), dt.time(16)),
            *[HoursWindow(HoursKind.PHONE_HOURS, d, dt.time(9), dt.time(10)) for d in range(5)],
        ],
    )
    return site


def at(day, hour, minute=0):
    # 2026-11-23 is a Monday.
    return dt.datetime(2026, 11, 23 + day, hour, minute, tzinfo=BERLIN)


@pytest.mark.parametrize(
    ("moment", "open_now", "open_today"),
    [
        (at(0, 9, 59), False, True),
        (at(0, 10), True, True),
        (at(0, 11, 59), True, True),
        (at(0, 12), False, True),
        (at(1, 10, 30), False, False),
        (at(2, 15), True, True),
        (at(5, 11), False, False),
    ],
)
def test_open_now_and_today(hamborn, moment, open_now, open_today):
    status = hours_status(hamborn, now=moment)
    assert (status.open_now, status.open_today) == (open_now, open_today)


def test_open_now_uses_local_time_not_utc(hamborn):
    # 10:30 in Duisburg is 09:30 UTC in winter.
    utc_moment = dt.datetime(2026, 11, 23, 9, 30, tzinfo=dt.UTC)
    assert hours_status(hamborn, now=utc_moment).open_now


def test_phone_hours_are_separate_from_office_hours(hamborn):
    status = hours_status(hamborn, now=at(1, 9, 30))
    assert status.phone_now
    assert not status.open_now
    # Monday to Friday with the same hours collapse into one line.
    assert [(day.weekday, day.label) for day in status.phone_days] == [(0, "Montag bis Freitag")]
    assert [day.weekday for day in status.office_days] == [0, 2]


def test_two_days_with_the_same_hours_are_listed_together():
    site = SiteFactory()
    services.set_site_hours(
        acting_user=None,
        site=site,
        hours=[HoursWindow(HoursKind.OFFICE_HOURS, d, dt.time(9), dt.time(12)) for d in (0, 1, 3)],
    )
    labels = [day.label for day in hours_status(site).office_days]
    assert labels == ["Montag, Dienstag", "Donnerstag"]


def test_closing_before_opening_is_refused(hamborn):
    with pytest.raises(ValidationError):
        services.set_site_hours(
            acting_user=None,
            site=hamborn,
            hours=[HoursWindow(HoursKind.OFFICE_HOURS, 0, dt.time(12), dt.time(10))],
        )
    # Nothing was lost: the old hours are still there.
    assert hamborn.hours.count() == 7
