"""Every write to municipalities, organisations and sites. Each writes its audit entry."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import transaction

from lotse.audit import services as audit
from lotse.audit.events import EventType
from lotse.tenancy.enums import HoursKind, OrganisationKind
from lotse.tenancy.models import Municipality, OpeningHours, Organisation, Site

if TYPE_CHECKING:
    from lotse.accounts.models import User

ORGANISATION_FIELDS = ("name", "short_name", "kind", "website", "email", "phone")
SITE_FIELDS = (
    "name",
    "organisation",
    "is_support_centre",
    "street",
    "postcode",
    "city",
    "district",
    "phone_numbers",
    "email",
)


@dataclass(frozen=True)
class HoursWindow:
    kind: HoursKind
    weekday: int
    opens: dt.time
    closes: dt.time


def _save_validated(instance: Any) -> None:
    instance.full_clean()
    instance.save()


@transaction.atomic
def create_municipality(
    *, acting_user: User | None, slug: str, name: str, official_key: str = ""
) -> Municipality:
    """Create a tenant. Side effects: one Municipality, one audit entry."""
    municipality = Municipality(slug=slug, name=name, official_key=official_key)
    _save_validated(municipality)
    audit.record(
        EventType.MUNICIPALITY_CREATED,
        actor=acting_user,
        municipality=municipality,
        target=municipality,
        after=audit.snapshot(municipality, fields=("slug", "name", "official_key")),
    )
    return municipality


@transaction.atomic
def create_organisation(
    *,
    acting_user: User | None,
    municipality: Municipality,
    name: str,
    kind: OrganisationKind,
    **fields: Any,
) -> Organisation:
    """Create an organisation in a municipality. Side effects: one row, one audit entry."""
    organisation = Organisation(municipality=municipality, name=name, kind=kind, **fields)
    _save_validated(organisation)
    audit.record(
        EventType.ORGANISATION_CREATED,
        actor=acting_user,
        municipality=municipality,
        target=organisation,
        after=audit.snapshot(organisation, fields=ORGANISATION_FIELDS),
    )
    return organisation


def _update(
    instance: Any,
    *,
    acting_user: User | None,
    changes: dict[str, Any],
    fields: Sequence[str],
    event: EventType,
) -> None:
    unknown = set(changes) - set(fields)
    if unknown:
        raise TypeError(f"not editable: {sorted(unknown)}")
    before = audit.snapshot(instance, fields=fields)
    for field, value in changes.items():
        setattr(instance, field, value)
    _save_validated(instance)
    audit.record(
        event,
        actor=acting_user,
        municipality=instance.municipality,
        target=instance,
        before=before,
        after=audit.snapshot(instance, fields=fields),
    )


@transaction.atomic
def update_organisation(
    *, acting_user: User | None, organisation: Organisation, **changes: Any
) -> Organisation:
    """Change fields of an organisation. Side effects: the update and one audit entry."""
    _update(
        organisation,
        acting_user=acting_user,
        changes=changes,
        fields=ORGANISATION_FIELDS,
        event=EventType.ORGANISATION_UPDATED,
    )
    return organisation


@transaction.atomic
def create_site(
    *,
    acting_user: User | None,
    organisation: Organisation,
    name: str,
    street: str,
    postcode: str,
    city: str,
    hours: Iterable[HoursWindow] = (),
    **fields: Any,
) -> Site:
    """Create a site of an organisation, with its weekly hours.

    Side effects: one Site, its OpeningHours rows, audit entries for both.
    """
    site = Site(
        municipality=organisation.municipality,
        organisation=organisation,
        name=name,
        street=street,
        postcode=postcode,
        city=city,
        **fields,
    )
    _save_validated(site)
    audit.record(
        EventType.SITE_CREATED,
        actor=acting_user,
        municipality=site.municipality,
        target=site,
        after=audit.snapshot(site, fields=SITE_FIELDS),
    )
    hours = list(hours)
    if hours:
        set_site_hours(acting_user=acting_user, site=site, hours=hours)
    return site


@transaction.atomic
def update_site(*, acting_user: User | None, site: Site, **changes: Any) -> Site:
    """Change fields of a site. Side effects: the update and one audit entry."""
    _update(
        site,
        acting_user=acting_user,
        changes=changes,
        fields=SITE_FIELDS,
        event=EventType.SITE_UPDATED,
    )
    return site


def _hours_as_json(windows: Iterable[HoursWindow | OpeningHours]) -> list[str]:
    return sorted(f"{w.kind}:{w.weekday}:{w.opens:%H:%M}-{w.closes:%H:%M}" for w in windows)


@transaction.atomic
def set_site_hours(
    *, acting_user: User | None, site: Site, hours: Sequence[HoursWindow]
) -> list[OpeningHours]:
    """Replace the weekly office and phone hours of a site.

    Side effects: deletes and recreates the site's OpeningHours, one audit entry.
    """
    before = _hours_as_json(site.hours.all())
    site.hours.all().delete()
    created = []
    for window in hours:
        row = OpeningHours(
            site=site,
            kind=window.kind,
            weekday=window.weekday,
            opens=window.opens,
            closes=window.closes,
        )
        _save_validated(row)
        created.append(row)
    audit.record(
        EventType.SITE_HOURS_SET,
        actor=acting_user,
        municipality=site.municipality,
        target=site,
        before={"hours": before},
        after={"hours": _hours_as_json(created)},
    )
    return created
