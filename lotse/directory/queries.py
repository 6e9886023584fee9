"""Reads of the service directory: staff lists scoped to the user's municipality, and the
public finder, which knows nothing of persons and never shows the internal note."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from django.db.models import Prefetch, Q, QuerySet, prefetch_related_objects
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


def load_sites(found: Iterable[Found]) -> None:
    """Load sites and hours of found services in three queries (skips those loaded)."""
    prefetch_related_objects([f.service for f in found], _sites_with_hours())


def _fits_age(service: Service, age: str) -> bool:
    if not age:
        return True
    if not age.isdigit() or len(age) > 3:
        return False
    years = int(age)
    return (service.age_min is None or years >= service.age_min) and (
        service.age_max is None or years <= service.age_max
    )


def _is_open(found: Found, when: str) -> bool:
    if not when:
        return True  # the hours are not worked out when nobody asks
    if when == "now":
        return found.open_now
    return when == "today" and found.open_today


def _matches(found: Found, query: FinderQuery) -> bool:
    """Everything but place and hours: decided without loading sites."""
    service = found.service
    text = query.text.casefold()
    haystack = f"{found.name} {found.description} {service.name} {service.organisation.name}"
    groups = service.target_groups or ["everyone"]
    return (
        (not query.life_domain or query.life_domain in service.life_domains)
        and (not query.language or query.language in service.languages)
        and (not query.target_group or query.target_group in groups)
        and _fits_age(service, query.age)
        and query.open in ("", "now", "today")
        and (not text or text in haystack.casefold())
    )


def _matches_place(found: Found, query: FinderQuery) -> bool:
    return (
        not query.district or any(s.site.district == query.district for s in found.sites)
    ) and _is_open(found, query.open)


def find_services(
    municipality: Municipality,
    query: FinderQuery,
    *,
    language: str,
    now: dt.datetime | None = None,
) -> list[Found]:
    """The current services matching the visitor's filters, with names and descriptions in
    the visitor's language and each site's hours status. Unknown filter values match nothing.
    """
    now = now or timezone.now()
    today = timezone.localtime(now, municipality.zone).date()
    found = [Found(service, language, now) for service in public_services(municipality, today)]
    result = [f for f in found if _matches(f, query)]
    if query.district or query.open:
        load_sites(result)
        result = [f for f in result if _matches_place(f, query)]
    return result


def get_public_service(municipality: Municipality, pk: Any) -> Service:
    today = timezone.localdate()
    service = (
        public_services(municipality, today)
        .prefetch_related(_sites_with_hours())
        .filter(pk=pk)
        .first()
    )
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
