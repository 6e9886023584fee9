"""Writes of the reports: the funding settings, and the audit entries of who looked at or
downloaded which figures (the figures are official; who saw them is recorded)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import transaction

from lotse.accounts.models import User
from lotse.audit import services as audit
from lotse.audit.events import EventType
from lotse.tenancy.models import Municipality

FUNDING_FIELDS = (
    "funding_per_position",
    "funded_case_management",
    "funded_coordination",
    "funded_administration",
)


@transaction.atomic
def record_report_viewed(
    *,
    acting_user: User,
    municipality: Municipality,
    report: str,
    filters: dict[str, Any],
    table: str = "",
    fmt: str = "",
) -> None:
    """Side effect: one audit entry for a view of the dashboard or the funding report
    (``report`` "dashboard" or "funding"), or with ``table`` for a download of one table."""
    events = {
        ("dashboard", False): EventType.DASHBOARD_VIEWED,
        ("dashboard", True): EventType.DASHBOARD_EXPORTED,
        ("funding", False): EventType.FUNDING_REPORT_VIEWED,
        ("funding", True): EventType.FUNDING_REPORT_EXPORTED,
    }
    context: dict[str, Any] = {"filters": filters}
    if table:
        context.update(table=table, format=fmt)
    audit.record(
        events[(report, bool(table))],
        actor=acting_user,
        municipality=municipality,
        context=context,
    )


@transaction.atomic
def set_funding(
    *,
    acting_user: User | None,
    municipality: Municipality,
    funding_per_position: Decimal,
    funded_case_management: Decimal,
    funded_coordination: Decimal,
    funded_administration: Decimal,
) -> Municipality:
    """Set the funded positions and the amount per position. Side effects: saves the
    municipality and writes a FUNDING_SET audit entry with the values before and after."""
    values = {
        "funding_per_position": funding_per_position,
        "funded_case_management": funded_case_management,
        "funded_coordination": funded_coordination,
        "funded_administration": funded_administration,
    }
    before = {name: str(getattr(municipality, name)) for name in FUNDING_FIELDS}
    for name, value in values.items():
        setattr(municipality, name, value)
    municipality.full_clean()
    municipality.save(update_fields=list(FUNDING_FIELDS))
    audit.record(
        EventType.FUNDING_SET,
        actor=acting_user,
        municipality=municipality,
        target=municipality,
        before=before,
        after={name: str(value) for name, value in values.items()},
    )
    return municipality
