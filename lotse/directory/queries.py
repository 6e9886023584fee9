"""Reads of the service directory: staff lists scoped to the user's municipality, and the
public finder, which knows nothing of persons and never shows the internal note."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from lotse.directory.models import Service
from lotse.people.models import Household
from lotse.tenancy.hours import SiteHoursStatus, hours_status
from lotse.tenancy.models import Municipality, OpeningHours, Site


def _membership(user: Any) -> Any:
    membership = getattr(user, "membership_or_none", None)
    if membership is None or membership.municipality_id is None:
        raise Http404
    return membership


def services_for(user: Any) -> QuerySet[Service]:
    """Every service of the user's municipality (the directory is public inside it)."""
    membership = _membership(user)
    return (
        Service.objects.filter(municipality_id=membership.municipality_id)
        .select_related("organisation")
        .prefetch_related("sites")
        .order_by("name")
    )


def get_service_for(user: Any, pk: Any) -> Service:
    """One service of the user's municipality; another municipality's gives 404."""
    membership = _membership(user)
    service = (
        Service.objects.filter(pk=pk, municipality_id=membership.municipality_id)
        .select_related("organisation", "municipality")
        .prefetch_related("sites")
        .first()
    )
    if service is None:
        raise Http404
    return service


def districts_of(municipality: Municipality) -> list[str]:
    """Districts known in a municipality: of its sites and of its households."""
    sites = Site.objects.filter(municipality=municipality).values_list("district", flat=True)
    homes = Household.objects.filter(municipality=municipality).values_list("district", flat=True)
    return sorted({d for d in (*sites.distinct(), *homes.distinct()) if d})


def current_q(today: dt.date) -> Q:
    return (Q(valid_from__isnull=True) | Q(valid_from__lte=today)) & (
        Q(valid_until__isnull=True) | Q(valid_until__gte=today)
    )


@dataclass(frozen=True)
class FinderQuery:
    """What a visitor of the public finder asked for; every value as typed (strings)."""

    life_domain: str = ""
    language: str = ""
    district: str = ""
    age: str = ""
    target_group: str = ""
    open: str = ""  # "today" or "now"
    text: str = ""


@dataclass(frozen=True)
class FoundSite:
    site: Site
    status: SiteHoursStatus


class Found:
    """A service found by the finder, in the visitor's language; the hours of its sites are
    worked out only when asked for (a filter on opening hours, or the page shows it)."""

    def __init__(self, service: Service, language: str, now: dt.datetime) -> None:
        self.service = service
        self.name, self.description = service.text_in(language)
        self._now = now

    @cached_property
    def sites(self) -> list[FoundSite]:
        return [
            FoundSite(site, hours_status(site, now=self._now)) for site in self.service.sites.all()
        ]

    @property
    def open_now(self) -> bool:
        return any(s.status.open_now for s in self.sites)

    @property
    def open_today(self) -> bool:
        return any(s.status.open_today for s in self.sites)


def _sites_with_hours() -> Prefetch:
    sites = Site.objects.select_related("municipality").prefetch_related(
        Prefetch("hours", queryset=OpeningHours.objects.order_by("kind", "weekday", "opens"))
    )
    return Prefetch("sites", queryset=sites)


def public_services(municipality: Municipality, today: dt.date) -> QuerySet[Service]:
    """The services a visitor may see: current ones (sites and hours are loaded apart)."""
    return (
        Service.objects.filter(municipality=municipality)
        .filter(current_q(today))
        .select_related("organisation")
        .order_by("name")
    )


def _fits_age(low: int | None, high: int | None, age: str) -> bool:
    if not age:
        return True
    if not age.isdigit() or len(age) > 3:
        return False
    years = int(age)
    return (low is None or years >= low) and (high is None or years <= high)


def _is_open(found: Found, when: str) -> bool:
    if when == "now":
        return found.open_now
    return when == "today" and found.open_today


_FILTER_COLUMNS = ("pk", "life_domains", "languages", "target_groups", "age_min", "age_max")
_TEXT_COLUMNS = ("name", "description", "translations", "organisation__name")


def _text_matches(row: tuple[Any, ...], text: str, language: str) -> bool:
    name, description, translations, organisation = row
    entry = (translations or {}).get(language) or {}
    haystack = " ".join(
        (entry.get("name", ""), entry.get("description", ""), name, description, organisation)
    )
    return text in haystack.casefold()


def find_service_ids(
    municipality: Municipality,
    query: FinderQuery,
    *,
    language: str,
    now: dt.datetime | None = None,
) -> list[Any]:
    """Ids of the current services matching the visitor's filters, in name order. Unknown
    filter values match nothing. Only the filter columns are read (no model instances);
    sites and hours are loaded only when a filter on district or opening hours needs them.
    """
    now = now or timezone.now()
    today = timezone.localtime(now, municipality.zone).date()
    if query.open not in ("", "now", "today"):
        return []
    text = query.text.casefold()
    columns = _FILTER_COLUMNS + (_TEXT_COLUMNS if text else ())
    ids = []
    for row in public_services(municipality, today).values_list(*columns):
        pk, domains, languages, groups, low, high = row[:6]
        if (
            (not query.life_domain or query.life_domain in domains)
            and (not query.language or query.language in languages)
            and (not query.target_group or query.target_group in (groups or ["everyone"]))
            and _fits_age(low, high, query.age)
            and (not text or _text_matches(row[6:], text, language))
        ):
            ids.append(pk)
    if ids and (query.district or query.open):
        found = found_services(municipality, ids, language=language, now=now)
        ids = [
            f.service.pk
            for f in found
            if (not query.district or any(s.site.district == query.district for s in f.sites))
            and (not query.open or _is_open(f, query.open))
        ]
    return ids


def found_services(
    municipality: Municipality, ids: list[Any], *, language: str, now: dt.datetime
) -> list[Found]:
    """The services with these ids, in name order, with sites and hours (three queries)."""
    today = timezone.localtime(now, municipality.zone).date()
    services = public_services(municipality, today).filter(pk__in=ids)
    return [Found(s, language, now) for s in services.prefetch_related(_sites_with_hours())]


def get_public_services(municipality: Municipality) -> QuerySet[Service]:
    """Current services with their sites and hours (prefetched for what is evaluated)."""
    return public_services(municipality, timezone.localdate()).prefetch_related(_sites_with_hours())


def get_public_service(municipality: Municipality, pk: Any) -> Service:
    service = get_public_services(municipality).filter(pk=pk).first()
    if service is None:
        raise Http404
    return service


def public_districts(municipality: Municipality) -> list[str]:
    """Districts where current services have a site (households are not public)."""
    today = timezone.localdate()
    names = Site.objects.filter(
        services__in=Service.objects.filter(municipality=municipality).filter(current_q(today))
    ).values_list("district", flat=True)
    return sorted({d for d in names.distinct() if d})
