"""Every write to the service directory, each with its audit entry. Pages and API ask the
permission ``directory.change_service`` first (coordinators: every entry of their
municipality; partner staff: their own organisation's)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from lotse.audit import services as audit
from lotse.audit.events import EventType
from lotse.core.concurrency import save_versioned
from lotse.directory.models import Service

if TYPE_CHECKING:
    from lotse.accounts.models import User
    from lotse.tenancy.models import Municipality, Organisation, Site

FIELDS = (
    "name",
    "description",
    "translations",
    "life_domains",
    "target_groups",
    "languages",
    "age_min",
    "age_max",
    "cost",
    "capacity",
    "waiting_days",
    "phone",
    "email",
    "website",
    "eligibility",
    "internal_note",
    "valid_from",
    "valid_until",
)


def _check_sites(organisation: Organisation, sites: Iterable[Site]) -> list[Site]:
    chosen = list(sites)
    if any(site.municipality_id != organisation.municipality_id for site in chosen):
        raise ValidationError({"sites": _("A site belongs to another municipality.")})
    return chosen


@transaction.atomic
def create_service(
    *,
    acting_user: User | None,
    organisation: Organisation,
    sites: Iterable[Site] = (),
    **fields: Any,
) -> Service:
    """Add a service of an organisation. Side effects: the Service, its sites, audit entry."""
    unknown = set(fields) - set(FIELDS)
    if unknown:
        raise TypeError(f"not editable: {sorted(unknown)}")
    service = Service(
        municipality_id=organisation.municipality_id, organisation=organisation, **fields
    )
    service.full_clean()
    service.save()
    service.sites.set(_check_sites(organisation, sites))
    audit.record(
        EventType.SERVICE_CREATED,
        actor=acting_user,
        municipality=organisation.municipality,
        target=service,
        after=audit.snapshot(service, fields=FIELDS),
    )
    return service


@transaction.atomic
def update_service(
    *,
    acting_user: User | None,
    service: Service,
    expected_version: int,
    sites: Iterable[Site] | None = None,
    **changes: Any,
) -> Service:
    """Change a service if nobody saved it since ``expected_version``.

    Side effects: the update (and its sites), one audit entry with before and after.
    """
    unknown = set(changes) - set(FIELDS)
    if unknown:
        raise TypeError(f"not editable: {sorted(unknown)}")
    before = audit.snapshot(service, fields=FIELDS)
    candidate = Service(
        **{**before, **changes},
        municipality_id=service.municipality_id,
        organisation_id=service.organisation_id,
    )
    candidate.full_clean(exclude=["municipality", "organisation"])
    save_versioned(service, expected_version=expected_version, changes=changes)
    if sites is not None:
        service.sites.set(_check_sites(service.organisation, sites))
    audit.record(
        EventType.SERVICE_UPDATED,
        actor=acting_user,
        municipality=service.organisation.municipality,
        target=service,
        before=before,
        after=audit.snapshot(service, fields=FIELDS),
    )
    return service


@transaction.atomic
def record_services_exported(
    *, acting_user: User, municipality: Municipality, fmt: str, rows: int
) -> None:
    """Side effect: one audit entry for a download of the directory."""
    audit.record(
        EventType.SERVICES_EXPORTED,
        actor=acting_user,
        municipality=municipality,
        context={"format": fmt, "rows": rows},
    )


@transaction.atomic
def record_analysis_viewed(
    *,
    acting_user: User,
    municipality: Municipality,
    filters: dict[str, str],
    table: str = "",
    fmt: str = "",
) -> None:
    """Side effect: one audit entry for a view (or, with ``table``, a download) of the
    gap-and-overlap analysis. The analysis holds no personal data, but its figures are
    official and who looked at them is recorded."""
    if table:
        audit.record(
            EventType.LANDSCAPE_EXPORTED,
            actor=acting_user,
            municipality=municipality,
            context={"table": table, "format": fmt, "filters": filters},
        )
    else:
        audit.record(
            EventType.LANDSCAPE_VIEWED,
            actor=acting_user,
            municipality=municipality,
            context={"filters": filters},
        )
