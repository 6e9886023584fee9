"""Open now, open today: the weekly hours of a site against the clock of its municipality."""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from lotse.tenancy.enums import HoursKind, Weekday
from lotse.tenancy.models import OpeningHours, Site


@dataclass(frozen=True)
class DayHours:
    weekday: int
    label: str
    windows: list[tuple[dt.time, dt.time]]


@dataclass(frozen=True)
class SiteHoursStatus:
    office_days: list[DayHours]
    phone_days: list[DayHours]
    open_now: bool
    open_today: bool
    today_windows: list[tuple[dt.time, dt.time]]
    phone_now: bool


def _by_day(hours: Iterable[OpeningHours], kind: HoursKind) -> list[DayHours]:
    """Weekly hours by day; consecutive days with the same hours become one range."""
    days: dict[int, list[tuple[dt.time, dt.time]]] = {}
    for row in hours:
        if row.kind == kind:
            days.setdefault(row.weekday, []).append((row.opens, row.closes))
    runs: list[list[int]] = []
    for day in sorted(days):
        if runs and runs[-1][-1] == day - 1 and sorted(days[runs[-1][0]]) == sorted(days[day]):
            runs[-1].append(day)
        else:
            runs.append([day])
    result = []
    for run in runs:
        first, last = run[0], run[-1]
        label = str(Weekday(first).label)
        if len(run) > 2:
            label = _("%(first)s to %(last)s") % {"first": label, "last": Weekday(last).label}
        elif len(run) == 2:
            label = f"{label}, {Weekday(last).label}"
        result.append(DayHours(weekday=first, label=label, windows=sorted(days[first])))
    return result


def hours_status(site: Site, *, now: dt.datetime | None = None) -> SiteHoursStatus:
    """Weekly hours of a site and whether it is open now and today, in local time."""
    local = timezone.localtime(now or timezone.now(), site.municipality.zone)
    hours = list(site.hours.all())
    office = [h for h in hours if h.kind == HoursKind.OFFICE_HOURS]
    today = sorted((h.opens, h.closes) for h in office if h.weekday == local.weekday())
    clock = local.time()
    phone_now = any(
        h.weekday == local.weekday() and h.opens <= clock < h.closes
        for h in hours
        if h.kind == HoursKind.PHONE_HOURS
    )
    return SiteHoursStatus(
        office_days=_by_day(hours, HoursKind.OFFICE_HOURS),
        phone_days=_by_day(hours, HoursKind.PHONE_HOURS),
        open_now=any(opens <= clock < closes for opens, closes in today),
        open_today=bool(today),
        today_windows=today,
        phone_now=phone_now,
    )
