"""Open now, open today: the weekly hours of a site against the clock of its municipality."""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils import timezone

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
    days: dict[int, list[tuple[dt.time, dt.time]]] = {}
    for row in hours:
        if row.kind == kind:
            days.setdefault(row.weekday, []).append((row.opens, row.closes))
    return [
        DayHours(weekday=day, label=str(Weekday(day).label), windows=sorted(windows))
        for day, windows in sorted(days.items())
    ]


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
